/**
 * Reading ViewerData series: lookup, value at an instant, alignment of several step series on the
 * union of their change points. Step series hold each value from its t until the next; costUsd is
 * linear between its points (timeseries.csv: "grows linearly in between").
 */
import { bisectRight } from "d3";
import type { Series, ViewerData } from "../../src/report/viewer-data-types.ts";

/** The series of `metric` for `key`, or undefined when the run has none. */
export function findSeries(data: ViewerData, metric: string, key: string): Series | undefined {
  return data.series.find((s) => s.metric === metric && s.key === key);
}

/** Every series of `metric`, in file order. */
export function seriesOf(data: ViewerData, metric: string): Series[] {
  return data.series.filter((s) => s.metric === metric);
}

/** True when the series has at least one point. */
export function hasPoints(s: Series | undefined): s is Series {
  return s !== undefined && s.t.length > 0 && s.t.length === s.v.length;
}

/** A step series' value at `t`: the last point at or before t; 0 before its first point. */
export function stepValueAt(s: Series | undefined, t: number): number {
  if (!hasPoints(s)) return 0;
  const i = bisectRight(s.t, t) - 1;
  return i < 0 ? 0 : s.v[i]!;
}

/** A linear series' value at `t`, interpolated between points and held after the last. */
export function linearValueAt(s: Series | undefined, t: number): number {
  if (!hasPoints(s)) return 0;
  const i = bisectRight(s.t, t) - 1;
  if (i < 0) return 0;
  if (i >= s.t.length - 1) return s.v[i]!;
  const t0 = s.t[i]!;
  const t1 = s.t[i + 1]!;
  const v0 = s.v[i]!;
  return t1 > t0 ? v0 + ((s.v[i + 1]! - v0) * (t - t0)) / (t1 - t0) : v0;
}

/** The largest value of the series (0 for none). */
export function seriesMax(s: Series | undefined): number {
  if (!hasPoints(s)) return 0;
  let m = 0;
  for (const v of s.v) if (v > m) m = v;
  return m;
}

/** Sorted distinct times of all the series, plus `endSeconds`. */
export function unionTimes(series: readonly (Series | undefined)[], endSeconds: number): number[] {
  const all: number[] = [0, endSeconds];
  for (const s of series) if (hasPoints(s)) for (const t of s.t) all.push(t);
  all.sort((a, b) => a - b);
  const out: number[] = [];
  for (const t of all) if (out.length === 0 || out[out.length - 1] !== t) out.push(t);
  return out.filter((t) => t <= endSeconds);
}

/** Points of a step series for drawing with curveStepAfter: its points plus one at `endSeconds`. */
export function stepPoints(s: Series | undefined, endSeconds: number): [number, number][] {
  if (!hasPoints(s)) return [];
  const pts: [number, number][] = [];
  for (let i = 0; i < s.t.length; i++) if (s.t[i]! <= endSeconds) pts.push([s.t[i]!, s.v[i]!]);
  if (pts.length > 0) pts.push([endSeconds, pts[pts.length - 1]![1]]);
  return pts;
}
