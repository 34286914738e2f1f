import { gangShapeOf, type Shape, shapeOf } from "../model/shape.ts";
import type { JobSpec, NodeGroup } from "../scenario/types.ts";
import type { Submission } from "../workload/types.ts";
import { childEnded, createArray } from "./arrays.ts";
import { dependencyEnded, linkWhole } from "./dependencies.ts";
import type { JobStatus } from "./facts.ts";
import { Job, makeJobId } from "./job.ts";
import type { QueueState } from "./queue-state.ts";
import type { World } from "./world.ts";

/** statusReason of an ordinary container exit, success or failure (aws-batch-model.md §1). */
export const CONTAINER_EXITED = "Essential container in task exited";
export const DEPENDENT_JOB_FAILED = "Dependent Job failed";
export const TIMEOUT_REASON = "Job attempt duration exceeded timeout";
export const OOM_REASON = "OutOfMemoryError: Container killed due to memory usage";
/** Exit code of a container killed with SIGKILL (timeout, OOM kill). */
export const SIGKILL_EXIT_CODE = 137;

/** SubmitJob: the job exists, SUBMITTED, and waits for the next cycle (§13.1) — or is rejected. */
export function submit(world: World, sub: Submission): void {
  const queue = world.queueByName.get(sub.spec.jobQueue);
  if (!queue) throw unknownQueue(sub);
  // The common case (an enabled queue, no dependencies) without a call: V8 inlines a hot
  // function's callees only up to a budget, and submit()'s cold paths used it up before Job's.
  const rejection =
    queue.state === "DISABLED" || sub.dependsOn.length > 0
      ? rejectionReason(world, queue, sub)
      : null;
  if (rejection !== null) {
    if (sub.named) world.rejectedNames.add(sub.jobName);
    world.fact({
      kind: "JobRejected",
      time: world.now,
      jobName: sub.jobName,
      jobQueue: queue.name,
      reason: rejection,
    });
    return;
  }
  const { spec } = sub;
  const job = new Job(
    world.keyCount++,
    world.nextOrder(spec),
    makeJobId(world.jobCount++),
    sub.jobName,
    sub.stream,
    sub.streamSeq,
    queue,
    spec,
    shapeOfSpec(spec),
    world.now,
    sub,
  );
  const dependsOn =
    sub.dependsOn.length === 0 && spec.arraySize === null
      ? NO_DEPENDENCIES
      : linkDependencies(world, job, sub);
  if (sub.named) world.namedJobs.set(job.jobName, job);
  if (sub.releaseNames.length > 0)
    for (const name of sub.releaseNames)
      if (!world.actionTargets.has(name)) world.namedJobs.delete(name);
  world.liveJobs.set(job.key, job);
  const share = queue.shareOf(job);
  if (share) share.live++;
  world.fact({
    kind: "JobSubmitted",
    time: world.now,
    jobId: job.jobId,
    jobKey: job.key,
    jobName: job.jobName,
    jobQueue: queue.name,
    jobDefinition: spec.jobDefinition,
    shareIdentifier: spec.shareIdentifier,
    schedulingPriority: spec.schedulingPriority,
    arrayJobId: null,
    arrayIndex: null,
    arraySize: spec.arraySize,
    maxAttempts: job.maxAttempts,
    evaluateOnExit: spec.retryStrategy.evaluateOnExit,
    attemptDurationSeconds: spec.attemptDurationSeconds,
    vcpus: spec.nodeProperties === null ? spec.vcpus : totalResources(spec).vcpus,
    memoryMiB: spec.nodeProperties === null ? spec.memoryMiB : totalResources(spec).memoryMiB,
    gpus: spec.nodeProperties === null ? spec.gpus : totalResources(spec).gpus,
    dependsOn,
    stream: sub.stream,
  });
  world.submitted.push(job);
  world.requestCycle();
}

/** Apart from submit(): a message template there would count in V8's inlining budget (docs/design.md). */
function unknownQueue(sub: Submission): Error {
  return new Error(`invariant: unknown queue ${sub.spec.jobQueue}`);
}

/**
 * A job's placement shape: what one instance must hold, or a gang of whole instances (§13.17).
 * Specs are immutable and shapes interned, so the last answer is kept: a stream's jobs share a spec.
 */
function shapeOfSpec(spec: JobSpec): Shape {
  if (spec !== lastSpec) {
    lastShape = computeShape(spec);
    lastSpec = spec;
  }
  return lastShape!;
}
let lastSpec: JobSpec | null = null;
let lastShape: Shape | null = null;

