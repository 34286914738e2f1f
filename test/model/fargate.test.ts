/** The Fargate sizes and rates written out in src/model/fargate.ts are those of the shipped data/fargate.json. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  FARGATE_INCLUDED_STORAGE_GIB,
  FARGATE_MINIMUM_BILLED_SECONDS,
  FARGATE_RATES,
  FARGATE_SIZES,
  FARGATE_STORAGE_GB_HOUR,
  fargateUsdPerHour,
  isFargateSize,
} from "../../src/model/fargate.ts";

interface FargateJson {
  billing: { minimumSeconds: number };
  onDemand: {
    linux_x86_64: { vcpuHour: number; gbHour: number };
    linux_arm64: { vcpuHour: number; gbHour: number };
    ephemeralStorage: { includedGB: number; perGbHourAbove20GB: number };
  };
  spot: {
    linux_x86_64_observed: { vcpuHour: number; gbHour: number };
    linux_arm64_estimate: { vcpuHour: number; gbHour: number };
  };
  validTaskSizes: { count: number; combinations: { vcpu: number; memoryMiB: number }[] };
}

const data = JSON.parse(
  readFileSync(new URL("../../data/fargate.json", import.meta.url), "utf8"),
) as FargateJson;

describe("Fargate reference data", () => {
  it("has the rates of data/fargate.json", () => {
    expect(FARGATE_RATES.FARGATE.X86_64).toEqual({
      vcpuHour: data.onDemand.linux_x86_64.vcpuHour,
      gbHour: data.onDemand.linux_x86_64.gbHour,
    });
    expect(FARGATE_RATES.FARGATE.ARM64).toEqual({
      vcpuHour: data.onDemand.linux_arm64.vcpuHour,
      gbHour: data.onDemand.linux_arm64.gbHour,
    });
    expect(FARGATE_RATES.FARGATE_SPOT.X86_64).toEqual({
      vcpuHour: data.spot.linux_x86_64_observed.vcpuHour,
      gbHour: data.spot.linux_x86_64_observed.gbHour,
    });
    expect(FARGATE_RATES.FARGATE_SPOT.ARM64).toEqual({
      vcpuHour: data.spot.linux_arm64_estimate.vcpuHour,
      gbHour: data.spot.linux_arm64_estimate.gbHour,
    });
    expect(FARGATE_STORAGE_GB_HOUR).toBe(data.onDemand.ephemeralStorage.perGbHourAbove20GB);
    expect(FARGATE_INCLUDED_STORAGE_GIB).toBe(data.onDemand.ephemeralStorage.includedGB);
    expect(FARGATE_MINIMUM_BILLED_SECONDS).toBe(data.billing.minimumSeconds);
  });

  it("has exactly the 74 valid task sizes", () => {
    const ours = [...FARGATE_SIZES].flatMap(([vcpu, mems]) => mems.map((m) => `${vcpu}/${m}`));
    const theirs = data.validTaskSizes.combinations.map((c) => `${c.vcpu}/${c.memoryMiB}`);
    expect(ours.sort()).toEqual(theirs.sort());
    expect(ours).toHaveLength(data.validTaskSizes.count);
    expect(isFargateSize(0.25, 512)).toBe(true);
    expect(isFargateSize(0.25, 1536)).toBe(false);
    expect(isFargateSize(4, 30720)).toBe(true);
    expect(isFargateSize(4, 31744)).toBe(false);
    expect(isFargateSize(3, 8192)).toBe(false);
  });

  it("prices a task by vCPU and GB (a hand-computed 4 vCPU / 8 GiB x86 task: $0.19748/h)", () => {
    expect(fargateUsdPerHour("FARGATE", "X86_64", 4, 8192)).toBeCloseTo(
      4 * 0.04048 + 8 * 0.004445,
      15,
    );
    expect(4 * 0.04048 + 8 * 0.004445).toBeCloseTo(0.19748, 15);
  });
});
