/** One job's JobSpec from its SubmitJob request, its definition and the `sim:` blocks that apply. */

import type { Catalog } from "../model/catalog.ts";
import type { DefinitionInfo } from "./build-job-definitions.ts";
import { describeKind, queueKind } from "./build-job-queues.ts";
import type { BuildContext } from "./context.ts";
import { stripArn } from "./context.ts";
import { didYouMean } from "./did-you-mean.ts";
import { layOutJob, nodeGroups } from "./node-overrides.ts";
import { atKey, atValue, type DocPath } from "./problem.ts";
import { checkFargateSize, mergeResources, type Resources, readResources } from "./resources.ts";
import { NO_RETRY, toRetryStrategy } from "./retry.ts";
import type { SubmitInput } from "./schema-submit.ts";
import { DEFAULT_EXIT_CODES, type SimBlock } from "./sim-block.ts";
import type { ComputeEnvironment, JobSpec, NodeProperties } from "./types.ts";

/** What a SubmitJob may refer to: every name written in the file, and the definitions that built. */
export interface References {
  readonly queueNames: ReadonlySet<string>;
  /** Queues created with `state: DISABLED` that no updateJobQueue action enables: AWS rejects SubmitJob to them. */
  readonly disabledQueues: ReadonlySet<string>;
  readonly definitionNames: ReadonlySet<string>;
  readonly definitions: ReadonlyMap<string, DefinitionInfo>;
  /** Problems that would repeat for every job of a stream are reported once: keys already reported. */
  readonly reported: Set<string>;
  /** Instance types a multi-node job may name. */
  readonly catalog: Catalog;
  /** Each queue's compute environments (those that built), in order. */
  readonly queueComputeEnvironments: ReadonlyMap<string, readonly ComputeEnvironment[]>;
  /** Each queue (that built) → its scheduling policy's name, or null: FIFO. */
  readonly queuePolicies: ReadonlyMap<string, string | null>;
}

/**
 * Builds a JobSpec, or undefined (with problems pushed) when a reference or resource is wrong.
 * `sims` are the job's own `sim:` blocks, most specific first; the definition's comes last.
 * `ownerPath` is where "no runtime" points when no block gives one.
 */
