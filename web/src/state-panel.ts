/** "State at t": the numbers of one run at the scrubbed instant. */
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { el, table } from "./dom.ts";
import { formatElapsed, formatNumber, formatPercent, formatUsd } from "./format.ts";
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
      const parts: Node[] = [
        el("div", "state-head", [
          el("strong", "state-time", [`t = ${formatElapsed(t, true)}`]),
          ` · cost so far ${formatUsd(s.costUsd)} (burning ${formatUsd(s.costUsdPerHour)}/h) · live instances ${formatNumber(s.liveInstances)} · attempts running ${formatNumber(s.runningAttempts)}`,
        ]),
      ];
      if (s.computeEnvironments.length > 0)
        parts.push(
          table(
            ["compute environment", "vCPU in use", "provisioned", "idle"],
            s.computeEnvironments.map((c) => [
              `${c.name} (${c.purchaseOption})`,
              formatNumber(c.vcpuInUse),
              formatNumber(c.vcpuProvisioned),
              c.vcpuProvisioned > 0 ? formatPercent(1 - c.vcpuInUse / c.vcpuProvisioned) : "—",
            ]),
            "data state-ces",
          ),
        );
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
      body.replaceChildren(...parts);
    },
  };
}
