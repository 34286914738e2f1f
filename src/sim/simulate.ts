import { createRng } from "../engine/rng.ts";
import type { Scenario } from "../scenario/types.ts";
import { createSubmissionSource } from "../workload/source.ts";
import { applyAction } from "./actions.ts";
import { onAttemptEnd, onRunning } from "./attempts.ts";
import { onTimeLimit, scaleOutCycle, schedulerCycle, startCapacity } from "./cycles.ts";
import type { Fact, FactSink } from "./facts.ts";
import { describeTime, InvariantChecker } from "./invariants.ts";
import { submit } from "./lifecycle.ts";
import { EVENT } from "./priorities.ts";
import { onSpotNotice, onSpotPrice, onSpotReclaim } from "./spot.ts";
import { World } from "./world.ts";

/** What simulate() returns besides the facts it streamed. */
export interface SimulateResult {
  /** Seconds since scenario start when the run ended (the horizon, or when nothing more could happen). */
  readonly endSeconds: number;
  /** Engine events processed (for progress and benchmarks). */
  readonly eventsProcessed: number;
  readonly jobsSubmitted: number;
}

/** Options of simulate(). */
export interface SimulateOptions {
  /**
   * Check every fact against the invariants (default true). Only a caller that checks the facts
   * itself may turn them off: the run folder (cli/run-folder.ts) passes them through an
   * InvariantChecker before its folds, batch by batch, to time the checks apart — and, split in two
   * workers (cli/run-parts.ts), in one of them only, since both simulate the very same facts.
   */
  readonly invariants?: boolean;
}

/**
 * Runs the scenario to its end, handing every fact to `sink` in time order. Deterministic: the same
 * scenario (including its seed) gives the same facts. Throws only on a broken invariant (a bug).
 *
 * The end (§13.21): with `until`, exactly then; otherwise when no event is left — every job
 * terminal, every submission made, every managed CE scaled in as far as it may — at the time of the
 * last fact. Instances still up are then billed to the end.
 */
export function simulate(
  scenario: Scenario,
  sink: FactSink,
  options: SimulateOptions = {},
): SimulateResult {
  const rng = createRng(scenario.seed);
  // Every fact passes the invariant checks (invariants.ts) before the caller sees it.
  const checker = options.invariants === false ? null : new InvariantChecker(scenario.startEpochMs);
  const checked =
    checker === null
      ? sink
      : (f: Fact): void => {
          checker.check(f);
          sink(f);
        };
  const world = new World(scenario, checked, rng);
  const source = createSubmissionSource(scenario, rng);
  const horizon = scenario.untilSeconds ?? Number.POSITIVE_INFINITY;
  const { events } = world;
  startCapacity(world);
  for (const [i, action] of scenario.actions.entries())
    events.push(action.atSeconds, EVENT.ACTION, i);
  for (const [i, change] of world.spotPriceChanges.entries())
    events.push(change.atSeconds, EVENT.SPOT_PRICE, i);
  // The next submission, like the requested scheduler cycle (World.cycleAt), is kept beside the
  // heap and taken in its place in the (time, priority, seq) order: there is never more than one
  // of either (another scheduler cycle in the heap at the same instant, an action's, is the same
  // call, so which runs first does not matter). Infinity / NaN: none.
  let submissionAt = source.peekTime();
  let processed = 0;
  let actionsLeft = scenario.actions.length;
  // Without `until`, the run ends when nothing more can happen to a job (§13.21); see World.workDone.
  const settle = (): void => {
    world.workDone =
      horizon === Number.POSITIVE_INFINITY &&
      actionsLeft === 0 &&
      source.peekTime() === Number.POSITIVE_INFINITY;
  };
  settle();
  for (;;) {
    const time = events.peekTime(); // Infinity when empty
    // The earlier of the two kept beside the heap; at one instant the submission (priority 7)
    // before the cycle (8). NaN compares false.
    const cycleAt = world.cycleAt;
    const cycleFirst = cycleAt < submissionAt;
    const keptAt = cycleFirst ? cycleAt : submissionAt;
    const keptKind = cycleFirst ? EVENT.SCHEDULER_CYCLE : EVENT.SUBMISSION;
    if (keptAt < time || (keptAt === time && events.peekPriority() >= keptKind)) {
      if (keptAt > horizon) break;
      if (keptAt < world.now) throw wentBackwards(keptAt, world.now, scenario.startEpochMs);
      world.now = keptAt;
      processed++;
      if (cycleFirst) {
        world.cycleAt = Number.NaN;
        schedulerCycle(world);
      } else {
        submit(world, source.next()!);
        submissionAt = source.peekTime();
        if (submissionAt === Number.POSITIVE_INFINITY) settle();
      }
      continue;
    }
    if (events.size === 0 || time > horizon) break;
    if (time < world.now) throw wentBackwards(time, world.now, scenario.startEpochMs);
    const kind = events.peekPriority();
    const payload = events.pop();
    world.now = time;
    processed++;
    dispatch(world, kind, payload);
    if (kind === EVENT.ACTION) {
      actionsLeft--;
      settle();
    }
  }
  world.now = Number.isFinite(horizon) ? horizon : world.lastFactTime;
  for (const inst of [...world.liveInstances.values()]) world.terminate(inst, "end of run");
  checked({ kind: "RunEnded", time: world.now });
  checker?.checkCreated(world.keyCount);
  return { endSeconds: world.now, eventsProcessed: processed, jobsSubmitted: world.keyCount };
}

