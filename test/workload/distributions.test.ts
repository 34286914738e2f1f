import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/engine/rng.ts";
import type { Distribution } from "../../src/scenario/types.ts";
import {
  distributionMeanSeconds,
  distributionQuantileSeconds,
  inverseNormalCdf,
  sampleDistribution,
} from "../../src/workload/index.ts";
import { binomialSe, countingRng, fractionAtMost, mean, repeat, SE } from "./stats.ts";

const N = 20_000;
const Z90 = 1.2815515655446004;

function draws(d: Distribution, label: string): number[] {
  const rng = createRng("distributions", label);
  return repeat(N, () => sampleDistribution(d, rng));
}

/** The lognormal of the contract's `{median, p90}` form. */
function lognormalFrom(medianSeconds: number, p90Seconds: number): Distribution {
  const mu = Math.log(medianSeconds);
  return { kind: "lognormal", mu, sigma: (Math.log(p90Seconds) - mu) / Z90 };
}

describe("inverseNormalCdf", () => {
  it.each([
    [0.5, 0],
    [0.9, 1.2815515655446004],
    [0.975, 1.959963984540054],
    [0.025, -1.959963984540054],
    [0.999, 3.090232306167813],
    [1e-10, -6.361340902404056],
  ])("maps %s to the tabulated quantile %s", (p, z) => {
    expect(inverseNormalCdf(p)).toBeCloseTo(z, 12);
  });

  it("returns -Infinity at 0 and Infinity at 1", () => {
    expect(inverseNormalCdf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(inverseNormalCdf(1)).toBe(Number.POSITIVE_INFINITY);
  });

  test.prop([
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  ])("is non-decreasing in p", (a, b) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    expect(inverseNormalCdf(lo)).toBeLessThanOrEqual(inverseNormalCdf(hi));
  });
});

