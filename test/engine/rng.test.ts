import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { createRng, type Rng } from "../../src/engine/rng.ts";

function take(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.next());
}

describe("createRng", () => {
  test.prop([fc.oneof(fc.string(), fc.integer()), fc.string()])(
    "gives the same sequence for the same seed and label",
    (seed, label) => {
      expect(take(createRng(seed, label), 20)).toEqual(take(createRng(seed, label), 20));
    },
  );

  it("gives different sequences for different labels and different seeds", () => {
    const a = take(createRng(42, "runtime/a"), 20);
    expect(take(createRng(42, "runtime/b"), 20)).not.toEqual(a);
    expect(take(createRng(43, "runtime/a"), 20)).not.toEqual(a);
    expect(take(createRng(42).fork("runtime/b"), 20)).not.toEqual(a);
  });

  test.prop([fc.string({ minLength: 1 }), fc.string({ minLength: 1 })])(
    "forking a then b equals createRng(seed, 'a/b')",
    (a, b) => {
      const forked = createRng("s").fork(a).fork(b);
      expect(forked.label).toBe(`${a}/${b}`);
      expect(take(forked, 10)).toEqual(take(createRng("s", `${a}/${b}`), 10));
    },
  );

  it("forks independently of how much the parent has drawn", () => {
    const root = createRng(7);
    const before = take(root.fork("x"), 5);
    take(root, 1000);
    expect(take(root.fork("x"), 5)).toEqual(before);
  });

  it("draws uniforms in [0, 1)", () => {
    const xs = take(createRng("range"), 100_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // Mean of U(0,1) is 1/2 with SD 1/√12: 5 standard errors over 100000 draws.
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 / Math.sqrt(12 * xs.length));
  });
});
