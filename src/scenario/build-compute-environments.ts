/** `computeEnvironments:` → normalised compute environments, with the AWS rules between their fields. */
import { type Catalog, expandInstanceTypeEntry, INSTANCE_TYPE_ALIASES } from "../model/catalog.ts";
import { type BuildContext, checkDuplicateNames, parseItems } from "./context.ts";
import { didYouMean } from "./did-you-mean.ts";
import { atKey, atValue, type DocPath } from "./problem.ts";
import {
  type ComputeEnvironmentInput,
  computeEnvironmentSchema,
} from "./schema-compute-environments.ts";
import type { AllocationStrategy, ComputeEnvironment } from "./types.ts";

/** The compute resource types each allocation strategy applies to (aws-batch-model.md §7 table). */
const STRATEGY_APPLIES_TO: Readonly<Record<AllocationStrategy, readonly ("EC2" | "SPOT")[]>> = {
  BEST_FIT: ["EC2", "SPOT"],
  BEST_FIT_PROGRESSIVE: ["EC2", "SPOT"],
  BEST_FIT_PROGRESSIVE_ORDERED: ["EC2"],
  SPOT_CAPACITY_OPTIMIZED: ["SPOT"],
  SPOT_PRICE_CAPACITY_OPTIMIZED: ["SPOT"],
  SPOT_CAPACITY_OPTIMIZED_PRIORITIZED: ["SPOT"],
};

/** `bidPercentage` when absent (AWS: 100% of On-Demand). */
export const DEFAULT_BID_PERCENTAGE = 100;

/** When `instanceTypes` is absent (AWS requires it for EC2), batchsim uses `optimal`. */
export const DEFAULT_INSTANCE_TYPES: readonly string[] = ["optimal"];

/** Builds the compute environments that passed their schema; pushes problems for the rest of the rules. */
export function buildComputeEnvironments(
  ctx: BuildContext,
  list: readonly unknown[],
  catalog: Catalog,
): ComputeEnvironment[] {
  checkDuplicateNames(ctx, list, ["computeEnvironments"], "computeEnvironmentName");
  return parseItems(computeEnvironmentSchema, list).map(({ index, item }) =>
    buildOne(ctx, item, ["computeEnvironments", index], catalog),
  );
}

function buildOne(
  ctx: BuildContext,
  ce: ComputeEnvironmentInput,
  path: DocPath,
  catalog: Catalog,
): ComputeEnvironment {
  const p = ctx.problems;
  const base = {
    computeEnvironmentName: ce.computeEnvironmentName,
    type: ce.type,
    state: ce.state ?? "ENABLED",
  };
  if (ce.type === "UNMANAGED") {
    if (ce.computeResources)
      p.push(
        atKey([...path, "computeResources"], "not allowed for an UNMANAGED compute environment"),
      );
    const fleet = (ce.sim?.instances ?? []).map((inst, i) => {
      if (!catalog.byName.has(inst.instanceType)) {
        const hint = didYouMean(inst.instanceType, catalog.byName.keys());
        p.push(
          atValue([...path, "sim", "instances", i, "instanceType"], `unknown instance type${hint}`),
        );
      }
      return { instanceType: inst.instanceType, count: inst.count };
    });
    return { ...base, computeResources: null, unmanagedvCpus: ce.unmanagedvCpus ?? null, fleet };
  }
  if (ce.sim)
    p.push(atKey([...path, "sim"], "sim.instances is only for UNMANAGED compute environments"));
  if (ce.unmanagedvCpus !== undefined) {
    p.push(atKey([...path, "unmanagedvCpus"], "only for UNMANAGED compute environments"));
  }
  const cr = ce.computeResources;
  const crPath = [...path, "computeResources"];
  if (!cr) {
    p.push(atValue(crPath, "required for a MANAGED compute environment"));
    return { ...base, computeResources: null, unmanagedvCpus: null, fleet: [] };
  }
  if (cr.type === "FARGATE" || cr.type === "FARGATE_SPOT") {
    return {
      ...base,
      computeResources: buildFargate(ctx, cr, crPath),
      unmanagedvCpus: null,
      fleet: [],
    };
  }
  const strategy: AllocationStrategy = cr.allocationStrategy ?? "BEST_FIT";
  const appliesTo = STRATEGY_APPLIES_TO[strategy];
  if (!appliesTo.includes(cr.type)) {
    p.push(
      atValue(
        [...crPath, "allocationStrategy"],
        `${strategy} is for ${appliesTo.join(" and ")} compute environments`,
      ),
    );
  }
  // AWS ignores bidPercentage outside SPOT: accepted, no effect.
  if (
    cr.type === "EC2" &&
    cr.bidPercentage !== undefined &&
    !ctx.noEffect.includes("bidPercentage")
  )
    ctx.noEffect.push("bidPercentage");
  const maxvCpus = cr.maxvCpus;
  if (maxvCpus === undefined)
    p.push(atValue([...crPath, "maxvCpus"], "required for a MANAGED compute environment"));
  const minvCpus = cr.minvCpus ?? 0;
  const desiredvCpus = cr.desiredvCpus ?? minvCpus;
  if (cr.minvCpus !== undefined && cr.desiredvCpus !== undefined && minvCpus > desiredvCpus) {
    p.push(atValue([...crPath, "minvCpus"], "minvCpus must not exceed desiredvCpus"));
  }
  if (maxvCpus !== undefined) {
    if (minvCpus > maxvCpus)
      p.push(atValue([...crPath, "minvCpus"], "minvCpus must not exceed maxvCpus"));
    if (desiredvCpus > maxvCpus && cr.desiredvCpus !== undefined) {
      p.push(atValue([...crPath, "desiredvCpus"], "desiredvCpus must not exceed maxvCpus"));
    }
  }
  const instanceTypes = cr.instanceTypes ?? DEFAULT_INSTANCE_TYPES;
  checkInstanceTypes(ctx, instanceTypes, [...crPath, "instanceTypes"], catalog, cr.type === "SPOT");
  return {
    ...base,
    computeResources: {
      type: cr.type,
      allocationStrategy: strategy,
      minvCpus,
      maxvCpus: maxvCpus ?? 0,
      desiredvCpus,
      instanceTypes,
      bidPercentage: cr.bidPercentage ?? DEFAULT_BID_PERCENTAGE,
      minScaleDownDelaySeconds: scaleDownDelaySeconds(cr),
    },
    unmanagedvCpus: null,
    fleet: [],
  };
}