describe("sampleDistribution", () => {
  it("returns the fixed value every time", () => {
    expect(new Set(draws({ kind: "fixed", seconds: 42 }, "fixed"))).toEqual(new Set([42]));
  });

  it("draws exponential times whose mean and median match the formula within 5 standard errors", () => {
    const meanSeconds = 600;
    const xs = draws({ kind: "exponential", meanSeconds }, "exponential");
    // SD of an exponential equals its mean, so SE of the sample mean is mean/√N.
    expect(Math.abs(mean(xs) - meanSeconds)).toBeLessThan((SE * meanSeconds) / Math.sqrt(N));
    const atMedian = fractionAtMost(xs, meanSeconds * Math.LN2);
    expect(Math.abs(atMedian - 0.5)).toBeLessThan(SE * binomialSe(0.5, N));
  });

  it("reproduces a lognormal's median and p90 exactly and in a sample", () => {
    const d = lognormalFrom(1200, 3600);
    expect(distributionQuantileSeconds(d, 0.5)).toBeCloseTo(1200, 9);
    expect(distributionQuantileSeconds(d, 0.9)).toBeCloseTo(3600, 9);
    const xs = draws(d, "lognormal");
    expect(Math.abs(fractionAtMost(xs, 1200) - 0.5)).toBeLessThan(SE * binomialSe(0.5, N));
    expect(Math.abs(fractionAtMost(xs, 3600) - 0.9)).toBeLessThan(SE * binomialSe(0.9, N));
  });

  it("draws lognormal times whose mean is exp(mu + sigma²/2) within 5 standard errors", () => {
    const d = lognormalFrom(1200, 3600);
    if (d.kind !== "lognormal") throw new Error("unreachable");
    const expected = Math.exp(d.mu + d.sigma ** 2 / 2);
    expect(distributionMeanSeconds(d)).toBeCloseTo(expected, 9);
    const sd = expected * Math.sqrt(Math.exp(d.sigma ** 2) - 1);
    expect(Math.abs(mean(draws(d, "lognormal-mean")) - expected)).toBeLessThan(
      (SE * sd) / Math.sqrt(N),
    );
  });

  it("draws uniform times inside [min, max) with the right mean and quartile", () => {
    const d: Distribution = { kind: "uniform", minSeconds: 100, maxSeconds: 400 };
    const xs = draws(d, "uniform");
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...xs)).toBeLessThan(400);
    expect(Math.abs(mean(xs) - 250)).toBeLessThan((SE * 300) / Math.sqrt(12) / Math.sqrt(N));
    expect(Math.abs(fractionAtMost(xs, 175) - 0.25)).toBeLessThan(SE * binomialSe(0.25, N));
  });

  it("picks empirical values in proportion to their weights and never a zero-weight value", () => {
    const d: Distribution = {
      kind: "empirical",
      valuesSeconds: [10, 20, 30, 40],
      weights: [1, 0, 3, 6],
    };
    const xs = draws(d, "empirical");
    for (const [value, p] of [
      [10, 0.1],
      [30, 0.3],
      [40, 0.6],
    ] as const) {
      const observed = xs.filter((x) => x === value).length / N;
      expect(Math.abs(observed - p)).toBeLessThan(SE * binomialSe(p, N));
    }
    expect(xs).not.toContain(20);
    expect(distributionMeanSeconds(d)).toBeCloseTo(34, 12);
  });

  it("maps the uniform's extremes to the first and last empirical values with weight", () => {
    const d: Distribution = { kind: "empirical", valuesSeconds: [5, 6, 7], weights: [2, 2, 0] };
    expect(distributionQuantileSeconds(d, 0)).toBe(5);
    expect(distributionQuantileSeconds(d, 0.4999)).toBe(5);
    expect(distributionQuantileSeconds(d, 0.5)).toBe(6);
    expect(distributionQuantileSeconds(d, 0.9999999)).toBe(6);
  });

  it.each<Distribution>([
    { kind: "fixed", seconds: 1 },
    { kind: "exponential", meanSeconds: 1 },
    { kind: "lognormal", mu: 0, sigma: 1 },
    { kind: "uniform", minSeconds: 0, maxSeconds: 1 },
    { kind: "empirical", valuesSeconds: [1, 2], weights: [1, 1] },
  ])("consumes exactly one uniform per $kind draw, so streams stay aligned", (d) => {
    const rng = countingRng(createRng("one-uniform"));
    for (let i = 0; i < 10; i++) sampleDistribution(d, rng);
    expect(rng.calls).toBe(10);
  });

  test.prop([
    fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    fc.double({ min: -5, max: 12, noNaN: true }),
    fc.double({ min: 0, max: 4, noNaN: true }),
    fc.double({ min: 0, max: 1e6, noNaN: true }),
  ])("never returns a negative or NaN duration for valid parameters", (p, mu, sigma, scale) => {
    const ds: Distribution[] = [
      { kind: "exponential", meanSeconds: scale },
      { kind: "lognormal", mu, sigma },
      { kind: "uniform", minSeconds: scale, maxSeconds: 2 * scale },
    ];
    for (const d of ds) expect(distributionQuantileSeconds(d, p)).toBeGreaterThanOrEqual(0);
  });

  it("treats a lognormal with sigma 0 as the point exp(mu), even at p = 0", () => {
    const d: Distribution = { kind: "lognormal", mu: Math.log(60), sigma: 0 };
    expect(distributionQuantileSeconds(d, 0)).toBeCloseTo(60, 9);
    expect(distributionQuantileSeconds(d, 0.7)).toBeCloseTo(60, 9);
  });

  it("gives the exact means of fixed, exponential and uniform", () => {
    expect(distributionMeanSeconds({ kind: "fixed", seconds: 7 })).toBe(7);
    expect(distributionMeanSeconds({ kind: "exponential", meanSeconds: 90 })).toBe(90);
    expect(distributionMeanSeconds({ kind: "uniform", minSeconds: 10, maxSeconds: 30 })).toBe(20);
  });
});
