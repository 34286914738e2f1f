/** `actions:` → normalised operations at simulated times, every target and bound checked. */
import type { Catalog } from "../model/catalog.ts";
import {
  checkComputeEnvironmentOrder,
  platformKind,
  type QueueKindReference,
  queueKind,
} from "./build-job-queues.ts";
import { type BuildContext, parseItems, stripArn } from "./context.ts";
import type { DependencyNode } from "./dependencies.ts";
import { didYouMean } from "./did-you-mean.ts";
import { atKey, atValue, type DocPath } from "./problem.ts";
import { ACTION_KINDS, type ActionInput, actionSchema } from "./schema-actions.ts";
import type { Action, ComputeEnvironment, JobQueue } from "./types.ts";
import { formatDuration, parseDurationSeconds } from "./units.ts";

/** What actions may name. */
export interface ActionTargets {
  /** Every CE name written in the file. */
  readonly ceNames: ReadonlySet<string>;
  /** The CEs that built. */
  readonly computeEnvironments: readonly ComputeEnvironment[];
  /** Every job queue name written in the file. */
  readonly queueNames: ReadonlySet<string>;
  /** The job queues that built (an updateJobQueue keeps a queue's platform kind). */
  readonly jobQueues: readonly JobQueue[];
  /** Queues that receive multi-node parallel jobs (an update may not give them CEs MNP cannot use). */
  readonly multinodeQueues: ReadonlySet<string>;
  /** The explicit jobs (of `jobs:` lists). */
  readonly explicitJobs: readonly DependencyNode[];
  readonly untilSeconds: number | null;
  /** The merged catalog: storm actions name its instance types. */
  readonly catalog: Catalog;
}

/** The names of the raw `actions:` list that the workload checks need before actions are built. */
export interface RawActionNames {
  /** jobNames of cancelJob / terminateJob actions. */
  readonly jobNames: Set<string>;
  /** Queues some updateJobQueue action sets ENABLED. */
  readonly enabledQueues: Set<string>;
}

/** Scans the raw list (before validation) for the job names and queue enablings it holds. */
export function rawActionNames(list: readonly unknown[]): RawActionNames {
  const out: RawActionNames = { jobNames: new Set(), enabledQueues: new Set() };
  for (const item of list) {
    const a = item as Partial<Record<string, Record<string, unknown>>> | null;
    if (a === null || typeof a !== "object") continue;
    for (const kind of ["cancelJob", "terminateJob"]) {
      const name = a[kind]?.jobName;
      if (typeof name === "string") out.jobNames.add(name);
    }
    const q = a.updateJobQueue;
    if (q && q.state === "ENABLED" && typeof q.jobQueue === "string")
      out.enabledQueues.add(stripArn(q.jobQueue));
  }
  return out;
}

/** Builds the actions that passed their schema, in time order (ties: list order). */
export function buildActions(
  ctx: BuildContext,
  list: readonly unknown[],
  targets: ActionTargets,
): Action[] {
  const parsed = parseItems(actionSchema, list).map(({ index, item }) => ({
    index,
    item,
    atSeconds: parseDurationSeconds(item.at) ?? 0,
  }));
  // Stable: Array.prototype.sort keeps list order among equal times.
  parsed.sort((a, b) => a.atSeconds - b.atSeconds);
  const bounds = new Map<string, { min: number; max: number }>();
  for (const ce of targets.computeEnvironments) {
    const cr = ce.computeResources;
    if (cr) bounds.set(ce.computeEnvironmentName, { min: cr.minvCpus, max: cr.maxvCpus });
  }
  const out: Action[] = [];
  for (const { index, item, atSeconds } of parsed) {
    const path = ["actions", index];
    const until = targets.untilSeconds;
    if (until !== null && atSeconds > until) {
      ctx.problems.push(
        atValue([...path, "at"], `after the end of the run (until: ${formatDuration(until)})`),
      );
    }
    const kinds = ACTION_KINDS.filter((k) => item[k] !== undefined);
    const [kind, ...extra] = kinds;
    for (const k of extra) {
      ctx.problems.push(
        atKey([...path, k], `one operation per action (this one already has ${kind})`),
      );
    }
    if (kind === undefined) {
      ctx.problems.push(atValue(path, `needs one of ${ACTION_KINDS.join(", ")}`));
      continue;
    }
    const action = buildOne(ctx, kind, item, atSeconds, [...path, kind], targets, bounds);
    if (action) out.push(action);
  }
  return out;
}

