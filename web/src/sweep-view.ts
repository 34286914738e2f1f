/**
 * A `batchsim sweep` result: a metric (chosen) against a parameter (chosen when there are several;
 * the others make one line per combination of their values), each point's mean as a dot on a line,
 * its 95 % confidence interval as a shaded band; then a table of every point.
 */
import {
  area,
  axisBottom,
  axisLeft,
  line,
  type ScaleLinear,
  type ScalePoint,
  scaleLinear,
  scalePoint,
  select,
} from "d3";
import { CHART_WIDTH } from "./chart-frame.ts";
import { ordinalColors } from "./colors.ts";
import { el, legend, note, table } from "./dom.ts";
import { formatMeanCi, formatValueOf, replicationsText, type Sweep } from "./experiments.ts";
import { formatNumber } from "./format.ts";
import { type LinePoint, type SweepLines, sweepLines, sweepMetrics } from "./sweep-series.ts";

/** The chart's controls, for tests and for re-drawing. */
export interface SweepView {
  /** Shows `metric` against parameter `xIndex` (as if chosen in the selects). */
  show(metric: string, xIndex?: number): void;
}

/** Renders one sweep into `parent`. */
export function renderSweep(parent: HTMLElement, s: Sweep): SweepView {
  const n = s.points.length;
  parent.append(
    el("p", "hint", [
      `${s.parameters.length === 1 ? "parameter" : "parameters"} ${s.parameters.join(", ")} · ${formatNumber(n)} ${n === 1 ? "point" : "points"} · ${replicationsText(s.replications)} per point. The line joins each point's mean; the shaded band is its 95 % confidence interval.`,
    ]),
  );
  const none: SweepView = { show: () => {} };
  if (n === 0) {
    parent.append(note("This sweep has no points."));
    return none;
  }
  const metrics = sweepMetrics(s);
  if (metrics.length === 0) {
    parent.append(note("This sweep has no metrics: nothing to plot."));
    parent.append(pointsTable(s, metrics));
    return none;
  }
  const metricSelect = el(
    "select",
    "metric-select",
    metrics.map((m) => el("option", null, [m], { value: m })),
    { "aria-label": "metric" },
  );
  const xSelect =
    s.parameters.length > 1
      ? el(
          "select",
          "x-select",
          s.parameters.map((p, i) => el("option", null, [p], { value: String(i) })),
          { "aria-label": "parameter on the x axis" },
        )
      : null;
  const toolbar = el("div", "toolbar", [
    el("label", null, ["metric ", metricSelect]),
    xSelect ? el("label", null, ["x axis ", xSelect]) : null,
  ]);
  const chart = el("div", "sweep-chart");
  parent.append(toolbar, chart);
  const draw = () => drawMetric(chart, s, metricSelect.value, xSelect ? Number(xSelect.value) : 0);
  metricSelect.addEventListener("change", draw);
  xSelect?.addEventListener("change", draw);
  draw();
  parent.append(el("h4", null, ["Every point"]), pointsTable(s, metrics));
  return {
    show(metric, xIndex = 0) {
      metricSelect.value = metric;
      if (xSelect) xSelect.value = String(xIndex);
      draw();
    },
  };
}

/** Every point: its number, its parameters' values and each metric's mean ± half-width. */
function pointsTable(s: Sweep, metrics: readonly string[]): HTMLElement {
  return el("div", "table-scroll", [
    table(
      ["point", ...s.parameters, ...metrics],
      s.points.map((p, i) => [
        String(i),
        ...p.values,
        ...metrics.map((m) => formatMeanCi(m, p.metrics[m] ?? null)),
      ]),
      "data sweep-points",
    ),
  ]);
}

const MARGIN = { top: 10, right: 16, bottom: 36, left: 70 };
const HEIGHT = 260;

type XScale = ScaleLinear<number, number> | ScalePoint<string>;

/** Draws `metric` against parameter `xIndex` into `chart` (replacing what it held). */
function drawMetric(chart: HTMLElement, s: Sweep, metric: string, xIndex: number): void {
  chart.replaceChildren();
  const sl = sweepLines(s, metric, xIndex);
  const all = sl.lines.flatMap((l) => l.points);
  const valued = all.filter((p) => p.value !== null);
  if (valued.length === 0) {
    chart.append(note(`${metric} has no value at any point of this sweep: nothing to plot.`));
    return;
  }
  if (s.points.length === 1)
    chart.append(
      note(
        "This sweep has one point: there is no trend to draw; its mean is a dot and its interval a bar.",
      ),
    );
  if (valued.every((p) => p.value?.ci95 === null))
    chart.append(
      note(
        "No confidence intervals (one replication per point, or replications unknown): only the means are drawn.",
      ),
    );
  const missing = all.filter((p) => p.value === null).map((p) => p.point);
  if (missing.length > 0)
    chart.append(
      note(
        `${metric} has no value at ${missing.length === 1 ? "point" : "points"} ${missing
          .sort((a, b) => a - b)
          .join(", ")}: not drawn there.`,
      ),
    );
  const colors = ordinalColors(sl.lines.map((l) => l.label));
  if (sl.lines.length > 1)
    chart.append(
      legend(sl.lines.map((l) => ({ color: colors.get(l.label) ?? "#4e79a7", label: l.label }))),
    );
  plot(chart, sl, metric, s.parameters[xIndex] ?? "", (label) => colors.get(label) ?? "#4e79a7");
}

