/** "State at t": the numbers of one run at the scrubbed instant. */
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { el, note, table } from "./dom.ts";
import { formatElapsed, formatNumber, formatPercent, formatUsd } from "./format.ts";
import type { QueueReservation } from "./reservation.ts";
import { StateIndex } from "./state-at.ts";
import type { TimeView } from "./view-types.ts";

/** Renders the panel; it is redrawn at every setTime. */
export function renderStatePanel(cell: HTMLElement, data: ViewerData): TimeView {
  const index = new StateIndex(data);
  const body = el("div", "state-panel");
  cell.append(body);
  return {
    setTime(t: number) {
      const s = index.at(t);
      const approx = s.approximate ? "≈ " : "";
      const parts: Node[] = [
        el("div", "state-head", [
          el("strong", "state-time", [`t = ${formatElapsed(t, true)}`]),
          ` · cost so far ${formatUsd(s.costUsd)} (burning ${formatUsd(s.costUsdPerHour)}/h) · live instances ${formatNumber(s.liveInstances)} · attempts running ${approx}${formatNumber(s.runningAttempts)}`,
        ]),
      ];
      if (s.computeEnvironments.length > 0)
        parts.push(
          table(
            ["compute environment", "vCPU in use", "provisioned", "idle"],
            s.computeEnvironments.map((c) => [
              `${c.name} (${c.purchaseOption})`,
              `${approx}${formatNumber(c.vcpuInUse)}`,
              formatNumber(c.vcpuProvisioned),
              idle(c.vcpuInUse, c.vcpuProvisioned, approx),
            ]),
            "data state-ces",
          ),
        );
      if (s.approximate) parts.push(note(APPROXIMATE_NOTE));
      if (s.queues.length > 0)
        parts.push(
          table(
            ["job queue", "RUNNABLE"],
            s.queues.map((q) => [q.name, formatNumber(q.runnableJobs)]),
            "data state-queues",
          ),
        );
      if (s.shares.length > 0)
        parts.push(
          table(
            ["share", "vCPU in use", "entitled part"],
            s.shares.map((x) => [
              x.name,
              formatNumber(x.vcpuInUse),
              x.entitled === null ? "—" : formatPercent(x.entitled),
            ]),
            "data state-shares",
          ),
        );
      if (s.reservations.length > 0)
        parts.push(
          table(
            [
              "fair-share queue",
              "policy",
              "computeReservation",
              "shares active (N)",
              "reserved for shares not yet active",
            ],
            s.reservations.map((r) => [
              r.queue,
              r.policy,
              r.computeReservation === null ? "0 / none" : formatNumber(r.computeReservation),
              formatNumber(r.activeShares),
              reservedText(r),
            ]),
            "data state-reservations",
          ),
        );
      body.replaceChildren(...parts);
    },
  };
}

/** "6.25 % of the queue's maximum vCPU", or why nothing is reserved. */
function reservedText(r: QueueReservation): string {
  if (r.computeReservation === null) return "none";
  if (r.reserved === null) return "— (no share active)";
  return `${formatNumber(r.reserved * 100, 2)} % of the queue's maximum vCPU ((${formatNumber(r.computeReservation)}/100)^${r.activeShares})`;
}

const APPROXIMATE_NOTE =
  "≈ approximate: this report holds only part of the run, so vCPU in use is read from the capacity series (each time bucket's maximum) and attempts running counts only the attempts it holds.";

/**
 * The idle part of what is provisioned; never negative: "—" when nothing is provisioned or when more
 * is in use than provisioned (the numbers beside it are shown as they are).
 */
function idle(inUse: number, provisioned: number, approx: string): Node | string {
  if (!(provisioned > 0)) return "—";
  if (inUse > provisioned)
    return el("span", "over", ["—"], {
      title: "more vCPU in use than provisioned at this instant",
    });
  return `${approx}${formatPercent(1 - inUse / provisioned)}`;
}
