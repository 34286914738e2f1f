/**
 * A `batchsim compare` result: a table of A, B and the paired difference B − A per metric, with
 * whether the difference is significant, and a forest plot of the differences. Metrics are on
 * different scales, so each difference is drawn relative to A's mean (in %); one whose A mean is 0
 * (or unknown) cannot be, and is drawn in a second plot, in its own units.
 */
import { axisBottom, extent, scaleBand, scaleLinear, select } from "d3";
import { CHART_WIDTH } from "./chart-frame.ts";
import { el, note, table } from "./dom.ts";
import {
  type Comparison,
  formatMeanCi,
  replicationsText,
  significance,
  significanceLabel,
} from "./experiments.ts";
import { formatNumber } from "./format.ts";

/** One row of a forest plot: a metric's difference (and interval) as drawn. */
export interface ForestRow {
  readonly metric: string;
  readonly mean: number;
  readonly ci: readonly [number, number] | null;
  /** significance() of the difference. */
  readonly significance: "higher" | "lower" | "not" | null;
  /** The value as written beside the row. */
  readonly text: string;
}

/** The rows of both forest plots, and the metrics with no difference to draw. */
export interface ForestRows {
  /** Differences as a percentage of |A mean|. */
  readonly relative: ForestRow[];
  /** Differences whose A mean is 0 or unknown, in the metric's units. */
  readonly absolute: ForestRow[];
  readonly missing: string[];
}

/** Splits a comparison's differences into relative rows, absolute rows and missing ones. */
export function forestRows(c: Comparison): ForestRows {
  const relative: ForestRow[] = [];
  const absolute: ForestRow[] = [];
  const missing: string[] = [];
  for (const [metric, m] of Object.entries(c.metrics)) {
    const d = m.delta;
    if (d === null) {
      missing.push(metric);
      continue;
    }
    const sig = significance(d);
    if (m.a !== null && m.a.mean !== 0) {
      const scale = 100 / Math.abs(m.a.mean);
      const ci = d.ci95 ? ([d.ci95[0] * scale, d.ci95[1] * scale] as const) : null;
      const mean = d.mean * scale;
      relative.push({ metric, mean, ci, significance: sig, text: percentText(mean, ci) });
    } else {
      absolute.push({
        metric,
        mean: d.mean,
        ci: d.ci95,
        significance: sig,
        text: formatMeanCi(metric, d, true),
      });
    }
  }
  return { relative, absolute, missing };
}

/** Renders one comparison into `parent`. */
export function renderComparison(parent: HTMLElement, c: Comparison): void {
  parent.append(
    el("p", "hint", [
      `${c.a === "A" && c.b === "B" ? "A and B" : `A: ${c.a} · B: ${c.b}`} · ${replicationsText(c.replications)} each, paired (common random numbers). Each value is a mean ± the half-width of its 95 % confidence interval; B − A is significant when its interval excludes 0.`,
    ]),
  );
  const metrics = Object.entries(c.metrics);
  if (metrics.length === 0) {
    parent.append(note("This comparison has no metrics."));
    return;
  }
  parent.append(
    table(
      ["metric", named("A", c.a), named("B", c.b), "B − A", "significance"],
      metrics.map(([metric, m]) => [
        metric,
        formatMeanCi(metric, m.a),
        formatMeanCi(metric, m.b),
        el("span", "diff", [formatMeanCi(metric, m.delta, true)]),
        el("span", `significance ${significance(m.delta) ?? "none"}`, [significanceLabel(m.delta)]),
      ]),
      "data comparison",
    ),
  );
  const noInterval = metrics.filter(([, m]) => m.delta !== null && m.delta.ci95 === null);
  if (noInterval.length > 0)
    parent.append(
      note(
        noInterval.length === metrics.length || c.replications === 1
          ? "No confidence intervals (one replication): a difference cannot be called significant or not."
          : `No confidence interval for ${noInterval.map(([k]) => k).join(", ")}: its difference cannot be called significant or not.`,
      ),
    );
  const rows = forestRows(c);
  if (rows.relative.length > 0) {
    parent.append(el("h4", null, ["B − A relative to A's mean (%)"]));
    drawForest(parent, rows.relative, "B − A, % of A's mean", (v) => `${signed(v)} %`);
  }
  if (rows.absolute.length > 0) {
    parent.append(
      el("h4", null, ["B − A in absolute units"]),
      note(
        `A's mean is 0 (or unknown) for ${rows.absolute.map((r) => r.metric).join(", ")}: a change relative to it has no meaning, so these are drawn in absolute units.`,
      ),
    );
    drawForest(parent, rows.absolute, "B − A, in each metric's units (seconds, USD, …)", signed);
  }
  if (rows.missing.length > 0)
    parent.append(note(`Not drawn (no value in either scenario): ${rows.missing.join(", ")}.`));
}

