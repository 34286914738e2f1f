/**
 * The CSV files of experiments (issue 7): replications.csv of `run --replications` and `compare`,
 * runs.csv and sweep.csv of `sweep`. Numbers are written in full (JavaScript's shortest round-trip
 * form), so a file read back gives the same doubles; a metric that does not apply is an empty cell.
 */
import { type Cell, createCsvWriter } from "./csv.ts";
import {
  type Estimate,
  estimateMetrics,
  HEADLINE_METRICS,
  type MetricValues,
} from "./replication-stats.ts";

/** One run of an experiment: the cells that say which run it is, then its headline metrics. */
export interface RunRow {
  readonly lead: readonly Cell[];
  readonly values: MetricValues;
}

/** A CSV text: `leadColumns`, then one column per headline metric; one line per row. */
export function runsCsv(leadColumns: readonly string[], rows: readonly RunRow[]): string {
  let text = "";
  const csv = createCsvWriter([...leadColumns, ...HEADLINE_METRICS], (t) => {
    text += t;
  });
  for (const row of rows) csv.row([...row.lead, ...row.values]);
  csv.flush();
  return text;
}

/** One point of a sweep: its number, its parameters' values (YAML text) and its replications. */
export interface SweepPointRows {
  readonly point: number;
  readonly parameterValues: readonly string[];
  readonly seeds: readonly string[];
  readonly values: readonly MetricValues[];
}

/**
 * sweep.csv: one line per point — `point`, each parameter (its value as YAML text), then for each
 * headline metric its mean over the point's replications and the 95 % interval's bounds
 * (`<metric>`, `<metric>.ci95_lo`, `<metric>.ci95_hi`; the bounds are empty with one replication).
 */
export function sweepCsv(parameters: readonly string[], points: readonly SweepPointRows[]): string {
  const metricColumns = HEADLINE_METRICS.flatMap((m) => [m, `${m}.ci95_lo`, `${m}.ci95_hi`]);
  let text = "";
  const csv = createCsvWriter(["point", ...parameters, ...metricColumns], (t) => {
    text += t;
  });
  for (const p of points) {
    const estimates = estimateMetrics(p.values);
    csv.row([
      p.point,
      ...p.parameterValues,
      ...HEADLINE_METRICS.flatMap((m) => estimateCells(estimates[m] ?? null)),
    ]);
  }
  csv.flush();
  return text;
}

function estimateCells(e: Estimate | null): Cell[] {
  return [e?.mean ?? null, e?.ci95?.[0] ?? null, e?.ci95?.[1] ?? null];
}

/** runs.csv of a sweep: one line per (point, replication) — point, parameters, replication, seed, metrics. */
export function sweepRunsCsv(
  parameters: readonly string[],
  points: readonly SweepPointRows[],
): string {
  return runsCsv(
    ["point", ...parameters, "replication", "seed"],
    points.flatMap((p) =>
      p.values.map((values, r) => ({
        lead: [p.point, ...p.parameterValues, r + 1, p.seeds[r] ?? null],
        values,
      })),
    ),
  );
}
