/**
 * Fair share, one chart per fair-share queue: each share's part of the queue's vCPU in use
 * (vcpuInUseByShare / vcpuInUseByQueue, solid; a gap while the queue runs nothing) against the part
 * its weight entitles it to among the shares active now (entitledShare, dashed). Both are
 * fractions of what the queue uses, so they can be compared directly. Reserved capacity is shown
 * when summary.json records it.
 */
import { curveStepAfter, line } from "d3";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { createFrame } from "./chart-frame.ts";
import { ordinalColors } from "./colors.ts";
import { el, legend, note, table } from "./dom.ts";
import { formatDuration, formatNumber, formatValue } from "./format.ts";
import { findSeries, hasPoints, stepPoints, stepValueAt, unionTimes } from "./series.ts";
import type { Domains, TimeView } from "./view-types.ts";

/** Shares grouped by the queue their jobs were submitted to (first job seen decides). */
export function sharesByQueue(data: ViewerData): Map<number, number[]> {
  const queueOf = new Map<number, number>();
  for (let j = 0; j < data.jobs.id.length; j++) {
    const s = data.jobs.share[j]!;
    if (s >= 0 && !queueOf.has(s)) queueOf.set(s, data.jobs.queue[j]!);
  }
  const out = new Map<number, number[]>();
  data.shares.forEach((_, s) => {
    const q = queueOf.get(s) ?? -1;
    out.set(q, [...(out.get(q) ?? []), s]);
  });
  return out;
}

/** A share's part of its queue's vCPU in use at each change point; NaN while the queue uses none. */
export function usedFraction(data: ViewerData, share: string, queue: string): [number, number][] {
  const s = findSeries(data, "vcpuInUseByShare", share);
  const q = findSeries(data, "vcpuInUseByQueue", queue);
  return unionTimes([s, q], data.endSeconds).map((t) => {
    const total = stepValueAt(q, t);
    return [t, total > 0 ? stepValueAt(s, t) / total : Number.NaN];
  });
}

/** Renders the fair-share charts; a note when the run has no shares. */
export function renderFairShare(cell: HTMLElement, data: ViewerData, d: Domains): TimeView[] {
  if (data.shares.length === 0) {
    cell.append(note("No job in this run has a share identifier: no fair share to show."));
    return [];
  }
  const colors = ordinalColors(data.shares);
  const views: TimeView[] = [];
  for (const [q, shares] of sharesByQueue(data)) {
    const queue = data.jobQueues[q]?.name ?? "(unknown queue)";
    cell.append(el("h4", null, [`queue ${queue}`]));
    if (!hasPoints(findSeries(data, "vcpuInUseByQueue", queue))) {
      cell.append(
        note(`No vcpuInUseByQueue series for ${queue}: its shares' parts cannot be drawn.`),
      );
      continue;
    }
    const frame = createFrame(cell, {
      xDomain: [0, d.endSeconds],
      yDomain: [0, 1],
      yLabel: "part of the queue's vCPU",
      yTickFormat: (n) => `${Math.round(n * 100)} %`,
      height: 190,
      ariaLabel: `fair share in ${queue}`,
    });
    const path = line<[number, number]>()
      .curve(curveStepAfter)
      .defined((p) => !Number.isNaN(p[1]))
      .x((p) => frame.x(p[0]))
      .y((p) => frame.y(p[1]));
    for (const s of shares) {
      const name = data.shares[s]!;
      const color = colors.get(name)!;
      frame.plot
        .append("path")
        .attr("class", "series-line used")
        .attr("data-share", name)
        .attr("fill", "none")
        .attr("stroke", color)
        .attr("stroke-width", 1.5)
        .attr("d", path(usedFraction(data, name, queue)));
      const entitled = findSeries(data, "entitledShare", name);
      if (hasPoints(entitled))
        frame.plot
          .append("path")
          .attr("class", "series-line entitled")
          .attr("data-share", name)
          .attr("fill", "none")
          .attr("stroke", color)
          .attr("stroke-width", 1.5)
          .attr("stroke-dasharray", "5 3")
          .attr("d", path(stepPoints(entitled, data.endSeconds)));
    }
    cell.append(
      legend(
        shares.flatMap((s) => [
          { color: colors.get(data.shares[s]!)!, label: `${data.shares[s]} used` },
          { color: colors.get(data.shares[s]!)!, label: "entitled", dashed: true },
        ]),
      ),
    );
    views.push(frame);
  }
  cell.append(shareTable(data));
  const reserved = Object.entries(data.summary.assumptions ?? {}).filter(([k]) =>
    /reserv/i.test(k),
  );
  cell.append(
    reserved.length > 0
      ? el("p", "hint", [
          `Reserved capacity: ${reserved.map(([k, v]) => `${k} = ${formatValue(v)}`).join(", ")}.`,
        ])
      : note(
          "This report does not record reserved capacity (computeReservation); jobs it held back show RESERVATION in their wait reasons.",
        ),
  );
  return views;
}

function shareTable(data: ViewerData): HTMLElement {
  const byShare = data.summary.byShare;
  if (!byShare) return note("summary.json has no per-share numbers.");
  const entries = Object.entries(byShare);
  let total = 0;
  for (const [, s] of entries) total += s.vcpuSeconds;
  const jain = data.summary.fairness?.jainIndex;
  return el("div", null, [
    table(
      ["share", "jobs", "wait p50", "wait p90", "vCPU-hours", "part of vCPU-hours"],
      entries.map(([name, s]) => [
        name,
        formatNumber(s.jobs.submitted),
        formatDuration(s.waitSeconds.p50),
        formatDuration(s.waitSeconds.p90),
        formatNumber(s.vcpuSeconds / 3600),
        total > 0 ? `${formatNumber((s.vcpuSeconds / total) * 100, 1)} %` : "—",
      ]),
    ),
    el("p", "hint", [`Jain's fairness index over the shares: ${formatNumber(jain ?? null, 3)}.`]),
  ]);
}
