/** Draws the Gantt chart on a 2D canvas context: only what is in view, so 100k attempts stay smooth. */
import { interpolateRgb, type ScaleLinear } from "d3";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { causeColor, causeKey } from "./colors.ts";
import { firstEndingAfter, type GanttLayout, visibleLanes } from "./gantt-layout.ts";
import { tickFormatter, timeTicks } from "./time-axis.ts";

export interface GanttScene {
  readonly data: ViewerData;
  readonly layout: GanttLayout;
  /** Simulated seconds → canvas x (px). */
  readonly x: ScaleLinear<number, number>;
  readonly width: number;
  readonly height: number;
  readonly labelWidth: number;
  readonly axisHeight: number;
  /** Content px scrolled off the top. */
  readonly scrollTop: number;
  /** The scrubber's instant, or null. */
  readonly time: number | null;
  readonly selected: number | null;
}

const SPOT_RECLAIM = "spot reclaim";
const lighter = new Map<string, string>();

/** The light variant of a color, for an attempt's STARTING part. */
function light(color: string): string {
  let c = lighter.get(color);
  if (c === undefined) {
    c = interpolateRgb(color, "#ffffff")(0.55);
    lighter.set(color, c);
  }
  return c;
}

/** True when the instance ended by a Spot reclaim (an interruption). */
export function isInterrupted(data: ViewerData, instance: number): boolean {
  const reason = data.instances.reasons[data.instances.reason[instance]!] ?? "";
  return data.instances.terminatedAt[instance] !== null && reason === SPOT_RECLAIM;
}

/** Draws the whole scene. */
export function drawGantt(ctx: CanvasRenderingContext2D, s: GanttScene): void {
  ctx.clearRect(0, 0, s.width, s.height);
  ctx.save();
  ctx.beginPath();
  ctx.rect(s.labelWidth, s.axisHeight, s.width - s.labelWidth, s.height - s.axisHeight);
  ctx.clip();
  const y0 = s.scrollTop;
  const y1 = s.scrollTop + s.height - s.axisHeight;
  const toCanvas = (y: number) => s.axisHeight + y - s.scrollTop;
  drawGroupsAndInstances(ctx, s, y0, y1, toCanvas);
  drawAttempts(ctx, s, y0, y1, toCanvas);
  drawMarkers(ctx, s, y0, y1, toCanvas);
  if (s.time !== null) {
    const px = Math.round(s.x(s.time)) + 0.5;
    ctx.strokeStyle = "#d62728";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(px, s.axisHeight);
    ctx.lineTo(px, s.height);
    ctx.stroke();
  }
  ctx.restore();
  drawLabels(ctx, s, y0, y1, toCanvas);
  drawAxis(ctx, s);
}

function visibleRows(s: GanttScene, y0: number, y1: number): [number, number] {
  const tops = s.layout.rowTops;
  let lo = 0;
  let hi = tops.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = s.layout.rows[mid]!;
    if (r.top + r.height < y0) lo = mid + 1;
    else hi = mid;
  }
  let to = lo;
  while (to < tops.length && tops[to]! <= y1) to++;
  return [lo, to];
}

function drawGroupsAndInstances(
  ctx: CanvasRenderingContext2D,
  s: GanttScene,
  y0: number,
  y1: number,
  toCanvas: (y: number) => number,
): void {
  const inst = s.data.instances;
  ctx.fillStyle = "#eef1f5";
  for (const g of s.layout.groups) {
    if (g.top > y1 || g.top + 16 < y0) continue;
    ctx.fillRect(s.labelWidth, toCanvas(g.top), s.width - s.labelWidth, 14);
  }
  const [from, to] = visibleRows(s, y0, y1);
  for (let k = from; k < to; k++) {
    const row = s.layout.rows[k]!;
    const i = row.instance;
    const launched = inst.launchedAt[i]!;
    const ended = inst.terminatedAt[i] ?? s.data.endSeconds;
    const ready = inst.readyAt[i] ?? ended;
    const y = toCanvas(row.top);
    ctx.fillStyle = "#dfe4ea";
    ctx.fillRect(s.x(launched), y, Math.max(1, s.x(ready) - s.x(launched)), row.height);
    ctx.fillStyle = "#eceff3";
    ctx.fillRect(s.x(ready), y, Math.max(0, s.x(ended) - s.x(ready)), row.height);
  }
}

