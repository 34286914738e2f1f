import type { Action } from "../scenario/types.ts";
import { cancelJob, terminateJob } from "./cancel.ts";
import { launchToFloor } from "./cycles.ts";
import { EVENT } from "./priorities.ts";
import { onSpotNotice } from "./spot.ts";
import type { World } from "./world.ts";

/**
 * Applies one `actions:` entry at its time: CancelJob / TerminateJob by jobName, or
 * UpdateComputeEnvironment / UpdateJobQueue. Configuration changes drop cached "can this ever run"
 * answers and unblock queues, then a cycle looks again.
 */
export function applyAction(world: World, action: Action, index = 0): void {
  switch (action.kind) {
    case "cancelJob":
    case "terminateJob": {
      const job = world.namedJobs.get(action.jobName);
      if (job) (action.kind === "cancelJob" ? cancelJob : terminateJob)(world, job, action.reason);
      const target = job?.jobId ?? action.jobName;
      const detail = job ? action.reason : `${action.reason} (the job was rejected at submission)`;
      world.fact({ kind: "ActionApplied", time: world.now, action: action.kind, target, detail });
      return;
    }
    case "updateComputeEnvironment":
      updateComputeEnvironment(world, action);
      return;
    case "updateJobQueue":
      updateJobQueue(world, action);
      return;
    case "spotInterruption":
      spotInterruption(world, action, index);
      return;
    case "capacityUnavailable":
      capacityUnavailable(world, action);
      return;
  }
}

/**
 * A Spot storm (simulator-only): each live Spot instance (or Fargate Spot task) of the chosen CE and types gets an
 * interruption notice now with probability `fraction`, drawn per instance in launch order from the
 * action's own stream `storm/<action index>`.
 */
function spotInterruption(
  world: World,
  action: Extract<Action, { kind: "spotInterruption" }>,
  index: number,
): void {
  const rng = world.rng.fork(`storm/${index}`);
  let noticed = 0;
  for (const inst of [...world.liveInstances.values()].sort((a, b) => a.index - b.index)) {
    const ce = world.ces[inst.ceIndex]!;
    if (!(ce.spot || ce.fargateSpot) || inst.reclaiming) continue;
    if (action.computeEnvironment !== null && ce.name !== action.computeEnvironment) continue;
    if (action.instanceTypes !== null && !action.instanceTypes.includes(inst.type.instanceType))
      continue;
    if (rng.next() >= action.fraction) continue;
    onSpotNotice(world, inst);
    noticed++;
  }
  const scope = `${action.computeEnvironment ?? "every SPOT CE"}, ${action.instanceTypes?.join(" ") ?? "every type"}`;
  world.fact({
    kind: "ActionApplied",
    time: world.now,
    action: "spotInterruption",
    target: scope,
    detail: `fraction ${action.fraction}: ${noticed} instances noticed`,
  });
}

/** A capacity shortage (simulator-only): the types cannot be launched until the time is up. */
function capacityUnavailable(
  world: World,
  action: Extract<Action, { kind: "capacityUnavailable" }>,
): void {
  const until = world.now + action.durationSeconds;
  for (const type of action.instanceTypes) world.unavailableUntil.set(type, until);
  world.fact({
    kind: "ActionApplied",
    time: world.now,
    action: "capacityUnavailable",
    target: action.instanceTypes.join(" "),
    detail: `until ${until} s`,
  });
  // When the shortage ends, look again: waiting jobs may launch.
  world.events.push(until, EVENT.SCHEDULER_CYCLE, 0);
  world.events.push(until, EVENT.SCALE_OUT, 0);
}

function updateComputeEnvironment(
  world: World,
  action: Extract<Action, { kind: "updateComputeEnvironment" }>,
): void {
  const ce = world.ces.find((c) => c.name === action.computeEnvironment)!;
  const changes: string[] = [];
  if (action.state !== null) {
    ce.state = action.state;
    changes.push(`state ${action.state}`);
  }
  if (action.minvCpus !== null) {
    ce.minvCpus = action.minvCpus;
    changes.push(`minvCpus ${action.minvCpus}`);
  }
  if (action.maxvCpus !== null) {
    ce.maxvCpus = action.maxvCpus;
    changes.push(`maxvCpus ${action.maxvCpus}`);
  }
  if (action.desiredvCpus !== null) {
    ce.desiredvCpus = action.desiredvCpus;
    changes.push(`desiredvCpus ${action.desiredvCpus}`);
  }
  world.fact({
    kind: "ActionApplied",
    time: world.now,
    action: "updateComputeEnvironment",
    target: ce.name,
    detail: changes.join(", "),
  });
  // Model: a raised minvCpus/desiredvCpus launches at once; a lowered maxvCpus stops nothing that runs.
  if (ce.managed) launchToFloor(world, ce);
  world.configurationChanged();
  world.requestScale();
}

function updateJobQueue(world: World, action: Extract<Action, { kind: "updateJobQueue" }>): void {
  const queue = world.queueByName.get(action.jobQueue)!;
  const changes: string[] = [];
  if (action.state !== null) {
    queue.state = action.state;
    changes.push(`state ${action.state}`);
  }
  if (action.priority !== null) {
    queue.priority = action.priority;
    world.sortQueues();
    changes.push(`priority ${action.priority}`);
  }
  if (action.computeEnvironments !== null) {
    queue.computeEnvironments = action.computeEnvironments.map(
      (name) => world.ces.find((c) => c.name === name)!,
    );
    changes.push(`computeEnvironmentOrder ${action.computeEnvironments.join(", ")}`);
  }
  world.fact({
    kind: "ActionApplied",
    time: world.now,
    action: "updateJobQueue",
    target: queue.name,
    detail: changes.join(", "),
  });
  world.configurationChanged();
}