function plot(
  chart: HTMLElement,
  sl: SweepLines,
  metric: string,
  xLabel: string,
  color: (label: string) => string,
): void {
  const width = Math.round(Math.min(1600, Math.max(400, chart.clientWidth || CHART_WIDTH)));
  const innerWidth = width - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const points = sl.lines.flatMap((l) => l.points);
  let x: XScale;
  if (sl.numeric) {
    const xs = points.map((p) => p.x as number);
    let [lo, hi] = [Math.min(...xs), Math.max(...xs)];
    if (lo === hi) [lo, hi] = [lo - (Math.abs(lo) || 1) * 0.5, hi + (Math.abs(hi) || 1) * 0.5];
    const pad = (hi - lo) * 0.04;
    x = scaleLinear()
      .domain([lo - pad, hi + pad])
      .range([0, innerWidth]);
  } else x = scalePoint<string>().domain(sl.domain).range([0, innerWidth]).padding(0.5);
  const px = (p: LinePoint): number =>
    sl.numeric
      ? (x as ScaleLinear<number, number>)(p.x as number)
      : ((x as ScalePoint<string>)(p.text) ?? 0);
  const ys = points.flatMap((p) => (p.value ? [p.value.mean, ...(p.value.ci95 ?? [])] : []));
  let [ylo, yhi] = [Math.min(...ys), Math.max(...ys)];
  if (ylo === yhi)
    [ylo, yhi] = [ylo - (Math.abs(ylo) || 1) * 0.1, yhi + (Math.abs(yhi) || 1) * 0.1];
  const pad = (yhi - ylo) * 0.05;
  const y = scaleLinear()
    .domain([ylo - pad, yhi + pad])
    .range([innerHeight, 0])
    .nice();

  const svg = select(chart)
    .append("svg")
    .attr("class", "chart sweep")
    .attr("viewBox", `0 0 ${width} ${HEIGHT}`)
    .attr("role", "img")
    .attr("aria-label", `${metric} against ${xLabel}`);
  const root = svg.append("g").attr("transform", `translate(${MARGIN.left},${MARGIN.top})`);
  const ticks = Math.max(3, Math.floor(innerWidth / 80));
  // A few swept values: a tick at each (never one between two integers); many: round ticks.
  const swept = [...new Set(points.map((p) => p.x as number))];
  const xAxis = sl.numeric
    ? swept.length <= Math.min(12, ticks * 2)
      ? axisBottom(x as ScaleLinear<number, number>)
          .tickValues(swept)
          .tickFormat((d) => formatNumber(Number(d), 4))
      : axisBottom(x as ScaleLinear<number, number>)
          .ticks(ticks)
          .tickFormat((d) => formatNumber(Number(d), 4))
    : axisBottom(x as ScalePoint<string>);
  root
    .append("g")
    .attr("class", "axis x-axis")
    .attr("transform", `translate(0,${innerHeight})`)
    .call(xAxis as never);
  root
    .append("g")
    .attr("class", "axis y-axis")
    .call(
      axisLeft(y)
        .ticks(5)
        .tickFormat((d) => formatValueOf(metric, Number(d))),
    );
  root
    .append("text")
    .attr("class", "axis-label")
    .attr("x", innerWidth)
    .attr("y", innerHeight + MARGIN.bottom - 4)
    .attr("text-anchor", "end")
    .text(xLabel);
  root
    .append("text")
    .attr("class", "axis-label")
    .attr("transform", `translate(${-MARGIN.left + 12},${innerHeight / 2}) rotate(-90)`)
    .attr("text-anchor", "middle")
    .text(metric);

  const band = area<LinePoint>()
    .defined((p) => p.value?.ci95 != null)
    .x(px)
    .y0((p) => y(p.value?.ci95?.[0] ?? 0))
    .y1((p) => y(p.value?.ci95?.[1] ?? 0));
  const means = line<LinePoint>()
    .defined((p) => p.value !== null)
    .x(px)
    .y((p) => y(p.value?.mean ?? 0));
  for (const l of sl.lines) {
    const c = color(l.label);
    const g = root.append("g").attr("class", "sweep-line").attr("data-line", l.label);
    if (l.points.some((p) => p.value?.ci95))
      g.append("path")
        .attr("class", "band")
        .attr("d", band(l.points as LinePoint[]) ?? "")
        .attr("fill", c)
        .attr("fill-opacity", 0.18)
        .attr("stroke", "none");
    // An interval with no neighbour to make a band with: a vertical bar.
    l.points.forEach((p, i) => {
      const ci = p.value?.ci95;
      if (!ci || l.points[i - 1]?.value?.ci95 || l.points[i + 1]?.value?.ci95) return;
      g.append("line")
        .attr("class", "ci-bar")
        .attr("x1", px(p))
        .attr("x2", px(p))
        .attr("y1", y(ci[0]))
        .attr("y2", y(ci[1]))
        .attr("stroke", c)
        .attr("stroke-width", 2)
        .attr("stroke-opacity", 0.5);
    });
    g.append("path")
      .attr("class", "mean-line")
      .attr("d", means(l.points as LinePoint[]) ?? "")
      .attr("fill", "none")
      .attr("stroke", c)
      .attr("stroke-width", 1.5);
    for (const p of l.points) {
      if (!p.value) continue;
      g.append("circle")
        .attr("class", "dot")
        .attr("data-point", String(p.point))
        .attr("cx", px(p))
        .attr("cy", y(p.value.mean))
        .attr("r", 3.5)
        .attr("fill", c)
        .append("title")
        .text(
          `point ${p.point}: ${xLabel}=${p.text}${l.label ? `, ${l.label}` : ""}: ${formatMeanCi(metric, p.value)}`,
        );
    }
  }
}
