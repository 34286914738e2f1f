/**
 * Reading the embedded data: `<script id="batchsim-data" type="application/json">` holding a
 * ViewerPayload. Checks the shape only as far as the viewer relies on it; a table whose columns do
 * not line up is replaced by an empty one and reported, so its chart shows a note instead.
 */
import type { ViewerData, ViewerPayload } from "../../src/report/viewer-data-types.ts";
import { checkExperiments, type ExperimentView } from "./experiments.ts";

/** The one data format this viewer reads (ViewerData.format). */
export const SUPPORTED_FORMAT: ViewerData["format"] = 1;

export type PayloadResult =
  | {
      readonly kind: "ok";
      readonly runs: ViewerPayload["runs"];
      /** Comparisons and sweeps (payload.experiments), shown above the runs. */
      readonly experiments: readonly ExperimentView[];
      readonly problems: readonly string[];
    }
  | { readonly kind: "empty" }
  | { readonly kind: "incompatible"; readonly format: unknown }
  | { readonly kind: "invalid"; readonly message: string };

/** Reads and checks the payload embedded in `doc`. */
export function readPayload(doc: Document): PayloadResult {
  const node = doc.getElementById("batchsim-data");
  if (!node) return { kind: "invalid", message: "the page has no batchsim-data element" };
  let value: unknown;
  try {
    value = JSON.parse(node.textContent ?? "");
  } catch (e) {
    return { kind: "invalid", message: `its data is not JSON (${(e as Error).message})` };
  }
  return checkPayload(value);
}

const TABLES = {
  instances: [
    "id",
    "ce",
    "type",
    "vcpu",
    "launchedAt",
    "readyAt",
    "terminatedAt",
    "noticeAt",
    "reason",
    "billedUsd",
  ],
  jobs: [
    "id",
    "name",
    "queue",
    "share",
    "vcpus",
    "submittedAt",
    "waitSeconds",
    "status",
    "startedAt",
    "endedAt",
    "statusReason",
  ],
  attempts: ["job", "instance", "startingAt", "runningAt", "endAt", "cause", "exitCode"],
  waits: ["job", "t", "reason", "detail"],
} as const;
const NAME_LISTS: Readonly<Record<string, string>> = {
  instances: "types",
  attempts: "causes",
  waits: "reasons",
};

/** Checks a parsed payload. */
export function checkPayload(value: unknown): PayloadResult {
  if (!isObject(value) || !Array.isArray(value.runs))
    return { kind: "invalid", message: "it has no runs list" };
  const checked = checkExperiments(value.experiments);
  const { experiments } = checked;
  if (value.runs.length === 0 && experiments.length === 0 && checked.problems.length === 0)
    return { kind: "empty" };
  const problems: string[] = [...checked.problems];
  const runs: { label: string; data: ViewerData }[] = [];
  for (const [i, run] of value.runs.entries()) {
    if (!isObject(run) || !isObject(run.data))
      return { kind: "invalid", message: `run ${i + 1} has no data` };
    const data = run.data;
    if (data.format !== SUPPORTED_FORMAT) return { kind: "incompatible", format: data.format };
    if (!isObject(data.summary)) return { kind: "invalid", message: `run ${i + 1} has no summary` };
    const label = typeof run.label === "string" && run.label !== "" ? run.label : `run ${i + 1}`;
    const fixed: Record<string, unknown> = { ...data };
    for (const [name, columns] of Object.entries(TABLES)) {
      const t = data[name];
      const lists = [...columns, ...(name === "instances" ? ["reasons"] : [])];
      const extra = NAME_LISTS[name];
      if (extra) lists.push(extra);
      const ok =
        isObject(t) &&
        lists.every((c) => Array.isArray(t[c])) &&
        columns.every((c) => (t[c] as unknown[]).length === (t[columns[0]] as unknown[]).length);
      if (!ok) {
        if (t !== undefined)
          problems.push(`${label}: the ${name} table is malformed and is not shown`);
        fixed[name] = Object.fromEntries(lists.map((c) => [c, []]));
      }
    }
    if (!Array.isArray(data.series)) fixed.series = [];
    for (const k of ["computeEnvironments", "jobQueues", "shares"])
      if (!Array.isArray(data[k])) fixed[k] = [];
    fixed.limits = checkLimits(data.limits);
    if (typeof data.endSeconds !== "number") fixed.endSeconds = 0;
    runs.push({ label, data: fixed as unknown as ViewerData });
  }
  return { kind: "ok", runs, experiments, problems };
}

const LIMITS = [
  "jobs",
  "jobsDropped",
  "attempts",
  "attemptsDropped",
  "waits",
  "waitsDropped",
  "seriesPoints",
] as const;

/** ViewerData.limits with every count a number (0 where it is missing or not a number). */
function checkLimits(value: unknown): ViewerData["limits"] {
  const limits = isObject(value) ? value : {};
  return Object.fromEntries(
    LIMITS.map((k) => {
      const v = limits[k];
      return [k, typeof v === "number" && Number.isFinite(v) ? v : 0];
    }),
  ) as unknown as ViewerData["limits"];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
