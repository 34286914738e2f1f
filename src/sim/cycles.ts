import type { ComputeEnvironmentState } from "../capacity/compute-environment.ts";
import { type Demand, planScaleOut } from "../capacity/scale-out.ts";
import { scanFairShare } from "../scheduler/fair-share.ts";
import { type PlaceOutcome, scanFifo } from "../scheduler/fifo.ts";
import { spawnChildren } from "./arrays.ts";
import { place, placeGang } from "./attempts.ts";
import type { WaitReason } from "./facts.ts";
import type { Job } from "./job.ts";
import { DEPENDENT_JOB_FAILED, transition } from "./lifecycle.ts";
import { EVENT } from "./priorities.ts";
import { INSUFFICIENT_CAPACITY, type QueueState } from "./queue-state.ts";
import type { ShareState } from "./share-state.ts";
import type { World } from "./world.ts";

/**
 * One scheduler cycle (aws-batch-model.md §13.1): SUBMITTED jobs go to PENDING or RUNNABLE, PENDING
 * jobs whose dependencies resolved go on, then each queue — by descending priority — places what
 * fits. Asks for a scaling cycle when jobs wait for capacity that scale-out could bring.
 */
export function schedulerCycle(world: World): void {
  world.cyclePending = false;
  // Only submit() adds to the list, and never during a cycle.
  const submitted = world.submitted;
  if (submitted.length > 0) {
    for (let i = 0; i < submitted.length; i++) evaluateSubmitted(world, submitted.at(i));
    submitted.clear();
  }
  // Checked here, not only inside: a call site never reached is not inlined, and V8's inlining
  // budget for the cycle then goes to the placement path.
  if (world.resolved.length > 0) resolvePending(world);
  let waiting = false;
  for (const queue of world.queuesByPriority) {
    if (queue.runnableCount === 0 || queue.blockedBy) continue;
    const result = queue.fair
      ? scanFairShareQueue(world, queue)
      : scanFifo(queue.runnable, world.scenario.settings.fifoBackfill, placerOf(world));
    waiting ||= result.waiting;
    if (result.blocked) block(world, queue, result.blocked.job, result.blocked.statusReason);
  }
  if (waiting) world.requestScale();
}

/** The last world's placement function (one closure per run, not one per queue and cycle). */
let placer: { world: World; place: (job: Job) => PlaceOutcome } | null = null;

function placerOf(world: World): (job: Job) => PlaceOutcome {
  if (placer?.world !== world) placer = { world, place: (job) => tryPlace(world, job) };
  return placer.place;
}

/** The head job can never run: it blocks the queue (§13.3) and a time-limit action may start counting (§13.4). */
function block(world: World, queue: QueueState, job: Job, statusReason: string): void {
  queue.blockedBy = job;
  queue.blockedSince = world.now;
  job.statusReason = statusReason;
  noteWait(world, job, "BLOCKED", statusReason);
  world.fact({
    kind: "JobQueueBlocked",
    time: world.now,
    jobId: job.jobId,
    jobKey: job.key,
    jobQueue: queue.name,
    statusReason,
  });
  const action = timeLimitActionFor(queue, statusReason);
  if (action) world.events.push(world.now + action.maxTimeSeconds, EVENT.TIME_LIMIT, queue.index);
}

/** The queue's first jobStateTimeLimitAction whose reason code starts the blocked statusReason. */
export function timeLimitActionFor(queue: QueueState, statusReason: string) {
  return queue.def.jobStateTimeLimitActions.find((a) => statusReason.startsWith(a.reason)) ?? null;
}

/**
 * A time-limit action's clock ran out (§13.4): if the same job still blocks the queue with a matching
 * reason for the whole maxTimeSeconds, it is cancelled and the next job moves to the head.
 */
export function onTimeLimit(world: World, queue: QueueState): void {
  const job = queue.blockedBy;
  if (job?.status !== "RUNNABLE") return;
  const action = timeLimitActionFor(queue, job.statusReason);
  if (!action || queue.blockedSince + action.maxTimeSeconds > world.now) return;
  queue.blockedBy = null;
  const code = action.reason;
  transition(world, job, "FAILED", `Canceled by JobStateTimeLimit action due to reason: ${code}`, {
    isCancelled: true,
  });
}