/**
 * The ComputeResource fields of EC2 (and SPOT) compute environments that AWS refuses for Fargate
 * (aws-batch-model.md §7 "Fargate CEs"), in the order they are reported.
 */
export const EC2_ONLY_FIELDS = [
  "allocationStrategy",
  "minvCpus",
  "desiredvCpus",
  "instanceTypes",
  "bidPercentage",
  "imageId",
  "ec2KeyPair",
  "instanceRole",
  "placementGroup",
  "spotIamFleetRole",
  "launchTemplate",
  "ec2Configuration",
  "scalingPolicy",
] as const;

/**
 * FARGATE / FARGATE_SPOT computeResources: maxvCpus (required) caps the sum of the jobs' vCPU; the
 * EC2-only fields are errors at their key. Normalised with the EC2 fields at their neutral values.
 */
function buildFargate(
  ctx: BuildContext,
  cr: NonNullable<ComputeEnvironmentInput["computeResources"]>,
  crPath: DocPath,
): NonNullable<ComputeEnvironment["computeResources"]> {
  for (const key of EC2_ONLY_FIELDS) {
    if (cr[key] !== undefined)
      ctx.problems.push(atKey([...crPath, key], "not for Fargate compute environments"));
  }
  if (cr.maxvCpus === undefined)
    ctx.problems.push(
      atValue([...crPath, "maxvCpus"], "required for a MANAGED compute environment"),
    );
  return {
    type: cr.type,
    allocationStrategy: "BEST_FIT",
    minvCpus: 0,
    maxvCpus: cr.maxvCpus ?? 0,
    desiredvCpus: 0,
    instanceTypes: [],
    bidPercentage: DEFAULT_BID_PERCENTAGE,
    minScaleDownDelaySeconds: null,
  };
}

/** scalingPolicy.minScaleDownDelayMinutes × 60 (zod checks 0 or 20–10080); null when 0 or absent. */
function scaleDownDelaySeconds(
  cr: NonNullable<ComputeEnvironmentInput["computeResources"]>,
): number | null {
  if (cr.scalingPolicy === undefined) return null;
  const minutes = cr.scalingPolicy.minScaleDownDelayMinutes ?? 0;
  return minutes === 0 ? null : minutes * 60;
}

function checkInstanceTypes(
  ctx: BuildContext,
  entries: readonly string[],
  path: DocPath,
  catalog: Catalog,
  spot: boolean,
): void {
  if (entries.length === 0) {
    ctx.problems.push(atValue(path, "needs at least one instance type, family or alias"));
    return;
  }
  const arches = new Set<string>();
  entries.forEach((entry, i) => {
    const types = expandInstanceTypeEntry(entry, catalog);
    if (!types) {
      const names = [
        ...Object.keys(INSTANCE_TYPE_ALIASES),
        ...catalog.families,
        ...catalog.byName.keys(),
      ];
      ctx.problems.push(
        atValue(
          [...path, i],
          `unknown instance type, family or alias ${entry}${didYouMean(entry, names)}`,
        ),
      );
      return;
    }
    // A SPOT CE launches only types with a Spot price (aws-batch-model.md §13.14).
    if (spot && types.length > 0 && types.every((t) => t.spotUsdPerHour === null)) {
      const what =
        types.length === 1 && types[0]?.instanceType === entry ? entry : `any type of ${entry}`;
      ctx.problems.push(
        atValue(
          [...path, i],
          `no Spot price for ${what}: it cannot be launched in a SPOT compute environment`,
        ),
      );
    }
    for (const t of types) arches.add(t.arch);
  });
  if (arches.size > 1) {
    ctx.problems.push(
      atValue([...path, 0], "instance types must share one architecture (x86_64 or arm64)"),
    );
  }
}
