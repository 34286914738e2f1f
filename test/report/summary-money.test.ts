/** summary.json → cost: by instance type, Spot savings against On-Demand, $/vCPU-hour, $/succeeded job. */
import { describe, expect, it } from "vitest";
import { createSummaryFold, type ReportContext } from "../../src/report/index.ts";
import type { Fact, PurchaseOption } from "../../src/sim/index.ts";
import { attemptEnded, ctx, moved, submitted } from "./fixture.ts";

/** On-Demand prices of the little catalog these tests use (USD/h). */
const ON_DEMAND: Readonly<Record<string, number>> = { "c6i.large": 0.085, "m6i.large": 0.096 };

const moneyCtx: ReportContext = {
  ...ctx,
  computeEnvironments: [
    { name: "spot", purchaseOption: "SPOT" },
    { name: "od", purchaseOption: "ON_DEMAND" },
  ],
};

function launched(
  time: number,
  instanceId: string,
  instanceType: string,
  purchaseOption: PurchaseOption,
  usdPerHour: number,
  vcpu = 2,
): Fact {
  return {
    kind: "InstanceLaunched",
    time,
    instanceId,
    computeEnvironment: purchaseOption === "SPOT" ? "spot" : "od",
    instanceType,
    purchaseOption,
    vcpu,
    memoryMiB: 3800,
    gpu: 0,
    usdPerHour,
    onDemandUsdPerHour: ON_DEMAND[instanceType] ?? usdPerHour,
    billingStartsAt: time,
  };
}

function terminated(
  time: number,
  instanceId: string,
  billedSeconds: number,
  usdPerHour: number,
): Fact {
  return {
    kind: "InstanceTerminated",
    time,
    instanceId,
    reason: "scale-in",
    billedSeconds,
    billedUsd: (billedSeconds * usdPerHour) / 3600,
    idleUsd: 0,
  };
}

function summarize(facts: readonly Fact[], context: ReportContext = moneyCtx) {
  const fold = createSummaryFold(context);
  for (const f of facts) fold.onFact(f);
  return fold.finish();
}

/** A Spot c6i.large at $0.03145/h and an On-Demand m6i.large at $0.096/h, each billed 3600 s; one job succeeds. */
function mixedRun(): Fact[] {
  return [
    launched(0, "i-s", "c6i.large", "SPOT", 0.03145),
    launched(0, "i-o", "m6i.large", "ON_DEMAND", 0.096),
    submitted(0, "A"),
    moved(0, "A", "SUBMITTED", "RUNNABLE"),
    moved(0, "A", "RUNNABLE", "STARTING", { attempt: 1, instanceId: "i-s" }),
    moved(20, "A", "STARTING", "RUNNING", { attempt: 1 }),
    attemptEnded(600, "A", {
      attempt: 1,
      startingAt: 0,
      startedAt: 20,
      exitCode: 0,
      costUsd: 0.005,
    }),
    moved(600, "A", "RUNNING", "SUCCEEDED", { attempt: 1 }),
    terminated(3600, "i-s", 3600, 0.03145),
    terminated(3600, "i-o", 3600, 0.096),
    { kind: "RunEnded", time: 3600 },
  ];
}

