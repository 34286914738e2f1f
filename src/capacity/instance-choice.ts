import { compareStrings, type InstanceType } from "../model/catalog.ts";
import type { Shape } from "../model/shape.ts";

/** An instance type with its usable memory (after the ECS overhead) precomputed. */
export interface TypeOption {
  readonly type: InstanceType;
  readonly usableMemoryMiB: number;
}

/** Whether a fresh instance of this type can hold one job of `shape`. */
export function typeFits(option: TypeOption, shape: Shape): boolean {
  return (
    option.type.vcpu >= shape.vcpus &&
    option.usableMemoryMiB >= shape.memoryMiB &&
    option.type.gpu >= shape.gpus
  );
}

/** BEST_FIT's order: cheapest first (On-Demand $/h), then fewest vCPU, then name. */
export function byPrice(a: TypeOption, b: TypeOption): number {
  return (
    a.type.onDemandUsdPerHour - b.type.onDemandUsdPerHour ||
    a.type.vcpu - b.type.vcpu ||
    compareStrings(a.type.instanceType, b.type.instanceType)
  );
}

/**
 * BEST_FIT_PROGRESSIVE's order (aws-batch-model.md §13.6): lowest price per vCPU first, then fewest
 * vCPU, then name. Model: with no pool limits the first type that fits is always chosen.
 */
export function byPricePerVcpu(a: TypeOption, b: TypeOption): number {
  return (
    a.type.onDemandUsdPerHour / a.type.vcpu - b.type.onDemandUsdPerHour / b.type.vcpu ||
    a.type.vcpu - b.type.vcpu ||
    compareStrings(a.type.instanceType, b.type.instanceType)
  );
}

/** The first option in `ordered` that fits `shape`, or undefined. */
export function firstFitting(ordered: readonly TypeOption[], shape: Shape): TypeOption | undefined {
  for (const option of ordered) if (typeFits(option, shape)) return option;
  return undefined;
}
