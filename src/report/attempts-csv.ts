/**
 * attempts.csv: one row per attempt, written when it ends (JobAttemptEnded order); at RunEnded one
 * row per attempt still open, in job submission order, with status STARTING or RUNNING, stoppedAt
 * and costUsd empty, and runSeconds counted up to the end of the run.
 * runSeconds = stoppedAt − startedAt (0 for an attempt that never reached RUNNING). A retried
 * attempt has its own row (status FAILED, its own statusReason, reason and exitCode). `cause` (the
 * last column: new columns go at the end) says why it ended — `exited`, `timeout`, `oom` or
 * `terminated` — and is empty while the attempt is open.
 */
import { type CsvOut, type CsvWriter, createCsvWriter } from "./csv.ts";
import { type AttemptRecord, attachLedger, type JobLedger, type JobRecord } from "./job-ledger.ts";
import type { RowFold } from "./jobs-csv.ts";

/** attempts.csv columns, in order. */
export const ATTEMPTS_CSV_COLUMNS = [
  "jobId",
  "jobName",
  "jobQueue",
  "attempt",
  "status",
  "statusReason",
  "reason",
  "exitCode",
  "startingAt",
  "startedAt",
  "stoppedAt",
  "runSeconds",
  "computeEnvironment",
  "instanceType",
  "instanceId",
  "costUsd",
  "cause",
] as const;

/** Creates the attempts.csv fold; the header is written at once. `shared`: see attachLedger. */
export function createAttemptsCsvFold(write: CsvOut, shared?: JobLedger): RowFold {
  const csv = createCsvWriter(ATTEMPTS_CSV_COLUMNS, write);
  const { ledger, feed } = attachLedger(shared);
  return {
    kinds: shared ? ["JobAttemptEnded", "RunEnded"] : undefined,
    onFact(f) {
      feed(f);
      if (f.kind === "JobAttemptEnded") {
        const job = ledger.find(f.jobKey);
        if (job?.lastEnded) writeAttemptRow(csv, job, job.lastEnded, f.time);
      } else if (f.kind === "RunEnded") {
        for (const job of ledger.live()) {
          if (job.current) writeAttemptRow(csv, job, job.current, f.time);
        }
      }
    },
    finish: () => csv.flush(),
  };
}

/** Writes one attempts.csv row. */
function writeAttemptRow(csv: CsvWriter, job: JobRecord, a: AttemptRecord, endTime: number): void {
  const open = a.stoppedAt === null;
  const runUntil = a.stoppedAt ?? endTime;
  csv.text(job.submitted.jobId);
  csv.text(job.submitted.jobName);
  csv.repeated(job.submitted.jobQueue);
  csv.num(a.attempt);
  csv.repeated(open ? job.status : a.succeeded ? "SUCCEEDED" : "FAILED");
  csv.repeated(open ? job.statusReason : a.statusReason);
  csv.repeated(a.reason);
  csv.num(a.exitCode);
  csv.seconds(a.startingAt);
  csv.seconds(a.startedAt);
  csv.seconds(a.stoppedAt);
  csv.seconds(a.startedAt === null ? 0 : runUntil - a.startedAt);
  csv.repeated(a.computeEnvironment);
  csv.repeated(a.instanceType);
  csv.repeated(a.instanceId);
  csv.usd(a.costUsd);
  csv.repeated(a.cause);
  csv.end();
}
