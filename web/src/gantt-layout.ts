/**
 * The Gantt chart's pure part: instances as rows grouped by compute environment, each row split
 * into lanes so overlapping attempts on one instance do not hide each other, and hit-testing. No
 * DOM here, so it is tested without a canvas.
 */
import { bisectLeft, bisectRight } from "d3";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";

export interface GanttSizes {
  /** Height of one lane (one attempt bar), px. */
  readonly laneHeight: number;
  /** Minimum height of an instance's row, px (room for its label). */
  readonly minRowHeight: number;
  /** Gap below each row, px. */
  readonly rowGap: number;
  /** Height of a compute environment's header, px. */
  readonly groupHeader: number;
}

export const DEFAULT_GANTT_SIZES: GanttSizes = {
  laneHeight: 5,
  minRowHeight: 11,
  rowGap: 2,
  groupHeader: 16,
};

export interface GanttRow {
  readonly instance: number;
  readonly top: number;
  readonly height: number;
}

export interface GanttGroup {
  /** Index into computeEnvironments, or -1 for instances of an unknown CE. */
  readonly ce: number;
  readonly name: string;
  readonly top: number;
}

export interface GanttLane {
  readonly top: number;
  readonly instance: number;
  /** Attempt indexes, by start; they do not overlap, so their ends are sorted too. */
  readonly attempts: Int32Array;
}

export interface GanttLayout {
  readonly rows: readonly GanttRow[];
  readonly groups: readonly GanttGroup[];
  /** Every lane, by top. */
  readonly lanes: readonly GanttLane[];
  readonly laneTops: Float64Array;
  /** Index into `lanes` of each attempt; -1 when not drawn. */
  readonly laneOf: Int32Array;
  /** Top of each row, in row order. */
  readonly rowTops: Float64Array;
  readonly laneHeight: number;
  /** Start (startingAt) and end (endAt, or endSeconds while still running) of each attempt. */
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Total height of the content, px. */
  readonly heightPx: number;
  /** Attempts not drawn because their instance is unknown. */
  readonly orphanAttempts: number;
}

/** Lays out instances and attempts. Rows: CE order of the data, then launchedAt, then id. */
export function layoutGantt(
  data: ViewerData,
  sizes: GanttSizes = DEFAULT_GANTT_SIZES,
): GanttLayout {
  const inst = data.instances;
  const att = data.attempts;
  const nInst = inst.id.length;
  const nAtt = att.job.length;
  const start = new Float64Array(nAtt);
  const end = new Float64Array(nAtt);
  const byInstance: number[][] = Array.from({ length: nInst }, () => []);
  let orphanAttempts = 0;
  for (let a = 0; a < nAtt; a++) {
    start[a] = att.startingAt[a]!;
    end[a] = Math.max(start[a]!, att.endAt[a] ?? data.endSeconds);
    const i = att.instance[a]!;
    if (i >= 0 && i < nInst) byInstance[i]!.push(a);
    else orphanAttempts++;
  }
  const nCe = data.computeEnvironments.length;
  const order = Array.from({ length: nInst }, (_, i) => i);
  const ceOf = (i: number) => {
    const c = inst.ce[i]!;
    return c >= 0 && c < nCe ? c : nCe;
  };
  order.sort(
    (a, b) =>
      ceOf(a) - ceOf(b) ||
      inst.launchedAt[a]! - inst.launchedAt[b]! ||
      (inst.id[a]! < inst.id[b]! ? -1 : inst.id[a]! > inst.id[b]! ? 1 : a - b),
  );
  const rows: GanttRow[] = [];
  const groups: GanttGroup[] = [];
  const lanes: GanttLane[] = [];
  let top = 0;
  let group = -2;
  for (const i of order) {
    const c = ceOf(i);
    if (c !== group) {
      group = c;
      groups.push({
        ce: c < nCe ? c : -1,
        name: data.computeEnvironments[c]?.name ?? "(unknown CE)",
        top,
      });
      top += sizes.groupHeader;
    }
    const instanceLanes = assignLanes(byInstance[i]!, start, end);
    const height = Math.max(sizes.minRowHeight, instanceLanes.length * sizes.laneHeight);
    rows.push({ instance: i, top, height });
    instanceLanes.forEach((attempts, k) => {
      lanes.push({
        top: top + k * sizes.laneHeight,
        instance: i,
        attempts: Int32Array.from(attempts),
      });
    });
    top += height + sizes.rowGap;
  }
  const laneOf = new Int32Array(nAtt).fill(-1);
  lanes.forEach((lane, k) => {
    for (const a of lane.attempts) laneOf[a] = k;
  });
  return {
    rows,
    groups,
    laneOf,
    lanes,
    laneTops: Float64Array.from(lanes, (l) => l.top),
    rowTops: Float64Array.from(rows, (r) => r.top),
    laneHeight: sizes.laneHeight,
    start,
    end,
    heightPx: top,
    orphanAttempts,
  };
}

/** Greedy interval partitioning: each attempt goes to the first lane free at its start. */
function assignLanes(attempts: number[], start: Float64Array, end: Float64Array): number[][] {
  attempts.sort((a, b) => start[a]! - start[b]! || a - b);
  const lanes: number[][] = [];
  const laneEnds: number[] = [];
  for (const a of attempts) {
    let k = laneEnds.findIndex((e) => e <= start[a]!);
    if (k < 0) {
      k = lanes.length;
      lanes.push([]);
      laneEnds.push(0);
    }
    lanes[k]!.push(a);
    laneEnds[k] = end[a]!;
  }
  return lanes;
}

/** The lane at content height y (px from the top of the content), or undefined. */
export function laneAt(layout: GanttLayout, y: number): GanttLane | undefined {
  const k = bisectRight(layout.laneTops, y) - 1;
  const lane = layout.lanes[k];
  return lane && y < lane.top + layout.laneHeight ? lane : undefined;
}

/** The row at content height y, or undefined (a group header or a gap). */
export function rowAt(layout: GanttLayout, y: number): GanttRow | undefined {
  const k = bisectRight(layout.rowTops, y) - 1;
  const row = layout.rows[k];
  return row && y < row.top + row.height ? row : undefined;
}

/**
 * The attempt drawn at time t and content height y, or null. `toleranceSeconds` widens bars so a
 * bar narrower than a pixel can still be clicked; the nearest one wins.
 */
export function hitTest(
  layout: GanttLayout,
  t: number,
  y: number,
  toleranceSeconds = 0,
): number | null {
  const lane = laneAt(layout, y);
  if (!lane) return null;
  let best: number | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (
    let k = firstEndingAfter(layout, lane, t - toleranceSeconds);
    k < lane.attempts.length;
    k++
  ) {
    const a = lane.attempts[k]!;
    if (layout.start[a]! > t + toleranceSeconds) break;
    const d =
      t < layout.start[a]! ? layout.start[a]! - t : t > layout.end[a]! ? t - layout.end[a]! : 0;
    if (d < bestDistance) {
      best = a;
      bestDistance = d;
    }
  }
  return best;
}

/** Index in lane.attempts of the first attempt ending at or after t. */
export function firstEndingAfter(layout: GanttLayout, lane: GanttLane, t: number): number {
  let lo = 0;
  let hi = lane.attempts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (layout.end[lane.attempts[mid]!]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index range [from, to) of `layout.lanes` visible between content heights y0 and y1. */
export function visibleLanes(layout: GanttLayout, y0: number, y1: number): [number, number] {
  const from = Math.max(0, bisectLeft(layout.laneTops, y0 - layout.laneHeight));
  const to = bisectRight(layout.laneTops, y1);
  return [from, to];
}
