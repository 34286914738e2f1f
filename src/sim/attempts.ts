import { attemptCostUsd } from "../capacity/billing.ts";
import type { ComputeEnvironmentState } from "../capacity/compute-environment.ts";
import type { Instance } from "../capacity/instance.ts";
import { shapeOf } from "../model/shape.ts";
import { shouldRetry } from "../scheduler/evaluate-on-exit.ts";
import { drawAttempt } from "../workload/draws.ts";
import type { AttemptEndCause } from "./facts.ts";
import type { Job } from "./job.ts";
import {
  CONTAINER_EXITED,
  OOM_REASON,
  SIGKILL_EXIT_CODE,
  TIMEOUT_REASON,
  transition,
} from "./lifecycle.ts";
import { EVENT } from "./priorities.ts";
import type { World } from "./world.ts";

/** RUNNABLE → STARTING on `instance` (§1: an ECS task is created). */
export function place(
  world: World,
  job: Job,
  ce: ComputeEnvironmentState,
  instance: Instance,
  takeRoom = true,
): void {
  if (job.status !== "RUNNABLE") throw notRunnable(job);
  if (takeRoom) {
    instance.take(job.shape, world.now, job.jobId);
    ce.updateRoom(instance);
  }
  job.attempt++;
  job.instance = instance;
  job.ce = ce;
  job.startingAt = world.now;
  job.startedAt = Number.NaN;
  job.waitReason = "";
  job.waitDetail = "";
  if (job.nodeInstances === null) instance.occupants.push(job.key);
  else for (const inst of job.nodeInstances) inst.occupants.push(job.key);
  job.queue.inUseVcpus += job.vcpusInUse;
  job.queue.shareOf(job)?.tracker.change(world.now, job.vcpusInUse);
  transition(world, job, "STARTING");
  world.events.push(world.now + job.startingSeconds, EVENT.JOB_RUNNING, job.key);
}

/** Apart from place(): a message template there would count in V8's inlining budget (docs/design.md). */
function notRunnable(job: Job): Error {
  return new Error(`invariant: placing ${job.jobId}, which is ${job.status}, not RUNNABLE`);
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
    inst.take(shapeOf(inst.vcpus, inst.memoryMiB, inst.type.gpu), world.now, job.jobId);
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
  let end = world.now + job.runtimeSeconds;
  let cause: AttemptEndCause = "exited";
  if (spec.memoryUsedMiB !== null && spec.memoryUsedMiB > spec.memoryMiB) {
    end = world.now + settings.oomKillFraction * job.runtimeSeconds;
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
  if (cause === "exited" && job.exitCode === 0) endAttempt(world, job, EXITED_0);
  else if (cause === "timeout") endAttempt(world, job, TIMEOUT_END);
  else if (cause === "oom") endAttempt(world, job, OOM_END);
  else
    endAttempt(world, job, {
      cause,
      exitCode: cause === "exited" ? job.exitCode : SIGKILL_EXIT_CODE,
      statusReason: CONTAINER_EXITED,
      reason: "",
    });
}

/** The ends onAttemptEnd() gives most (one object each, not one per attempt). */
const EXITED_0: EndOfAttempt = Object.freeze({
  cause: "exited",
  exitCode: 0,
  statusReason: CONTAINER_EXITED,
  reason: "",
});
const TIMEOUT_END: EndOfAttempt = Object.freeze({
  cause: "timeout",
  exitCode: SIGKILL_EXIT_CODE,
  statusReason: TIMEOUT_REASON,
  reason: "",
});
const OOM_END: EndOfAttempt = Object.freeze({
  cause: "oom",
  exitCode: SIGKILL_EXIT_CODE,
  statusReason: CONTAINER_EXITED,
  reason: OOM_REASON,
});

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
  // A multi-node job's instances, or null: the job's one instance (no list made for it).
  const nodes = job.nodeInstances;
  let costUsd = 0;
  if (nodes === null) costUsd = freeRoom(world, job, ce, instance, false);
  else for (const inst of nodes) costUsd += freeRoom(world, job, ce, inst, true);
  const succeeded = end.cause === "exited" && end.exitCode === 0;
  const retriable = !succeeded && end.cause !== "timeout" && end.cause !== "terminated";
  const willRetry = retriable && shouldRetry(job.spec.retryStrategy, job.attempt, end);
  world.fact({
    kind: "JobAttemptEnded",
    time: world.now,
    jobId: job.jobId,
    jobKey: job.key,
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
  job.queue.inUseVcpus -= job.vcpusInUse;
  job.queue.shareOf(job)?.tracker.change(world.now, -job.vcpusInUse);
  if (succeeded) transition(world, job, "SUCCEEDED", end.statusReason);
  else if (willRetry) requeue(world, job);
  else
    transition(world, job, "FAILED", end.statusReason, {
      isTerminated: end.cause === "terminated",
    });
  if (nodes === null) afterAttempt(world, instance, end.cause);
  else for (const inst of nodes) afterAttempt(world, inst, end.cause);
  world.requestCycle();
}

/**
 * Gives back what the attempt held on `inst` — a gang node its whole instance, an ordinary job its
 * shape — and returns the attempt's cost there (a gang node's the whole instance's, an ordinary
 * job's its vCPU share).
 */
function freeRoom(
  world: World,
  job: Job,
  ce: ComputeEnvironmentState,
  inst: Instance,
  gang: boolean,
): number {
  const vcpus = gang ? inst.vcpus : job.spec.vcpus;
  const costUsd = attemptCostUsd(vcpus, inst, job.startingAt, world.now);
  inst.removeOccupant(job.key);
  inst.release(
    gang ? shapeOf(inst.vcpus, inst.memoryMiB, inst.type.gpu) : job.shape,
    world.now,
    job.jobId,
  );
  ce.updateRoom(inst);
  return costUsd;
}

/** After the attempt: a Fargate task is gone; an instance left idle may scale in. */
function afterAttempt(world: World, inst: Instance, cause: AttemptEndCause): void {
  if (inst.task) world.terminate(inst, cause === "interrupted" ? "spot reclaim" : "task stopped");
  else if (inst.jobCount === 0) world.scheduleScaleIn(inst);
}

/** A retried job draws its next attempt from its own stream and goes back to RUNNABLE. */
function requeue(world: World, job: Job): void {
  // Labelled by stream and number in it (not jobId), so other streams' submissions do not shift it.
  job.retryRng ??= world.rng.fork(`retry/${job.rngLabel}`);
  job.setDraws(drawAttempt(job.spec, world.scenario.settings, job.retryRng));
  // retryRequeue: original keeps the job's place (createdAt order); tail sends it to the back.
  if (world.scenario.settings.retryRequeue === "tail") job.order = world.nextOrder(job.spec);
  transition(world, job, "RUNNABLE");
}
