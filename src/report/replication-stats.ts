/**
 * Statistics over replications (issue 7): the headline metrics read from each run's summary, the
 * seeds of the replications, and the mean of a metric with its 95 % Student-t confidence interval,
 * alone (a run's replications, a sweep point) or as the paired difference of two scenarios run with
 * common random numbers (`batchsim compare`). Pure.
 */
import { fsum } from "d3-array";
import { tQuantile } from "./student-t.ts";
import type { Summary } from "./summary-types.ts";

/** One headline metric: its summary.json path and how to read it (null when it does not apply). */
interface HeadlineMetric {
  readonly path: string;
  readonly read: (summary: Summary) => number | null;
}

const HEADLINE: readonly HeadlineMetric[] = [
  { path: "waitSeconds.mean", read: (s) => s.waitSeconds.mean },
  { path: "waitSeconds.p50", read: (s) => s.waitSeconds.p50 },
  { path: "waitSeconds.p90", read: (s) => s.waitSeconds.p90 },
  { path: "waitSeconds.p99", read: (s) => s.waitSeconds.p99 },
  { path: "responseSeconds.mean", read: (s) => s.responseSeconds.mean },
  { path: "responseSeconds.p90", read: (s) => s.responseSeconds.p90 },
  { path: "cost.totalUsd", read: (s) => s.cost.totalUsd },
  { path: "cost.idleUsd", read: (s) => s.cost.idleUsd },
  { path: "cost.wastedUsd", read: (s) => s.cost.wastedUsd },
  { path: "utilization.ratio", read: (s) => s.utilization.ratio },
  { path: "jobs.succeeded", read: (s) => s.jobs.succeeded },
  { path: "jobs.failed", read: (s) => s.jobs.failed },
  { path: "jobs.unfinished", read: (s) => s.jobs.unfinished },
  { path: "spot.interruptions", read: (s) => s.spot?.interruptions ?? null },
  { path: "fairness.jainIndex", read: (s) => s.fairness.jainIndex },
];

/** The headline metrics' summary.json paths, in the order of every table and CSV column. */
export const HEADLINE_METRICS: readonly string[] = HEADLINE.map((m) => m.path);

/** One run's headline metrics, in the order of HEADLINE_METRICS (null where a metric does not apply). */
export type MetricValues = readonly (number | null)[];

/** The headline metrics of one run's summary. */
export function headlineValues(summary: Summary): MetricValues {
  return HEADLINE.map((m) => m.read(summary));
}

/**
 * The seed of replication `r` (from 1) of a scenario whose base seed is `base`: the base seed itself
 * for r = 1 (so replication 1 is exactly the plain run), `<base>/replication-<r>` after that.
 */
export function replicationSeed(base: string, r: number): string {
  if (!Number.isInteger(r) || r < 1) throw new Error(`replicationSeed: r must be ≥ 1, got ${r}`);
  return r === 1 ? base : `${base}/replication-${r}`;
}

/** The seeds of replications 1..n. */
export function replicationSeeds(base: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => replicationSeed(base, i + 1));
}

/** A mean over n runs with its 95 % confidence interval (null when n = 1: no interval from one run). */
export interface Estimate {
  readonly mean: number;
  readonly ci95: readonly [number, number] | null;
  /** The runs it is over: those where the metric applies (for a difference: where it applies to both). */
  readonly n: number;
}

/** The confidence level of every interval. */
export const CONFIDENCE = 0.95;

/**
 * The mean of the non-null `values` and its 95 % interval mean ± t(0.975, n − 1)·s/√n (s the sample
 * standard deviation); null when every value is null. Sums are exact (fsum), and values that are all
 * equal give exactly that value with a zero-width interval.
 */
export function estimate(values: readonly (number | null)[]): Estimate | null {
  const xs = values.filter((v): v is number => v !== null);
  const n = xs.length;
  if (n === 0) return null;
  // Runs that all agree have exactly their value as mean (fsum(xs) / n can be an ulp off it).
  const mean = xs.every((x) => x === xs[0]) ? (xs[0] as number) : fsum(xs) / n;
  if (n === 1) return { mean, ci95: null, n };
  const sd = Math.sqrt(fsum(xs, (x) => (x - mean) * (x - mean)) / (n - 1));
  const half = (tQuantile(1 - (1 - CONFIDENCE) / 2, n - 1) * sd) / Math.sqrt(n);
  return { mean, ci95: [mean - half, mean + half], n };
}

/**
 * The paired difference b − a over the replications where both are non-null (replication i of a and
 * of b share a seed: common random numbers), as an Estimate; null when no replication has both.
 */
export function pairedDifference(
  a: readonly (number | null)[],
  b: readonly (number | null)[],
): Estimate | null {
  if (a.length !== b.length) throw new Error("pairedDifference: a and b differ in length");
  const d: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === "number" && typeof y === "number") d.push(y - x);
  }
  return estimate(d);
}

/** Column `m` of rows of MetricValues. */
export function metricColumn(rows: readonly MetricValues[], m: number): (number | null)[] {
  return rows.map((row) => row[m] ?? null);
}

/** Per headline metric (by path, in order), the Estimate over the rows. */
export function estimateMetrics(rows: readonly MetricValues[]): Record<string, Estimate | null> {
  return Object.fromEntries(
    HEADLINE_METRICS.map((path, m) => [path, estimate(metricColumn(rows, m))]),
  );
}

/** Whether a difference's interval excludes 0: "higher" (all above), "lower" (all below), or null. */
export function significance(delta: Estimate | null): "higher" | "lower" | null {
  const ci = delta?.ci95;
  if (!ci) return null;
  if (ci[0] > 0) return "higher";
  if (ci[1] < 0) return "lower";
  return null;
}

/** One metric of `batchsim compare`: a, b and the paired difference b − a (null: does not apply). */
export interface MetricComparison {
  readonly a: Estimate | null;
  readonly b: Estimate | null;
  readonly delta: Estimate | null;
}

/**
 * Per headline metric (by path, in order), the comparison of replication rows `a` and `b` (row i of
 * each run with the same seed). A metric null in every run of both is {a: null, b: null, delta: null}.
 */
export function compareMetrics(
  a: readonly MetricValues[],
  b: readonly MetricValues[],
): Record<string, MetricComparison> {
  return Object.fromEntries(
    HEADLINE_METRICS.map((path, m) => {
      const xs = metricColumn(a, m);
      const ys = metricColumn(b, m);
      return [path, { a: estimate(xs), b: estimate(ys), delta: pairedDifference(xs, ys) }];
    }),
  );
}
