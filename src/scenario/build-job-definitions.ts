/** `jobDefinitions:` → what each definition contributes to its jobs (resources, sim block, priority, retries, timeout). */
import type { Catalog } from "../model/catalog.ts";
import { FARGATE_INCLUDED_STORAGE_GIB, type FargateArchitecture } from "../model/fargate.ts";
import { type BuildContext, checkDuplicateNames, parseItems } from "./context.ts";
import { buildMultinode, type MultinodeDefinition } from "./node-ranges.ts";
import { atKey, atValue, type DocPath, type RawProblem } from "./problem.ts";
import { checkFargateSize, type Platform, type Resources, readResources } from "./resources.ts";
import { toRetryStrategy } from "./retry.ts";
import {
  ephemeralStorageSchema,
  type JobDefinitionInput,
  jobDefinitionSchema,
  runtimePlatformSchema,
} from "./schema-job-definitions.ts";
import { buildSimBlock, type SimBlock } from "./sim-block.ts";
import type { RetryStrategy } from "./types.ts";
import { problemsFromIssues } from "./zod-issues.ts";

/** A job definition as its jobs see it. */
export interface DefinitionInfo {
  readonly jobDefinitionName: string;
  /** platformCapabilities: FARGATE, or EC2 (the default; always for multinode). */
  readonly platform: Platform;
  /** Fargate: runtimePlatform.cpuArchitecture (default X86_64); X86_64 for EC2. */
  readonly cpuArchitecture: FargateArchitecture;
  /** Fargate: ephemeralStorage.sizeInGiB (21–200, default 20); 20 for EC2. */
  readonly ephemeralStorageGiB: number;
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
    const platform = readPlatform(ctx, item, path);
    const cpPath = [...path, "containerProperties"];
    const fargate = platform === "FARGATE" ? readFargateFields(ctx, item, cpPath) : undefined;
    if (platform === "EC2" && !multinode) {
      // Fargate-only fields on an EC2 definition: accepted with no effect, as AWS ignores them.
      for (const key of ["runtimePlatform", "ephemeralStorage"] as const) {
        if (item.containerProperties?.[key] !== undefined && !ctx.noEffect.includes(key))
          ctx.noEffect.push(key);
      }
    }
    let resources: Resources = {};
    if (!multinode) {
      resources = readResources(ctx, item.containerProperties, cpPath, platform);
      const memory = resources.MEMORY;
      const size = platform === "FARGATE" && memory && checkFargateSize(resources, memory.path);
      if (size) ctx.problems.push(size);
    }
    const info: DefinitionInfo = {
      jobDefinitionName: item.jobDefinitionName,
      platform,
      cpuArchitecture: fargate?.cpuArchitecture ?? "X86_64",
      ephemeralStorageGiB: fargate?.ephemeralStorageGiB ?? FARGATE_INCLUDED_STORAGE_GIB,
      resources,
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

/**
 * platformCapabilities → the definition's platform: FARGATE when it lists FARGATE, else EC2 (AWS's
 * default). A definition is for one platform: listing both is an error at the second. Multi-node
 * parallel jobs are not supported on Fargate.
 */
function readPlatform(ctx: BuildContext, item: JobDefinitionInput, path: DocPath): Platform {
  const caps = item.platformCapabilities ?? [];
  const capsPath = [...path, "platformCapabilities"];
  const first = caps[0];
  caps.forEach((cap, i) => {
    if (cap === "FARGATE" && item.type === "multinode") {
      ctx.problems.push(
        atValue([...capsPath, i], "multi-node parallel jobs are not supported on Fargate"),
      );
    } else if (first !== undefined && cap !== first) {
      ctx.problems.push(
        atValue(
          [...capsPath, i],
          `a job definition is for one platform: ${first} or ${cap}, not both`,
        ),
      );
    }
  });
  return first === "FARGATE" && item.type !== "multinode" ? "FARGATE" : "EC2";
}

/**
 * A Fargate definition's runtimePlatform (X86_64 | ARM64; Linux only) and ephemeralStorage
 * (21–200 GiB), checked here because on EC2 definitions they are accepted whatever their value.
 */
function readFargateFields(
  ctx: BuildContext,
  item: JobDefinitionInput,
  cpPath: DocPath,
): { cpuArchitecture: FargateArchitecture; ephemeralStorageGiB: number } {
  const out: { cpuArchitecture: FargateArchitecture; ephemeralStorageGiB: number } = {
    cpuArchitecture: "X86_64",
    ephemeralStorageGiB: FARGATE_INCLUDED_STORAGE_GIB,
  };
  const cp = item.containerProperties;
  if (cp?.runtimePlatform !== undefined) {
    const rpPath = [...cpPath, "runtimePlatform"];
    const r = runtimePlatformSchema.safeParse(cp.runtimePlatform, { reportInput: true });
    if (!r.success) {
      ctx.problems.push(
        ...located(problemsFromIssues(r.error.issues, runtimePlatformSchema), rpPath),
      );
    } else {
      out.cpuArchitecture = r.data.cpuArchitecture ?? "X86_64";
      const os = r.data.operatingSystemFamily;
      if (os !== undefined && os !== "LINUX") {
        ctx.problems.push(
          atValue([...rpPath, "operatingSystemFamily"], `${os}: not supported yet (Linux only)`),
        );
      }
    }
  }
  if (cp?.ephemeralStorage !== undefined) {
    const esPath = [...cpPath, "ephemeralStorage"];
    const r = ephemeralStorageSchema.safeParse(cp.ephemeralStorage, { reportInput: true });
    if (!r.success) {
      ctx.problems.push(
        ...located(problemsFromIssues(r.error.issues, ephemeralStorageSchema), esPath),
      );
    } else out.ephemeralStorageGiB = r.data.sizeInGiB;
  }
  return out;
}

/** Problems found relative to a field, moved under the field's path. */
function located(problems: readonly RawProblem[], prefix: DocPath): RawProblem[] {
  return problems.map((p) => ({ ...p, path: [...prefix, ...p.path] }));
}
