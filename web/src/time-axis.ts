/** Time axes in simulated seconds, with ticks on round durations (1 min, 15 min, 1 h, 6 h…). */
import { axisBottom, type ScaleLinear } from "d3";
import { formatElapsed } from "./format.ts";

const STEPS_SECONDS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800,
  604800,
];

/** Tick values over `domain` at the smallest round step giving at most `count` ticks. */
export function timeTicks(domain: readonly [number, number], count: number): number[] {
  const [lo, hi] = domain;
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const step =
    STEPS_SECONDS.find((s) => span / s <= count) ?? Math.ceil(span / count / 86400) * 86400;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) ticks.push(t);
  return ticks;
}

/** Formats a tick: seconds are shown only when the ticks are less than a minute apart. */
export function tickFormatter(ticks: readonly number[]): (t: number) => string {
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 3600;
  return (t) => formatElapsed(t, step < 60);
}

/** A bottom axis of elapsed simulated time for `x`. */
export function timeAxis(x: ScaleLinear<number, number>, count: number) {
  const domain = x.domain() as [number, number];
  const ticks = timeTicks(domain, count);
  return axisBottom(x)
    .tickValues(ticks)
    .tickFormat((d) => tickFormatter(ticks)(Number(d)));
}