describe("summary.json cost", () => {
  it("keeps every earlier key and adds the new ones at the end", () => {
    expect(Object.keys(summarize(mixedRun()).cost)).toEqual([
      "totalUsd",
      "byComputeEnvironment",
      "byPurchaseOption",
      "idleUsd",
      "wastedUsd",
      "byInstanceType",
      "savingsVsOnDemandUsd",
      "usdPerVcpuHour",
      "usdPerSucceededJob",
    ]);
  });

  it("saves the On-Demand price less the Spot price paid, per billed second", () => {
    // 3600 s × ($0.085 − $0.03145) / 3600 s; the On-Demand instance saves nothing.
    const cost = summarize(mixedRun()).cost;
    expect(cost.savingsVsOnDemandUsd).toBeCloseTo(0.05355, 12);
    const short = summarize([
      launched(0, "i-s", "c6i.large", "SPOT", 0.03145),
      terminated(90, "i-s", 90, 0.03145),
      { kind: "RunEnded", time: 90 },
    ]).cost;
    expect(short.savingsVsOnDemandUsd).toBeCloseTo((90 * (0.085 - 0.03145)) / 3600, 12);
  });

  it("sums the bill by instance type, keys sorted", () => {
    const cost = summarize([
      launched(0, "i-2", "m6i.large", "ON_DEMAND", 0.096),
      launched(0, "i-1", "c6i.large", "SPOT", 0.03145),
      launched(0, "i-3", "c6i.large", "SPOT", 0.03145),
      terminated(3600, "i-2", 3600, 0.096),
      terminated(3600, "i-1", 3600, 0.03145),
      terminated(7200, "i-3", 7200, 0.03145),
      { kind: "RunEnded", time: 7200 },
    ]).cost;
    expect(Object.keys(cost.byInstanceType)).toEqual(["c6i.large", "m6i.large"]);
    expect(cost.byInstanceType["c6i.large"]).toBeCloseTo(3 * 0.03145, 12);
    expect(cost.byInstanceType["m6i.large"]).toBeCloseTo(0.096, 12);
    expect(cost.byPurchaseOption.SPOT).toBeCloseTo(3 * 0.03145, 12);
  });

  it("divides the total by provisioned vCPU-hours and by succeeded jobs", () => {
    // Two 2-vCPU instances for an hour: 4 vCPU-hours; one succeeded job.
    const cost = summarize(mixedRun()).cost;
    expect(cost.totalUsd).toBeCloseTo(0.12745, 12);
    expect(cost.usdPerVcpuHour).toBeCloseTo(0.12745 / 4, 12);
    expect(cost.usdPerSucceededJob).toBeCloseTo(0.12745, 12);
  });

  it("gives null where a number does not apply", () => {
    const empty = summarize([{ kind: "RunEnded", time: 0 }]).cost;
    expect(empty.usdPerVcpuHour).toBeNull();
    expect(empty.usdPerSucceededJob).toBeNull();
    expect(empty.savingsVsOnDemandUsd).toBe(0);
    expect(empty.byInstanceType).toEqual({});
    // No SPOT compute environment: no savings to speak of.
    const onDemandOnly = summarize(
      [
        launched(0, "i-o", "m6i.large", "ON_DEMAND", 0.096),
        terminated(3600, "i-o", 3600, 0.096),
        { kind: "RunEnded", time: 3600 },
      ],
      { ...moneyCtx, computeEnvironments: [{ name: "od", purchaseOption: "ON_DEMAND" }] },
    ).cost;
    expect(onDemandOnly.savingsVsOnDemandUsd).toBeNull();
    expect(onDemandOnly.usdPerVcpuHour).toBeCloseTo(0.096 / 2, 12);
    expect(onDemandOnly.usdPerSucceededJob).toBeNull();
  });
});

describe("Fargate money", () => {
  it("counts Fargate Spot savings against the Fargate On-Demand rate of the same task", () => {
    const fargateCtx: ReportContext = {
      ...ctx,
      computeEnvironments: [
        { name: "fs", purchaseOption: "FARGATE_SPOT" },
        { name: "fo", purchaseOption: "FARGATE" },
      ],
    };
    const task = (id: string, ce: string, option: PurchaseOption, usdPerHour: number): Fact => ({
      kind: "InstanceLaunched",
      time: 0,
      instanceId: id,
      computeEnvironment: ce,
      instanceType: "fargate.1vcpu-2gb",
      purchaseOption: option,
      vcpu: 1,
      memoryMiB: 2048,
      gpu: 0,
      usdPerHour,
      onDemandUsdPerHour: 0.04937,
      billingStartsAt: 0,
    });
    const cost = summarize(
      [
        task("task-1", "fs", "FARGATE_SPOT", 0.01626031),
        task("task-2", "fo", "FARGATE", 0.04937),
        terminated(3600, "task-1", 3600, 0.01626031),
        terminated(3600, "task-2", 3600, 0.04937),
        { kind: "RunEnded", time: 3600 },
      ],
      fargateCtx,
    ).cost;
    expect(cost.byPurchaseOption.FARGATE_SPOT).toBeCloseTo(0.01626031, 12);
    expect(cost.byPurchaseOption.FARGATE).toBeCloseTo(0.04937, 12);
    expect(cost.byPurchaseOption.ON_DEMAND).toBeNull();
    expect(cost.savingsVsOnDemandUsd).toBeCloseTo(0.04937 - 0.01626031, 12);
  });
});