function drawAttempts(
  ctx: CanvasRenderingContext2D,
  s: GanttScene,
  y0: number,
  y1: number,
  toCanvas: (y: number) => number,
): void {
  const att = s.data.attempts;
  const { layout } = s;
  const [d0, d1] = s.x.domain() as [number, number];
  const [from, to] = visibleLanes(layout, y0, y1);
  const h = Math.max(1, layout.laneHeight - 1);
  for (let l = from; l < to; l++) {
    const lane = layout.lanes[l]!;
    const y = toCanvas(lane.top);
    for (let k = firstEndingAfter(layout, lane, d0); k < lane.attempts.length; k++) {
      const a = lane.attempts[k]!;
      const start = layout.start[a]!;
      if (start > d1) break;
      const end = layout.end[a]!;
      const color = causeColor(causeKey(att.causes[att.cause[a]!] ?? "", att.exitCode[a] ?? null));
      const running = att.runningAt[a] ?? end;
      const xs = s.x(start);
      const xr = s.x(Math.min(running, end));
      const xe = s.x(end);
      ctx.fillStyle = light(color);
      ctx.fillRect(xs, y, Math.max(1, xr - xs), h);
      if (xe > xr) {
        ctx.fillStyle = color;
        ctx.fillRect(xr, y, Math.max(1, xe - xr), h);
      }
    }
  }
  if (s.selected !== null && s.selected < att.job.length) {
    const lane = layout.lanes[layout.laneOf[s.selected]!];
    if (lane) {
      const xs = s.x(layout.start[s.selected]!);
      const xe = s.x(layout.end[s.selected]!);
      ctx.strokeStyle = "#111111";
      ctx.lineWidth = 2;
      ctx.strokeRect(xs - 1, toCanvas(lane.top) - 1, Math.max(2, xe - xs) + 2, h + 2);
    }
  }
}

function drawMarkers(
  ctx: CanvasRenderingContext2D,
  s: GanttScene,
  y0: number,
  y1: number,
  toCanvas: (y: number) => number,
): void {
  const inst = s.data.instances;
  const [from, to] = visibleRows(s, y0, y1);
  ctx.lineWidth = 2;
  for (let k = from; k < to; k++) {
    const row = s.layout.rows[k]!;
    const i = row.instance;
    const y = toCanvas(row.top);
    const notice = inst.noticeAt[i];
    if (notice !== null && notice !== undefined) {
      const px = s.x(notice);
      ctx.strokeStyle = "#f28e2b";
      ctx.beginPath();
      ctx.moveTo(px, y);
      ctx.lineTo(px, y + row.height);
      ctx.stroke();
      ctx.fillStyle = "#f28e2b";
      ctx.beginPath();
      ctx.moveTo(px - 4, y);
      ctx.lineTo(px + 4, y);
      ctx.lineTo(px, y + 5);
      ctx.fill();
    }
    if (isInterrupted(s.data, i)) {
      const px = s.x(inst.terminatedAt[i]!);
      const m = y + row.height / 2;
      ctx.strokeStyle = "#d62728";
      ctx.beginPath();
      ctx.moveTo(px - 4, m - 4);
      ctx.lineTo(px + 4, m + 4);
      ctx.moveTo(px + 4, m - 4);
      ctx.lineTo(px - 4, m + 4);
      ctx.stroke();
    }
  }
}

function drawLabels(
  ctx: CanvasRenderingContext2D,
  s: GanttScene,
  y0: number,
  y1: number,
  toCanvas: (y: number) => number,
): void {
  const inst = s.data.instances;
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, s.axisHeight, s.labelWidth, s.height - s.axisHeight);
  ctx.clip();
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, s.axisHeight, s.labelWidth, s.height - s.axisHeight);
  ctx.textBaseline = "top";
  ctx.textAlign = "left";
  ctx.font = "bold 11px system-ui, sans-serif";
  ctx.fillStyle = "#222222";
  for (const g of s.layout.groups) {
    if (g.top > y1 || g.top + 16 < y0) continue;
    const option = s.data.computeEnvironments[g.ce]?.purchaseOption;
    ctx.fillText(option ? `${g.name} (${option})` : g.name, 4, toCanvas(g.top) + 2);
  }
  ctx.font = "9px system-ui, sans-serif";
  ctx.fillStyle = "#555555";
  const [from, to] = visibleRows(s, y0, y1);
  for (let k = from; k < to; k++) {
    const row = s.layout.rows[k]!;
    if (row.height < 9) continue;
    const i = row.instance;
    const type = inst.types[inst.type[i]!] ?? "";
    ctx.fillText(`${inst.id[i]} ${type}`, 8, toCanvas(row.top) + 1, s.labelWidth - 10);
  }
  ctx.restore();
}

function drawAxis(ctx: CanvasRenderingContext2D, s: GanttScene): void {
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, s.width, s.axisHeight);
  const domain = s.x.domain() as [number, number];
  const ticks = timeTicks(domain, Math.max(2, Math.floor((s.width - s.labelWidth) / 90)));
  const format = tickFormatter(ticks);
  ctx.strokeStyle = "#999999";
  ctx.lineWidth = 1;
  ctx.fillStyle = "#333333";
  ctx.font = "10px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.beginPath();
  ctx.moveTo(s.labelWidth, s.axisHeight - 0.5);
  ctx.lineTo(s.width, s.axisHeight - 0.5);
  for (const t of ticks) {
    const px = Math.round(s.x(t)) + 0.5;
    if (px < s.labelWidth) continue;
    ctx.moveTo(px, s.axisHeight - 5);
    ctx.lineTo(px, s.axisHeight);
    ctx.fillText(format(t), px, 3);
  }
  ctx.stroke();
}
