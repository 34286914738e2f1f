import { describe, expect, it } from "vitest";
import { createTimeseriesFold } from "../../src/report/index.ts";
import type { Fact } from "../../src/sim/index.ts";
import { collect, ctx, moved, submitted, tinyRun } from "./fixture.ts";

function rows(facts: readonly Fact[]): string[] {
  return collect((write) => createTimeseriesFold(ctx, write), facts)
    .trimEnd()
    .split("\n")
    .slice(1);
}

describe("timeseries.csv", () => {
  it("writes long-format change points of capacity, queues and cost", () => {
    expect(rows(tinyRun())).toEqual([
      "0,vcpuProvisioned,ce1,4",
      "0,vcpuInUse,ce1,0",
      "0,runnableJobs,q1,1",
      "0,costUsdPerHour,,0",
      "0,costUsd,,0",
      "10,runnableJobs,q1,2",
      "20,runnableJobs,q1,3",
      "30,costUsdPerHour,,0.36",
      "50,runnableJobs,q1,2",
      "100,runnableJobs,q1,0",
      "100,vcpuInUse,ce1,4",
      "100,vcpuInUseByQueue,q1,4",
      "130,vcpuInUse,ce1,2",
      "130,vcpuInUseByQueue,q1,2",
      "130,runnableJobs,q1,1",
      "150,runnableJobs,q1,0",
      "150,vcpuInUse,ce1,4",
      "150,vcpuInUseByQueue,q1,4",
      "170,vcpuInUse,ce1,2",
      "170,vcpuInUseByQueue,q1,2",
      "200,runnableJobs,q1,1",
      "220,vcpuInUse,ce1,0",
      "220,vcpuInUseByQueue,q1,0",
      "400,vcpuProvisioned,ce1,0",
      "400,costUsdPerHour,,0",
      "400,costUsd,,0.037",
    ]);
  });

  it("coalesces changes at one instant and skips values that end where they started", () => {
    const facts: Fact[] = [
      submitted(0, "a"),
      submitted(0, "b"),
      moved(5, "a", "SUBMITTED", "RUNNABLE"),
      moved(5, "b", "SUBMITTED", "RUNNABLE"),
      moved(9, "a", "RUNNABLE", "FAILED"),
      submitted(9, "c"),
      moved(9, "c", "SUBMITTED", "RUNNABLE"),
      { kind: "RunEnded", time: 9 },
    ];
    expect(rows(facts).filter((r) => r.includes("runnableJobs"))).toEqual([
      "0,runnableJobs,q1,0",
      "5,runnableJobs,q1,2",
    ]);
  });

  it("accrues cost linearly and adds the minimum's top-up at termination", () => {
    const facts: Fact[] = [
      {
        kind: "InstanceLaunched",
        time: 0,
        instanceId: "i-1",
        computeEnvironment: "ce1",
        instanceType: "x",
        purchaseOption: "ON_DEMAND",
        vcpu: 2,
        memoryMiB: 1,
        gpu: 0,
        usdPerHour: 3.6,
        onDemandUsdPerHour: 3.6,
        billingStartsAt: 0,
      },
      submitted(10, "a"),
      {
        kind: "InstanceLaunched",
        time: 20,
        instanceId: "i-2",
        computeEnvironment: "ce1",
        instanceType: "x",
        purchaseOption: "ON_DEMAND",
        vcpu: 2,
        memoryMiB: 1,
        gpu: 0,
        usdPerHour: 3.6,
        onDemandUsdPerHour: 3.6,
        billingStartsAt: 20,
      },
      {
        kind: "InstanceTerminated",
        time: 30,
        instanceId: "i-2",
        reason: "scale-in",
        billedSeconds: 60,
        billedUsd: 0.06,
        idleUsd: 0.06,
      },
      { kind: "RunEnded", time: 40 },
    ];
    const cost = rows(facts).filter((r) => r.includes(",costUsd"));
    expect(cost).toEqual([
      "0,costUsdPerHour,,3.6",
      "0,costUsd,,0",
      "20,costUsdPerHour,,7.2",
      "20,costUsd,,0.02",
      "30,costUsdPerHour,,3.6",
      "30,costUsd,,0.09",
      "40,costUsd,,0.1",
    ]);
  });

  it("follows a Spot price change in the burn rate and the accrued cost", () => {
    const facts: Fact[] = [
      {
        kind: "InstanceLaunched",
        time: 0,
        instanceId: "i-1",
        computeEnvironment: "ce1",
        instanceType: "x",
        purchaseOption: "SPOT",
        vcpu: 2,
        memoryMiB: 1,
        gpu: 0,
        usdPerHour: 3.6,
        onDemandUsdPerHour: 10,
        billingStartsAt: 0,
      },
      { kind: "SpotPriceChanged", time: 1800, instanceType: "x", usdPerHour: 7.2 },
      { kind: "SpotPriceChanged", time: 1800, instanceType: "other", usdPerHour: 1 },
      {
        kind: "InstanceTerminated",
        time: 3600,
        instanceId: "i-1",
        reason: "end of run",
        billedSeconds: 3600,
        billedUsd: 5.4, // 1800 s at 3.6 + 1800 s at 7.2
        idleUsd: 5.4,
      },
      { kind: "RunEnded", time: 3600 },
    ];
    expect(rows(facts).filter((r) => r.includes(",costUsd"))).toEqual([
      "0,costUsdPerHour,,3.6",
      "0,costUsd,,0",
      "1800,costUsdPerHour,,7.2",
      "1800,costUsd,,1.8",
      "3600,costUsdPerHour,,0",
      "3600,costUsd,,5.4",
    ]);
  });
});
