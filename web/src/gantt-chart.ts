/**
 * The Gantt chart of instances (rows grouped by CE) with attempts as bars colored by cause, Spot
 * notices (orange) and interruptions (red ×), on a <canvas> with d3.zoom for time (wheel: zoom,
 * drag: pan) and native scrolling for rows (scroll bar, or shift + wheel).
 */
import {
  type D3ZoomEvent,
  type ScaleLinear,
  scaleLinear,
  select,
  type ZoomTransform,
  zoom,
  zoomIdentity,
} from "d3";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { causeColor, causeKey } from "./colors.ts";
import { el, legend, note } from "./dom.ts";
import { formatElapsed, formatUsd } from "./format.ts";
import { drawGantt, isInterrupted } from "./gantt-draw.ts";
import { hitTest, layoutGantt, rowAt } from "./gantt-layout.ts";
import { jobsDroppedNote } from "./limits.ts";

const AXIS_PX = 20;
const LABEL_PX = 150;
const MAX_VIEW_PX = 460;

export interface GanttOptions {
  /** The time axis spans [0, endSeconds] at zoom 1 (the longest run, in side-by-side mode). */
  readonly endSeconds: number;
  readonly onSelectAttempt?: (attempt: number) => void;
  /** Called with the visible time range after a zoom or pan by the user. */
  readonly onUserZoom?: (domain: [number, number]) => void;
}

export interface GanttChart {
  setTime(t: number): void;
  /** Highlights an attempt (null: none) and, with `reveal`, scrolls and zooms to it. */
  select(attempt: number | null, reveal?: boolean): void;
  /** Shows the time range [t0, t1]. */
  showDomain(t0: number, t1: number): void;
  /** The visible time range. */
  domain(): [number, number];
  /** The attempt under a point of the canvas (CSS px), or null. */
  attemptAt(offsetX: number, offsetY: number): number | null;
  readonly canvas: HTMLCanvasElement;
}

