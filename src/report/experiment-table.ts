/** The tables `batchsim run --replications` and `batchsim compare` print (pure: estimates in, text out). */
import {
  type Estimate,
  HEADLINE_METRICS,
  type MetricComparison,
  significance,
} from "./replication-stats.ts";

/** How a metric's numbers are printed: seconds, USD, a ratio, or a count. */
function kindOf(metric: string): "seconds" | "usd" | "ratio" | "count" {
  if (metric.includes("Seconds")) return "seconds";
  if (metric.startsWith("cost.")) return "usd";
  if (metric === "utilization.ratio" || metric === "fairness.jainIndex") return "ratio";
  return "count";
}

/**
 * One number of a metric (with a sign when `signed`, for differences); `scale` decides the decimals
 * (a half-width is printed with its mean's).
 */
function formatNumber(metric: string, x: number, signed = false, scale = x): string {
  const kind = kindOf(metric);
  const digits = kind === "ratio" ? 3 : kind === "usd" ? (Math.abs(scale) < 1 ? 4 : 2) : 1;
  const sign = signed && x > 0 ? "+" : x < 0 ? "-" : "";
  const body = Math.abs(x).toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const unit = kind === "seconds" ? " s" : "";
  return kind === "usd" ? `${sign}$${body}` : `${sign}${body}${unit}`;
}

/** `mean ± half-width`, the mean alone without an interval, `(n=k)` when not over every run; "-" for null. */
export function formatEstimate(
  metric: string,
  e: Estimate | null,
  runs: number,
  signed = false,
): string {
  if (e === null) return "-";
  const mean = formatNumber(metric, e.mean, signed);
  const half =
    e.ci95 === null ? "" : ` ± ${formatNumber(metric, (e.ci95[1] - e.ci95[0]) / 2, false, e.mean)}`;
  const n = e.n === runs ? "" : ` (n=${e.n})`;
  return `${mean}${half}${n}`;
}

/** Aligns columns: the first left-aligned, the others right-aligned. */
function align(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/** The replications table of `run --replications`: each headline metric's mean ± 95 % half-width. */
export function formatReplicationTable(
  metrics: Readonly<Record<string, Estimate | null>>,
  runs: number,
): string {
  const rows = HEADLINE_METRICS.map((m) => [`  ${m}`, formatEstimate(m, metrics[m] ?? null, runs)]);
  const head = `${runs} replication${runs === 1 ? "" : "s"}: mean ± half-width of the 95 % confidence interval`;
  return [head, ...align([["  metric", "mean"], ...rows]), ""].join("\n");
}

/**
 * The comparison table: per metric a, b and the paired difference b − a, each mean ± half-width, and
 * whether the difference is significant (its 95 % interval excludes 0) and in which direction.
 */
export function formatComparisonTable(
  labels: { readonly a: string; readonly b: string },
  metrics: Readonly<Record<string, MetricComparison>>,
  runs: number,
): string {
  const rows = HEADLINE_METRICS.map((m) => {
    const c = metrics[m] ?? { a: null, b: null, delta: null };
    const direction = significance(c.delta);
    return [
      `  ${m}`,
      formatEstimate(m, c.a, runs),
      formatEstimate(m, c.b, runs),
      formatEstimate(m, c.delta, runs, true),
      direction === null ? "" : `significant: b ${direction}`,
    ];
  });
  return [
    `a: ${labels.a}`,
    `b: ${labels.b}`,
    `${runs} replication${runs === 1 ? "" : "s"} each, common random numbers; mean ± half-width of the 95 % confidence interval`,
    ...align([["  metric", "a", "b", "b − a", ""], ...rows]),
    "",
  ].join("\n");
}

/** The metrics of the sweep table (all of them are in sweep.csv). */
const SWEEP_TABLE_METRICS = ["waitSeconds.mean", "waitSeconds.p90", "cost.totalUsd"] as const;

/** Points printed before the table says "see sweep.csv". */
const SWEEP_TABLE_POINTS = 40;

/**
 * The table `batchsim sweep` prints: one line per point (the first 40) with its parameters' values
 * and a few headline metrics, mean ± half-width.
 */
export function formatSweepTable(
  parameters: readonly string[],
  points: readonly {
    readonly point: number;
    readonly parameterValues: readonly string[];
    readonly estimates: Readonly<Record<string, Estimate | null>>;
  }[],
  runs: number,
): string {
  const rows = points
    .slice(0, SWEEP_TABLE_POINTS)
    .map((p) => [
      `  ${p.point}`,
      ...p.parameterValues,
      ...SWEEP_TABLE_METRICS.map((m) => formatEstimate(m, p.estimates[m] ?? null, runs)),
    ]);
  const more =
    points.length > SWEEP_TABLE_POINTS
      ? [`  … ${points.length - SWEEP_TABLE_POINTS} more points in sweep.csv`]
      : [];
  return [
    `${points.length} point${points.length === 1 ? "" : "s"} × ${runs} replication${runs === 1 ? "" : "s"}${runs > 1 ? ": mean ± half-width of the 95 % confidence interval" : ""}`,
    ...align([["  point", ...parameters, ...SWEEP_TABLE_METRICS], ...rows]),
    ...more,
    "",
  ].join("\n");
}
