/** `jobDefinitions:` → what each definition contributes to its jobs (resources, sim block, priority, retries, timeout). */
import { type BuildContext, checkDuplicateNames, parseItems } from "./context.ts";
import { atValue } from "./problem.ts";
import { type Resources, readResources } from "./resources.ts";
import { toRetryStrategy } from "./retry.ts";
import { jobDefinitionSchema } from "./schema-job-definitions.ts";
import { buildSimBlock, type SimBlock } from "./sim-block.ts";
import type { RetryStrategy } from "./types.ts";

/** A job definition as its jobs see it. */
export interface DefinitionInfo {
  readonly jobDefinitionName: string;
  readonly resources: Resources;
  readonly sim: SimBlock;
  readonly schedulingPriority: number | null;
  /** The definition's retryStrategy, normalised, or undefined (a SubmitJob's replaces it). */
  readonly retryStrategy: RetryStrategy | undefined;
  /** The definition's timeout.attemptDurationSeconds, or undefined. */
  readonly attemptDurationSeconds: number | undefined;
  /** The definition itself has problems: its jobs are not checked further (the problems would repeat). */
  readonly broken: boolean;
}

/** Builds the definitions that passed their schema, by name (the first of duplicate names wins; duplicates are errors). */
export function buildJobDefinitions(
  ctx: BuildContext,
  list: readonly unknown[],
): Map<string, DefinitionInfo> {
  checkDuplicateNames(ctx, list, ["jobDefinitions"], "jobDefinitionName");
  const out = new Map<string, DefinitionInfo>();
  for (const { index, item } of parseItems(jobDefinitionSchema, list)) {
    const path = ["jobDefinitions", index];
    const before = ctx.problems.length;
    if (item.type === "multinode")
      ctx.problems.push(atValue([...path, "type"], "multinode: not supported yet"));
    (item.platformCapabilities ?? []).forEach((cap, i) => {
      if (cap === "FARGATE")
        ctx.problems.push(
          atValue([...path, "platformCapabilities", i], "FARGATE: not supported yet"),
        );
    });
    const info: DefinitionInfo = {
      jobDefinitionName: item.jobDefinitionName,
      resources: readResources(ctx, item.containerProperties, [...path, "containerProperties"]),
      sim: buildSimBlock(ctx, item.sim, [...path, "sim"]),
      schedulingPriority: item.schedulingPriority ?? null,
      retryStrategy: item.retryStrategy && toRetryStrategy(item.retryStrategy),
      attemptDurationSeconds: item.timeout?.attemptDurationSeconds,
      broken: false,
    };
    const broken = ctx.problems.length > before;
    if (!out.has(info.jobDefinitionName)) out.set(info.jobDefinitionName, { ...info, broken });
  }
  return out;
}