/** Renders the Gantt chart into `cell`; a note instead when the run launched no instance. */
export function renderGantt(
  cell: HTMLElement,
  data: ViewerData,
  o: GanttOptions,
): GanttChart | null {
  if (data.instances.id.length === 0) {
    cell.append(note("No instances were launched in this run: no Gantt chart."));
    return null;
  }
  const layout = layoutGantt(data);
  renderHeader(cell, data);

  const viewHeight = Math.min(MAX_VIEW_PX, AXIS_PX + layout.heightPx + 4);
  const canvas = el("canvas", "gantt-canvas");
  const spacer = el("div", "gantt-spacer");
  spacer.style.height = `${Math.max(0, AXIS_PX + layout.heightPx + 4 - viewHeight)}px`;
  const scroller = el("div", "gantt-scroll", [canvas, spacer]);
  scroller.style.height = `${viewHeight}px`;
  const tooltip = el("div", "gantt-tooltip");
  tooltip.hidden = true;
  const zoomIn = el("button", null, ["zoom in"], { type: "button" });
  const zoomOut = el("button", null, ["zoom out"], { type: "button" });
  const reset = el("button", null, ["reset"], { type: "button" });
  cell.append(
    el("div", "toolbar", [zoomIn, zoomOut, reset]),
    el("div", "gantt", [scroller, tooltip]),
  );

  const ctx = canvas.getContext("2d");
  const end = o.endSeconds > 0 ? o.endSeconds : 1;
  let width = 0;
  let transform: ZoomTransform = zoomIdentity;
  let time: number | null = null;
  let selected: number | null = null;
  let pending = false;
  const base = scaleLinear().domain([0, end]);
  const x = (): ScaleLinear<number, number> => transform.rescaleX(base);

  const draw = () => {
    pending = false;
    if (!ctx) return; // no 2D context (e.g. a test DOM): layout and hit-testing still work
    drawGantt(ctx, {
      data,
      layout,
      x: x(),
      width,
      height: viewHeight,
      labelWidth: LABEL_PX,
      axisHeight: AXIS_PX,
      scrollTop: scroller.scrollTop,
      time,
      selected,
    });
  };
  const schedule = () => {
    if (pending) return;
    pending = true;
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(draw);
    else draw();
  };

  const zoomer = zoom<HTMLCanvasElement, unknown>()
    .scaleExtent([1, Math.max(1, end / 10)])
    .filter((event: Event) => {
      if (event.type === "wheel") return !(event as WheelEvent).shiftKey;
      const m = event as MouseEvent;
      return !m.ctrlKey && !m.button;
    })
    .on("zoom", (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
      transform = event.transform;
      schedule();
      if (event.sourceEvent && o.onUserZoom) o.onUserZoom(chart.domain());
    });

  const resize = () => {
    const measured = scroller.clientWidth || cell.clientWidth || 900;
    if (measured === width) return;
    width = measured;
    const dpr = (typeof devicePixelRatio === "number" && devicePixelRatio) || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(viewHeight * dpr);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${viewHeight}px`;
    ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
    base.range([LABEL_PX, Math.max(LABEL_PX + 1, width)]);
    const extent: [[number, number], [number, number]] = [
      [LABEL_PX, 0],
      [Math.max(LABEL_PX + 1, width), viewHeight],
    ];
    zoomer.extent(extent).translateExtent(extent);
    schedule();
  };
  resize();
  select(canvas).call(zoomer);
  if (typeof ResizeObserver === "function") new ResizeObserver(resize).observe(scroller);

  scroller.addEventListener("scroll", schedule);
  canvas.addEventListener(
    "wheel",
    (e) => {
      if (!e.shiftKey) return;
      e.preventDefault();
      scroller.scrollTop += e.deltaY || e.deltaX;
    },
    { passive: false },
  );
  const attemptAt = (offsetX: number, offsetY: number): number | null => {
    if (offsetX < LABEL_PX || offsetY < AXIS_PX) return null;
    const sx = x();
    const [d0, d1] = sx.domain() as [number, number];
    const secondsPerPx = (d1 - d0) / Math.max(1, width - LABEL_PX);
    return hitTest(
      layout,
      sx.invert(offsetX),
      offsetY - AXIS_PX + scroller.scrollTop,
      3 * secondsPerPx,
    );
  };
  canvas.addEventListener("click", (e) => {
    const a = attemptAt(e.offsetX, e.offsetY);
    if (a === null) return;
    chart.select(a);
    o.onSelectAttempt?.(a);
  });
  canvas.addEventListener("mousemove", (e) => {
    if (e.buttons) return;
    const text = describePoint(
      data,
      layout,
      attemptAt(e.offsetX, e.offsetY),
      e.offsetY - AXIS_PX + scroller.scrollTop,
      e.offsetX >= LABEL_PX,
    );
    canvas.style.cursor = text?.attempt ? "pointer" : "default";
    tooltip.hidden = text === null;
    if (text) {
      tooltip.textContent = text.text;
      tooltip.style.left = `${Math.min(e.offsetX + 12, Math.max(0, width - 260))}px`;
      tooltip.style.top = `${e.offsetY + 14}px`;
    }
  });
  canvas.addEventListener("mouseleave", () => {
    tooltip.hidden = true;
  });
  zoomIn.addEventListener("click", () => select(canvas).call(zoomer.scaleBy, 2));
  zoomOut.addEventListener("click", () => select(canvas).call(zoomer.scaleBy, 0.5));
  reset.addEventListener("click", () => select(canvas).call(zoomer.transform, zoomIdentity));

  const chart: GanttChart = {
    canvas,
    setTime(t) {
      time = t;
      schedule();
    },
    select(attempt, reveal = false) {
      selected = attempt;
      if (attempt !== null && reveal) {
        const lane = layout.lanes[layout.laneOf[attempt] ?? -1];
        if (lane) scroller.scrollTop = Math.max(0, lane.top - (viewHeight - AXIS_PX) / 2);
        const s = layout.start[attempt]!;
        const e = layout.end[attempt]!;
        const pad = Math.max(60, (e - s) * 2);
        chart.showDomain(Math.max(0, s - pad), Math.min(end, e + pad));
      }
      schedule();
    },
    showDomain(t0, t1) {
      const k = Math.min(Math.max(1, end / Math.max(1e-9, t1 - t0)), Math.max(1, end / 10));
      const tx = LABEL_PX - k * base(t0);
      select(canvas).call(zoomer.transform, zoomIdentity.translate(tx, 0).scale(k));
    },
    domain() {
      return x().domain() as [number, number];
    },
    attemptAt,
  };
  return chart;
}

function describePoint(
  data: ViewerData,
  layout: ReturnType<typeof layoutGantt>,
  attempt: number | null,
  contentY: number,
  inPlot: boolean,
): { text: string; attempt: boolean } | null {
  const att = data.attempts;
  if (attempt !== null) {
    const j = att.job[attempt]!;
    const cause = att.causes[att.cause[attempt]!] ?? "";
    const code = att.exitCode[attempt];
    const endAt = att.endAt[attempt];
    return {
      attempt: true,
      text: `${data.jobs.name[j] ?? "?"} (${data.jobs.id[j] ?? "?"}) · ${cause}${code !== null && code !== undefined ? ` ${code}` : ""} · ${formatElapsed(att.startingAt[attempt]!, true)} → ${endAt === null || endAt === undefined ? "end of run" : formatElapsed(endAt, true)}`,
    };
  }
  const row = rowAt(layout, contentY);
  if (!row || !inPlot) return null;
  const inst = data.instances;
  const i = row.instance;
  const term = inst.terminatedAt[i];
  const notice = inst.noticeAt[i];
  return {
    attempt: false,
    text: `${inst.id[i]} ${inst.types[inst.type[i]!] ?? ""} · ${inst.vcpu[i]} vCPU · launched ${formatElapsed(inst.launchedAt[i]!, true)}${notice !== null && notice !== undefined ? ` · notice ${formatElapsed(notice, true)}` : ""} · ${term === null || term === undefined ? "up at the end" : `ended ${formatElapsed(term, true)} (${inst.reasons[inst.reason[i]!] ?? "?"})`} · billed ${formatUsd(inst.billedUsd[i])}`,
  };
}

/** The legend (causes present, instance phases, Spot marks when the run has them) and notes. */
function renderHeader(cell: HTMLElement, data: ViewerData): void {
  const att = data.attempts;
  const causes = new Set<string>();
  for (let a = 0; a < att.job.length; a++)
    causes.add(causeKey(att.causes[att.cause[a]!] ?? "", att.exitCode[a] ?? null));
  const notices = data.instances.noticeAt.some((t) => t !== null);
  const interruptions = data.instances.id.some((_, i) => isInterrupted(data, i));
  cell.append(
    legend([
      ...[...causes].sort().map((c) => ({ color: causeColor(c), label: c })),
      { color: "#dfe4ea", label: "instance booting" },
      { color: "#eceff3", label: "instance up" },
      ...(notices ? [{ color: "#f28e2b", label: "▼ Spot notice" }] : []),
      ...(interruptions ? [{ color: "#d62728", label: "× Spot interruption" }] : []),
    ]),
    el("p", "hint", [
      "Lighter part of a bar: STARTING; darker: RUNNING. Wheel: zoom time · drag: pan · shift + wheel or scroll bar: rows · click a bar: the job.",
    ]),
  );
  if (data.limits.attemptsDropped > 0)
    cell.append(
      note(
        `Gantt shows the first ${data.limits.attempts.toLocaleString("en-US")} attempts; ${data.limits.attemptsDropped.toLocaleString("en-US")} more are not in this report.`,
      ),
    );
  const dropped = jobsDroppedNote(
    data,
    "Their attempts are not drawn: instances may look idle while they ran them.",
  );
  if (dropped) cell.append(dropped);
  if (att.job.length === 0) cell.append(note("No job attempt ran: instances only."));
}
