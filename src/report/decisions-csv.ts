/**
 * decisions.csv: why RUNNABLE jobs waited. One row per JobWaiting fact, in fact (time) order:
 * `time,jobId,reason,detail`. The scheduler states a job's reason only when it changes, so the file
 * stays small on large runs (a job that waits for one reason has one row, however many cycles it
 * waits); a reason holds until the job's next row or its next STARTING (attempts.csv `startingAt`).
 */
import type { Fact } from "../sim/index.ts";
import { type CsvOut, createCsvWriter } from "./csv.ts";
import type { RowFold } from "./jobs-csv.ts";

/** decisions.csv columns, in order. */
export const DECISIONS_CSV_COLUMNS = ["time", "jobId", "reason", "detail"] as const;

/** Creates the decisions.csv fold; the header is written at once. It keeps no state. */
export function createDecisionsCsvFold(write: CsvOut): RowFold {
  const csv = createCsvWriter(DECISIONS_CSV_COLUMNS, write);
  return {
    kinds: ["JobWaiting"],
    onFact(f: Fact) {
      if (f.kind !== "JobWaiting") return;
      csv.seconds(f.time);
      csv.text(f.jobId);
      csv.repeated(f.reason);
      csv.text(f.detail);
      csv.end();
    },
    finish: () => csv.flush(),
  };
}