export function buildJobSpec(
  ctx: BuildContext,
  submit: SubmitInput,
  submitPath: DocPath,
  sims: readonly SimBlock[],
  ownerPath: DocPath,
  refs: References,
): JobSpec | undefined {
  const before = ctx.problems.length;
  const queue = stripArn(submit.jobQueue);
  if (!refs.queueNames.has(queue)) {
    ctx.problems.push(
      atValue(
        [...submitPath, "jobQueue"],
        `unknown job queue ${queue}${didYouMean(queue, refs.queueNames)}`,
      ),
    );
  } else if (refs.disabledQueues.has(queue)) {
    // AWS: a DISABLED queue accepts no new jobs. Only queues no action ever enables are listed here;
    // for the others the simulator rejects what arrives while the queue is DISABLED.
    ctx.problems.push(
      atValue(
        [...submitPath, "jobQueue"],
        `job queue ${queue} is DISABLED and no action enables it: AWS rejects SubmitJob to it`,
      ),
    );
  }
  const defName = resolveDefinition(
    ctx,
    submit.jobDefinition,
    [...submitPath, "jobDefinition"],
    refs,
  );
  const def = defName === undefined ? undefined : refs.definitions.get(defName);
  checkFairShare(ctx, submit, submitPath, queue, def, refs);
  if (def && !def.broken && !def.multinode) checkPlatform(ctx, submitPath, queue, def, refs);
  const overridesPath = [...submitPath, "containerOverrides"];
  const platform = def?.multinode ? "EC2" : (def?.platform ?? "EC2");
  const overrides = readResources(ctx, submit.containerOverrides, overridesPath, platform);
  if (!def || def.broken || ctx.problems.length > before) return undefined;
  const once = (kind: string): boolean => {
    // Once per stream (per step for a pipeline: each step has its own sim block).
    const depth = ownerPath[2] === "pipeline" ? 5 : 2;
    const key = `${ownerPath.slice(0, depth).join(".")}/${def.jobDefinitionName}/${kind}`;
    if (refs.reported.has(key)) return false;
    refs.reported.add(key);
    return true;
  };
  const missingResource = (type: string, where: string, how: string): void => {
    ctx.problems.push(
      atValue([...submitPath, "jobDefinition"], `${where} has no ${type}: give it in ${how}`),
    );
  };
  let resources: Resources;
  let nodeProperties: NodeProperties | null = null;
  let missing = false;
  if (def.multinode) {
    checkMultinodeSubmit(ctx, submit, submitPath, queue, refs);
    const layout = layOutJob(
      ctx,
      def.multinode,
      def.jobDefinitionName,
      submit.nodeOverrides,
      [...submitPath, "nodeOverrides"],
      refs.catalog,
    );
    if (!layout) return undefined;
    layout.ranges.forEach((range, i) => {
      for (const type of ["VCPU", "MEMORY"] as const) {
        if (!range.owns || range.resources[type]) continue;
        missing = true;
        if (once(`node range ${i}/${type}`)) {
          missingResource(
            type,
            `node range "${range.targetNodes}" of the job`,
            "its container.resourceRequirements or in nodeOverrides.nodePropertyOverrides",
          );
        }
      }
    });
    resources = layout.ranges[layout.owners[layout.mainNode] ?? 0]?.resources ?? {};
    nodeProperties = {
      numNodes: layout.numNodes,
      mainNode: layout.mainNode,
      groups: nodeGroups(layout),
      instanceType: layout.instanceType,
    };
  } else {
    if (submit.nodeOverrides) {
      ctx.problems.push(
        atKey(
          [...submitPath, "nodeOverrides"],
          `only for multi-node parallel jobs (job definition ${def.jobDefinitionName} is type: container)`,
        ),
      );
    }
    resources = mergeResources(ctx, def.resources, overrides, overridesPath);
    // A Fargate size is checked on the job's values: an override that breaks it is blamed (the
    // definition's own values were checked with the definition).
    const blame = overrides.MEMORY ?? overrides.VCPU;
    const size = platform === "FARGATE" && blame && checkFargateSize(resources, blame.path);
    if (size) ctx.problems.push(size);
    for (const type of ["VCPU", "MEMORY"] as const) {
      if (resources[type]) continue;
      missing = true;
      if (once(type)) {
        missingResource(
          type,
          "the job",
          "the job definition's resourceRequirements or in containerOverrides.resourceRequirements",
        );
      }
    }
  }
  const blocks = [...sims, def.sim];
  const runtime = blocks.find((b) => b.runtime !== undefined)?.runtime;
  if (!runtime && once("runtime")) {
    ctx.problems.push(
      atValue(
        ownerPath,
        "the job has no runtime: give sim.runtime in its job definition or its workload stream",
      ),
    );
  }
  const exitCodes = blocks.find((b) => b.exitCodes !== undefined)?.exitCodes ?? DEFAULT_EXIT_CODES;
  const memoryBlock = blocks.find((b) => b.memoryUsedMiB !== undefined);
  if (nodeProperties && memoryBlock?.memoryUsedMiBPath) {
    ctx.problems.push(
      atKey(memoryBlock.memoryUsedMiBPath, "not supported yet for multi-node jobs"),
    );
  }
  if (!runtime || missing || ctx.problems.length > before) return undefined;
  return {
    jobQueue: queue,
    jobDefinition: def.jobDefinitionName,
    shareIdentifier: submit.shareIdentifier ?? null,
    schedulingPriority: submit.schedulingPriorityOverride ?? def.schedulingPriority,
    platform,
    cpuArchitecture: def.cpuArchitecture,
    ephemeralStorageGiB: def.ephemeralStorageGiB,
    vcpus: resources.VCPU?.value ?? 0,
    memoryMiB: resources.MEMORY?.value ?? 0,
    gpus: resources.GPU?.value ?? 0,
    runtime,
    exitCodes,
    retryStrategy: submit.retryStrategy
      ? toRetryStrategy(submit.retryStrategy)
      : (def.retryStrategy ?? NO_RETRY),
    attemptDurationSeconds:
      submit.timeout?.attemptDurationSeconds ?? def.attemptDurationSeconds ?? null,
    memoryUsedMiB: memoryBlock?.memoryUsedMiB ?? null,
    arraySize: nodeProperties ? null : (submit.arrayProperties?.size ?? null),
    nodeProperties,
  };
}

/**
 * SubmitJob's fair-share fields against the queue's scheduling policy (static: UpdateJobQueue cannot
 * change a policy). Fair share: shareIdentifier required, and a schedulingPriority from the definition
 * or schedulingPriorityOverride. FIFO: neither shareIdentifier nor schedulingPriorityOverride.
 */
