import { attemptCostUsd } from "../capacity/billing.ts";
import type { ComputeEnvironmentState } from "../capacity/compute-environment.ts";
import type { Instance } from "../capacity/instance.ts";
import { gangShapeOf, type Shape, shapeOf } from "../model/shape.ts";
import type { JobSpec, NodeGroup } from "../scenario/types.ts";
import { shouldRetry } from "../scheduler/evaluate-on-exit.ts";
import { drawAttempt } from "../workload/draws.ts";
import type { Submission } from "../workload/types.ts";
import { childEnded, createArray, spawnChildren } from "./arrays.ts";
import { dependencyEnded, linkWhole } from "./dependencies.ts";
import type { AttemptEndCause, JobStatus } from "./facts.ts";
import { Job, makeJobId, ORDER_STRIDE } from "./job.ts";
import { EVENT } from "./priorities.ts";
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
  if (!queue) throw new Error(`invariant: unknown queue ${sub.spec.jobQueue}`);
  const rejection = rejectionReason(world, sub);
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
    world.orderCount++ * ORDER_STRIDE,
    makeJobId(world.jobCount++),
    sub.jobName,
    sub.stream,
    `${sub.stream}/${sub.streamSeq}`,
    queue,
    spec,
    shapeOfSpec(spec),
    world.now,
    sub,
  );
  const dependsOn = linkDependencies(world, job, sub);
  if (sub.named) world.namedJobs.set(job.jobName, job);
  for (const name of sub.releaseNames)
    if (!world.actionTargets.has(name)) world.namedJobs.delete(name);
  world.liveJobs.set(job.key, job);
  world.fact({
    kind: "JobSubmitted",
    time: world.now,
    jobId: job.jobId,
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
    ...totalResources(spec),
    dependsOn,
    stream: sub.stream,
  });
  world.submitted.push(job);
  world.requestCycle();
}

