/** One job's JobSpec from its SubmitJob request, its definition and the `sim:` blocks that apply. */

import type { DefinitionInfo } from "./build-job-definitions.ts";
import type { BuildContext } from "./context.ts";
import { stripArn } from "./context.ts";
import { didYouMean } from "./did-you-mean.ts";
import { atValue, type DocPath } from "./problem.ts";
import { mergeResources, readResources } from "./resources.ts";
import { NO_RETRY, toRetryStrategy } from "./retry.ts";
import type { SubmitInput } from "./schema-submit.ts";
import { DEFAULT_EXIT_CODES, type SimBlock } from "./sim-block.ts";
import type { JobSpec } from "./types.ts";

/** What a SubmitJob may refer to: every name written in the file, and the definitions that built. */
export interface References {
  readonly queueNames: ReadonlySet<string>;
  /** Queues created with `state: DISABLED` that no updateJobQueue action enables: AWS rejects SubmitJob to them. */
  readonly disabledQueues: ReadonlySet<string>;
  readonly definitionNames: ReadonlySet<string>;
  readonly definitions: ReadonlyMap<string, DefinitionInfo>;
  /** Problems that would repeat for every job of a stream are reported once: keys already reported. */
  readonly reported: Set<string>;
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
  const overridesPath = [...submitPath, "containerOverrides"];
  const overrides = readResources(ctx, submit.containerOverrides, overridesPath);
  if (!def || def.broken || ctx.problems.length > before) return undefined;
  const resources = mergeResources(ctx, def.resources, overrides, overridesPath);
  const once = (kind: string): boolean => {
    // Once per stream (per step for a pipeline: each step has its own sim block).
    const depth = ownerPath[2] === "pipeline" ? 5 : 2;
    const key = `${ownerPath.slice(0, depth).join(".")}/${def.jobDefinitionName}/${kind}`;
    if (refs.reported.has(key)) return false;
    refs.reported.add(key);
    return true;
  };
  let missing = false;
  for (const type of ["VCPU", "MEMORY"] as const) {
    if (resources[type]) continue;
    missing = true;
    if (once(type)) {
      ctx.problems.push(
        atValue(
          [...submitPath, "jobDefinition"],
          `the job has no ${type}: give it in the job definition's resourceRequirements or in containerOverrides.resourceRequirements`,
        ),
      );
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
  if (!runtime || missing || ctx.problems.length > before) return undefined;
  return {
    jobQueue: queue,
    jobDefinition: def.jobDefinitionName,
    shareIdentifier: null,
    schedulingPriority: def.schedulingPriority,
    platform: "EC2",
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
    memoryUsedMiB: blocks.find((b) => b.memoryUsedMiB !== undefined)?.memoryUsedMiB ?? null,
    arraySize: submit.arrayProperties?.size ?? null,
    // Multi-node parallel jobs: "not supported yet" in validation until the simulator has them.
    nodeProperties: null,
  };
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
