import { fsum } from "d3-array";
import fc from "fast-check";
import { expect, it, describe as suite } from "vitest";
import { describe, nearestRank } from "../../src/report/stats.ts";

/** describe() as it was written first: sort a copy, read the ranks. */
function bySorting(values: readonly number[]) {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return {
    mean: fsum(sorted) / n,
    p50: nearestRank(sorted, 50) ?? null,
    p90: nearestRank(sorted, 90) ?? null,
    p99: nearestRank(sorted, 99) ?? null,
    max: sorted[n - 1] ?? null,
  };
}

suite("describe", () => {
  it("gives what sorting gives (selection instead of a sort)", () => {
    const value = fc.oneof(
      fc.integer({ min: 0, max: 5 }),
      fc.double({ min: 0, max: 1e7, noNaN: true }),
      fc.constantFrom(0, 1, 10, 0.001),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 400 }), (values) => {
        const before = Float64Array.from(values);
        const got = describe(values);
        expect(Object.is(got.p50, bySorting(values).p50)).toBe(true);
        expect(got).toEqual(bySorting(values));
        expect(Float64Array.from(values)).toEqual(before);
      }),
      { numRuns: 2000 },
    );
  });

  it("orders NaN and −0 as a sort does", () => {
    const values = [3, Number.NaN, -0, 0, 1, -0, 2, Number.NaN, 0];
    const got = describe(values);
    const want = bySorting(values);
    for (const key of ["mean", "p50", "p90", "p99", "max"] as const) {
      expect(Object.is(got[key], want[key])).toBe(true);
    }
  });

  it("handles sorted, reversed and constant inputs", () => {
    const up = Array.from({ length: 10_001 }, (_, i) => i);
    for (const values of [up, [...up].reverse(), up.map(() => 7), [5]]) {
      expect(describe(values)).toEqual(bySorting(values));
    }
  });

  it("is all null for no values", () => {
    expect(describe([])).toEqual({ mean: null, p50: null, p90: null, p99: null, max: null });
  });
});
