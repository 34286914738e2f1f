/**
 * jobs.csv: one row per job, in the order jobs finish (SUCCEEDED or FAILED), then — at RunEnded —
 * one row per unfinished job in submission order, with its current status and statusReason (the
 * blocked reason, if any), stoppedAt empty, and waitSeconds/runSeconds counted up to the end of the run.
 * Instance columns and exitCode come from the job's last attempt (the open one for an unfinished job).
 */
import { fsum } from "d3-array";
import type { Fact } from "../sim/index.ts";
import { type Cell, type CsvOut, createCsvWriter, seconds, usd } from "./csv.ts";
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

/** A fold that writes jobs.csv through `write`. */
export interface RowFold {
  onFact(fact: Fact): void;
  /** Flushes buffered rows; call after RunEnded. */
  finish(): void;
}

/** Creates the jobs.csv fold; the header is written at once. `shared`: see attachLedger. */
export function createJobsCsvFold(write: CsvOut, shared?: JobLedger): RowFold {
  const csv = createCsvWriter(JOBS_CSV_COLUMNS, write);
  const { ledger, feed } = attachLedger(shared, (job) => csv.row(jobRow(job)));
  return {
    onFact(f) {
      feed(f);
      if (f.kind !== "RunEnded") return;
      ledger.closeAt(f.time);
      for (const job of ledger.live()) csv.row(jobRow(job));
    },
    finish: () => csv.flush(),
  };
}

/** One jobs.csv row (array parents leave the per-attempt columns empty, as the contract says). */
export function jobRow(job: JobRecord): Cell[] {
  const s = job.submitted;
  // One array literal per row (spreading a shared head into each row cost more than the row).
  if (job.isArrayParent) {
    const none = null;
    return [
      s.jobId,
      s.jobName,
      s.jobQueue,
      s.shareIdentifier,
      none,
      none,
      job.status,
      job.statusReason,
      none,
      none,
      seconds(s.time),
      none,
      none,
      seconds(job.stoppedAt),
      none,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
    ];
  }
  const a = job.current ?? job.lastEnded;
  return [
    s.jobId,
    s.jobName,
    s.jobQueue,
    s.shareIdentifier,
    s.arrayJobId,
    s.arrayIndex,
    job.status,
    job.statusReason,
    job.attempts,
    a?.exitCode,
    seconds(s.time),
    seconds(job.runnableAt),
    seconds(a?.startedAt),
    seconds(job.stoppedAt),
    seconds(job.waitSeconds),
    seconds(job.runSeconds),
    s.vcpus,
    s.memoryMiB,
    s.gpus,
    a?.computeEnvironment,
    a?.instanceType,
    a?.instanceId,
    usd(totalUsd(job.attemptCostsUsd)),
  ];
}

/** The sum of the attempts' costs (exact: fsum; one attempt, the common case, is its own sum). */
function totalUsd(costs: readonly number[]): number {
  return costs.length === 1 ? (costs[0] as number) : fsum(costs);
}
