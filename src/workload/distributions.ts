/**
 * Drawing durations from the scenario's distributions. Every draw consumes exactly one uniform,
 * whatever the kind (fixed included), and maps it through the distribution's quantile function:
 * the k-th job of a stream always gets the k-th uniform of its stream, so what-if variants that
 * change a distribution stay coupled draw by draw (common random numbers).
 */
import type { Rng } from "../engine/rng.ts";
import type { Distribution } from "../scenario/types.ts";
import { MAX_DURATION_SECONDS } from "../scenario/units.ts";
import { inverseNormalCdf } from "./normal.ts";

type Empirical = Extract<Distribution, { kind: "empirical" }>;

/** Cumulative weights per empirical distribution, built once per distribution object. */
const cumulativeCache = new WeakMap<Empirical, Float64Array>();

function cumulativeWeights(d: Empirical): Float64Array {
  let cum = cumulativeCache.get(d);
  if (cum === undefined) {
    cum = new Float64Array(d.weights.length);
    let sum = 0;
    for (let i = 0; i < d.weights.length; i++) {
      sum += d.weights[i]!;
      cum[i] = sum;
    }
    cumulativeCache.set(d, cum);
  }
  return cum;
}

/** The first index whose cumulative weight exceeds `target` (so zero-weight values are never picked). */
function firstAbove(cum: Float64Array, target: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function empiricalQuantile(d: Empirical, p: number): number {
  if (d.valuesSeconds.length === 0) throw new Error("empirical distribution has no values");
  const cum = cumulativeWeights(d);
  return d.valuesSeconds[firstAbove(cum, p * cum[cum.length - 1]!)]!;
}

/**
 * The p-quantile of `d` in seconds, p in [0, 1): the value a draw of uniform p maps to.
 * Exponential by inversion (−mean·ln(1−p)); lognormal exp(mu + sigma·Φ⁻¹(p)); uniform
 * min + p·(max − min); empirical: the first value whose cumulative weight exceeds p·total.
 */
export function distributionQuantileSeconds(d: Distribution, p: number): number {
  switch (d.kind) {
    case "fixed":
      return d.seconds;
    case "exponential":
      return -d.meanSeconds * Math.log1p(-p);
    case "lognormal":
      return lognormalQuantile(d, p);
    case "uniform":
      return d.minSeconds + p * (d.maxSeconds - d.minSeconds);
    case "empirical":
      return empiricalQuantile(d, p);
  }
}

function lognormalQuantile(d: Extract<Distribution, { kind: "lognormal" }>, p: number): number {
  // sigma = 0 is a point mass; without the guard p = 0 would give 0·(−∞) = NaN.
  return d.sigma === 0 ? Math.exp(d.mu) : Math.exp(d.mu + d.sigma * inverseNormalCdf(p));
}

/**
 * One draw from `d`, in seconds (≥ 0 for valid parameters); consumes exactly one `rng.next()`. A
 * draw is at most 100 years (MAX_DURATION_SECONDS, the longest duration a scenario may state): the
 * far tail of an exponential or lognormal could otherwise reach times no timestamp can show.
 */
export function sampleDistribution(d: Distribution, rng: Rng): number {
  return Math.min(distributionQuantileSeconds(d, rng.next()), MAX_DURATION_SECONDS);
}

/** The exact mean of `d` in seconds (lognormal: exp(mu + sigma²/2); empirical: weighted mean). */
export function distributionMeanSeconds(d: Distribution): number {
  switch (d.kind) {
    case "fixed":
      return d.seconds;
    case "exponential":
      return d.meanSeconds;
    case "lognormal":
      return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case "uniform":
      return (d.minSeconds + d.maxSeconds) / 2;
    case "empirical":
      return empiricalMean(d);
  }
}

function empiricalMean(d: Empirical): number {
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < d.valuesSeconds.length; i++) {
    weighted += d.valuesSeconds[i]! * d.weights[i]!;
    total += d.weights[i]!;
  }
  return weighted / total;
}
