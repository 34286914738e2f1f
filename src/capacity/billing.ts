import { billedOverlap, type Instance } from "./instance.ts";

/** EC2 minimum billed time per instance, seconds (Linux per-second billing, aws-batch-model.md §11). */
export const EC2_MINIMUM_BILLED_SECONDS = 60;

/** What an instance cost when it ended at `endTime`. */
export interface InstanceBill {
  readonly billedSeconds: number;
  readonly billedUsd: number;
  /** Billed money with no job on the instance, including the minimum's top-up. */
  readonly idleUsd: number;
}

/**
 * Bills an instance per second with a 60 s minimum, from `billingStartsAt` (launch + the billing
 * delay: pending is not billed) to `endTime` (§13.19). An instance gone before billing started costs
 * nothing.
 */
export function billInstance(instance: Instance, endTime: number): InstanceBill {
  const actual = Math.max(0, endTime - instance.billingStartsAt);
  if (actual === 0) return { billedSeconds: 0, billedUsd: 0, idleUsd: 0 };
  const billedSeconds = Math.max(EC2_MINIMUM_BILLED_SECONDS, actual);
  let idleSeconds = instance.idleBilledSeconds + (billedSeconds - actual);
  if (instance.jobCount === 0) idleSeconds += billedOverlap(instance, instance.idleSince, endTime);
  const usdPerSecond = instance.usdPerHour / 3600;
  return {
    billedSeconds,
    billedUsd: billedSeconds * usdPerSecond,
    idleUsd: idleSeconds * usdPerSecond,
  };
}

/**
 * A job attempt's share of its instance's bill: its vCPU fraction of the instance's price, from
 * STARTING to the attempt's end. (Model: idle capacity is reported separately as idleUsd.)
 */
export function attemptCostUsd(
  jobVcpus: number,
  instance: Instance,
  startingAt: number,
  endTime: number,
): number {
  return ((jobVcpus / instance.vcpus) * instance.usdPerHour * (endTime - startingAt)) / 3600;
}