/**
 * One cycle of a fair-share queue (§13.10–11): shares by lowest usage, computeReservation holding
 * back (cr/100)^N of the queue's maximum vCPU while N shares are active.
 */
function scanFairShareQueue(world: World, queue: QueueState) {
  const fair = queue.fair!;
  const now = world.now;
  const weights = fair.weights(now);
  const shares = [...fair.shares.values()];
  for (const share of shares) share.usage = share.tracker.usage(now, weights.get(share)!);
  const cr = fair.policy.computeReservation;
  const cap = queue.reservationCapVcpus(now);
  const w = fair.windowSeconds;
  let placedHere = 0;
  return scanFairShare(shares, {
    place: (job) => {
      // One reason per job and cycle: capacity taken by lower-usage shares first, else the capacity's own.
      const why: { reason?: WaitReason; detail?: string } = {};
      const outcome = tryPlace(world, job, (reason, detail) => {
        why.reason = reason;
        why.detail = detail;
      });
      if (outcome.kind === "placed") placedHere++;
      else if (why.reason !== undefined) {
        if (placedHere > 0) {
          const share = queue.shareOf(job)!.shareIdentifier;
          noteWait(
            world,
            job,
            "SHARE_ORDER",
            `shares with lower usage went first (share ${share})`,
          );
        } else noteWait(world, job, why.reason, why.detail ?? "");
      }
      return outcome;
    },
    withinReservation: (job) => {
      if (queue.inUseVcpus + job.vcpusInUse <= cap + 1e-9) return true;
      noteWait(
        world,
        job,
        "RESERVATION",
        `computeReservation ${cr} holds back capacity: ${queue.inUseVcpus} of ${cap.toFixed(1)} vCPU in use by ${fair.activeCount(now)} active shares`,
      );
      return false;
    },
    usageAfter: (share, job) =>
      share.usage + weights.get(share as ShareState)! * job.vcpusInUse * (w > 0 ? w / 2 : 1),
  });
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
  // The list grows while it is read: a failure cascades down whole chains.
  const resolved = world.resolved;
  if (resolved.length === 0) return;
  for (let i = 0; i < resolved.length; i++) {
    const job = resolved.at(i);
    if (job.status !== "PENDING" || job.array) continue;
    if (job.depFailed) transition(world, job, "FAILED", DEPENDENT_JOB_FAILED);
    else if (job.depsLeft > 0) continue;
    else if (job.cancelReason !== null) {
      transition(world, job, "FAILED", job.cancelReason, { isCancelled: true });
    } else makeRunnable(world, job);
  }
  resolved.clear();
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
function tryPlace(
  world: World,
  job: Job,
  note?: (reason: WaitReason, detail: string) => void,
): PlaceOutcome {
  // No closure or list per call unless needed: this runs for every placement attempt.
  let atMax: string[] | null = null;
  for (const ce of job.queue.computeEnvironments) {
    if (!ce.enabled || !ce.canEverFit(job.shape)) continue;
    if (ce.fargate) {
      // A task of the job's size starts at once while the CE's tasks stay within maxvCpus (§7).
      if (ce.canStartTask(job.shape.vcpus)) {
        place(world, job, ce, world.startTask(ce, job));
        return PLACED;
      }
      atMax = withName(atMax, ce.name);
      continue;
    }
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
    const growth = ce.growthFor(job.shape, world.poolFull);
    if (growth === "yes") {
      say(world, job, note, "SCALING", detailOf(SCALING_DETAILS, ce.name, scalingDetail));
      return WAIT;
    }
    if (growth === "pool") {
      // §13.6: every type that fits has a full pool (settings.poolCapacity).
      const type = ce.chooseType(job.shape)?.type.instanceType ?? "";
      job.statusReason = `${INSUFFICIENT_CAPACITY} [${type}]`;
      say(world, job, note, "CAPACITY", job.statusReason);
      return WAIT;
    }
    if (ce.managed) atMax = withName(atMax, ce.name);
  }
  const statusReason = job.queue.neverReason(job.shape);
  if (statusReason) return { kind: "never", statusReason };
  if (atMax !== null) say(world, job, note, "AT_MAX", detailOf(AT_MAX_DETAILS, atMax, atMaxDetail));
  else
    say(
      world,
      job,
      note,
      "NO_ROOM",
      "no ready instance of an enabled compute environment has room",
    );
  return WAIT;
}

/**
 * A wait's detail, made once per CE (or list of CEs): a detail string built per failed placement
 * was garbage, and comparing it with the job's last one flattened it.
 */
function detailOf<K extends string | readonly string[]>(
  cache: Map<string, string>,
  key: K,
  make: (key: K) => string,
): string {
  const id = typeof key === "string" ? key : key.join("\n");
  let detail = cache.get(id);
  if (detail === undefined) {
    detail = make(key);
    cache.set(id, detail);
  }
  return detail;
}
const SCALING_DETAILS = new Map<string, string>();
const AT_MAX_DETAILS = new Map<string, string>();
const scalingDetail = (ce: string) =>
  `compute environment ${ce} can still scale out: instances launching or booting`;
const atMaxDetail = (ces: readonly string[]) => `at maxvCpus with no room: ${ces.join(", ")}`;

/** `names` with `name` added (a list made only when there is a first name). */
function withName(names: string[] | null, name: string): string[] {
  if (names === null) return [name];
  names.push(name);
  return names;
}

/** Why a job waits: to `note` when the caller collects reasons, else noted on the job. */
function say(
  world: World,
  job: Job,
  note: ((reason: WaitReason, detail: string) => void) | undefined,
  reason: WaitReason,
  detail: string,
): void {
  if (note) note(reason, detail);
  else noteWait(world, job, reason, detail);
}

/** States why a RUNNABLE job was not placed, when that differs from what was last said. */
export function noteWait(world: World, job: Job, reason: WaitReason, detail: string): void {
  // Two fields, not one `reason|detail` string: a string built per failed placement was ~100 bytes
  // of garbage per job in a backlog.
  if (job.waitReason === reason && job.waitDetail === detail) return;
  job.waitReason = reason;
  job.waitDetail = detail;
  world.fact({
    kind: "JobWaiting",
    time: world.now,
    jobId: job.jobId,
    jobKey: job.key,
    reason,
    detail,
  });
}

const PLACED: PlaceOutcome = { kind: "placed" };
const WAIT: PlaceOutcome = { kind: "wait" };

/** One scaling cycle's scale-out: launches what the waiting demand needs (§13.5). */
export function scaleOutCycle(world: World): void {
  world.scalePending = false;
  const demands: Demand[] = [];
  for (const queue of world.queuesByPriority) {
    if (queue.blockedBy) continue;
    // Only MANAGED EC2/Spot CEs launch instances: a queue of UNMANAGED fleets or Fargate CEs
    // adds no demand to plan (a saturated fixed fleet would otherwise rebuild it every cycle).
    if (!queue.computeEnvironments.some((ce) => ce.managed && !ce.fargate)) continue;
    // Within a queue, shapes in FIFO order of their first job.
    const buckets = queue
      .runnableQueues()
      .flatMap((r) => [...r.buckets.values()])
      .filter((b) => b.size > 0);
    buckets.sort((a, b) => a.peek()!.order - b.peek()!.order);
    // Launch no more than computeReservation lets the queue use (§13.11).
    let room = queue.reservationCapVcpus(world.now) - queue.inUseVcpus;
    for (const bucket of buckets) {
      const perJob =
        bucket.shape.nodes > 0 ? bucket.shape.nodes * bucket.shape.vcpus : bucket.shape.vcpus;
      const count = Number.isFinite(room)
        ? Math.min(bucket.size, Math.floor(room / Math.max(perJob, 1e-9)))
        : bucket.size;
      if (count <= 0) continue;
      if (Number.isFinite(room)) room -= count * perJob;
      demands.push({ computeEnvironments: queue.computeEnvironments, shape: bucket.shape, count });
    }
  }
  for (const { ce, option } of planScaleOut(demands, world.pool)) world.launch(ce, option);
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