function checkFairShare(
  ctx: BuildContext,
  submit: SubmitInput,
  submitPath: DocPath,
  queue: string,
  def: DefinitionInfo | undefined,
  refs: References,
): void {
  const policy = refs.queuePolicies.get(queue);
  if (policy === undefined) return; // an unknown or broken queue: reported elsewhere
  if (policy === null) {
    for (const key of ["shareIdentifier", "schedulingPriorityOverride"] as const) {
      if (submit[key] === undefined) continue;
      ctx.problems.push(
        atKey(
          [...submitPath, key],
          `only on fair-share queues (job queue ${queue} has no schedulingPolicyArn)`,
        ),
      );
    }
    return;
  }
  if (submit.shareIdentifier === undefined) {
    ctx.problems.push(
      atValue(
        [...submitPath, "shareIdentifier"],
        `required: job queue ${queue} is a fair-share queue (scheduling policy ${policy})`,
      ),
    );
  }
  if (def && submit.schedulingPriorityOverride === undefined && def.schedulingPriority === null) {
    ctx.problems.push(
      atValue(
        [...submitPath, "schedulingPriorityOverride"],
        `required on fair-share queue ${queue}: job definition ${def.jobDefinitionName} has no schedulingPriority (AWS: "Either schedulingPriority in job definition or schedulingPriorityOverride should be specified.")`,
      ),
    );
  }
}

/**
 * A job runs on its definition's platform, so its queue's compute environments must be of that kind:
 * a Fargate job needs FARGATE / FARGATE_SPOT ones, an EC2 job EC2 / SPOT / UNMANAGED ones. A queue
 * that mixes kinds is reported at the queue.
 */
function checkPlatform(
  ctx: BuildContext,
  submitPath: DocPath,
  queue: string,
  def: DefinitionInfo,
  refs: References,
): void {
  const ces = refs.queueComputeEnvironments.get(queue) ?? [];
  const kind = queueKind(ces);
  if (kind === undefined || kind === def.platform) return;
  const names = ces.map((c) => c.computeEnvironmentName).join(", ");
  ctx.problems.push(
    atValue(
      [...submitPath, "jobQueue"],
      `job definition ${def.jobDefinitionName} is for ${def.platform} but job queue ${queue} has ${kind === "FARGATE" ? "Fargate" : "EC2"} compute environments (${names}): ${def.platform === "FARGATE" ? "a Fargate" : "an EC2"} job needs a queue of ${describeKind(def.platform)} compute environments`,
    ),
  );
}

/**
 * What AWS refuses for a multi-node parallel job's SubmitJob: containerOverrides (nodeOverrides
 * instead), arrays, and queues with compute environments MNP cannot run on (Spot, Fargate, UNMANAGED).
 */
function checkMultinodeSubmit(
  ctx: BuildContext,
  submit: SubmitInput,
  submitPath: DocPath,
  queue: string,
  refs: References,
): void {
  if (submit.containerOverrides) {
    ctx.problems.push(
      atKey(
        [...submitPath, "containerOverrides"],
        "not for a multi-node parallel job: use nodeOverrides.nodePropertyOverrides[].containerOverrides",
      ),
    );
  }
  if (submit.arrayProperties) {
    ctx.problems.push(
      atKey(
        [...submitPath, "arrayProperties"],
        "a multi-node parallel job cannot be an array job (AWS has no array multi-node jobs)",
      ),
    );
  }
  const where = new Map<string, string[]>();
  for (const ce of refs.queueComputeEnvironments.get(queue) ?? []) {
    const type = ce.computeResources?.type;
    const kind =
      ce.type === "UNMANAGED"
        ? "UNMANAGED compute environments"
        : type === "SPOT"
          ? "Spot compute environments"
          : type === "FARGATE" || type === "FARGATE_SPOT"
            ? "Fargate"
            : undefined;
    if (kind) where.set(kind, [...(where.get(kind) ?? []), ce.computeEnvironmentName]);
  }
  for (const [kind, names] of where) {
    ctx.problems.push(
      atValue(
        [...submitPath, "jobQueue"],
        `multi-node parallel jobs are not supported on ${kind} (job queue ${queue} includes ${names.join(", ")})`,
      ),
    );
  }
}

/** `name`, `name:1` or an ARN ending in `/name` or `/name:1` → the name (one registration per name: revision 1). */
function resolveDefinition(
  ctx: BuildContext,
  ref: string,
  path: DocPath,
  refs: References,
): string | undefined {
  const bare = stripArn(ref);
  const colon = bare.indexOf(":");
  const name = colon < 0 ? bare : bare.slice(0, colon);
  if (!refs.definitionNames.has(name)) {
    const hint = didYouMean(name, refs.definitionNames);
    ctx.problems.push(atValue(path, `unknown job definition ${name}${hint}`));
    return undefined;
  }
  if (colon >= 0 && bare.slice(colon + 1) !== "1") {
    ctx.problems.push(
      atValue(
        path,
        `revision ${bare.slice(colon + 1)} of ${name} does not exist: each definition is registered once, as revision 1`,
      ),
    );
    return undefined;
  }
  return name;
}
