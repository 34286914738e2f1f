import type { Action } from "../scenario/types.ts";
import { cancelJob, terminateJob } from "./cancel.ts";
import { launchToFloor } from "./cycles.ts";
import type { World } from "./world.ts";

/**
 * Applies one `actions:` entry at its time: CancelJob / TerminateJob by jobName, or
 * UpdateComputeEnvironment / UpdateJobQueue. Configuration changes drop cached "can this ever run"
 * answers and unblock queues, then a cycle looks again.
 */
export function applyAction(world: World, action: Action): void {
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
  }
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
