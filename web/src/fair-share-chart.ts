/**
 * Fair share, one chart per fair-share queue: each share's part of the queue's vCPU in use
 * (vcpuInUseByShare / vcpuInUseByQueue, solid; a gap while the queue runs nothing) against the part
 * its weight entitles it to among the shares active now (entitledShare, dashed). Both are
 * fractions of what the queue uses, so they can be compared directly. A queue whose policy has a
 * computeReservation also shows the part of its maximum vCPU held back for shares not active yet,
 * (cr/100)^N with N shares active (reservation.ts), as a band hanging from the top.
 */
import { area, curveStepAfter, line } from "d3";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { createFrame } from "./chart-frame.ts";
import { ordinalColors } from "./colors.ts";
import { el, legend, note, table } from "./dom.ts";
import { formatDuration, formatNumber } from "./format.ts";
import { reservationPercent, reservedPoints, sharesByQueue } from "./reservation.ts";
import { findSeries, hasPoints, stepPoints, stepValueAt, unionTimes } from "./series.ts";
import type { Domains, TimeView } from "./view-types.ts";

export { sharesByQueue };

/** The color of the reserved band. */
const RESERVED_COLOR = "#79706e";

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
    const jq = data.jobQueues[q];
    const queue = jq?.name ?? "(unknown queue)";
    const cr = reservationPercent(data, q);
    cell.append(
      el("h4", null, [
        jq ? queueTitle(queue, jq.schedulingPolicy, jq.computeReservation) : `queue ${queue}`,
      ]),
    );
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
    const reserved = cr === null ? [] : reservedPoints(data, q);
    if (reserved.length > 0) {
      const band = area<[number, number]>()
        .curve(curveStepAfter)
        .defined((p) => !Number.isNaN(p[1]))
        .x((p) => frame.x(p[0]))
        .y0(frame.y(1))
        .y1((p) => frame.y(1 - p[1]));
      const g = frame.plot.append("g").attr("class", "reserved").attr("data-queue", queue);
      g.append("path")
        .attr("class", "reserved-band")
        .attr("fill", RESERVED_COLOR)
        .attr("fill-opacity", 0.22)
        .attr("d", band(reserved));
      g.append("path")
        .attr("class", "reserved-edge")
        .attr("fill", "none")
        .attr("stroke", RESERVED_COLOR)
        .attr("stroke-width", 1)
        .attr("stroke-dasharray", "2 2")
        .attr("d", path(reserved.map(([t, r]) => [t, 1 - r] as [number, number])));
    }
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
      legend([
        ...shares.flatMap((s) => [
          { color: colors.get(data.shares[s]!)!, label: `${data.shares[s]} used` },
          { color: colors.get(data.shares[s]!)!, label: "entitled", dashed: true },
        ]),
        ...(reserved.length > 0
          ? [{ color: RESERVED_COLOR, opacity: 0.4, label: reservedLabel(cr!) }]
          : []),
      ]),
    );
    if (jq) cell.append(el("p", "hint reserved-hint", [reservationHint(jq.schedulingPolicy, cr)]));
    views.push(frame);
  }
  cell.append(shareTable(data));
  return views;
}

/** "queue fs · fair-share policy fair · computeReservation 25" (or "FIFO" without a policy). */
function queueTitle(
  queue: string,
  policy: string | null | undefined,
  computeReservation: number | null | undefined,
): string {
  if (policy === null || policy === undefined)
    return `queue ${queue} · FIFO (no scheduling policy)`;
  const cr =
    computeReservation === null || computeReservation === undefined
      ? "no computeReservation"
      : `computeReservation ${formatNumber(computeReservation)}`;
  return `queue ${queue} · fair-share policy ${policy} · ${cr}`;
}

/** The legend label of the band: "reserved for shares not yet active: (25/100)^N of the queue's vCPU". */
export function reservedLabel(computeReservation: number): string {
  return `reserved for shares not yet active: (${formatNumber(computeReservation)}/100)^N of the queue's vCPU`;
}

function reservationHint(policy: string | null | undefined, cr: number | null): string {
  if (policy === null || policy === undefined)
    return "This queue has no scheduling policy: no capacity is reserved.";
  if (cr === null)
    return `Policy ${policy} has computeReservation 0 (or none): no capacity is held back for shares not yet active.`;
  return `Policy ${policy}, computeReservation ${formatNumber(cr)}: while N of the queue's shares are active, (${formatNumber(cr)}/100)^N of the queue's maximum vCPU (Σ maxvCpus or unmanagedvCpus of its compute environments) is held back for shares not yet active — the grey band from the top (N = 1: ${formatNumber((cr / 100) * 100, 2)} %, N = 2: ${formatNumber((cr / 100) ** 2 * 100, 2)} %). The lines are parts of the vCPU the queue uses, the band a part of its maximum. N counts the shares with an entitled part > 0 (a job RUNNABLE, STARTING or RUNNING); the scheduler also keeps a share active for shareDecaySeconds after its last job, which the band does not show. No band while no share is active.`;
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
