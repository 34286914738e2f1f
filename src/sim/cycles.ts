import type { ComputeEnvironmentState } from "../capacity/compute-environment.ts";
import { type Demand, planScaleOut } from "../capacity/scale-out.ts";
import { type PlaceOutcome, scanFifo } from "../scheduler/fifo.ts";
import { spawnChildren } from "./arrays.ts";
import { place, placeGang } from "./attempts.ts";
import type { Job } from "./job.ts";
import { DEPENDENT_JOB_FAILED, transition } from "./lifecycle.ts";
import type { World } from "./world.ts";

/**
 * One scheduler cycle (aws-batch-model.md §13.1): SUBMITTED jobs go to PENDING or RUNNABLE, PENDING
 * jobs whose dependencies resolved go on, then each queue — by descending priority — places what
 * fits. Asks for a scaling cycle when jobs wait for capacity that scale-out could bring.
 */
export function schedulerCycle(world: World): void {
  world.cyclePending = false;
  const submitted = world.submitted;
  world.submitted = [];
  for (const job of submitted) evaluateSubmitted(world, job);
  resolvePending(world);
  let waiting = false;
  for (const queue of world.queuesByPriority) {
    if (queue.runnable.count === 0 || queue.blockedBy) continue;
    const result = scanFifo(queue.runnable, world.scenario.settings.fifoBackfill, (job) =>
      tryPlace(world, job),
    );
    waiting ||= result.waiting;
    if (result.blocked) {
      const { job, statusReason } = result.blocked;
      queue.blockedBy = job;
      job.statusReason = statusReason;
      world.fact({
        kind: "JobQueueBlocked",
        time: world.now,
        jobId: job.jobId,
        jobQueue: queue.name,
        statusReason,
      });
    }
  }
  if (waiting) world.requestScale();
}

function evaluateSubmitted(world: World, job: Job): void {
  if (job.status !== "SUBMITTED") return;
  if (job.array) spawnChildren(world, job);
  else if (job.depsLeft > 0 || job.depFailed) {
    transition(world, job, "PENDING");
    if (job.depFailed || job.depsLeft === 0) world.resolved.push(job);
  } else {
    makeRunnable(world, job);
  }
}

/**
 * PENDING → RUNNABLE (every dependency succeeded), FAILED (one failed: the failure cascades at
 * once, down whole chains) or FAILED as cancelled (a CancelJob waited for the dependencies, §13.16).
 */
function resolvePending(world: World): void {
  for (let i = 0; i < world.resolved.length; i++) {
    const job = world.resolved[i]!;
    if (job.status !== "PENDING" || job.array) continue;
    if (job.depFailed) transition(world, job, "FAILED", DEPENDENT_JOB_FAILED);
    else if (job.depsLeft > 0) continue;
    else if (job.cancelReason !== null) {
      transition(world, job, "FAILED", job.cancelReason, { isCancelled: true });
    } else makeRunnable(world, job);
  }
  world.resolved = [];
}

function makeRunnable(world: World, job: Job): void {
  transition(world, job, "RUNNABLE");
  // A job ahead of a blocked head (it became RUNNABLE late) is the new head: scan the queue again.
  const blocked = job.queue.blockedBy;
  if (blocked && job.order < blocked.order) job.queue.blockedBy = null;
}

/**
 * Places a job on the queue's CEs in ascending order (§13.2): the first enabled CE that can ever
 * run it takes it if a ready instance has room; if that CE can still scale out, the job waits for
 * it; only a CE at maxvCpus with no room lets the job spill to the next.
 */
function tryPlace(world: World, job: Job): PlaceOutcome {
  for (const ce of job.queue.computeEnvironments) {
    if (!ce.enabled || !ce.canEverFit(job.shape)) continue;
    if (job.shape.nodes > 0) {
      const gang = ce.findGang(job.shape);
      if (gang) {
        placeGang(world, job, ce, gang);
        return PLACED;
      }
    } else {
      const instance = ce.bestFit(job.shape);
      if (instance) {
        place(world, job, ce, instance);
        return PLACED;
      }
    }
    if (ce.canGrowFor(job.shape)) return WAIT;
  }
  const statusReason = job.queue.neverReason(job.shape);
  return statusReason ? { kind: "never", statusReason } : WAIT;
}

const PLACED: PlaceOutcome = { kind: "placed" };
const WAIT: PlaceOutcome = { kind: "wait" };

/** One scaling cycle's scale-out: launches what the waiting demand needs (§13.5). */
export function scaleOutCycle(world: World): void {
  world.scalePending = false;
  const demands: Demand[] = [];
  for (const queue of world.queuesByPriority) {
    if (queue.blockedBy) continue;
    // Within a queue, shapes in FIFO order of their first job.
    const buckets = [...queue.runnable.buckets.values()].filter((b) => b.size > 0);
    buckets.sort((a, b) => a.peek()!.order - b.peek()!.order);
    for (const bucket of buckets) {
      demands.push({
        computeEnvironments: queue.computeEnvironments,
        shape: bucket.shape,
        count: bucket.size,
      });
    }
  }
  for (const { ce, option } of planScaleOut(demands)) world.launch(ce, option);
}

/** At time 0: UNMANAGED fleets appear; managed CEs launch up to max(minvCpus, desiredvCpus). */
export function startCapacity(world: World): void {
  for (const ce of world.ces) {
    if (!ce.managed) {
      for (const { instanceType, count } of ce.def.fleet) {
        const option = ce.launchOrder.find((o) => o.type.instanceType === instanceType)!;
        for (let i = 0; i < count; i++) world.addFleetInstance(ce, option);
      }
      continue;
    }
    launchToFloor(world, ce);
  }
}

/** Launches instances until the CE has max(minvCpus, desiredvCpus) vCPU (at the start, or after an update). */
export function launchToFloor(world: World, ce: ComputeEnvironmentState): void {
  const target = Math.max(ce.minvCpus, ce.desiredvCpus);
  const option = ce.launchOrder[0];
  if (!option || ce.launchedVcpus >= target) return;
  if (ce.strategy === "BEST_FIT") ce.keptType ??= option;
  while (ce.launchedVcpus < target) world.launch(ce, option);
}
