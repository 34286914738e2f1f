/** loadScenario: YAML text → validated, normalised Scenario, or every problem at once. */

import type { InstanceType } from "../model/catalog.ts";
import { explicitJobValidity, withoutDropped } from "./as-read.ts";
import { buildActions, rawActionNames } from "./build-actions.ts";
import { buildCatalog, buildSpotPrices } from "./build-catalog.ts";
import { buildComputeEnvironments } from "./build-compute-environments.ts";
import { buildJobDefinitions } from "./build-job-definitions.ts";
import { buildJobQueues } from "./build-job-queues.ts";
import { buildSchedulingPolicies } from "./build-scheduling-policies.ts";
import type { TraceLoading } from "./build-trace.ts";
import { buildWorkload } from "./build-workload.ts";
import { type BuildContext, rawList, rawNames } from "./context.ts";
import { findMarkers } from "./markers.ts";
import { applyOverrides, type OverrideOrigin } from "./overrides.ts";
import {
  atValue,
  compareProblems,
  formatProblem,
  type Problem,
  pathToString,
  type RawProblem,
} from "./problem.ts";
import { checkRequestLimits } from "./request-limits.ts";
import { scenarioSchema } from "./schema.ts";
import { schemaIssues } from "./schema-issues.ts";
import { settingsSchema } from "./schema-settings.ts";
import { buildSettings, checkPoolCapacity } from "./settings.ts";
import type { TraceReader } from "./trace-types.ts";
import type { ComputeEnvironment, JobSpec, Scenario, WorkloadStream } from "./types.ts";
import { parseDurationSeconds } from "./units.ts";
import { type ReadResult, readYaml } from "./yaml-source.ts";
import { problemsFromIssues } from "./zod-issues.ts";

/** Command-line overrides. */
export interface LoadOptions {
  /** `--seed`: overrides the file's seed. */
  readonly seed?: string;
  /** `--until DUR`: overrides `until:`. */
  readonly until?: string;
  /** Raw `--set PATH=VALUE` arguments, in command-line order. */
  readonly sets?: readonly string[];
  /** `--lenient`: malformed lines of a replayed trace are skipped and counted, not errors. */
  readonly lenient?: boolean;
  /** yaml's full read whatever the file's size (tests compare the faster reads of large files with it). */
  readonly exactYaml?: boolean;
}

/** What the loader may reach outside the scenario text (the command line injects it; plain data cannot carry it). */
export interface LoadIo {
  /** Reads a trace file for `arrivals: {process: trace}`; without it a trace is an error. */
  readonly readTrace?: TraceReader;
}

/** A scenario and its notices, or every problem found (sorted by file, line, column). */
export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario; readonly notices: string[] }
  | { readonly ok: false; readonly problems: Problem[] };

/** The default `start:` — the wall-clock origin of event timestamps. */
export const DEFAULT_START = "2026-01-01T00:00:00Z";
/** The seed used when neither the file nor --seed gives one. */
export const DEFAULT_SEED = "0";
/** The region when `region:` is absent. */
export const DEFAULT_REGION = "us-east-1";

const ISO_START = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Validates and normalises a scenario file. `fileName` is used in problem locations and to resolve a
 * trace's relative path, which `io.readTrace` then reads. Pure but for what `io` does.
 */
export function loadScenario(
  text: string,
  fileName: string,
  builtInCatalog: readonly InstanceType[],
  options: LoadOptions = {},
  io: LoadIo = {},
): LoadResult {
  const whole = (message: string, line = 1, col = 1): Problem => ({
    file: fileName,
    line,
    col,
    path: "$",
    message,
  });
  const notText = notTextProblem(text);
  if (notText) return { ok: false, problems: [whole(notText.message, notText.line, notText.col)] };
  const read = readYaml(text, options.exactYaml === true);
  if (read.syntaxProblems.length > 0) {
    return { ok: false, problems: read.syntaxProblems.map((p) => whole(p.message, p.line, p.col)) };
  }
  if (read.value === null || read.value === undefined)
    return { ok: false, problems: [whole("the file is empty")] };
  if (typeof read.value !== "object" || Array.isArray(read.value)) {
    return {
      ok: false,
      problems: [whole("a scenario must be a mapping (name:, computeEnvironments:, …)")],
    };
  }
  const raw = read.value as Record<string, unknown>;
  const overrides = applyOverrides(raw, options);
  const problems: RawProblem[] = [...read.keyProblems];
  const issues = schemaIssues(raw);
  problems.push(...problemsFromIssues(issues, scenarioSchema));
  const markers = findMarkers(scenarioSchema, raw);
  problems.push(...markers.notYet);
  const ctx: BuildContext = {
    problems,
    noEffect: [...markers.noEffect],
    notices: [],
    lineOf: (path) => read.locate(path, "value").line,
    // A job with a problem, or a key dropped for one, is read again on its own; the others as written.
    explicitJobValid: explicitJobValidity([...issues, ...problems.filter((p) => p.drop)]),
  };
  const traces: TraceLoading = {
    scenarioFile: fileName,
    readTrace: io.readTrace,
    lenient: options.lenient === true,
  };
  const scenario = build(ctx, withoutDropped(raw, problems), builtInCatalog, traces);
  const located = [
    ...overrides.problems.map((p) => ({
      file: p.origin.file,
      line: p.origin.line,
      col: 1,
      path: p.path,
      message: p.message,
    })),
    ...problems.map((p) => place(p, read, fileName, overrides.origins)),
  ];
  const unique = new Map(located.map((p) => [formatProblem(p), p]));
  if (unique.size > 0)
    return { ok: false, problems: capped([...unique.values()].sort(compareProblems)) };
  const notices = [
    ...(ctx.noEffect.length > 0
      ? [`accepted, no effect in simulation: ${ctx.noEffect.join(", ")}`]
      : []),
    ...ctx.notices,
  ];
  return { ok: true, scenario, notices };
}

