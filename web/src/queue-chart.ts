/** Queue depth: jobs RUNNABLE in each job queue over time (runnableJobs series, step lines). */
import { curveStepAfter, line } from "d3";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { createFrame } from "./chart-frame.ts";
import { ordinalColors } from "./colors.ts";
import { legend, note } from "./dom.ts";
import { findSeries, hasPoints, seriesMax, stepPoints } from "./series.ts";
import { type Domains, STATIC_VIEW, type TimeView } from "./view-types.ts";

/** The most jobs RUNNABLE at once in one queue. */
export function runnableExtent(data: ViewerData): number {
  let max = 0;
  for (const q of data.jobQueues)
    max = Math.max(max, seriesMax(findSeries(data, "runnableJobs", q.name)));
  return max;
}

/** Renders the queue depth chart: one line per queue. */
export function renderQueueDepth(cell: HTMLElement, data: ViewerData, d: Domains): TimeView {
  const queues = data.jobQueues
    .map((q) => ({ name: q.name, series: findSeries(data, "runnableJobs", q.name) }))
    .filter((q) => hasPoints(q.series));
  if (queues.length === 0) {
    cell.append(note("No queue depth series (runnableJobs) in this run."));
    return STATIC_VIEW;
  }
  const colors = ordinalColors(data.jobQueues.map((q) => q.name));
  const frame = createFrame(cell, {
    xDomain: [0, d.endSeconds],
    yDomain: [0, d.runnableMax],
    yLabel: "jobs RUNNABLE",
    height: 180,
    ariaLabel: "queue depth",
  });
  const path = line<[number, number]>()
    .curve(curveStepAfter)
    .x((p) => frame.x(p[0]))
    .y((p) => frame.y(p[1]));
  for (const q of queues)
    frame.plot
      .append("path")
      .attr("class", "series-line")
      .attr("data-queue", q.name)
      .attr("fill", "none")
      .attr("stroke", colors.get(q.name) ?? "#333")
      .attr("stroke-width", 1.5)
      .attr("d", path(stepPoints(q.series, data.endSeconds)));
  cell.append(legend(queues.map((q) => ({ color: colors.get(q.name) ?? "#333", label: q.name }))));
  return frame;
}