function computeShape(spec: JobSpec): Shape {
  const np = spec.nodeProperties;
  if (np === null) return shapeOf(spec.vcpus, spec.memoryMiB, spec.gpus);
  const groups = np.groups;
  const max = (f: (g: NodeGroup) => number) => Math.max(...groups.map(f));
  return gangShapeOf(
    np.numNodes,
    max((g) => g.vcpus),
    max((g) => g.memoryMiB),
    max((g) => g.gpus),
    np.instanceType,
  );
}

/** What the job asks for in all: a multi-node job's nodes summed (for reports' vCPU accounting). */
function totalResources(spec: JobSpec): { vcpus: number; memoryMiB: number; gpus: number } {
  const np = spec.nodeProperties;
  if (np === null) return { vcpus: spec.vcpus, memoryMiB: spec.memoryMiB, gpus: spec.gpus };
  const groups = np.groups;
  const sum = (f: (g: NodeGroup) => number) =>
    groups.reduce((total, g) => total + (g.toNode - g.fromNode + 1) * f(g), 0);
  return {
    vcpus: sum((g) => g.vcpus),
    memoryMiB: sum((g) => g.memoryMiB),
    gpus: sum((g) => g.gpus),
  };
}

/** AWS rejects SubmitJob to a DISABLED queue, and (here) one naming a job that was itself rejected. */
function rejectionReason(world: World, queue: QueueState, sub: Submission): string | null {
  if (queue.state === "DISABLED") return `job queue ${queue.name} is DISABLED`;
  if (sub.dependsOn.length === 0) return null;
  for (const dep of sub.dependsOn) {
    if (dep.jobName !== null && world.rejectedNames.has(dep.jobName)) {
      return `dependency ${dep.jobName} was rejected`;
    }
  }
  return null;
}

/** Links plain dependencies now and prepares an array's child-level ones; returns the jobIds named. */
function linkDependencies(world: World, job: Job, sub: Submission): readonly string[] {
  if (sub.dependsOn.length === 0 && job.spec.arraySize === null) return NO_DEPENDENCIES;
  const ids: string[] = [];
  const nToN: Job[] = [];
  let sequential = false;
  for (const dep of sub.dependsOn) {
    if (dep.jobName === null) {
      sequential = dep.type === "SEQUENTIAL";
      continue;
    }
    const target = world.namedJobs.get(dep.jobName);
    if (!target)
      throw new Error(
        `invariant: ${job.jobName} depends on ${dep.jobName}, not submitted before it`,
      );
    ids.push(target.jobId);
    if (dep.type === "N_TO_N") nToN.push(target);
    else linkWhole(job, target);
  }
  if (job.spec.arraySize !== null) createArray(world, job, sequential, nToN);
  return ids;
}

/** JobSubmitted.dependsOn of a job that depends on none (one frozen list, not one per job). */
const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);

/** transition()'s flags when none is set (one object, not one per call). */
const NO_FLAGS: { readonly isCancelled?: boolean; readonly isTerminated?: boolean } = Object.freeze(
  {},
);

/** Moves a job to a new status with one JobStateChanged fact; a terminal job is finished. */
export function transition(
  world: World,
  job: Job,
  to: JobStatus,
  statusReason = "",
  flags: { isCancelled?: boolean; isTerminated?: boolean } = NO_FLAGS,
): void {
  const from = job.status;
  job.status = to;
  job.statusReason = statusReason;
  const placed = to === "STARTING";
  world.fact({
    kind: "JobStateChanged",
    time: world.now,
    jobId: job.jobId,
    jobKey: job.key,
    from,
    to,
    statusReason,
    attempt: job.attempt,
    instanceId: placed ? (job.instance?.instanceId ?? null) : null,
    computeEnvironment: placed ? (job.ce?.name ?? null) : null,
    isCancelled: flags.isCancelled ?? false,
    isTerminated: flags.isTerminated ?? false,
  });
  if (to === "RUNNABLE") job.queue.addRunnable(job);
  if (to === "SUCCEEDED" || to === "FAILED") finish(world, job);
}

/** A terminal job leaves the hot structures and tells whoever waits on it. */
function finish(world: World, job: Job): void {
  world.liveJobs.delete(job.key);
  job.queue.removeRunnable(job);
  const share = job.queue.shareOf(job);
  if (share) {
    share.live--;
    share.lastEndAt = world.now;
  }
  if (job.dependents !== null || job.parent !== null) endLinks(world, job);
  world.requestCycle();
}

/** Tells the jobs that wait on a finished one, and its array parent (apart: most jobs have none). */
function endLinks(world: World, job: Job): void {
  const succeeded = job.status === "SUCCEEDED";
  const dependents = job.dependents;
  if (dependents !== null) {
    for (const dependent of dependents) dependencyEnded(world, dependent, succeeded);
    job.dependents = null;
  }
  if (job.parent) childEnded(world, job);
}
