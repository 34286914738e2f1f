import { cancelChildren } from "./arrays.ts";
import { endAttempt } from "./attempts.ts";
import type { Job } from "./job.ts";
import { transition } from "./lifecycle.ts";
import type { World } from "./world.ts";

/**
 * CancelJob (aws-batch-model.md §1, §13.16): a SUBMITTED or RUNNABLE job fails at once
 * (isCancelled, statusReason = the reason); a PENDING one is marked and fails once its dependencies
 * are terminal — unless one failed first (then `Dependent Job failed`); STARTING and RUNNING jobs
 * carry on. On an array parent it cancels every child that has not started.
 */
export function cancelJob(world: World, job: Job, reason: string): void {
  if (job.array && job.status !== "SUBMITTED") {
    if (job.terminal) return;
    job.cancelReason = reason;
    cancelChildren(world, job);
    return;
  }
  switch (job.status) {
    case "SUBMITTED":
    case "RUNNABLE":
      transition(world, job, "FAILED", reason, { isCancelled: true });
      return;
    case "PENDING":
      job.cancelReason = reason;
      if (job.depFailed || job.depsLeft === 0) world.resolved.push(job);
      return;
    default:
      return;
  }
}

/**
 * TerminateJob: a STARTING or RUNNING attempt is stopped and the job FAILED (isTerminated, never
 * retried; model: no exit code); a job that has not started is cancelled. On an array parent, every
 * child.
 */
export function terminateJob(world: World, job: Job, reason: string): void {
  if (job.array && job.status !== "SUBMITTED") {
    if (job.terminal) return;
    job.cancelReason = reason;
    job.terminatedByAction = true;
    for (const child of job.array.children) if (child) terminateJob(world, child, reason);
    return;
  }
  if (job.status === "STARTING" || job.status === "RUNNING") {
    endAttempt(world, job, {
      cause: "terminated",
      exitCode: null,
      statusReason: reason,
      reason: "",
    });
    return;
  }
  cancelJob(world, job, reason);
}