const ROW_HEIGHT = 22;
const MARGIN = { top: 8, right: 190, bottom: 34, left: 150 };

/** A forest plot: one row per metric, the difference as a dot, its interval as a bar, a zero line. */
function drawForest(
  parent: HTMLElement,
  rows: readonly ForestRow[],
  xLabel: string,
  tick: (v: number) => string,
): void {
  const width = Math.round(Math.min(1600, Math.max(480, parent.clientWidth || CHART_WIDTH)));
  const innerWidth = width - MARGIN.left - MARGIN.right;
  const innerHeight = rows.length * ROW_HEIGHT;
  const height = innerHeight + MARGIN.top + MARGIN.bottom;
  const values = rows.flatMap((r) => [r.mean, ...(r.ci ?? [])]);
  const [lo, hi] = extent([0, ...values]) as [number, number];
  const pad = (hi - lo) * 0.05 || 1;
  const x = scaleLinear()
    .domain([lo - pad, hi + pad])
    .range([0, innerWidth])
    .nice();
  const y = scaleBand()
    .domain(rows.map((r) => r.metric))
    .range([0, innerHeight])
    .padding(0.2);
  const svg = select(parent)
    .append("svg")
    .attr("class", "chart forest")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("role", "img")
    .attr("aria-label", `forest plot: ${xLabel}`);
  const root = svg.append("g").attr("transform", `translate(${MARGIN.left},${MARGIN.top})`);
  root
    .append("g")
    .attr("class", "axis x-axis")
    .attr("transform", `translate(0,${innerHeight})`)
    .call(
      axisBottom(x)
        .ticks(Math.max(3, Math.floor(innerWidth / 80)))
        .tickFormat((d) => tick(Number(d))),
    );
  root
    .append("text")
    .attr("class", "axis-label")
    .attr("x", innerWidth)
    .attr("y", innerHeight + MARGIN.bottom - 4)
    .attr("text-anchor", "end")
    .text(xLabel);
  root
    .append("line")
    .attr("class", "zero")
    .attr("x1", x(0))
    .attr("x2", x(0))
    .attr("y1", 0)
    .attr("y2", innerHeight);
  for (const r of rows) {
    const cy = (y(r.metric) ?? 0) + y.bandwidth() / 2;
    const g = root
      .append("g")
      .attr(
        "class",
        `forest-row ${r.significance === "higher" || r.significance === "lower" ? "significant" : "not-significant"}`,
      )
      .attr("data-metric", r.metric);
    g.append("text")
      .attr("class", "row-label")
      .attr("x", -8)
      .attr("y", cy)
      .attr("dy", "0.32em")
      .attr("text-anchor", "end")
      .text(r.metric);
    if (r.ci)
      g.append("line")
        .attr("class", "ci-bar")
        .attr("x1", x(r.ci[0]))
        .attr("x2", x(r.ci[1]))
        .attr("y1", cy)
        .attr("y2", cy);
    g.append("circle").attr("class", "dot").attr("cx", x(r.mean)).attr("cy", cy).attr("r", 4);
    g.append("text")
      .attr("class", "row-value")
      .attr("x", innerWidth + 8)
      .attr("y", cy)
      .attr("dy", "0.32em")
      .text(r.text);
  }
}

/** "A: name" (just "A" when the folder named it nothing else). */
function named(letter: string, name: string): string {
  return name === letter ? letter : `${letter}: ${name}`;
}

function percentText(mean: number, ci: readonly [number, number] | null): string {
  const m = `${signed(mean)} %`;
  return ci ? `${m} [${signed(ci[0])}, ${signed(ci[1])}]` : m;
}

/** A number with its sign (+, −; none for 0), to 3 significant digits at most 2 decimals. */
function signed(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return `${v > 0 ? "+" : "−"}${formatNumber(Number(a.toFixed(digits)), digits)}`;
}
