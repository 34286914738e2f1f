import { drawAttempt } from "../workload/draws.ts";
import { cancelJob } from "./cancel.ts";
import { dependencyEnded } from "./dependencies.ts";
import { CHILD_FAILED, CHILD_LIVE, CHILD_SUCCEEDED, Job } from "./job.ts";
import { transition } from "./lifecycle.ts";
import type { World } from "./world.ts";

/**
 * Gives an array job (arrayProperties.size) its bookkeeping at submission (§3): children are
 * created at the first cycle; child i waits for child i−1 (SEQUENTIAL) and for child i of each
 * N_TO_N dependency — O(1) per child, never a scan of the other array.
 */
export function createArray(world: World, parent: Job, sequential: boolean, nToN: Job[]): void {
  const size = parent.spec.arraySize!;
  parent.array = {
    size,
    children: new Array<Job | null>(size).fill(null),
    childStatus: new Uint8Array(size),
    left: size,
    failed: 0,
    sequential,
    nToNDependents: [],
    nToN,
    // Children's draws: their own stream per parent, in index order (common random numbers).
    rng: world.rng.fork(`children/${parent.rngLabel}`),
  };
  for (const target of nToN) target.array!.nToNDependents.push(parent);
}

/** SUBMITTED → PENDING for the parent; its children are created directly in PENDING. */
export function spawnChildren(world: World, parent: Job): void {
  const array = parent.array!;
  transition(world, parent, "PENDING");
  const gated = parent.depsLeft > 0 && !parent.depFailed;
  for (let i = 0; i < array.size; i++) {
    const child = new Job(
      world.keyCount++,
      parent.order + 1 + i,
      `${parent.jobId}:${i}`,
      parent.jobName,
      parent.stream,
      -1,
      parent.queue,
      parent.spec,
      parent.shape,
      world.now,
      drawAttempt(parent.spec, world.scenario.settings, array.rng),
      parent,
      i,
    );
    array.children[i] = child;
    world.liveJobs.set(child.key, child);
    const share = parent.queue.shareOf(child);
    if (share) share.live++;
    world.fact({
      kind: "JobSubmitted",
      time: world.now,
      jobId: child.jobId,
      jobKey: child.key,
      jobName: child.jobName,
      jobQueue: parent.queue.name,
      jobDefinition: parent.spec.jobDefinition,
      shareIdentifier: parent.spec.shareIdentifier,
      schedulingPriority: parent.spec.schedulingPriority,
      arrayJobId: parent.jobId,
      arrayIndex: i,
      arraySize: null,
      maxAttempts: parent.maxAttempts,
      evaluateOnExit: parent.spec.retryStrategy.evaluateOnExit,
      attemptDurationSeconds: parent.spec.attemptDurationSeconds,
      vcpus: parent.spec.vcpus,
      memoryMiB: parent.spec.memoryMiB,
      gpus: parent.spec.gpus,
      dependsOn: [],
      stream: parent.stream,
    });
    transition(world, child, "PENDING");
    linkChild(array, child, i, gated, parent.depFailed);
    if (child.depFailed || child.depsLeft === 0) world.resolved.push(child);
  }
  if (parent.cancelReason !== null) cancelChildren(world, parent);
}

function linkChild(
  array: NonNullable<Job["array"]>,
  child: Job,
  i: number,
  gated: boolean,
  parentFailed: boolean,
): void {
  if (gated) child.depsLeft++;
  if (parentFailed) child.depFailed = true;
  if (array.sequential && i > 0) child.depsLeft++;
  for (const target of array.nToN) {
    const status = target.array!.childStatus[i];
    if (status === CHILD_FAILED) child.depFailed = true;
    else if (status === CHILD_LIVE) child.depsLeft++;
  }
}

/**
 * A child ended: the next SEQUENTIAL child and the N_TO_N counterparts hear of it; the parent ends
 * when the last child does — FAILED if any child failed (§3, §13.15).
 */
export function childEnded(world: World, child: Job): void {
  const parent = child.parent!;
  const array = parent.array!;
  const i = child.index;
  const succeeded = child.status === "SUCCEEDED";
  array.children[i] = null;
  array.childStatus[i] = succeeded ? CHILD_SUCCEEDED : CHILD_FAILED;
  array.left--;
  if (!succeeded) array.failed++;
  if (array.sequential) {
    const next = array.children[i + 1];
    if (next) dependencyEnded(world, next, succeeded);
  }
  for (const dependent of array.nToNDependents) {
    const counterpart = dependent.array!.children[i];
    if (counterpart) dependencyEnded(world, counterpart, succeeded);
  }
  if (array.left === 0) {
    const stopped = parent.cancelReason !== null;
    const flags = parent.terminatedByAction ? { isTerminated: true } : { isCancelled: stopped };
    if (array.failed > 0) transition(world, parent, "FAILED", parent.cancelReason ?? "", flags);
    else transition(world, parent, "SUCCEEDED");
  }
}

/** Cancels every child that has not started (a CancelJob on the parent, §3). */
export function cancelChildren(world: World, parent: Job): void {
  for (const child of parent.array!.children) {
    if (child) cancelJob(world, child, parent.cancelReason!);
  }
}
