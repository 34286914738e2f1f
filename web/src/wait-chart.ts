/**
 * Wait-time distributions: the empirical CDF of each finished job's time RUNNABLE (summed over its
 * attempts: summary.json's waitSeconds) per queue and per share, with nearest-rank percentiles, so
 * they match summary.json's. Unfinished jobs are counted, not drawn.
 */
import { curveStepAfter, line } from "d3";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { createFrame } from "./chart-frame.ts";
import { ordinalColors } from "./colors.ts";
import { el, legend, note, table } from "./dom.ts";
import { formatDuration, formatNumber } from "./format.ts";
import { jobsDroppedNote } from "./limits.ts";
import type { Domains } from "./view-types.ts";
import { ecdfPoints, jobsUnfinished, percentile, type WaitGroup, waitGroups } from "./waits.ts";

/** Renders the per-queue and per-share distributions. */
export function renderWaits(cell: HTMLElement, data: ViewerData, d: Domains): void {
  const dropped = jobsDroppedNote(
    data,
    "These curves are of the jobs in it, so they can differ from summary.json's waits.",
  );
  if (dropped) cell.append(dropped);
  const byQueue = waitGroups(data, "queue");
  if (byQueue.length === 0) {
    cell.append(note("No job finished in this run: no wait times."));
    return;
  }
  const unfinished = jobsUnfinished(data);
  if (unfinished > 0)
    cell.append(
      note(
        `${formatNumber(unfinished)} job(s) had not finished at the end of the run and are not in these curves (nor in summary.json's waits).`,
      ),
    );
  cell.append(el("h4", null, ["per job queue"]));
  drawGroups(cell, byQueue, d, "queue");
  if (data.shares.length > 0) {
    const byShare = waitGroups(data, "share");
    cell.append(el("h4", null, ["per share"]));
    if (byShare.length > 0) drawGroups(cell, byShare, d, "share");
    else cell.append(note("No job with a share identifier finished."));
  }
}

function drawGroups(cell: HTMLElement, groups: WaitGroup[], d: Domains, kind: string): void {
  const colors = ordinalColors(groups.map((g) => g.name));
  const frame = createFrame(cell, {
    xDomain: [0, d.waitMaxSeconds > 0 ? d.waitMaxSeconds : 1],
    yDomain: [0, 1],
    yLabel: "jobs waiting ≤ x",
    yTickFormat: (n) => `${Math.round(n * 100)} %`,
    xLabel: "time RUNNABLE (h:mm)",
    height: 180,
    ariaLabel: `wait distribution per ${kind}`,
  });
  const path = line<[number, number]>()
    .curve(curveStepAfter)
    .x((p) => frame.x(p[0]))
    .y((p) => frame.y(p[1]));
  for (const g of groups)
    frame.plot
      .append("path")
      .attr("class", "series-line ecdf")
      .attr(`data-${kind}`, g.name)
      .attr("fill", "none")
      .attr("stroke", colors.get(g.name)!)
      .attr("stroke-width", 1.5)
      .attr("d", path(ecdfPoints(g.sorted, d.waitMaxSeconds)));
  cell.append(
    legend(groups.map((g) => ({ color: colors.get(g.name)!, label: g.name }))),
    table(
      [kind, "jobs finished", "p50", "p90", "p99", "max"],
      groups.map((g) => [
        g.name,
        formatNumber(g.sorted.length),
        formatDuration(percentile(g.sorted, 50)),
        formatDuration(percentile(g.sorted, 90)),
        formatDuration(percentile(g.sorted, 99)),
        formatDuration(g.sorted[g.sorted.length - 1]),
      ]),
    ),
  );
}