/** Apart from the loop: a message template there would count in V8's inlining budget (docs/design.md). */
function wentBackwards(time: number, now: number, startEpochMs: number): Error {
  return new Error(
    `invariant: event queue at ${describeTime(time, startEpochMs)}: time went backwards (now ${now} s)`,
  );
}

function dispatch(world: World, kind: number, payload: number): void {
  switch (kind) {
    case EVENT.JOB_ATTEMPT_END: {
      const job = world.liveJobs.get(payload);
      // A stale end (the attempt was terminated earlier) no longer matches the job's endAt.
      if (job?.status === "RUNNING" && job.endAt === world.now) onAttemptEnd(world, job);
      return;
    }
    case EVENT.INSTANCE_READY: {
      const inst = world.liveInstances.get(payload);
      if (inst && !inst.ready) world.onReady(inst);
      return;
    }
    case EVENT.JOB_RUNNING: {
      const job = world.liveJobs.get(payload);
      if (job?.status === "STARTING") onRunning(world, job);
      return;
    }
    case EVENT.ACTION:
      applyAction(world, world.scenario.actions[payload]!, payload);
      return;
    case EVENT.SCHEDULER_CYCLE:
      schedulerCycle(world);
      return;
    case EVENT.SCALE_IN_CHECK: {
      const inst = world.liveInstances.get(payload);
      if (inst) world.onScaleInCheck(inst);
      return;
    }
    case EVENT.SPOT_NOTICE: {
      const inst = world.liveInstances.get(payload);
      // Once the work is done, idle Spot capacity (a minvCpus floor) is no longer interrupted:
      // it would be interrupted and replaced forever. An instance running a job still is.
      if (inst && !(world.workDone && inst.jobCount === 0)) onSpotNotice(world, inst);
      return;
    }
    case EVENT.SPOT_RECLAIM: {
      const inst = world.liveInstances.get(payload);
      if (inst) onSpotReclaim(world, inst);
      return;
    }
    case EVENT.SPOT_PRICE:
      onSpotPrice(world, world.spotPriceChanges[payload]!);
      return;
    case EVENT.TIME_LIMIT:
      onTimeLimit(world, world.queues[payload]!);
      return;
    case EVENT.SCALE_OUT:
      scaleOutCycle(world);
      return;
  }
}
