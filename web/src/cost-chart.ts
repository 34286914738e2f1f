/**
 * Cost: the burn rate (costUsdPerHour, a step area) and the money accrued so far (costUsd, linear
 * between its points), the money accrued so far stacked by compute environment, purchase option or
 * instance type (a selector; computed from the instances table, cost-stack.ts), then summary.json's
 * totals by CE, purchase option and instance type, with the idle and wasted parts.
 */
import { area, curveLinear, curveStepAfter, line } from "d3";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { createFrame } from "./chart-frame.ts";
import { purchaseOptionColor } from "./colors.ts";
import {
  COST_GROUPINGS,
  type CostGrouping,
  type CostStack,
  costByGroupAt,
  costStack,
} from "./cost-stack.ts";
import { el, legend, note, table } from "./dom.ts";
import { formatElapsed, formatNumber, formatPercent, formatUsd } from "./format.ts";
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
  views.push(...renderCostStack(cell, data, d));
  renderTotals(cell, data);
  return views;
}

export interface CostStackView extends TimeView {
  readonly select: HTMLSelectElement;
  /** The grouping shown now. */
  grouping(): CostGrouping;
  /** Shows another grouping (what the selector does). */
  show(grouping: CostGrouping): void;
}

/**
 * The cumulative cost stacked by compute environment, purchase option or instance type, with a
 * selector and, at the scrubbed instant, each band's money so far. A note when no instance ran.
 */
export function renderCostStack(cell: HTMLElement, data: ViewerData, d: Domains): CostStackView[] {
  if (data.instances.id.length === 0) {
    cell.append(
      note(
        "No instance or Fargate task was launched in this run: no cumulative cost by compute environment, purchase option or instance type.",
      ),
    );
    return [];
  }
  const select = el(
    "select",
    "cost-grouping",
    COST_GROUPINGS.map((g) => el("option", null, [g.label], { value: g.value })),
    { "aria-label": "split the cumulative cost by" },
  );
  const heading = el("h4", null, ["cumulative cost by "]);
  heading.append(select);
  const hint = el("p", "hint cost-stack-hint");
  cell.append(heading);
  const f = createFrame(cell, {
    xDomain: [0, d.endSeconds],
    yDomain: [0, d.costUsdMax],
    yLabel: "USD",
    height: 170,
    ariaLabel: "cumulative cost stacked",
  });
  const legendBox = el("div", "cost-stack-legend");
  const readout = el("p", "hint cost-stack-at");
  cell.append(legendBox, readout, hint);
  const stacked = area<[number, number, number]>()
    .curve(curveLinear)
    .x((p) => f.x(p[0]))
    .y0((p) => f.y(p[1]))
    .y1((p) => f.y(p[2]));
  let current: CostStack | null = null;
  let grouping: CostGrouping = "ce";
  let now: number | null = null;
  const cache = new Map<CostGrouping, CostStack>();

  const updateReadout = () => {
    if (!current || now === null) {
      readout.replaceChildren();
      return;
    }
    const at = costByGroupAt(current, now);
    const total = at.reduce((a, b) => a + b, 0);
    readout.replaceChildren(
      `at ${formatElapsed(now, true)}: ${current.groups.names.map((n, g) => `${n} ${formatUsd(at[g])}`).join(" · ")} — total ${formatUsd(total)}`,
    );
  };

  const show = (g: CostGrouping) => {
    grouping = g;
    select.value = g;
    let stack = cache.get(g);
    if (!stack) {
      stack = costStack(data, g);
      cache.set(g, stack);
    }
    current = stack;
    f.plot.selectAll("*").remove();
    const base = new Float64Array(stack.times.length);
    stack.groups.names.forEach((name, k) => {
      const v = stack.values[k]!;
      const pts: [number, number, number][] = [];
      for (let i = 0; i < v.length; i++) {
        pts.push([stack.times[i]!, base[i]!, base[i]! + v[i]!]);
        base[i] = base[i]! + v[i]!;
      }
      f.plot
        .append("path")
        .attr("class", "cost-band")
        .attr("data-group", name)
        .attr("fill", stack.groups.colors[k]!)
        .attr("fill-opacity", 0.75)
        .attr("stroke", stack.groups.colors[k]!)
        .attr("stroke-width", 0.5)
        .attr("d", stacked(pts));
    });
    const last = stack.times.length - 1;
    legendBox.replaceChildren(
      legend(
        stack.groups.names.map((name, k) => ({
          color: stack.groups.colors[k]!,
          opacity: 0.75,
          label: `${name} ${formatUsd(stack.values[k]![last])}`,
        })),
      ),
    );
    hint.replaceChildren(stackHint(stack));
    updateReadout();
  };
  select.addEventListener("change", () => show(select.value as CostGrouping));
  show("ce");
  return [
    {
      select,
      grouping: () => grouping,
      show,
      setTime(t: number) {
        now = t;
        f.setTime(t);
        updateReadout();
      },
    },
  ];
}

function stackHint(stack: CostStack): string {
  const a = stack.accruals;
  const starts = a.exactStarts
    ? `its billing start (an EC2 instance's launch + instanceBillingDelaySeconds ${formatNumber(a.billingDelaySeconds)} s; a Fargate task's or an UNMANAGED fleet instance's launch)`
    : "its billing start, approximated by when it became ready (or launched) since this report does not record instanceBillingDelaySeconds";
  return `From the instances table: each instance's bill accrues evenly from ${starts} to its termination; the 60 s minimum's top-up is added at termination, and a Spot price change is spread over the instance's life. Drawn on ${formatNumber(stack.times.length)} regular instants; at the end the stack is the run's total cost.`;
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
