/**
 * Comparisons and sweeps (`batchsim view` of a compare or sweep folder): reading them from the
 * payload, and the formatting both renderings share. A metric is named by its summary.json path
 * (waitSeconds.p90, cost.totalUsd, …); its unit follows from that path.
 */
import type { ExperimentView, MeanCi } from "../../src/report/viewer-data-types.ts";
import { formatDuration, formatNumber, formatUsd } from "./format.ts";

export type Comparison = Extract<ExperimentView, { kind: "comparison" }>;
export type Sweep = Extract<ExperimentView, { kind: "sweep" }>;
export type { ExperimentView, MeanCi };

/** The experiments of a payload that can be shown, and what was wrong with the others. */
export interface CheckedExperiments {
  readonly experiments: ExperimentView[];
  readonly problems: string[];
}

/**
 * Checks payload.experiments as far as the viewer relies on it: an experiment that cannot be read is
 * left out and reported; a malformed mean or interval is shown as "—" and reported.
 */
export function checkExperiments(value: unknown): CheckedExperiments {
  const experiments: ExperimentView[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { experiments, problems };
  if (!Array.isArray(value)) {
    problems.push("The experiments list is malformed and is not shown.");
    return { experiments, problems };
  }
  value.forEach((x, i) => {
    const name = isObject(x) && typeof x.label === "string" && x.label !== "" ? x.label : null;
    const label = name ?? `experiment ${i + 1}`;
    const bad = { count: 0 };
    const read = isObject(x) ? checkOne(x, label, bad) : null;
    if (read === null) {
      problems.push(`${label}: this experiment is malformed and is not shown.`);
      return;
    }
    if (bad.count > 0) problems.push(`${label}: ${bad.count} malformed value(s) are shown as —.`);
    experiments.push(read);
  });
  return { experiments, problems };
}

function checkOne(
  x: Record<string, unknown>,
  label: string,
  bad: { count: number },
): ExperimentView | null {
  const replications =
    typeof x.replications === "number" && Number.isInteger(x.replications) && x.replications > 0
      ? x.replications
      : 0;
  const mc = (v: unknown): MeanCi | null => {
    const m = checkMeanCi(v);
    if (m === undefined) {
      bad.count++;
      return null;
    }
    return m;
  };
  if (x.kind === "comparison") {
    if (!isObject(x.metrics)) return null;
    const metrics: Record<string, { a: MeanCi | null; b: MeanCi | null; delta: MeanCi | null }> =
      {};
    for (const [k, m] of Object.entries(x.metrics)) {
      const e = isObject(m) ? m : {};
      if (!isObject(m)) bad.count++;
      metrics[k] = { a: mc(e.a ?? null), b: mc(e.b ?? null), delta: mc(e.delta ?? null) };
    }
    return {
      kind: "comparison",
      label,
      a: typeof x.a === "string" && x.a !== "" ? x.a : "A",
      b: typeof x.b === "string" && x.b !== "" ? x.b : "B",
      replications,
      metrics,
    };
  }
  if (x.kind === "sweep") {
    const parameters = x.parameters;
    if (!Array.isArray(parameters) || !parameters.every((p) => typeof p === "string")) return null;
    if (!Array.isArray(x.points)) return null;
    const points: { values: string[]; metrics: Record<string, MeanCi | null> }[] = [];
    for (const p of x.points) {
      if (
        !isObject(p) ||
        !Array.isArray(p.values) ||
        p.values.length !== parameters.length ||
        !p.values.every((v) => typeof v === "string") ||
        !isObject(p.metrics)
      )
        return null;
      const metrics: Record<string, MeanCi | null> = {};
      for (const [k, m] of Object.entries(p.metrics)) metrics[k] = mc(m);
      points.push({ values: p.values as string[], metrics });
    }
    return { kind: "sweep", label, parameters: parameters as string[], replications, points };
  }
  return null;
}

/** A `{mean, ci95}` as a MeanCi; null for null; undefined when it is malformed. */
export function checkMeanCi(v: unknown): MeanCi | null | undefined {
  if (v === null) return null;
  if (!isObject(v) || !isFiniteNumber(v.mean)) return undefined;
  const ci = v.ci95 ?? null;
  if (ci === null) return { mean: v.mean, ci95: null };
  if (!Array.isArray(ci) || ci.length !== 2) return undefined;
  const [lo, hi] = ci as unknown[];
  if (!isFiniteNumber(lo) || !isFiniteNumber(hi) || lo > hi) return undefined;
  return { mean: v.mean, ci95: [lo, hi] };
}

/** How a metric's values read: from its summary.json path. */
export type MetricUnit = "seconds" | "usd" | "ratio" | "number";

export function metricUnit(path: string): MetricUnit {
  if (/Seconds(\.|$)/.test(path)) return "seconds";
  if (/Usd$/.test(path)) return "usd";
  if (/(^|\.)ratio$/.test(path)) return "ratio";
  return "number";
}

/** A metric's value as text; `difference`: signed, ratios in percentage points. */
export function formatValueOf(path: string, value: number, difference = false): string {
  if (!difference) return formatMagnitude(metricUnit(path), value, false);
  if (value === 0) return "0";
  return `${value > 0 ? "+" : "−"}${formatMagnitude(metricUnit(path), Math.abs(value), true)}`;
}

/** Half the width of an interval (the ± of a mean), or null. */
export function halfWidth(m: MeanCi | null): number | null {
  return m?.ci95 ? (m.ci95[1] - m.ci95[0]) / 2 : null;
}

/** `mean ± half-width` (the mean alone without an interval; "—" for null). */
export function formatMeanCi(path: string, m: MeanCi | null, difference = false): string {
  if (m === null) return "—";
  const hw = halfWidth(m);
  if (hw === null) return formatValueOf(path, m.mean, difference);
  if (metricUnit(path) === "seconds") {
    // Both in one unit, the larger one's: "2.5 min ± 1.8 min", not "2.5 min ± 108 s".
    const [unit, per] = durationUnit(Math.max(Math.abs(m.mean), hw));
    const sign = difference && m.mean !== 0 ? (m.mean > 0 ? "+" : "−") : "";
    const n = (v: number) => formatNumber(v / per, v / per < 10 ? 2 : 1);
    return `${sign}${n(Math.abs(m.mean))} ${unit} ± ${n(hw)} ${unit}`;
  }
  return `${formatValueOf(path, m.mean, difference)} ± ${formatMagnitude(metricUnit(path), hw, difference)}`;
}

/** The unit formatDuration would write `seconds` in, and its length in seconds. */
function durationUnit(seconds: number): [string, number] {
  if (seconds < 120) return ["s", 1];
  if (seconds < 7200) return ["min", 60];
  return ["h", 3600];
}

/** Whether a difference's interval excludes 0, and which way: "higher" (B above A), "lower", or null. */
export function significance(delta: MeanCi | null): "higher" | "lower" | "not" | null {
  const ci = delta?.ci95;
  if (!ci) return null;
  if (ci[0] > 0) return "higher";
  if (ci[1] < 0) return "lower";
  return "not";
}

/** The label of significance(): "significant ↑", "significant ↓", "not significant", "—". */
export function significanceLabel(delta: MeanCi | null): string {
  switch (significance(delta)) {
    case "higher":
      return "significant ↑";
    case "lower":
      return "significant ↓";
    case "not":
      return "not significant";
    default:
      return "—";
  }
}

/** "N replications", or "replications: ?" when the folder did not say. */
export function replicationsText(n: number): string {
  if (!(n > 0)) return "replications: ?";
  return n === 1 ? "1 replication" : `${formatNumber(n)} replications`;
}

function formatMagnitude(unit: MetricUnit, v: number, difference: boolean): string {
  switch (unit) {
    case "seconds":
      return formatDuration(v);
    case "usd":
      return formatUsd(v);
    case "ratio":
      return difference
        ? `${formatNumber(v * 100, 1)} pp`
        : `${formatNumber(v * 100, 1).replace(/^-/, "−")} %`;
    case "number":
      return formatNumber(v, Math.abs(v) < 1 && v !== 0 ? 3 : 2).replace(/^-/, "−");
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}
