/** Spot in the scenario layer (issue 5): SPOT CEs, strategies, bidPercentage, catalog.spot, spotNoticeSeconds. */
import { describe, expect, it } from "vitest";
import { loadScenario, settingsAsAssumptions } from "../../src/scenario/index.ts";
import { CATALOG, problems, scenario, variant } from "./helpers.ts";

/** BASE with line 5 (the CE's computeResources) replaced. */
const ce = (computeResources: string, append: readonly string[] = []): string =>
  variant({ 5: `    computeResources: ${computeResources}` }, append);

describe("SPOT compute environments", () => {
  it("normalise with their strategy and bidPercentage (default 100); spotIamFleetRole has no effect", () => {
    const text = ce(
      "{type: SPOT, allocationStrategy: SPOT_PRICE_CAPACITY_OPTIMIZED, maxvCpus: 64, instanceTypes: [c6i], bidPercentage: 60, spotIamFleetRole: arn:aws:iam::1:role/fleet}",
    );
    const r = loadScenario(text, "s.yaml", CATALOG);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.scenario.computeEnvironments[0]?.computeResources).toEqual({
      type: "SPOT",
      allocationStrategy: "SPOT_PRICE_CAPACITY_OPTIMIZED",
      minvCpus: 0,
      maxvCpus: 64,
      desiredvCpus: 0,
      instanceTypes: ["c6i"],
      bidPercentage: 60,
      minScaleDownDelaySeconds: null,
    });
    expect(r.notices).toEqual(["accepted, no effect in simulation: spotIamFleetRole"]);
    const plain = scenario(ce("{type: SPOT, maxvCpus: 64, instanceTypes: [c6i]}"));
    expect(plain.computeEnvironments[0]?.computeResources).toMatchObject({
      type: "SPOT",
      allocationStrategy: "BEST_FIT",
      bidPercentage: 100,
    });
  });

  it("accept every strategy where AWS's table allows it", () => {
    for (const s of [
      "BEST_FIT",
      "BEST_FIT_PROGRESSIVE",
      "SPOT_CAPACITY_OPTIMIZED",
      "SPOT_PRICE_CAPACITY_OPTIMIZED",
      "SPOT_CAPACITY_OPTIMIZED_PRIORITIZED",
    ]) {
      const c = scenario(
        ce(`{type: SPOT, allocationStrategy: ${s}, maxvCpus: 64, instanceTypes: [c6i]}`),
      );
      expect(c.computeEnvironments[0]?.computeResources?.allocationStrategy).toBe(s);
    }
    for (const s of ["BEST_FIT", "BEST_FIT_PROGRESSIVE", "BEST_FIT_PROGRESSIVE_ORDERED"]) {
      const c = scenario(
        ce(`{type: EC2, allocationStrategy: ${s}, maxvCpus: 64, instanceTypes: [c6i]}`),
      );
      expect(c.computeEnvironments[0]?.computeResources?.allocationStrategy).toBe(s);
    }
  });

  it("refuse a SPOT-only strategy on EC2 and BEST_FIT_PROGRESSIVE_ORDERED on SPOT, at the strategy", () => {
    expect(
      problems(
        ce(
          "{type: EC2, maxvCpus: 64, instanceTypes: [c6i], allocationStrategy: SPOT_CAPACITY_OPTIMIZED}",
        ),
      ),
    ).toEqual([
      "s.yaml:5:91 error computeEnvironments[0].computeResources.allocationStrategy: SPOT_CAPACITY_OPTIMIZED is for SPOT compute environments",
    ]);
    expect(
      problems(
        ce(
          "{type: SPOT, maxvCpus: 64, instanceTypes: [c6i], allocationStrategy: BEST_FIT_PROGRESSIVE_ORDERED}",
        ),
      ),
    ).toEqual([
      "s.yaml:5:92 error computeEnvironments[0].computeResources.allocationStrategy: BEST_FIT_PROGRESSIVE_ORDERED is for EC2 compute environments",
    ]);
  });

  it("check bidPercentage 0–100; on EC2 it is accepted with no effect", () => {
    expect(
      problems(ce("{type: SPOT, maxvCpus: 64, instanceTypes: [c6i], bidPercentage: 101}")),
    ).toEqual([
      "s.yaml:5:87 error computeEnvironments[0].computeResources.bidPercentage: must be ≤ 100",
    ]);
    expect(
      problems(ce("{type: SPOT, maxvCpus: 64, instanceTypes: [c6i], bidPercentage: -1}")),
    ).toEqual([
      "s.yaml:5:87 error computeEnvironments[0].computeResources.bidPercentage: must be ≥ 0",
    ]);
    const r = loadScenario(
      ce("{type: EC2, maxvCpus: 64, instanceTypes: [c6i], bidPercentage: 50}"),
      "s.yaml",
      CATALOG,
    );
    expect(r.ok && r.notices).toEqual(["accepted, no effect in simulation: bidPercentage"]);
  });

  it("refuse an instanceTypes entry none of whose types has a Spot price, at that entry", () => {
    expect(problems(ce("{type: SPOT, maxvCpus: 64, instanceTypes: [c6i, p5.4xlarge]}"))).toEqual([
      "s.yaml:5:71 error computeEnvironments[0].computeResources.instanceTypes[1]: no Spot price for p5.4xlarge: it cannot be launched in a SPOT compute environment",
    ]);
    // The same type is fine on EC2.
    expect(problems(ce("{type: EC2, maxvCpus: 64, instanceTypes: [c6i, p5.4xlarge]}"))).toEqual([]);
    // A family of catalog rows without spotUsdPerHour.
    expect(
      problems(
        ce("{type: SPOT, maxvCpus: 64, instanceTypes: [onprem]}", [
          "catalog: {instanceTypes: [{instanceType: onprem.64, vcpu: 64, memoryGiB: 256, onDemandUsdPerHour: 0}]}",
        ]),
      ),
    ).toEqual([
      "s.yaml:5:66 error computeEnvironments[0].computeResources.instanceTypes[0]: no Spot price for any type of onprem: it cannot be launched in a SPOT compute environment",
    ]);
  });
});

