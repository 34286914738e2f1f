/**
 * A sweep as lines to plot: one metric against one parameter (the x axis), one line per combination
 * of the other parameters' values. Values are YAML text: a parameter whose every value is a plain
 * number goes on a linear axis, any other on a point axis in the order the points first use them.
 */
import type { MeanCi, Sweep } from "./experiments.ts";

/** One point of a line. */
export interface LinePoint {
  /** The point's index in the sweep (its number). */
  readonly point: number;
  /** The x value as text (YAML), and as a number on a numeric axis. */
  readonly text: string;
  readonly x: number | null;
  readonly value: MeanCi | null;
}

export interface SweepLine {
  /** The other parameters' values, `path=value, …` ("" when x is the only parameter). */
  readonly label: string;
  /** In x order (numeric) or in the x domain's order. */
  readonly points: readonly LinePoint[];
}

export interface SweepLines {
  readonly numeric: boolean;
  /** The x values in the order the points first use them. */
  readonly domain: readonly string[];
  readonly lines: readonly SweepLine[];
}

/** The metrics of a sweep, in the order the points first name them. */
export function sweepMetrics(s: Sweep): string[] {
  const seen = new Set<string>();
  for (const p of s.points) for (const k of Object.keys(p.metrics)) seen.add(k);
  return [...seen];
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** A YAML value's number, or null when it is not a plain decimal number. */
export function numericValue(text: string): number | null {
  const t = text.trim();
  if (!NUMBER.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** The lines of `metric` against parameter `xIndex`. */
export function sweepLines(s: Sweep, metric: string, xIndex: number): SweepLines {
  const domain: string[] = [];
  const groups = new Map<string, LinePoint[]>();
  const labels = new Map<string, string>();
  s.points.forEach((p, i) => {
    const text = p.values[xIndex] ?? "";
    if (!domain.includes(text)) domain.push(text);
    const others = s.parameters
      .map((path, k) => (k === xIndex ? null : `${path}=${p.values[k] ?? ""}`))
      .filter((v): v is string => v !== null);
    const key = JSON.stringify(others);
    if (!groups.has(key)) {
      groups.set(key, []);
      labels.set(key, others.join(", "));
    }
    groups
      .get(key)!
      .push({ point: i, text, x: numericValue(text), value: p.metrics[metric] ?? null });
  });
  const numeric = domain.length > 0 && domain.every((v) => numericValue(v) !== null);
  const order = (p: LinePoint) => (numeric ? (p.x as number) : domain.indexOf(p.text));
  const lines = [...groups.entries()].map(([key, points]) => ({
    label: labels.get(key) ?? "",
    points: [...points].sort((a, b) => order(a) - order(b) || a.point - b.point),
  }));
  return { numeric, domain, lines };
}
