/**
 * An SVG chart frame: fixed logical size scaled by CSS (viewBox), axes, a clip path for the plot
 * and, for time charts, the scrubber's cursor line.
 */
import { axisLeft, type ScaleLinear, type Selection, scaleLinear, select } from "d3";
import { timeAxis } from "./time-axis.ts";

/** Width of a chart, in SVG units, when its container has no layout (e.g. a test DOM). */
export const CHART_WIDTH = 640;
const MARGIN = { top: 10, right: 14, bottom: 30, left: 58 };

export interface FrameOptions {
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly yLabel: string;
  readonly height?: number;
  readonly yTickFormat?: (n: number) => string;
  /** Set for an x axis of durations (e.g. waits) rather than run time: no scrubber cursor. */
  readonly xLabel?: string;
  readonly ariaLabel?: string;
}

export interface Frame {
  readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  /** Clipped group in plot coordinates. */
  readonly plot: Selection<SVGGElement, unknown, null, undefined>;
  readonly x: ScaleLinear<number, number>;
  readonly y: ScaleLinear<number, number>;
  readonly innerWidth: number;
  readonly innerHeight: number;
  /** Moves the cursor to simulated time t (time charts only). */
  setTime(t: number): void;
}

let clipCounter = 0;

/** Appends a chart frame to `parent`. */
export function createFrame(parent: HTMLElement, o: FrameOptions): Frame {
  const height = o.height ?? 220;
  // Drawn at the container's width so text keeps its size; the viewBox scales it after a resize.
  const width = Math.round(Math.min(1600, Math.max(400, parent.clientWidth || CHART_WIDTH)));
  const innerWidth = width - MARGIN.left - MARGIN.right;
  const innerHeight = height - MARGIN.top - MARGIN.bottom;
  const x = scaleLinear().domain(o.xDomain).range([0, innerWidth]);
  const yMax = o.yDomain[1] > o.yDomain[0] ? o.yDomain[1] : o.yDomain[0] + 1;
  const y = scaleLinear().domain([o.yDomain[0], yMax]).range([innerHeight, 0]);
  if (!o.xLabel) x.clamp(true);
  const svg = select(parent)
    .append("svg")
    .attr("class", "chart")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("role", "img")
    .attr("aria-label", o.ariaLabel ?? o.yLabel);
  const clipId = `clip-${++clipCounter}`;
  svg
    .append("clipPath")
    .attr("id", clipId)
    .append("rect")
    .attr("width", innerWidth)
    .attr("height", innerHeight + 1)
    .attr("y", -1);
  const root = svg.append("g").attr("transform", `translate(${MARGIN.left},${MARGIN.top})`);
  const yAxis = axisLeft(y).ticks(5);
  if (o.yTickFormat) {
    const f = o.yTickFormat;
    yAxis.tickFormat((d) => f(Number(d)));
  }
  root.append("g").attr("class", "axis y-axis").call(yAxis);
  const xAxis = timeAxis(x, Math.max(4, Math.floor(innerWidth / 80)));
  root
    .append("g")
    .attr("class", "axis x-axis")
    .attr("transform", `translate(0,${innerHeight})`)
    .call(xAxis);
  root
    .append("text")
    .attr("class", "axis-label")
    .attr("transform", `translate(${-MARGIN.left + 12},${innerHeight / 2}) rotate(-90)`)
    .attr("text-anchor", "middle")
    .text(o.yLabel);
  if (o.xLabel)
    root
      .append("text")
      .attr("class", "axis-label")
      .attr("x", innerWidth)
      .attr("y", innerHeight + MARGIN.bottom - 2)
      .attr("text-anchor", "end")
      .text(o.xLabel);
  const plot = root.append("g").attr("class", "plot").attr("clip-path", `url(#${clipId})`);
  const cursor = o.xLabel
    ? null
    : root
        .append("line")
        .attr("class", "cursor")
        .attr("y1", 0)
        .attr("y2", innerHeight)
        .attr("visibility", "hidden");
  return {
    svg,
    plot,
    x,
    y,
    innerWidth,
    innerHeight,
    setTime(t: number) {
      if (!cursor) return;
      const px = x(t);
      cursor.attr("x1", px).attr("x2", px).attr("visibility", "visible");
    },
  };
}
