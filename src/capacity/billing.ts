import { billedOverlap, billedUsdBetween, type Instance } from "./instance.ts";

/** EC2 minimum billed time per instance, seconds (Linux per-second billing, aws-batch-model.md §11). */
export const EC2_MINIMUM_BILLED_SECONDS = 60;

/** What an instance cost when it ended at `endTime`. */
export interface InstanceBill {
  readonly billedSeconds: number;
  readonly billedUsd: number;
  /** Billed money with no job on the instance, including the minimum's top-up (0 for a Fargate task). */
  readonly idleUsd: number;
}

/**
 * Bills an instance per second with a 60 s minimum, from `billingStartsAt` (launch + the billing
 * delay: pending is not billed) to `endTime` (§13.19), at its price over that time (a Spot price may
 * change); the minimum's top-up is at the price at the end. An instance gone before billing started
 * costs nothing. Fargate tasks: the same rule (a 60 s minimum, per second), and none of it is idle.
 */
export function billInstance(instance: Instance, endTime: number): InstanceBill {
  const actual = Math.max(0, endTime - instance.billingStartsAt);
  if (actual === 0) return { billedSeconds: 0, billedUsd: 0, idleUsd: 0 };
  const billedSeconds = Math.max(EC2_MINIMUM_BILLED_SECONDS, actual);
  if (instance.task) {
    // A Fargate task: its rate times the billed seconds, all of it the job's.
    return { billedSeconds, billedUsd: billedSeconds * (instance.usdPerHour / 3600), idleUsd: 0 };
  }
  const { price } = instance;
  const open = instance.jobCount === 0; // idle since idleSince
  if (price.constant) {
    let idleSeconds = instance.idleBilledSeconds + (billedSeconds - actual);
    if (open) idleSeconds += billedOverlap(instance, instance.idleSince, endTime);
    const usdPerSecond = instance.usdPerHour / 3600;
    return {
      billedSeconds,
      billedUsd: billedSeconds * usdPerSecond,
      idleUsd: idleSeconds * usdPerSecond,
    };
  }
  const topUpUsd = ((billedSeconds - actual) * price.rateAt(endTime)) / 3600;
  let idleUsd = instance.idleBilledUsd + topUpUsd;
  if (open) idleUsd += billedUsdBetween(instance, instance.idleSince, endTime);
  return {
    billedSeconds,
    billedUsd: price.usd(instance.billingStartsAt, endTime) + topUpUsd,
    idleUsd,
  };
}

/**
 * A job attempt's share of its instance's bill: its vCPU fraction of the instance's price, from
 * STARTING to the attempt's end. (Model: idle capacity is reported separately as idleUsd.) A Fargate
 * task's attempt pays the task's whole bill, minimum included.
 */
export function attemptCostUsd(
  jobVcpus: number,
  instance: Instance,
  startingAt: number,
  endTime: number,
): number {
  if (instance.task) return billInstance(instance, endTime).billedUsd;
  if (instance.price.constant) {
    return ((jobVcpus / instance.vcpus) * instance.usdPerHour * (endTime - startingAt)) / 3600;
  }
  return (jobVcpus / instance.vcpus) * instance.price.usd(startingAt, endTime);
}