function buildOne(
  ctx: BuildContext,
  kind: (typeof ACTION_KINDS)[number],
  item: ActionInput,
  atSeconds: number,
  path: DocPath,
  targets: ActionTargets,
  bounds: Map<string, { min: number; max: number }>,
): Action | undefined {
  const p = ctx.problems;
  const before = p.length;
  if (kind === "cancelJob" || kind === "terminateJob") {
    const op = item[kind];
    if (!op) return undefined;
    if (op.jobId !== undefined) {
      p.push(
        atKey(
          [...path, "jobId"],
          "refer to jobs by jobName (job ids are assigned by the simulator)",
        ),
      );
      return undefined;
    }
    if (op.jobName === undefined) {
      p.push(atValue([...path, "jobName"], "required"));
      return undefined;
    }
    const job = targets.explicitJobs.find((j) => j.jobName === op.jobName);
    if (!job) {
      const names = targets.explicitJobs.map((j) => j.jobName);
      p.push(
        atValue(
          [...path, "jobName"],
          `unknown job ${op.jobName}: actions name jobs of jobs: lists${didYouMean(op.jobName, names)}`,
        ),
      );
      return undefined;
    }
    // The simulator applies the actions of an instant before its submissions (so enabling a queue at
    // t accepts the jobs of t): an action at its job's own instant would find no job yet.
    if (job.atSeconds >= atSeconds) {
      const when = formatDuration(job.atSeconds);
      p.push(
        atValue(
          [...path.slice(0, -1), "at"],
          job.atSeconds > atSeconds
            ? `the job is submitted at ${when}, after this action`
            : `the job is submitted at ${when}, the same instant: actions run before the submissions of their instant, so give a later at`,
        ),
      );
    }
    return p.length > before
      ? undefined
      : { atSeconds, kind, jobName: op.jobName, reason: op.reason };
  }
  if (kind === "updateComputeEnvironment") {
    const op = item.updateComputeEnvironment;
    if (!op) return undefined;
    const name = stripArn(op.computeEnvironment);
    if (!targets.ceNames.has(name)) {
      p.push(
        atValue(
          [...path, "computeEnvironment"],
          `unknown compute environment ${name}${didYouMean(name, targets.ceNames)}`,
        ),
      );
      return undefined;
    }
    const ce = targets.computeEnvironments.find((c) => c.computeEnvironmentName === name);
    const cr = op.computeResources;
    const crPath = [...path, "computeResources"];
    if (cr && ce?.type === "UNMANAGED") {
      p.push(atKey(crPath, `${name} is UNMANAGED: it has no computeResources to update`));
    }
    if (cr && ce && platformKind(ce) === "FARGATE") {
      for (const key of ["minvCpus", "desiredvCpus"] as const) {
        if (cr[key] !== undefined)
          p.push(
            atKey(
              [...crPath, key],
              `not for Fargate compute environments (${name} is ${ce.computeResources?.type})`,
            ),
          );
      }
    }
    const now = bounds.get(name);
    if (cr && now) {
      const min = cr.minvCpus ?? now.min;
      const max = cr.maxvCpus ?? now.max;
      if (min > max) {
        p.push(
          cr.minvCpus !== undefined
            ? atValue(
                [...crPath, "minvCpus"],
                `minvCpus (${min}) must not exceed maxvCpus (${max})`,
              )
            : atValue(
                [...crPath, "maxvCpus"],
                `maxvCpus (${max}) must not be below minvCpus (${min})`,
              ),
        );
      }
      const desired = cr.desiredvCpus;
      if (desired !== undefined && desired > max) {
        p.push(
          atValue(
            [...crPath, "desiredvCpus"],
            `desiredvCpus (${desired}) must not exceed maxvCpus (${max})`,
          ),
        );
      } else if (desired !== undefined && desired < min) {
        p.push(
          atValue(
            [...crPath, "desiredvCpus"],
            `desiredvCpus (${desired}) must not be below minvCpus (${min})`,
          ),
        );
      }
      if (p.length === before) bounds.set(name, { min, max });
    }
    return p.length > before
      ? undefined
      : {
          atSeconds,
          kind,
          computeEnvironment: name,
          state: op.state ?? null,
          minvCpus: cr?.minvCpus ?? null,
          maxvCpus: cr?.maxvCpus ?? null,
          desiredvCpus: cr?.desiredvCpus ?? null,
        };
  }
  if (kind === "spotInterruption") {
    const op = item.spotInterruption;
    if (!op) return undefined;
    const instanceTypes = op.instanceTypes ?? null;
    if (instanceTypes) checkSizes(ctx, instanceTypes, [...path, "instanceTypes"], targets.catalog);
    const ceName = op.computeEnvironment === undefined ? null : stripArn(op.computeEnvironment);
    if (ceName !== null) checkSpotCe(ctx, ceName, [...path, "computeEnvironment"], targets);
    return p.length > before
      ? undefined
      : { atSeconds, kind, fraction: op.fraction, instanceTypes, computeEnvironment: ceName };
  }
  if (kind === "capacityUnavailable") {
    const op = item.capacityUnavailable;
    if (!op) return undefined;
    checkSizes(ctx, op.instanceTypes, [...path, "instanceTypes"], targets.catalog);
    const durationSeconds = parseDurationSeconds(op.for) ?? 0;
    if (durationSeconds <= 0) p.push(atValue([...path, "for"], "must be > 0"));
    return p.length > before
      ? undefined
      : { atSeconds, kind, instanceTypes: op.instanceTypes, durationSeconds };
  }
  const op = item.updateJobQueue;
  if (!op) return undefined;
  const name = stripArn(op.jobQueue);
  if (!targets.queueNames.has(name)) {
    p.push(
      atValue(
        [...path, "jobQueue"],
        `unknown job queue ${name}${didYouMean(name, targets.queueNames)}`,
      ),
    );
    return undefined;
  }
  const order = op.computeEnvironmentOrder;
  const builtCes = new Map<string, ComputeEnvironment>();
  for (const ce of targets.computeEnvironments)
    if (!builtCes.has(ce.computeEnvironmentName)) builtCes.set(ce.computeEnvironmentName, ce);
  const computeEnvironments = order
    ? checkComputeEnvironmentOrder(
        ctx,
        order,
        [...path, "computeEnvironmentOrder"],
        targets.ceNames,
        builtCes,
        kindReference(name, targets.jobQueues, builtCes),
      )
    : null;
  if (order && targets.multinodeQueues.has(name)) {
    order.forEach((entry, i) => {
      const ce = builtCes.get(stripArn(entry.computeEnvironment));
      const kind = !ce
        ? undefined
        : ce.type === "UNMANAGED"
          ? "UNMANAGED compute environments"
          : ce.computeResources?.type === "SPOT"
            ? "Spot compute environments"
            : platformKind(ce) === "FARGATE"
              ? "Fargate"
              : undefined;
      if (!ce || !kind) return;
      p.push(
        atValue(
          [...path, "computeEnvironmentOrder", i, "computeEnvironment"],
          `multi-node parallel jobs are not supported on ${kind} (job queue ${name} receives multi-node parallel jobs; ${ce.computeEnvironmentName} is ${ce.computeResources?.type ?? ce.type})`,
        ),
      );
    });
  }
  return p.length > before
    ? undefined
    : {
        atSeconds,
        kind,
        jobQueue: name,
        state: op.state ?? null,
        priority: op.priority ?? null,
        computeEnvironments,
      };
}

