import { describe, expect, it } from "vitest";
import { regularizedBeta, studentTCdf, tQuantile } from "../../src/report/index.ts";

describe("Student's t", () => {
  it.each([
    [1, 12.706],
    [2, 4.303],
    [4, 2.776],
    [9, 2.262],
    [29, 2.045],
    [120, 1.98],
  ])("gives the published t(0.975, %i) = %f", (df, published) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(published, 3);
  });

  it("matches the closed forms of 1 and 2 degrees of freedom to 1e-9", () => {
    // df 1 is the Cauchy distribution: t = tan(π(p − ½)); df 2: t = (2p − 1)·√(2 / (4p(1 − p))).
    for (const p of [0.6, 0.9, 0.975, 0.995]) {
      expect(tQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 9);
      expect(tQuantile(p, 2)).toBeCloseTo((2 * p - 1) * Math.sqrt(2 / (4 * p * (1 - p))), 9);
    }
  });

  it("tends to the normal quantile 1.959964 as the degrees of freedom grow", () => {
    expect(tQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5);
  });

  it("is symmetric about 0, with the CDF its inverse", () => {
    expect(tQuantile(0.5, 5)).toBe(0);
    expect(tQuantile(0.025, 7)).toBeCloseTo(-tQuantile(0.975, 7), 12);
    expect(studentTCdf(0, 3)).toBe(0.5);
    for (const df of [1, 3, 10, 50]) {
      const t = tQuantile(0.9, df);
      expect(studentTCdf(t, df)).toBeCloseTo(0.9, 10);
      expect(studentTCdf(-t, df)).toBeCloseTo(0.1, 10);
    }
  });

  it("computes the regularized incomplete beta function at known points", () => {
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12); // the uniform CDF
    expect(regularizedBeta(0.5, 4, 4)).toBeCloseTo(0.5, 12); // symmetry
    expect(regularizedBeta(0.2, 2, 3)).toBeCloseTo(0.1808, 12); // 6x²−8x³+3x⁴ at 0.2
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
  });

  it("refuses a probability outside (0, 1) or degrees of freedom ≤ 0", () => {
    expect(() => tQuantile(1, 3)).toThrow(/p must be in/);
    expect(() => tQuantile(0.9, 0)).toThrow(/df must be/);
  });
});
