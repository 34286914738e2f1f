import {
  compareStrings,
  type InstanceType,
  type SpotInterruptionBucket,
} from "../model/catalog.ts";
import type { Shape } from "../model/shape.ts";

/** An instance type as one compute environment sees it: usable memory and the price it pays. */
export interface TypeOption {
  readonly type: InstanceType;
  readonly usableMemoryMiB: number;
  /** On-Demand price for EC2 CEs; the Spot price for SPOT CEs. */
  readonly usdPerHour: number;
  /** Position in the CE's expanded `instanceTypes` list (the ORDERED/PRIORITIZED strategies' order). */
  readonly listIndex: number;
}

/** Whether a fresh instance of this type can hold one job of `shape`. */
export function typeFits(option: TypeOption, shape: Shape): boolean {
  return (
    option.type.vcpu >= shape.vcpus &&
    option.usableMemoryMiB >= shape.memoryMiB &&
    option.type.gpu >= shape.gpus
  );
}

/** Monthly interruption probability at each Spot Advisor bucket's midpoint (aws-batch-model.md §13.13). */
export const BUCKET_MIDPOINT: Readonly<Record<SpotInterruptionBucket, number>> = {
  "<5%": 0.025,
  "5-10%": 0.075,
  "10-15%": 0.125,
  "15-20%": 0.175,
  ">20%": 0.25,
};

const BUCKET_RANK: Readonly<Record<SpotInterruptionBucket, number>> = {
  "<5%": 0,
  "5-10%": 1,
  "10-15%": 2,
  "15-20%": 3,
  ">20%": 4,
};

const byName = (a: TypeOption, b: TypeOption) =>
  compareStrings(a.type.instanceType, b.type.instanceType);
const rank = (o: TypeOption) => BUCKET_RANK[o.type.spotInterruptionBucket];

/** BEST_FIT: cheapest first, then fewest vCPU, then name. */
export function byPrice(a: TypeOption, b: TypeOption): number {
  return a.usdPerHour - b.usdPerHour || a.type.vcpu - b.type.vcpu || byName(a, b);
}

/** BEST_FIT_PROGRESSIVE: lowest price per vCPU, then fewest vCPU, then name. */
export function byPricePerVcpu(a: TypeOption, b: TypeOption): number {
  return (
    a.usdPerHour / a.type.vcpu - b.usdPerHour / b.type.vcpu ||
    a.type.vcpu - b.type.vcpu ||
    byName(a, b)
  );
}

/** The order each allocation strategy prefers instance types in (§13.6); the first that fits wins. */
export function strategyOrder(strategy: string): (a: TypeOption, b: TypeOption) => number {
  switch (strategy) {
    case "BEST_FIT":
      return byPrice;
    case "BEST_FIT_PROGRESSIVE_ORDERED":
      // instanceTypes in list order, a family expanded smallest first (simplified, §13.6).
      return (a, b) => a.listIndex - b.listIndex;
    case "SPOT_CAPACITY_OPTIMIZED":
      return (a, b) => rank(a) - rank(b) || a.usdPerHour - b.usdPerHour || byName(a, b);
    case "SPOT_CAPACITY_OPTIMIZED_PRIORITIZED":
      return (a, b) => rank(a) - rank(b) || a.listIndex - b.listIndex;
    case "SPOT_PRICE_CAPACITY_OPTIMIZED":
      return (a, b) =>
        a.usdPerHour * (1 + BUCKET_MIDPOINT[a.type.spotInterruptionBucket]) -
          b.usdPerHour * (1 + BUCKET_MIDPOINT[b.type.spotInterruptionBucket]) || byName(a, b);
    default:
      return byPricePerVcpu;
  }
}

/** The first option in `ordered` that fits `shape`, or undefined. */
export function firstFitting(ordered: readonly TypeOption[], shape: Shape): TypeOption | undefined {
  for (const option of ordered) if (typeFits(option, shape)) return option;
  return undefined;
}