/** A job's placement shape: what one instance must hold, or a gang of whole instances (§13.17). */
function shapeOfSpec(spec: JobSpec): Shape {
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
function rejectionReason(world: World, sub: Submission): string | null {
  const queue = world.queueByName.get(sub.spec.jobQueue)!;
  if (queue.state === "DISABLED") return `job queue ${queue.name} is DISABLED`;
  for (const dep of sub.dependsOn) {
    if (dep.jobName !== null && world.rejectedNames.has(dep.jobName)) {
      return `dependency ${dep.jobName} was rejected`;
    }
  }
  return null;
}

/** Links plain dependencies now and prepares an array's child-level ones; returns the jobIds named. */
function linkDependencies(world: World, job: Job, sub: Submission): string[] {
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

/** Moves a job to a new status with one JobStateChanged fact; a terminal job is finished. */
export function transition(
  world: World,
  job: Job,
  to: JobStatus,
  statusReason = "",
  flags: { isCancelled?: boolean; isTerminated?: boolean } = {},
): void {
  const from = job.status;
  job.status = to;
  job.statusReason = statusReason;
  const placed = to === "STARTING";
  world.fact({
    kind: "JobStateChanged",
    time: world.now,
    jobId: job.jobId,
    from,
    to,
    statusReason,
    attempt: job.attempt,
    instanceId: placed ? (job.instance?.instanceId ?? null) : null,
    computeEnvironment: placed ? (job.ce?.name ?? null) : null,
    isCancelled: flags.isCancelled ?? false,
    isTerminated: flags.isTerminated ?? false,
  });
  if (to === "RUNNABLE") job.queue.runnable.add(job);
  if (to === "SUCCEEDED" || to === "FAILED") finish(world, job);
}

/** A terminal job leaves the hot structures and tells whoever waits on it. */
function finish(world: World, job: Job): void {
  world.liveJobs.delete(job.key);
  job.queue.runnable.remove(job);
  const succeeded = job.status === "SUCCEEDED";
  for (const dependent of job.dependents ?? []) dependencyEnded(world, dependent, succeeded);
  job.dependents = null;
  if (job.parent) childEnded(world, job);
  world.requestCycle();
}

/** RUNNABLE → STARTING on `instance` (§1: an ECS task is created). */
export function place(
  world: World,
  job: Job,
  ce: ComputeEnvironmentState,
  instance: Instance,
  takeRoom = true,
): void {
  if (takeRoom) {
    instance.take(job.shape, world.now);
    ce.updateRoom(instance);
  }
  job.attempt++;
  job.instance = instance;
  job.ce = ce;
  job.startingAt = world.now;
  job.startedAt = Number.NaN;
  transition(world, job, "STARTING");
  world.events.push(world.now + job.draws.startingSeconds, EVENT.JOB_RUNNING, job.key);
}

/**
 * A multi-node job's gang start (§4, §13.17): every node takes a whole instance of one CE at once;
 * the job is STARTING on the main node. Model: the other nodes' own states are not tracked — their
 * instances are held from this moment to the end of the attempt.
 */
export function placeGang(
  world: World,
  job: Job,
  ce: ComputeEnvironmentState,
  instances: Instance[],
): void {
  for (const inst of instances) {
    inst.take(shapeOf(inst.vcpus, inst.memoryMiB, inst.type.gpu), world.now);
    ce.updateRoom(inst);
  }
  job.nodeInstances = instances;
  place(world, job, ce, instances[job.spec.nodeProperties!.mainNode]!, false);
}

/**
 * STARTING → RUNNING. The attempt's end is decided now (§13.18): its drawn runtime; an OOM kill
 * after oomKillFraction of it when sim.memoryUsedMiB exceeds MEMORY; a timeout at RUNNING +
 * attemptDurationSeconds, ending timeoutKillSeconds later (SIGKILL) unless the container ends first.
 */
export function onRunning(world: World, job: Job): void {
  job.startedAt = world.now;
  transition(world, job, "RUNNING");
  const { spec } = job;
  const { settings } = world.scenario;
  let end = world.now + job.draws.runtimeSeconds;
  let cause: AttemptEndCause = "exited";
  if (spec.memoryUsedMiB !== null && spec.memoryUsedMiB > spec.memoryMiB) {
    end = world.now + settings.oomKillFraction * job.draws.runtimeSeconds;
    cause = "oom";
  }
  if (spec.attemptDurationSeconds !== null) {
    const timeoutAt = world.now + spec.attemptDurationSeconds;
    if (timeoutAt < end) {
      end = Math.min(end, timeoutAt + settings.timeoutKillSeconds);
      cause = "timeout";
    }
  }
  job.endAt = end;
  job.endCause = cause;
  world.events.push(end, EVENT.JOB_ATTEMPT_END, job.key);
}

/** The running attempt reached the end decided at RUNNING. */
export function onAttemptEnd(world: World, job: Job): void {
  const cause = job.endCause;
  endAttempt(world, job, {
    cause,
    exitCode: cause === "exited" ? job.draws.exitCode : SIGKILL_EXIT_CODE,
    statusReason: cause === "timeout" ? TIMEOUT_REASON : CONTAINER_EXITED,
    reason: cause === "oom" ? OOM_REASON : "",
  });
}

interface EndOfAttempt {
  readonly cause: AttemptEndCause;
  readonly exitCode: number | null;
  readonly statusReason: string;
  readonly reason: string;
}

/**
 * Ends the current attempt (STARTING or RUNNING): frees its room, then SUCCEEDED, RUNNABLE again
 * (retry, §13.12: never after a timeout or a terminate) or FAILED.
 */
export function endAttempt(world: World, job: Job, end: EndOfAttempt): void {
  const instance = job.instance!;
  const ce = job.ce!;
  const nodes = job.nodeInstances ?? [instance];
  let costUsd = 0;
  for (const inst of nodes) {
    // A gang node holds its whole instance; an ordinary job its vCPU share.
    const vcpus = job.nodeInstances ? inst.vcpus : job.spec.vcpus;
    costUsd += attemptCostUsd(vcpus, inst, job.startingAt, world.now);
    inst.release(
      job.nodeInstances ? shapeOf(inst.vcpus, inst.memoryMiB, inst.type.gpu) : job.shape,
      world.now,
    );
    ce.updateRoom(inst);
  }
  const succeeded = end.cause === "exited" && end.exitCode === 0;
  const retriable = !succeeded && end.cause !== "timeout" && end.cause !== "terminated";
  const willRetry = retriable && shouldRetry(job.spec.retryStrategy, job.attempt, end);
  world.fact({
    kind: "JobAttemptEnded",
    time: world.now,
    jobId: job.jobId,
    attempt: job.attempt,
    startingAt: job.startingAt,
    startedAt: Number.isNaN(job.startedAt) ? null : job.startedAt,
    exitCode: end.exitCode,
    statusReason: end.statusReason,
    reason: end.reason,
    succeeded,
    cause: end.cause,
    willRetry,
    instanceId: instance.instanceId,
    computeEnvironment: ce.name,
    instanceType: instance.type.instanceType,
    costUsd,
  });
  job.instance = null;
  job.nodeInstances = null;
  job.ce = null;
  if (succeeded) transition(world, job, "SUCCEEDED", end.statusReason);
  else if (willRetry) requeue(world, job);
  else
    transition(world, job, "FAILED", end.statusReason, {
      isTerminated: end.cause === "terminated",
    });
  for (const inst of nodes) if (inst.jobCount === 0) world.scheduleScaleIn(inst);
  world.requestCycle();
}

/** A retried job draws its next attempt from its own stream and goes back to RUNNABLE. */
function requeue(world: World, job: Job): void {
  // Labelled by stream and number in it (not jobId), so other streams' submissions do not shift it.
  job.retryRng ??= world.rng.fork(`retry/${job.rngLabel}`);
  job.draws = drawAttempt(job.spec, world.scenario.settings, job.retryRng);
  // retryRequeue: original keeps the job's place (createdAt order); tail sends it to the back.
  if (world.scenario.settings.retryRequeue === "tail")
    job.order = world.orderCount++ * ORDER_STRIDE;
  transition(world, job, "RUNNABLE");
}

export { spawnChildren };