describe("catalog.spot", () => {
  it("multiplies every Spot price by priceFactor and overrides buckets in Scenario.catalog", () => {
    const s = scenario(
      variant({}, ['catalog: {spot: {priceFactor: 0.5, interruptionBucket: {c6i.large: ">20%"}}}']),
    );
    const large = s.catalog.byName.get("c6i.large");
    expect(large?.spotUsdPerHour).toBeCloseTo(0.03145 * 0.5, 12);
    expect(large?.spotInterruptionBucket).toBe(">20%");
    expect(large?.onDemandUsdPerHour).toBe(0.085);
    const xl = s.catalog.byName.get("c6i.xlarge");
    expect(xl?.spotUsdPerHour).toBeCloseTo(0.068 * 0.5, 12);
    expect(xl?.spotInterruptionBucket).toBe("15-20%");
    expect(s.catalog.byName.get("p5.4xlarge")?.spotUsdPerHour).toBeNull();
    // Without catalog.spot, the built-in values.
    expect(scenario(variant({})).catalog.byName.get("c6i.large")?.spotUsdPerHour).toBe(0.03145);
  });

  it("applies priceFactor to scenario rows too", () => {
    const s = scenario(
      variant({}, [
        "catalog:",
        "  instanceTypes: [{instanceType: c6i.large, spotUsdPerHour: 0.04}]",
        "  spot: {priceFactor: 2}",
      ]),
    );
    expect(s.catalog.byName.get("c6i.large")?.spotUsdPerHour).toBeCloseTo(0.08, 12);
  });

  it("refuses an unknown type with a did-you-mean, a bad bucket and priceFactor ≤ 0", () => {
    expect(
      problems(
        variant({}, [
          'catalog: {spot: {priceFactor: 0, interruptionBucket: {c6i.larg: "<5%", c6i.xlarge: "30%"}}}',
        ]),
      ),
    ).toEqual([
      "s.yaml:17:31 error catalog.spot.priceFactor: must be > 0",
      "s.yaml:17:55 error catalog.spot.interruptionBucket.c6i.larg: unknown instance type c6i.larg (did you mean c6i.large?)",
      "s.yaml:17:84 error catalog.spot.interruptionBucket.c6i.xlarge: expected one of <5%, 5-10%, 10-15%, 15-20%, >20%",
    ]);
  });
});

describe("settings.spotNoticeSeconds", () => {
  it("defaults to 120, is read, is ≥ 0 and is listed after retryRequeue (§13 table order)", () => {
    expect(scenario(variant({})).settings.spotNoticeSeconds).toBe(120);
    const s = scenario(variant({}, ["settings: {spotNoticeSeconds: 0}"]));
    expect(s.settings.spotNoticeSeconds).toBe(0);
    const a = settingsAsAssumptions(
      scenario(variant({}, ["settings: {spotNoticeSeconds: 90}"])).settings,
    );
    expect(a.spotNoticeSeconds).toBe(90);
    const keys = Object.keys(a);
    expect(
      keys.slice(keys.indexOf("retryRequeue"), keys.indexOf("timeoutKillSeconds") + 1),
    ).toEqual([
      "retryRequeue",
      "spotNoticeSeconds",
      "fargateSpotInterruptionBucket",
      "timeoutKillSeconds",
    ]);
    expect(problems(variant({}, ["settings: {spotNoticeSeconds: -1}"]))).toEqual([
      "s.yaml:17:31 error settings.spotNoticeSeconds: must be ≥ 0",
    ]);
  });
});

