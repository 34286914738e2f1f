/** Capacity settings of issue 5 in the scenario layer: scalingPolicy and settings.poolCapacity. */
import { describe, expect, it } from "vitest";
import { settingsAsAssumptions } from "../../src/scenario/index.ts";
import { problems, scenario, variant } from "./helpers.ts";

/** BASE with line 5 (the CE's computeResources) replaced. */
const ce = (computeResources: string, append: readonly string[] = []): string =>
  variant({ 5: `    computeResources: ${computeResources}` }, append);

describe("computeResources.scalingPolicy.minScaleDownDelayMinutes", () => {
  const delay = (policy: string, type = "EC2"): number | null | undefined =>
    scenario(ce(`{type: ${type}, maxvCpus: 64, instanceTypes: [c6i], scalingPolicy: ${policy}}`))
      .computeEnvironments[0]?.computeResources?.minScaleDownDelaySeconds;

  it("normalises to seconds on EC2 and SPOT; 0, {} and absent are null", () => {
    expect(delay("{minScaleDownDelayMinutes: 20}")).toBe(1200);
    expect(delay("{minScaleDownDelayMinutes: 10080}", "SPOT")).toBe(604800);
    expect(delay("{minScaleDownDelayMinutes: 30}", "SPOT")).toBe(1800);
    expect(delay("{minScaleDownDelayMinutes: 0}")).toBeNull();
    expect(delay("{}")).toBeNull();
    expect(
      scenario(ce("{type: EC2, maxvCpus: 64, instanceTypes: [c6i]}")).computeEnvironments[0]
        ?.computeResources?.minScaleDownDelaySeconds,
    ).toBeNull();
  });

  it("refuses values outside 0 or 20–10080, at the value", () => {
    expect(
      problems(
        ce(
          "{type: EC2, maxvCpus: 64, instanceTypes: [c6i], scalingPolicy: {minScaleDownDelayMinutes: 19}}",
        ),
      ),
    ).toEqual([
      "s.yaml:5:113 error computeEnvironments[0].computeResources.scalingPolicy.minScaleDownDelayMinutes: must be 0 or between 20 and 10080",
    ]);
    expect(
      problems(
        ce(
          "{type: SPOT, maxvCpus: 64, instanceTypes: [c6i], scalingPolicy: {minScaleDownDelayMinutes: 10081}}",
        ),
      ),
    ).toEqual([
      "s.yaml:5:114 error computeEnvironments[0].computeResources.scalingPolicy.minScaleDownDelayMinutes: must be 0 or between 20 and 10080",
    ]);
  });
});

describe("settings.poolCapacity", () => {
  it("normalises, and is listed as a plain object with sorted keys after ecsMemoryOverheadMiB", () => {
    const s = scenario(variant({}, ["settings: {poolCapacity: {m6i.large: 0, c6i.large: 3}}"]));
    expect(s.settings.poolCapacity).toEqual({ "m6i.large": 0, "c6i.large": 3 });
    const a = settingsAsAssumptions(s.settings);
    expect(JSON.stringify(a.poolCapacity)).toBe('{"c6i.large":3,"m6i.large":0}');
    const keys = Object.keys(a);
    expect(
      keys.slice(keys.indexOf("ecsMemoryOverheadMiB"), keys.indexOf("poolCapacity") + 2),
    ).toEqual(["ecsMemoryOverheadMiB", "poolCapacity", "shareDecayZeroSeconds"]);
    expect(settingsAsAssumptions(scenario(variant({})).settings).poolCapacity).toEqual({});
  });

  it("accepts instance types added by catalog.instanceTypes", () => {
    const s = scenario(
      variant({}, [
        "catalog: {instanceTypes: [{instanceType: onprem.64, vcpu: 64, memoryGiB: 256, onDemandUsdPerHour: 1}]}",
        "settings: {poolCapacity: {onprem.64: 2}}",
      ]),
    );
    expect(s.settings.poolCapacity).toEqual({ "onprem.64": 2 });
  });

  it("refuses an unknown instance type at its key, with did-you-mean", () => {
    expect(problems(variant({}, ["settings: {poolCapacity: {c6i.larg: 2}}"]))).toEqual([
      "s.yaml:17:27 error settings.poolCapacity.c6i.larg: unknown instance type c6i.larg (did you mean c6i.large?)",
    ]);
  });

  it("refuses a negative or fractional count at the value, and still checks the types", () => {
    expect(problems(variant({}, ["settings: {poolCapacity: {c6i.large: -1}}"]))).toEqual([
      "s.yaml:17:38 error settings.poolCapacity.c6i.large: must be ≥ 0",
    ]);
    expect(
      problems(variant({}, ["settings: {poolCapacity: {c6i.large: 1.5, c7x.large: 1}}"])),
    ).toEqual([
      "s.yaml:17:38 error settings.poolCapacity.c6i.large: expected int, got 1.5",
      "s.yaml:17:43 error settings.poolCapacity.c7x.large: unknown instance type c7x.large (did you mean c7a.large?)",
    ]);
  });
});
