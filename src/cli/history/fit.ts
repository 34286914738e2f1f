/**
 * Fitting durations (pure): summaries, a lognormal fit by maximum likelihood on ln(seconds) with its
 * Kolmogorov–Smirnov statistic, a uniform fit on [0, θ], and empirical distributions compressed to a
 * bounded number of points. Everything works on seconds.
 */

/** z-score of the 90th percentile of the standard normal distribution (as the scenario format uses). */
export const Z90 = 1.2815515655446004;

/** Quantiles of a sample (linear interpolation between order statistics, type 7). */
export interface Summary {
  readonly n: number;
  readonly mean: number;
  readonly min: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** A lognormal fit: median = e^mu, p90 = e^(mu + Z90·sigma). */
export interface LognormalFit {
  readonly mu: number;
  readonly sigma: number;
  readonly median: number;
  readonly p90: number;
  /** Kolmogorov–Smirnov statistic D = sup |F_n − F| against the fitted distribution. */
  readonly ks: number;
  /** Lilliefors' 5 % critical value for D when mu and sigma come from the same data (≈ 0.886/√n). */
  readonly ksCritical5: number;
}

/** A uniform fit on [0, θ] with θ = 2 × mean (the method of moments), and its KS statistic. */
export interface UniformFit {
  readonly max: number;
  readonly ks: number;
}

/** An empirical distribution in the scenario format's shape; weights absent when all equal. */
export interface Empirical {
  readonly values: number[];
  readonly weights?: number[];
  /** true when the sample had more distinct values than allowed and was reduced to quantiles. */
  readonly reduced: boolean;
}

/** Values sorted ascending (a copy). */
export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The p-quantile (0 ≤ p ≤ 1) of sorted values, linear between order statistics. */
export function quantile(s: readonly number[], p: number): number {
  const n = s.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = s[lo] as number;
  const b = s[hi] as number;
  return a + (h - lo) * (b - a);
}

/** The summary of a non-empty sample. */
export function summarize(values: readonly number[]): Summary {
  const s = sorted(values);
  let sum = 0;
  for (const v of s) sum += v;
  return {
    n: s.length,
    mean: sum / s.length,
    min: s[0] as number,
    p10: quantile(s, 0.1),
    p50: quantile(s, 0.5),
    p90: quantile(s, 0.9),
    p99: quantile(s, 0.99),
    max: s[s.length - 1] as number,
  };
}

/** Whether a sample is (nearly) one value: its range is within 1 ms or 1 % of its median. */
export function isNearlyFixed(summary: Summary): boolean {
  return summary.max - summary.min <= Math.max(0.001, 0.01 * Math.abs(summary.p50));
}

/**
 * The maximum-likelihood lognormal fit of a sample (mu, sigma = mean and standard deviation of
 * ln x, the latter with n − 1), with its KS statistic; null when a value is ≤ 0, with fewer than 2
 * values, or when every value is the same.
 */
export function fitLognormal(values: readonly number[]): LognormalFit | null {
  const n = values.length;
  if (n < 2 || values.some((v) => !(v > 0))) return null;
  const logs = values.map(Math.log);
  let sum = 0;
  for (const l of logs) sum += l;
  const mu = sum / n;
  let ss = 0;
  for (const l of logs) ss += (l - mu) * (l - mu);
  const sigma = Math.sqrt(ss / (n - 1));
  if (!(sigma > 1e-9)) return null; // one value, up to rounding
  const s = sorted(values);
  const ks = ksStatistic(s, (x) => normalCdf((Math.log(x) - mu) / sigma));
  return {
    mu,
    sigma,
    median: Math.exp(mu),
    p90: Math.exp(mu + Z90 * sigma),
    ks,
    ksCritical5: 0.886 / Math.sqrt(n),
  };
}

/** The fitted lognormal's p-quantile. */
export function lognormalQuantile(fit: { mu: number; sigma: number }, p: number): number {
  return Math.exp(fit.mu + fit.sigma * normalQuantile(p));
}

/** A uniform fit on [0, 2 × mean] and its KS statistic; null for an empty sample or a mean of 0. */
export function fitUniform(values: readonly number[]): UniformFit | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  const max = (2 * sum) / values.length;
  if (!(max > 0)) return null;
  const ks = ksStatistic(sorted(values), (x) => Math.min(1, Math.max(0, x / max)));
  return { max, ks };
}

/** D = sup |F_n(x) − F(x)| for sorted values (ties handled: the step is taken at the tie's ends). */
export function ksStatistic(s: readonly number[], cdf: (x: number) => number): number {
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i] as number);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * An empirical distribution of a sample: its distinct values (rounded to the millisecond) weighted
 * by their counts when there are at most `maxPoints` of them, else `maxPoints` equally weighted
 * quantiles at (i + ½)/maxPoints.
 */
export function empirical(values: readonly number[], maxPoints: number): Empirical {
  const s = sorted(values.map(roundMs));
  const distinct: number[] = [];
  const counts: number[] = [];
  for (const v of s) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) {
      counts[counts.length - 1] = (counts[counts.length - 1] as number) + 1;
    } else {
      distinct.push(v);
      counts.push(1);
    }
  }
  if (distinct.length <= maxPoints) {
    return counts.every((c) => c === 1)
      ? { values: distinct, reduced: false }
      : { values: distinct, weights: counts, reduced: false };
  }
  const out: number[] = [];
  for (let i = 0; i < maxPoints; i++) out.push(roundMs(quantile(s, (i + 0.5) / maxPoints)));
  return { values: out, reduced: true };
}

/** Seconds rounded to the millisecond (AWS's timestamp precision). */
export function roundMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** A number rounded to `digits` significant digits (for readable medians and p90s). */
export function significant(x: number, digits = 4): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** The standard normal CDF Φ(z), from erfc (absolute error < 1.2e-7). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** The complementary error function (Numerical Recipes' erfcc: fractional error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** The standard normal quantile Φ⁻¹(p) (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: number[], x: number): number => k.reduce((acc, v) => acc * x + v, 0);
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}
