import type { Job } from "./job.ts";
import type { World } from "./world.ts";

/**
 * A plain dependency of `job` on `target` as a whole (§3): wait until it SUCCEEDED (an array
 * parent: every child succeeded); if it FAILED, the job will fail with `Dependent Job failed`.
 */
export function linkWhole(job: Job, target: Job): void {
  if (target.status === "FAILED") job.depFailed = true;
  else if (target.status !== "SUCCEEDED") {
    job.depsLeft++;
    if (target.dependents) target.dependents.push(job);
    else target.dependents = [job];
  }
}

/**
 * Something `job` waited on ended. A PENDING job whose dependencies are now all satisfied (or one
 * failed) is queued for the next cycle to move on. For an array parent the news is passed to its
 * children, whose own count includes one "gate" for the parent's dependencies.
 */
export function dependencyEnded(world: World, job: Job, succeeded: boolean): void {
  if (job.array) {
    const wasOpen = !job.depFailed && job.depsLeft === 0;
    if (succeeded) job.depsLeft--;
    else job.depFailed = true;
    if (job.status !== "PENDING" || wasOpen) return; // children not created yet, or gate already open
    // Open the children's gate once: on the first failure, or when the last dependency succeeds.
    if (succeeded && job.depsLeft > 0) return;
    for (const child of job.array.children) if (child) dependencyEnded(world, child, succeeded);
    return;
  }
  if (succeeded) job.depsLeft--;
  else job.depFailed = true;
  if (job.status === "PENDING" && (job.depFailed || job.depsLeft === 0)) world.resolved.push(job);
}
