/** `jobDefinitions:` → what each definition contributes to its jobs (resources, sim block, priority, retries, timeout). */
import type { Catalog } from "../model/catalog.ts";
import { type BuildContext, checkDuplicateNames, parseItems } from "./context.ts";
import { buildMultinode, type MultinodeDefinition } from "./node-ranges.ts";
import { atKey, atValue } from "./problem.ts";
import { type Resources, readResources } from "./resources.ts";
import { toRetryStrategy } from "./retry.ts";
import { jobDefinitionSchema } from "./schema-job-definitions.ts";
import { buildSimBlock, type SimBlock } from "./sim-block.ts";
import type { RetryStrategy } from "./types.ts";

/** A job definition as its jobs see it. */
export interface DefinitionInfo {
  readonly jobDefinitionName: string;
  /** containerProperties' resources ({} for a multinode definition: see `multinode`). */
  readonly resources: Resources;
  /** `type: multinode`: its checked nodeProperties; null for `type: container`. */
  readonly multinode: MultinodeDefinition | null;
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
  catalog: Catalog,
): Map<string, DefinitionInfo> {
  checkDuplicateNames(ctx, list, ["jobDefinitions"], "jobDefinitionName");
  const out = new Map<string, DefinitionInfo>();
  for (const { index, item } of parseItems(jobDefinitionSchema, list)) {
    const path = ["jobDefinitions", index];
    const before = ctx.problems.length;
    const multinode = item.type === "multinode";
    let nodes: MultinodeDefinition | undefined;
    if (multinode) {
      if (item.containerProperties) {
        ctx.problems.push(
          atKey(
            [...path, "containerProperties"],
            "not allowed with type: multinode (each node range has its container in nodeProperties.nodeRangeProperties)",
          ),
        );
      }
      if (item.nodeProperties) {
        nodes = buildMultinode(ctx, item.nodeProperties, [...path, "nodeProperties"], catalog);
      } else {
        ctx.problems.push(atValue([...path, "nodeProperties"], "required for type: multinode"));
      }
      if (item.sim?.memoryUsedMiB !== undefined) {
        ctx.problems.push(
          atKey([...path, "sim", "memoryUsedMiB"], "not supported yet for multi-node jobs"),
        );
      }
    } else if (item.nodeProperties) {
      ctx.problems.push(
        atKey(
          [...path, "nodeProperties"],
          "only for type: multinode (this definition is type: container)",
        ),
      );
    }
    (item.platformCapabilities ?? []).forEach((cap, i) => {
      if (cap !== "FARGATE") return;
      const message = multinode
        ? "multi-node parallel jobs are not supported on Fargate"
        : "FARGATE: not supported yet";
      ctx.problems.push(atValue([...path, "platformCapabilities", i], message));
    });
    const info: DefinitionInfo = {
      jobDefinitionName: item.jobDefinitionName,
      resources: multinode
        ? {}
        : readResources(ctx, item.containerProperties, [...path, "containerProperties"]),
      multinode: nodes ?? null,
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
