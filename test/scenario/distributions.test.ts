import { describe, expect, it } from "vitest";
import { problems, scenario, variant } from "./helpers.ts";

const runtime = (r: string): string => variant({ 12: `    sim: {runtime: ${r}}` });

describe("distributions, exit codes and arrivals", () => {
  it("builds lognormal from mu and sigma as given", () => {
    const s = scenario(runtime("{distribution: lognormal, mu: 6, sigma: 0.5}"));
    expect(s.workload[0]).toMatchObject({
      spec: { runtime: { kind: "lognormal", mu: 6, sigma: 0.5 } },
    });
  });

  it("requires p90 above median, min not above max, and the fields of the kind", () => {
    expect(problems(runtime("{distribution: lognormal, median: 1h, p90: 20m}"))).toEqual([
      "s.yaml:12:63 error jobDefinitions[0].sim.runtime.p90: p90 must be greater than median, and median greater than 0",
    ]);
    expect(problems(runtime("{distribution: uniform, min: 2m, max: 1m}"))).toEqual([
      "s.yaml:12:49 error jobDefinitions[0].sim.runtime.min: min must not exceed max",
    ]);
    expect(problems(runtime("{distribution: exponential, median: 1m}"))).toEqual([
      "s.yaml:12:21 error jobDefinitions[0].sim.runtime.mean: required for an exponential distribution",
      "s.yaml:12:48 error jobDefinitions[0].sim.runtime.median: not a field of an exponential distribution",
    ]);
  });

  it("requires exit code probabilities summing to 1 over codes 0–255", () => {
    expect(
      problems(variant({ 12: '    sim: {runtime: 1m, exitCodes: {"0": 0.5, "1": 0.4}}' })),
    ).toEqual([
      "s.yaml:12:35 error jobDefinitions[0].sim.exitCodes: probabilities must sum to 1 (they sum to 0.9)",
    ]);
    expect(problems(variant({ 12: '    sim: {runtime: 1m, exitCodes: {"256": 1}}' }))).toEqual([
      "s.yaml:12:36 error jobDefinitions[0].sim.exitCodes.256: exit codes are integers 0–255",
    ]);
  });

  it("requires poisson and fixed arrivals to be bounded by to, count or until", () => {
    const unbounded = variant({ 16: "    arrivals: {process: poisson, ratePerHour: 2}" });
    expect(problems(unbounded)).toEqual([
      "s.yaml:16:15 error workload[0].arrivals: poisson arrivals need to:, count: or the scenario's until: to end",
    ]);
    expect(problems(`${unbounded}\nuntil: 1d`)).toEqual([]);
  });

  it("requires 24 hourly rates and days for diurnal arrivals", () => {
    expect(
      problems(variant({ 16: "    arrivals: {process: diurnal, ratePerHour: [1, 2], days: 1}" })),
    ).toEqual([
      "s.yaml:16:47 error workload[0].arrivals.ratePerHour: diurnal needs a list of 24 hourly rates (each ≥ 0)",
    ]);
  });

  it("keeps repeated instants of an at list", () => {
    const s = scenario(variant({ 16: "    arrivals: {at: [0, 0, 1h]}" }));
    expect(s.workload[0]).toMatchObject({ arrivals: { process: "at", atSeconds: [0, 0, 3600] } });
  });
});