/** The platform kind a queue was created with, which its updates must keep; undefined if mixed or unknown. */
function kindReference(
  jobQueue: string,
  jobQueues: readonly JobQueue[],
  builtCes: ReadonlyMap<string, ComputeEnvironment>,
): QueueKindReference | undefined {
  const queue = jobQueues.find((q) => q.jobQueueName === jobQueue);
  if (!queue) return undefined;
  const ces = queue.computeEnvironments.flatMap((n) => builtCes.get(n) ?? []);
  const kind = queueKind(ces);
  return kind && { jobQueue, kind, computeEnvironments: queue.computeEnvironments };
}

/** Each entry must be an instance type size of the catalog (a family or alias is not one). */
function checkSizes(
  ctx: BuildContext,
  entries: readonly string[],
  path: DocPath,
  catalog: Catalog,
): void {
  entries.forEach((entry, i) => {
    if (catalog.byName.has(entry)) return;
    if (catalog.families.has(entry)) {
      const sizes = catalog.types.filter((t) => t.family === entry).map((t) => t.instanceType);
      const example = sizes.includes(`${entry}.xlarge`) ? `${entry}.xlarge` : sizes[0];
      ctx.problems.push(atValue([...path, i], `a size like ${example}, not the family ${entry}`));
      return;
    }
    ctx.problems.push(
      atValue(
        [...path, i],
        `unknown instance type ${entry}${didYouMean(entry, catalog.byName.keys())}`,
      ),
    );
  });
}

/** The compute environment exists and is a SPOT or FARGATE_SPOT one. */
function checkSpotCe(ctx: BuildContext, name: string, path: DocPath, targets: ActionTargets): void {
  if (!targets.ceNames.has(name)) {
    ctx.problems.push(
      atValue(path, `unknown compute environment ${name}${didYouMean(name, targets.ceNames)}`),
    );
    return;
  }
  // A CE that did not build has its own problems already.
  const ce = targets.computeEnvironments.find((c) => c.computeEnvironmentName === name);
  const type = ce ? (ce.computeResources?.type ?? ce.type) : "SPOT";
  if (type !== "SPOT" && type !== "FARGATE_SPOT") {
    ctx.problems.push(
      atValue(
        path,
        `${name} is not a SPOT or FARGATE_SPOT compute environment (its type is ${type}): only Spot instances and Fargate Spot tasks are interrupted`,
      ),
    );
  }
}