/** At most this many problems are listed; a last line counts the rest. */
export const MAX_PROBLEMS = 50;

/**
 * The first MAX_PROBLEMS problems, then one more line in the same format, at the first problem left
 * out, that counts the rest (so every line stays `file:line:col error path: message`).
 */
function capped(sorted: Problem[]): Problem[] {
  const first = sorted[MAX_PROBLEMS];
  if (first === undefined || sorted.length <= MAX_PROBLEMS + 1) return sorted;
  const rest = sorted.length - MAX_PROBLEMS;
  return [
    ...sorted.slice(0, MAX_PROBLEMS),
    {
      file: first.file,
      line: first.line,
      col: first.col,
      path: "$",
      message: `… and ${rest} more problems (only the first ${MAX_PROBLEMS} are listed)`,
    },
  ];
}

/**
 * A text that is not YAML text at all: UTF-16 (YAML tools accept it, but this reader expects UTF-8), or
 * binary data (a control character YAML forbids: NUL, the other C0 codes but tab, LF and CR, and DEL).
 * Located at the first such character (UTF-16: line 1, column 1).
 */
function notTextProblem(text: string): { line: number; col: number; message: string } | undefined {
  const head = text.slice(0, 64);
  const utf16 =
    (head.startsWith("\uFFFD\uFFFD") && head.includes("\0")) ||
    /^(?:[\t\n\r -~]\0){4}|^(?:\0[\t\n\r -~]){4}/.test(head);
  if (utf16) return { line: 1, col: 1, message: "the file is UTF-16 text: save it as UTF-8" };
  const at = text.search(CONTROL_CHARACTER);
  if (at < 0) return undefined;
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const col = at - before.lastIndexOf("\n");
  const code = (text.codePointAt(at) ?? 0).toString(16).toUpperCase().padStart(4, "0");
  return {
    line,
    col,
    message: `not a text file: control character U+${code} (a scenario is YAML text; is this binary data?)`,
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function build(
  ctx: BuildContext,
  raw: Record<string, unknown>,
  builtIn: readonly InstanceType[],
  traces: TraceLoading,
): Scenario {
  const p = ctx.problems;
  const untilSeconds = topUntil(ctx, raw.until);
  const start = typeof raw.start === "string" ? raw.start : DEFAULT_START;
  let startEpochMs = Date.parse(start);
  if (!ISO_START.test(start) || Number.isNaN(startEpochMs)) {
    if (typeof raw.start === "string")
      p.push(
        atValue(["start"], "expected an ISO-8601 date-time in UTC, like 2026-01-05T00:00:00Z"),
      );
    startEpochMs = Date.parse(DEFAULT_START);
  }
  const settingsParsed = settingsSchema.safeParse(raw.settings ?? {});
  const settings = buildSettings(settingsParsed.success ? settingsParsed.data : undefined, p);
  const catalog = buildCatalog(ctx, raw.catalog, builtIn);
  const spotPrices = buildSpotPrices(ctx, raw.catalog, catalog);
  checkPoolCapacity(ctx, raw.settings, catalog);
  const ceList = rawList(raw, "computeEnvironments");
  const computeEnvironments = buildComputeEnvironments(ctx, ceList, catalog);
  // By name; the first CE of a name (a duplicate is an error anyway).
  const builtCes = new Map<string, ComputeEnvironment>();
  for (const ce of computeEnvironments)
    if (!builtCes.has(ce.computeEnvironmentName)) builtCes.set(ce.computeEnvironmentName, ce);
  const policyList = rawList(raw, "schedulingPolicies");
  const schedulingPolicies = buildSchedulingPolicies(ctx, policyList);
  const queueList = rawList(raw, "jobQueues");
  const jobQueues = buildJobQueues(
    ctx,
    queueList,
    new Set(rawNames(ceList, "computeEnvironmentName").keys()),
    new Set(rawNames(policyList, "name").keys()),
    builtCes,
  );
  const defList = rawList(raw, "jobDefinitions");
  const definitions = buildJobDefinitions(ctx, defList, catalog);
  checkRequestLimits(ctx, defList, rawList(raw, "workload"));
  const actionList = rawList(raw, "actions");
  const actionNames = rawActionNames(actionList);
  const queueNames = new Set(rawNames(queueList, "jobQueueName").keys());
  const refs = {
    queueNames,
    // A queue some action enables may take submissions: the simulator rejects those made while it is DISABLED.
    disabledQueues: new Set(
      jobQueues
        .filter((q) => q.state === "DISABLED" && !actionNames.enabledQueues.has(q.jobQueueName))
        .map((q) => q.jobQueueName),
    ),
    definitionNames: new Set(rawNames(defList, "jobDefinitionName").keys()),
    definitions,
    reported: new Set<string>(),
    catalog,
    // The first queue of a name (a duplicate is an error anyway); UpdateJobQueue cannot change a policy.
    queuePolicies: new Map(
      [...jobQueues].reverse().map((q) => [q.jobQueueName, q.schedulingPolicy] as const),
    ),
    queueComputeEnvironments: new Map(
      jobQueues.map((q) => [
        q.jobQueueName,
        q.computeEnvironments.flatMap((name) => builtCes.get(name) ?? []),
      ]),
    ),
  };
  const workload = buildWorkload(
    ctx,
    rawList(raw, "workload"),
    refs,
    untilSeconds,
    actionNames.jobNames,
    traces,
  );
  const actions = buildActions(ctx, actionList, {
    ceNames: new Set(rawNames(ceList, "computeEnvironmentName").keys()),
    computeEnvironments,
    queueNames,
    jobQueues,
    multinodeQueues: multinodeQueues(workload.streams),
    explicitJobs: workload.explicitJobs,
    untilSeconds,
    catalog,
  });
  return {
    name: typeof raw.name === "string" ? raw.name : "",
    description: typeof raw.description === "string" ? raw.description : "",
    seed:
      typeof raw.seed === "string" || typeof raw.seed === "number"
        ? String(raw.seed)
        : DEFAULT_SEED,
    startEpochMs,
    untilSeconds,
    region: typeof raw.region === "string" ? raw.region : DEFAULT_REGION,
    settings,
    catalog,
    spotPrices,
    computeEnvironments,
    jobQueues,
    schedulingPolicies,
    workload: workload.streams,
    actions,
  };
}

/** The queues that some stream submits multi-node parallel jobs to. */
function multinodeQueues(streams: readonly WorkloadStream[]): Set<string> {
  const out = new Set<string>();
  const add = (spec: JobSpec): void => {
    if (spec.nodeProperties) out.add(spec.jobQueue);
  };
  for (const s of streams) {
    if (s.kind === "arrivals") add(s.spec);
    else if (s.kind === "jobs") for (const j of s.jobs) add(j.spec);
    else if (s.kind === "trace") for (const spec of s.specs) add(spec);
    else for (const step of s.steps) add(step.spec);
  }
  return out;
}

function topUntil(ctx: BuildContext, until: unknown): number | null {
  if (typeof until !== "number" && typeof until !== "string") return null;
  const s = parseDurationSeconds(until);
  if (s === undefined) return null; // zod reports the format
  if (s <= 0) ctx.problems.push(atValue(["until"], "must be > 0"));
  return s;
}

/** Locates a raw problem: in an override argument if its path came from one, else in the file. */
function place(
  p: RawProblem,
  read: ReadResult,
  file: string,
  origins: readonly OverrideOrigin[],
): Problem {
  const path = pathToString(p.path);
  if (p.file !== undefined && p.pos) {
    return { file: p.file, line: p.pos.line, col: p.pos.col, path, message: p.message };
  }
  for (let i = origins.length - 1; i >= 0; i--) {
    const o = origins[i];
    if (o && o.path.length <= p.path.length && o.path.every((seg, k) => seg === p.path[k])) {
      return { file: o.file, line: o.line, col: 1, path, message: p.message };
    }
  }
  const pos = p.pos ?? read.locate(p.path, p.anchor);
  return { file, line: pos.line, col: pos.col, path, message: p.message };
}
