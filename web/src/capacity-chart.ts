/**
 * Capacity over time: vCPU provisioned per CE stacked (ON_DEMAND first, then SPOT, FARGATE,
 * FARGATE_SPOT), each CE's band light, with its vCPU in use drawn dark from the band's bottom — the
 * light remainder is capacity paid for and idle.
 */
import { area, curveStepAfter } from "d3";
import type { Series, ViewerData } from "../../src/report/viewer-data-types.ts";
import { createFrame } from "./chart-frame.ts";
import { ceColor } from "./colors.ts";
import { legend, note } from "./dom.ts";
import { findSeries, hasPoints, stepValueAt, unionTimes } from "./series.ts";
import { type Domains, STATIC_VIEW, type TimeView } from "./view-types.ts";

const OPTION_ORDER = ["ON_DEMAND", "SPOT", "FARGATE", "FARGATE_SPOT"];

export interface CapacityBand {
  readonly ce: string;
  readonly purchaseOption: string;
  readonly color: string;
  /** [t, bottom, top of in use, top of provisioned] at each change point. */
  readonly points: readonly (readonly [number, number, number, number])[];
}

/** The stacked bands, in stack order; empty when the run has no capacity series. */
export function capacityBands(data: ViewerData): CapacityBand[] {
  const ces = data.computeEnvironments
    .map((ce, index) => ({
      ...ce,
      index,
      provisioned: findSeries(data, "vcpuProvisioned", ce.name),
      inUse: findSeries(data, "vcpuInUse", ce.name),
    }))
    .filter((c) => hasPoints(c.provisioned) || hasPoints(c.inUse))
    .sort((a, b) => rank(a.purchaseOption) - rank(b.purchaseOption) || a.index - b.index);
  if (ces.length === 0) return [];
  const times = unionTimes(
    ces.flatMap((c) => [c.provisioned, c.inUse] as (Series | undefined)[]),
    data.endSeconds,
  );
  const bottoms = new Float64Array(times.length);
  const perOption = new Map<string, number>();
  return ces.map((c) => {
    const k = perOption.get(c.purchaseOption) ?? 0;
    perOption.set(c.purchaseOption, k + 1);
    const points = times.map((t, i) => {
      const bottom = bottoms[i]!;
      const provisioned = stepValueAt(c.provisioned, t);
      const inUse = stepValueAt(c.inUse, t);
      bottoms[i] = bottom + Math.max(provisioned, inUse);
      return [t, bottom, bottom + inUse, bottom + Math.max(provisioned, inUse)] as const;
    });
    return {
      ce: c.name,
      purchaseOption: c.purchaseOption,
      color: ceColor(c.purchaseOption, k),
      points,
    };
  });
}

function rank(option: string): number {
  const i = OPTION_ORDER.indexOf(option);
  return i < 0 ? OPTION_ORDER.length : i;
}

/** The top of the stack: the most vCPU provisioned at once. */
export function capacityExtent(data: ViewerData): number {
  const bands = capacityBands(data);
  const last = bands[bands.length - 1];
  let max = 0;
  if (last) for (const p of last.points) if (p[3] > max) max = p[3];
  return max;
}

/** Renders the capacity chart. */
export function renderCapacity(cell: HTMLElement, data: ViewerData, d: Domains): TimeView {
  const bands = capacityBands(data);
  if (bands.length === 0) {
    cell.append(note("No capacity series (vcpuProvisioned / vcpuInUse) in this run."));
    return STATIC_VIEW;
  }
  const frame = createFrame(cell, {
    xDomain: [0, d.endSeconds],
    yDomain: [0, d.vcpuMax],
    yLabel: "vCPU",
    ariaLabel: "capacity over time",
  });
  const provisioned = area<readonly [number, number, number, number]>()
    .curve(curveStepAfter)
    .x((p) => frame.x(p[0]))
    .y0((p) => frame.y(p[1]))
    .y1((p) => frame.y(p[3]));
  const inUse = area<readonly [number, number, number, number]>()
    .curve(curveStepAfter)
    .x((p) => frame.x(p[0]))
    .y0((p) => frame.y(p[1]))
    .y1((p) => frame.y(p[2]));
  for (const b of bands) {
    const g = frame.plot.append("g").attr("class", "band").attr("data-ce", b.ce);
    g.append("path")
      .attr("class", "provisioned")
      .attr("fill", b.color)
      .attr("fill-opacity", 0.28)
      .attr("d", provisioned(b.points));
    g.append("path")
      .attr("class", "in-use")
      .attr("fill", b.color)
      .attr("fill-opacity", 0.9)
      .attr("d", inUse(b.points));
  }
  cell.append(
    legend(
      bands.flatMap((b) => [
        { color: b.color, label: `${b.ce} (${b.purchaseOption}) in use` },
        { color: b.color, opacity: 0.28, label: "provisioned, idle" },
      ]),
    ),
  );
  return frame;
}
