/**
 * Cost: the burn rate (costUsdPerHour, a step area) and the money accrued so far (costUsd, linear
 * between its points), then summary.json's totals by CE, purchase option and instance type, with
 * the idle and wasted parts.
 */
import { area, curveLinear, curveStepAfter, line } from "d3";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { createFrame } from "./chart-frame.ts";
import { purchaseOptionColor } from "./colors.ts";
import { el, note, table } from "./dom.ts";
import { formatPercent, formatUsd } from "./format.ts";
import { findSeries, hasPoints, seriesMax, stepPoints } from "./series.ts";
import type { Domains, TimeView } from "./view-types.ts";

/** [max burn rate USD/h, final cost USD] of the run. */
export function costExtent(data: ViewerData): [number, number] {
  return [
    seriesMax(findSeries(data, "costUsdPerHour", "")),
    Math.max(seriesMax(findSeries(data, "costUsd", "")), data.summary.cost?.totalUsd ?? 0),
  ];
}

/** Renders both cost charts and the totals; returns the time views to move with the scrubber. */
export function renderCost(cell: HTMLElement, data: ViewerData, d: Domains): TimeView[] {
  const views: TimeView[] = [];
  const rate = findSeries(data, "costUsdPerHour", "");
  const cumulative = findSeries(data, "costUsd", "");
  if (hasPoints(rate)) {
    cell.append(el("h4", null, ["burn rate"]));
    const f = createFrame(cell, {
      xDomain: [0, d.endSeconds],
      yDomain: [0, d.burnUsdPerHourMax],
      yLabel: "USD / hour",
      height: 150,
      ariaLabel: "cost burn rate",
    });
    const a = area<[number, number]>()
      .curve(curveStepAfter)
      .x((p) => f.x(p[0]))
      .y0(f.y(0))
      .y1((p) => f.y(p[1]));
    f.plot
      .append("path")
      .attr("class", "burn")
      .attr("fill", "#e1575966")
      .attr("stroke", "#e15759")
      .attr("d", a(stepPoints(rate, data.endSeconds)));
    views.push(f);
  } else cell.append(note("No burn rate series (costUsdPerHour) in this run."));
  if (hasPoints(cumulative)) {
    cell.append(el("h4", null, ["cumulative cost"]));
    const f = createFrame(cell, {
      xDomain: [0, d.endSeconds],
      yDomain: [0, d.costUsdMax],
      yLabel: "USD",
      height: 150,
      ariaLabel: "cumulative cost",
    });
    const pts: [number, number][] = cumulative.t.map((t, i) => [t, cumulative.v[i]!]);
    const last = pts[pts.length - 1]!;
    if (last[0] < data.endSeconds) pts.push([data.endSeconds, last[1]]);
    const l = line<[number, number]>()
      .curve(curveLinear)
      .x((p) => f.x(p[0]))
      .y((p) => f.y(p[1]));
    f.plot
      .append("path")
      .attr("class", "cumulative")
      .attr("fill", "none")
      .attr("stroke", "#4e79a7")
      .attr("stroke-width", 1.5)
      .attr("d", l(pts));
    views.push(f);
  } else cell.append(note("No cumulative cost series (costUsd) in this run."));
  renderTotals(cell, data);
  return views;
}

function renderTotals(cell: HTMLElement, data: ViewerData): void {
  const cost = data.summary.cost;
  if (!cost) {
    cell.append(note("summary.json has no cost."));
    return;
  }
  const total = cost.totalUsd;
  const bar = (usd: number, color: string) => {
    const b = el("span", "bar");
    b.style.width = `${total > 0 ? Math.max(0, Math.min(100, (usd / total) * 100)) : 0}%`;
    b.style.background = color;
    return el("span", "bar-cell", [el("span", "bar-track", [b]), formatUsd(usd)]);
  };
  const rows = (entries: [string, number | null][], color: (k: string) => string) =>
    entries
      .filter((e): e is [string, number] => e[1] !== null)
      .map(([k, v]) => [k, bar(v, color(k))]);
  cell.append(
    table(
      ["", "USD"],
      [
        ["total", formatUsd(total)],
        [
          "idle (billed, no job on the instance)",
          `${formatUsd(cost.idleUsd)} (${formatPercent(total > 0 ? cost.idleUsd / total : null)})`,
        ],
        [
          "wasted (attempts that did not succeed)",
          `${formatUsd(cost.wastedUsd)} (${formatPercent(total > 0 ? cost.wastedUsd / total : null)})`,
        ],
        ["Spot savings vs On-Demand", formatUsd(cost.savingsVsOnDemandUsd)],
        ["per vCPU-hour provisioned", formatUsd(cost.usdPerVcpuHour)],
        ["per succeeded job", formatUsd(cost.usdPerSucceededJob)],
      ],
      "data totals",
    ),
    el("div", "cost-tables", [
      table(
        ["purchase option", "USD"],
        rows(Object.entries(cost.byPurchaseOption ?? {}), purchaseOptionColor),
      ),
      table(
        ["compute environment", "USD"],
        rows(Object.entries(cost.byComputeEnvironment ?? {}), (k) => {
          const ce = data.computeEnvironments.find((c) => c.name === k);
          return purchaseOptionColor(ce?.purchaseOption ?? "");
        }),
      ),
      table(
        ["instance type", "USD"],
        rows(Object.entries(cost.byInstanceType ?? {}), () => "#9c9c9c"),
      ),
    ]),
  );
}
