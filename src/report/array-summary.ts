/** An array parent's statusSummary (AWS arrayProperties.statusSummary): its children per status. */
import { JOB_STATUSES, type JobStatus } from "../sim/index.ts";

export { JOB_STATUSES };

const STATUS_INDEX: Readonly<Record<JobStatus, number>> = {
  SUBMITTED: 0,
  PENDING: 1,
  RUNNABLE: 2,
  STARTING: 3,
  RUNNING: 4,
  SUCCEEDED: 5,
  FAILED: 6,
};

/** An array parent's children per status (AWS arrayProperties.statusSummary), kept current. */
export interface ArraySummary {
  /** Children per status, indexed as JOB_STATUSES. */
  readonly counts: Int32Array;
  /** Time of the last change (statusSummaryLastUpdatedAt). */
  updatedAt: number;
}

/** Moves one child from `from` (null: newly created) to `to` in its parent's statusSummary. */
export function countChild(
  summary: ArraySummary,
  from: JobStatus | null,
  to: JobStatus,
  time: number,
): void {
  if (from !== null) summary.counts[STATUS_INDEX[from]]! -= 1;
  summary.counts[STATUS_INDEX[to]]! += 1;
  summary.updatedAt = time;
}

/** statusSummary as AWS shows it: every status with its count of children. */
export function statusSummary(summary: ArraySummary): Record<JobStatus, number> {
  const out = {} as Record<JobStatus, number>;
  JOB_STATUSES.forEach((status, i) => {
    out[status] = summary.counts[i]!;
  });
  return out;
}
