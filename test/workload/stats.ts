import type { Rng } from "../../src/engine/rng.ts";

/** Tolerances are this many standard errors: a fixed seed makes each check deterministic, and a
 * correct implementation lands outside 5 SE with probability < 1e-6 for a fresh seed. */
export const SE = 5;

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Fraction of `xs` that are ≤ x (the empirical CDF at x). */
export function fractionAtMost(xs: readonly number[], x: number): number {
  let n = 0;
  for (const v of xs) if (v <= x) n++;
  return n / xs.length;
}

/** Standard error of an observed fraction whose true probability is p, over n draws. */
export function binomialSe(p: number, n: number): number {
  return Math.sqrt((p * (1 - p)) / n);
}

/** `n` values of `draw()`. */
export function repeat(n: number, draw: () => number): number[] {
  return Array.from({ length: n }, draw);
}

/** Wraps `rng` to count how many uniforms it hands out (forks are not counted). */
export function countingRng(rng: Rng): Rng & { readonly calls: number } {
  let calls = 0;
  return {
    label: rng.label,
    next: () => {
      calls++;
      return rng.next();
    },
    fork: (label: string) => rng.fork(label),
    get calls() {
      return calls;
    },
  };
}