describe("catalog.spot.prices", () => {
  it("normalises into Scenario.spotPrices: types sorted, points ascending, × priceFactor", () => {
    const s = scenario(
      variant({}, [
        "until: 2d",
        "catalog:",
        "  spot:",
        "    priceFactor: 2",
        "    prices:",
        "      m6i.large: [{at: 0, usdPerHour: 0.03}]",
        "      c6i.large:",
        "        - {at: 90s, usdPerHour: 0.04}",
        "        - {at: 6h, usdPerHour: 0.1}",
        "        - {at: 3d, usdPerHour: 0}", // after until: allowed, no effect
      ]),
    );
    expect(s.spotPrices).toEqual([
      {
        instanceType: "c6i.large",
        points: [
          { atSeconds: 90, usdPerHour: 0.08 },
          { atSeconds: 21600, usdPerHour: 0.2 },
          { atSeconds: 259200, usdPerHour: 0 },
        ],
      },
      { instanceType: "m6i.large", points: [{ atSeconds: 0, usdPerHour: 0.06 }] },
    ]);
    // The catalog's own price keeps priceFactor too: it holds before the first point.
    expect(s.catalog.byName.get("c6i.large")?.spotUsdPerHour).toBeCloseTo(0.0629, 12);
    expect(scenario(variant({})).spotPrices).toEqual([]);
  });

  it("refuses an unknown type (did you mean) and a type without a Spot price, at its key", () => {
    expect(
      problems(
        variant({}, [
          "catalog:",
          "  spot:",
          "    prices:",
          "      c6i.larg: [{at: 0, usdPerHour: 0.03}]",
          "      p5.4xlarge: [{at: 0, usdPerHour: 1}]",
        ]),
      ),
    ).toEqual([
      "s.yaml:20:7 error catalog.spot.prices.c6i.larg: unknown instance type c6i.larg (did you mean c6i.large?)",
      "s.yaml:21:7 error catalog.spot.prices.p5.4xlarge: p5.4xlarge has no Spot price in the catalog: it cannot run in SPOT compute environments",
    ]);
  });

  it("accepts a type whose Spot price comes from catalog.instanceTypes", () => {
    const s = scenario(
      variant({}, [
        "catalog:",
        "  instanceTypes: [{instanceType: p5.4xlarge, spotUsdPerHour: 3}]",
        "  spot: {prices: {p5.4xlarge: [{at: 1h, usdPerHour: 2.5}]}}",
      ]),
    );
    expect(s.spotPrices).toEqual([
      { instanceType: "p5.4xlarge", points: [{ atSeconds: 3600, usdPerHour: 2.5 }] },
    ]);
  });

  it("needs at strictly ascending (error at the offending point), durations ≥ 0, prices ≥ 0, ≥ 1 point", () => {
    expect(
      problems(
        variant({}, [
          "catalog:",
          "  spot:",
          "    prices:",
          "      c6i.large:",
          "        - {at: 1h, usdPerHour: 0.04}",
          "        - {at: 3600, usdPerHour: 0.05}",
          "        - {at: 30m, usdPerHour: 0.06}",
          "      c6i.xlarge: [{at: -1, usdPerHour: 0.1}, {at: 1 hour, usdPerHour: -0.1}]",
          "      m6i.large: []",
        ]),
      ),
    ).toEqual([
      "s.yaml:22:16 error catalog.spot.prices.c6i.large[1].at: must be after the previous point's at (1h): points are in ascending time",
      "s.yaml:23:16 error catalog.spot.prices.c6i.large[2].at: must be after the previous point's at (1h): points are in ascending time",
      "s.yaml:24:25 error catalog.spot.prices.c6i.xlarge[0].at: must be ≥ 0",
      "s.yaml:24:52 error catalog.spot.prices.c6i.xlarge[1].at: expected a duration: a number of seconds or a string like 90s, 15m, 2h, 7d, 1h30m",
      "s.yaml:24:72 error catalog.spot.prices.c6i.xlarge[1].usdPerHour: must be ≥ 0",
      "s.yaml:25:18 error catalog.spot.prices.m6i.large: needs at least one price point {at, usdPerHour}",
    ]);
  });
});
