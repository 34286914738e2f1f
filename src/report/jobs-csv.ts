/**
 * jobs.csv: one row per job, in the order jobs finish (SUCCEEDED or FAILED), then — at RunEnded —
 * one row per unfinished job in submission order, with its current status and statusReason (the
 * blocked reason, if any), stoppedAt empty, and waitSeconds/runSeconds counted up to the end of the run.
 * Instance columns and exitCode come from the job's last attempt (the open one for an unfinished job).
 */
import { fsum } from "d3-array";
import type { Fact, FactKind } from "../sim/index.ts";
import { type CsvOut, type CsvWriter, createCsvWriter } from "./csv.ts";
import { attachLedger, type JobLedger, type JobRecord } from "./job-ledger.ts";

/** jobs.csv columns, in the contract's order (scenario-format.md). */
export const JOBS_CSV_COLUMNS = [
  "jobId",
  "jobName",
  "jobQueue",
  "shareIdentifier",
  "arrayJobId",
  "arrayIndex",
  "status",
  "statusReason",
  "attempts",
  "exitCode",
  "createdAt",
  "runnableAt",
  "startedAt",
  "stoppedAt",
  "waitSeconds",
  "runSeconds",
  "vcpus",
  "memoryMiB",
  "gpus",
  "computeEnvironment",
  "instanceType",
  "instanceId",
  "costUsd",
] as const;

/** A fold over a run's facts (one that writes a file, or one whose result is read at the end). */
export interface RowFold {
  onFact(fact: Fact): void;
  /**
   * The kinds of fact onFact() uses; a driver may hand it only those (routeFacts()). Absent: every
   * kind.
   */
  readonly kinds?: readonly FactKind[] | undefined;
  /** Flushes buffered rows; call after RunEnded. */
  finish(): void;
}

/** Creates the jobs.csv fold; the header is written at once. `shared`: see attachLedger. */
export function createJobsCsvFold(write: CsvOut, shared?: JobLedger): RowFold {
  const csv = createCsvWriter(JOBS_CSV_COLUMNS, write);
  const { ledger, feed } = attachLedger(shared, (job) => writeJobRow(csv, job));
  return {
    // With a shared ledger (fed by the driver), rows come from its listener and RunEnded.
    kinds: shared ? ["RunEnded"] : undefined,
    onFact(f) {
      feed(f);
      if (f.kind !== "RunEnded") return;
      ledger.closeAt(f.time);
      for (const job of ledger.live()) writeJobRow(csv, job);
    },
    finish: () => csv.flush(),
  };
}

/** Writes one jobs.csv row (array parents leave the per-attempt columns empty, as the contract says). */
export function writeJobRow(csv: CsvWriter, job: JobRecord): void {
  const s = job.submitted;
  csv.text(s.jobId);
  csv.text(s.jobName);
  csv.repeated(s.jobQueue);
  csv.repeated(s.shareIdentifier);
  if (job.isArrayParent) {
    csv.text(null);
    csv.text(null);
    csv.repeated(job.status);
    csv.repeated(job.statusReason);
    csv.text(null);
    csv.text(null);
    csv.seconds(s.time);
    csv.text(null);
    csv.text(null);
    csv.seconds(job.stoppedAt);
    for (let i = 0; i < 9; i++) csv.text(null);
    csv.end();
    return;
  }
  const a = job.current ?? job.lastEnded;
  csv.text(s.arrayJobId);
  csv.num(s.arrayIndex);
  csv.repeated(job.status);
  csv.repeated(job.statusReason);
  csv.num(job.attempts);
  csv.num(a?.exitCode);
  csv.seconds(s.time);
  csv.seconds(job.runnableAt);
  csv.seconds(a?.startedAt);
  csv.seconds(job.stoppedAt);
  csv.seconds(job.waitSeconds);
  csv.seconds(job.runSeconds);
  csv.num(s.vcpus);
  csv.num(s.memoryMiB);
  csv.num(s.gpus);
  csv.repeated(a?.computeEnvironment);
  csv.repeated(a?.instanceType);
  csv.repeated(a?.instanceId);
  csv.usd(totalUsd(job.attemptCostsUsd));
  csv.end();
}

/** The sum of the attempts' costs (exact: fsum; one attempt, the common case, is its own sum). */
function totalUsd(costs: readonly number[]): number {
  return costs.length === 1 ? (costs[0] as number) : fsum(costs);
}
