import type { Rng } from "../engine/rng.ts";
import type { JobSpec } from "../scenario/types.ts";

/**
 * Draws an exit code from `exitCodes` (probabilities summing to 1, in the spec's order) with
 * exactly one uniform u: the first code whose cumulative probability exceeds u. When rounding
 * leaves the sum just under 1 and u lands above it, the last code with a positive probability wins.
 */
export function drawExitCode(exitCodes: JobSpec["exitCodes"], rng: Rng): number {
  const u = rng.next();
  let cumulative = 0;
  let lastPossible: number | undefined;
  for (const { exitCode, probability } of exitCodes) {
    if (probability <= 0) continue;
    cumulative += probability;
    lastPossible = exitCode;
    if (u < cumulative) return exitCode;
  }
  if (lastPossible === undefined)
    throw new Error("a job spec has no exit code with probability > 0");
  return lastPossible;
}
