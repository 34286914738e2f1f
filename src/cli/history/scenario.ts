/**
 * A scenario that replays a job history (pure): one `jobs:` list of the history's submissions at
 * their createdAt (relative to the first), with their queues, job definitions and resources, arrays,
 * dependencies, shares, retry strategies, timeouts, exit codes and observed runtimes; one queue per
 * queue name, each on a placeholder managed compute environment sized from the history.
 */
import {
  busyIntervals,
  everStarted,
  historyEnd,
  type JobTree,
  jobTree,
  lastExitCode,
  observedRuntimeSeconds,
  peakOverlap,
} from "./derive.ts";
import { empirical, isNearlyFixed, roundMs, summarize } from "./fit.ts";
import type { History, HistoryEvaluateOnExit, HistoryJob } from "./types.ts";
import { commentText, flow, scalar, type YamlValue } from "./yaml-text.ts";

/** How runtimes are replayed. */
export type RuntimeMode = "exact" | "distribution";

/** Options of the import. */
export interface ImportOptions {
  /** The scenario's name (letters, digits, `.`, `_`, `-`). */
  readonly name: string;
  readonly runtimes: RuntimeMode;
  /** The history file as given on the command line (for the header comment). */
  readonly source: string;
}

/** The scenario's text, and what the import did, in sentences (for stderr). */
export interface ImportResult {
  readonly text: string;
  readonly notes: readonly string[];
  readonly jobs: number;
}

/** An input problem with no line (the history has nothing to replay). */
export class ImportProblem extends Error {}

/** Most points of an empirical runtime distribution in the scenario. */
export const MAX_EMPIRICAL_POINTS = 1000;
/** Runtime of a job definition none of whose jobs has an observed runtime (seconds). */
const PLACEHOLDER_RUNTIME_SECONDS = 60;
/** maxvCpus of the placeholder compute environments = peak concurrent vCPU × this. */
const HEADROOM = 1.5;

const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const REASON_PATTERN = /^[A-Za-z0-9.:\s]*\*?$/;
const EXIT_CODE_PATTERN = /^[0-9]*\*?$/;

interface Resources {
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly gpus: number;
}

interface DefinitionPlan {
  readonly name: string;
  readonly resources: Resources;
  readonly platform: "EC2" | "FARGATE";
  readonly runtimes: number[];
}

interface QueuePlan {
  readonly name: string;
  readonly ce: string;
  readonly platform: "EC2" | "FARGATE";
  readonly policy: string | null;
  readonly shares: string[];
  readonly peakVcpus: number;
  readonly maxJobVcpus: number;
  readonly gpus: boolean;
}

/** Writes the scenario that replays `history`. Throws ImportProblem when nothing can be replayed. */
export function historyToScenario(history: History, options: ImportOptions): ImportResult {
  const tree = jobTree(history);
  if (tree.submitted.length === 0)
    throw new ImportProblem(
      tree.multiNode > 0
        ? "the history holds only multi-node parallel jobs, which the import does not replay"
        : "the history holds no job to replay",
    );
  const notes: string[] = [];
  const definitions = planDefinitions(tree);
  const queues = planQueues(history, tree, definitions);
  const names = uniqueJobNames(tree.submitted);
  const first = tree.submitted.reduce((m, j) => Math.min(m, j.createdAt), Number.POSITIVE_INFINITY);
  const ordered = submissionOrder(tree.submitted, names.byId);
  const submittedById = new Map(tree.submitted.map((j) => [j.jobId, j]));

  const counts = {
    arrays: 0,
    children: 0,
    droppedDeps: 0,
    noRuntime: 0,
    cancels: 0,
    retriedSuccess: 0,
    droppedRetry: 0,
    unfinished: 0,
  };
  const atById = new Map<string, number>();
  const jobLines: string[] = [];
  const actions: string[] = [];
  for (const job of ordered) {
    const name = names.byId.get(job.jobId) as string;
    const queue = queues.get(job.jobQueue) as QueuePlan;
    const definition = definitions.get(job.jobDefinition) as DefinitionPlan;
    const deps = dependencies(job, submittedById, names.byId, atById);
    counts.droppedDeps += deps.dropped;
    const at = Math.max(roundMs((job.createdAt - first) / 1000), deps.at);
    atById.set(job.jobId, at);
    const kids = tree.children.get(job.jobId) ?? [];
    if (job.arraySize !== null) {
      counts.arrays += 1;
      counts.children += job.arraySize;
    }
    const submit: Record<string, YamlValue | undefined> = {
      jobName: name,
      jobQueue: queue.name,
      jobDefinition: definition.name,
      containerOverrides: overrides(job, definition),
      arrayProperties: job.arraySize !== null ? { size: job.arraySize } : undefined,
      dependsOn: deps.list.length > 0 ? deps.list : undefined,
    };
    if (queue.policy !== null) {
      submit.shareIdentifier = shareId(job.shareIdentifier);
      submit.schedulingPriorityOverride = job.schedulingPriority ?? 0;
    }
    const retry = retryStrategy(job);
    if (retry.dropped) counts.droppedRetry += 1;
    if (retry.value) submit.retryStrategy = retry.value;
    if (job.attemptDurationSeconds !== null && job.attemptDurationSeconds >= 60)
      submit.timeout = { attemptDurationSeconds: Math.round(job.attemptDurationSeconds) };
    const runs = job.arraySize !== null ? kids : [job];
    const sim = simOf(runs, options.runtimes);
    if (runs.every((r) => observedRuntimeSeconds(r) === null)) counts.noRuntime += 1;
    if (job.status === "SUCCEEDED" && job.attempts.length > 1) counts.retriedSuccess += 1;
    if (job.status !== "SUCCEEDED" && job.status !== "FAILED") counts.unfinished += 1;
    const entry = flow({ at, submit, sim });
    const renamed = name !== job.jobName ? `; history jobName ${JSON.stringify(job.jobName)}` : "";
    jobLines.push(`      - ${entry} # jobId ${commentText(job.jobId)}${renamed}`);
    const cancel = cancelAction(job, name, at, first);
    if (cancel) {
      counts.cancels += 1;
      actions.push(`  - ${cancel}`);
    }
  }

  const last = tree.submitted.reduce((m, j) => Math.max(m, j.createdAt), first);
  const span = (last - first) / 1000;
  notes.push(
    `${plural(tree.submitted.length, "submission")} over ${formatSpan(span)}: ${plural(counts.arrays, "array job")} (${plural(counts.children, "child", "children")}), ${plural(tree.submitted.length - counts.arrays, "other job")}; ${plural(queues.size, "job queue")}, ${plural(definitions.size, "job definition")}`,
  );
  if (names.renamed > 0)
    notes.push(
      `${plural(names.renamed, "job name was", "job names were")} repeated or not valid: made unique (name-2, …); each job's history jobId (and its original jobName) is in a comment on its line`,
    );
  if (counts.droppedDeps > 0)
    notes.push(
      `${plural(counts.droppedDeps, "dependency", "dependencies")} on jobs that are not in the history (or on single array children) left out`,
    );
  if (tree.multiNode > 0)
    notes.push(
      `${plural(tree.multiNode, "multi-node parallel job or node", "multi-node parallel jobs or nodes")} left out (not replayed)`,
    );
  if (tree.orphans > 0)
    notes.push(
      `${plural(tree.orphans, "array child", "array children")} whose parent is not in the history submitted as plain jobs`,
    );
  if (counts.noRuntime > 0)
    notes.push(
      `${plural(counts.noRuntime, "job")} with no observed runtime (never ran, or had not ended): drawing from the job definition's runtime distribution`,
    );
  if (counts.cancels > 0)
    notes.push(
      `${plural(counts.cancels, "job")} cancelled before running: cancelled at the same time in the replay (actions:)`,
    );
  if (counts.retriedSuccess > 0)
    notes.push(
      `${plural(counts.retriedSuccess, "job")} that succeeded after a retry: replayed succeeding at the first attempt (exit codes are replayed from each job's last attempt)`,
    );
  if (counts.droppedRetry > 0)
    notes.push(
      `${plural(counts.droppedRetry, "job")} with evaluateOnExit patterns batchsim does not accept: those entries left out`,
    );
  if (counts.unfinished > 0)
    notes.push(`${plural(counts.unfinished, "job")} had not ended when the history was taken`);
  notes.push(
    "the compute environments are placeholders sized from the history: replace them with your real setup (or with batchsim import cloudformation)",
  );

  const text = [
    ...header(history, options, notes),
    `name: ${scalar(options.name)}`,
    `description: ${scalar(`Replay of ${tree.submitted.length} submissions from ${baseName(options.source)}`)}`,
    "seed: 1",
    `start: ${new Date(first).toISOString()} # the first submission's createdAt: event times match the history's`,
    "",
    ...computeEnvironmentLines(queues),
    ...schedulingPolicyLines(queues),
    ...jobQueueLines(queues),
    ...jobDefinitionLines(definitions, options.runtimes),
    "workload:",
    "  - name: history",
    `    description: ${scalar("the history's submissions at their createdAt")}`,
    "    jobs:",
    ...jobLines,
    ...(actions.length > 0
      ? ["", "actions: # jobs cancelled before they ran, at the time they were", ...actions]
      : []),
    "",
  ].join("\n");
  return { text, notes, jobs: tree.submitted.length };
}

function header(history: History, options: ImportOptions, notes: readonly string[]): string[] {
  const kind =
    history.format === "events" ? "Batch Job State Change events" : "DescribeJobs output";
  const runtimes =
    options.runtimes === "exact"
      ? "exact: each job runs for its own observed runtime (RUNNING → stop of its last attempt; an array's children draw from its children's runtimes)"
      : "distribution: each job definition's observed runtimes, as an empirical distribution";
  return [
    `# Written by batchsim import history ${commentText(options.source)} (${kind}).`,
    `# Runtimes: ${runtimes}.`,
    "# Calibrate the latencies with: batchsim calibrate HISTORY (paste its settings: block below).",
    ...notes.map((n) => `# - ${commentText(n)}`),
    "",
  ];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function formatSpan(seconds: number): string {
  if (seconds < 120) return `${roundMs(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 360) / 10} h`;
  return `${Math.round(seconds / 8640) / 10} days`;
}

/** Letters, digits, `_` and `-`, at most `max` characters (AWS resource names). */
function awsName(value: string, max = 128): string {
  const clean = value.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, max);
  return clean === "" ? "x" : clean;
}

/** Every job once: the submissions, then the children (plain jobs are in both lists). */
function everyJob(tree: JobTree): HistoryJob[] {
  const seen = new Set<string>();
  const out: HistoryJob[] = [];
  for (const j of [...tree.submitted, ...tree.running]) {
    if (seen.has(j.jobId)) continue;
    seen.add(j.jobId);
    out.push(j);
  }
  return out;
}

function resourcesOf(job: HistoryJob): Resources | null {
  if (job.vcpus === null || job.memoryMiB === null) return null;
  return { vcpus: job.vcpus, memoryMiB: job.memoryMiB, gpus: job.gpus ?? 0 };
}

function resourceKey(r: Resources): string {
  return `${r.vcpus}|${r.memoryMiB}|${r.gpus}`;
}

/** One job definition per name: the most common resources of its jobs, and every observed runtime. */
function planDefinitions(tree: JobTree): Map<string, DefinitionPlan> {
  const byName = new Map<string, HistoryJob[]>();
  for (const job of everyJob(tree)) {
    const list = byName.get(job.jobDefinition) ?? [];
    list.push(job);
    byName.set(job.jobDefinition, list);
  }
  const used = new Set<string>();
  const out = new Map<string, DefinitionPlan>();
  for (const [historyName, jobs] of byName) {
    const tally = new Map<string, { r: Resources; n: number }>();
    for (const j of jobs) {
      const r = resourcesOf(j);
      if (!r) continue;
      const t = tally.get(resourceKey(r)) ?? { r, n: 0 };
      t.n += 1;
      tally.set(resourceKey(r), t);
    }
    let best: { r: Resources; n: number } | undefined;
    for (const t of tally.values()) if (!best || t.n > best.n) best = t;
    const runtimes: number[] = [];
    for (const j of jobs) {
      if (j.arraySize !== null) continue;
      const r = observedRuntimeSeconds(j);
      if (r !== null) runtimes.push(r);
    }
    out.set(historyName, {
      name: uniqueName(awsName(historyName), used),
      resources: best?.r ?? { vcpus: 1, memoryMiB: 2048, gpus: 0 },
      platform: jobs.some((j) => j.platform === "FARGATE") ? "FARGATE" : "EC2",
      runtimes,
    });
  }
  return out;
}

function uniqueName(base: string, used: Set<string>, max = 128): string {
  let name = base;
  for (let k = 2; used.has(name); k++) {
    const suffix = `-${k}`;
    name = `${base.slice(0, max - suffix.length)}${suffix}`;
  }
  used.add(name);
  return name;
}

/** One queue per name, on its own placeholder CE sized from the queue's peak concurrent vCPU. */
function planQueues(
  history: History,
  tree: JobTree,
  definitions: ReadonlyMap<string, DefinitionPlan>,
): Map<string, QueuePlan> {
  const end = historyEnd(history);
  const byQueue = new Map<string, HistoryJob[]>();
  for (const j of everyJob(tree)) {
    const list = byQueue.get(j.jobQueue) ?? [];
    list.push(j);
    byQueue.set(j.jobQueue, list);
  }
  const used = new Set<string>();
  const out = new Map<string, QueuePlan>();
  for (const [historyName, jobs] of byQueue) {
    const name = uniqueName(awsName(historyName, 125), used);
    const vcpusOf = (j: HistoryJob): number =>
      j.vcpus ?? definitions.get(j.jobDefinition)?.resources.vcpus ?? 1;
    const intervals = jobs
      .filter((j) => j.arraySize === null)
      .flatMap((j) =>
        busyIntervals(j, end).map(([from, to]) => ({ from, to, weight: vcpusOf(j) })),
      );
    const shares = [
      ...new Set(
        jobs.filter((j) => j.shareIdentifier !== null).map((j) => shareId(j.shareIdentifier)),
      ),
    ].sort();
    const fairShare = jobs.some((j) => j.shareIdentifier !== null);
    out.set(historyName, {
      name,
      ce: uniqueName(`${name}-ce`, used),
      platform: jobs.some((j) => j.platform === "FARGATE") ? "FARGATE" : "EC2",
      policy: fairShare ? uniqueName(`${name}-fairshare`, used) : null,
      shares,
      peakVcpus: peakOverlap(intervals),
      maxJobVcpus: jobs.reduce((m, j) => Math.max(m, vcpusOf(j)), 1),
      gpus: jobs.some((j) => (j.gpus ?? 0) > 0),
    });
  }
  return out;
}

/** A share identifier as SubmitJob allows it (letters and digits). */
function shareId(value: string | null): string {
  const clean = (value ?? "").replace(/[^A-Za-z0-9]/g, "").slice(0, 255);
  return clean === "" ? "default" : clean;
}

/** Unique job names (valid SubmitJob jobNames), in submission order; jobId → name. */
function uniqueJobNames(jobs: readonly HistoryJob[]): {
  byId: Map<string, string>;
  renamed: number;
} {
  const taken = new Set<string>();
  const byId = new Map<string, string>();
  let renamed = 0;
  for (const j of jobs) {
    let base = j.jobName.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 128);
    if (!JOB_NAME.test(base)) base = `j${base}`.slice(0, 128);
    let name = base;
    for (let k = 2; taken.has(name); k++) {
      const suffix = `-${k}`;
      name = `${base.slice(0, 128 - suffix.length)}${suffix}`;
    }
    taken.add(name);
    byId.set(j.jobId, name);
    if (name !== j.jobName) renamed += 1;
  }
  return { byId, renamed };
}

/**
 * The submissions in an order that puts every dependency first: by createdAt, a job's unsubmitted
 * dependencies just before it (a dependency cycle, impossible in AWS, is broken where it closes).
 */
function submissionOrder(
  jobs: readonly HistoryJob[],
  names: ReadonlyMap<string, string>,
): HistoryJob[] {
  const byId = new Map(jobs.map((j) => [j.jobId, j]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: HistoryJob[] = [];
  const visit = (job: HistoryJob): void => {
    if (done.has(job.jobId) || visiting.has(job.jobId)) return;
    visiting.add(job.jobId);
    for (const d of job.dependsOn) {
      const target = d.jobId === null ? undefined : byId.get(d.jobId);
      if (target && names.has(target.jobId)) visit(target);
    }
    visiting.delete(job.jobId);
    done.add(job.jobId);
    out.push(job);
  };
  for (const j of jobs) visit(j);
  return out;
}

/** A job's dependsOn by jobName, the latest `at` among its dependencies, and how many were dropped. */
function dependencies(
  job: HistoryJob,
  submitted: ReadonlyMap<string, HistoryJob>,
  names: ReadonlyMap<string, string>,
  atById: ReadonlyMap<string, number>,
): { list: YamlValue[]; at: number; dropped: number } {
  const list: YamlValue[] = [];
  const seen = new Set<string>();
  let at = 0;
  let dropped = 0;
  for (const d of job.dependsOn) {
    if (d.type === "SEQUENTIAL" && (d.jobId === null || d.jobId === job.jobId)) {
      if (job.arraySize !== null && !seen.has("SEQUENTIAL")) {
        seen.add("SEQUENTIAL");
        list.push({ type: "SEQUENTIAL" });
      }
      continue;
    }
    const target = d.jobId === null ? undefined : atById.get(d.jobId);
    const name = d.jobId === null ? undefined : names.get(d.jobId);
    if (target === undefined || name === undefined || seen.has(name)) {
      if (name === undefined) dropped += 1;
      continue;
    }
    seen.add(name);
    at = Math.max(at, target);
    const other = d.jobId === null ? undefined : submitted.get(d.jobId);
    const nToN =
      d.type === "N_TO_N" &&
      job.arraySize !== null &&
      other !== undefined &&
      other.arraySize === job.arraySize;
    list.push(nToN ? { jobName: name, type: "N_TO_N" } : { jobName: name });
  }
  return { list: list.slice(0, 20), at, dropped };
}

/** containerOverrides.resourceRequirements when the job's resources differ from its definition's. */
function overrides(job: HistoryJob, definition: DefinitionPlan): YamlValue | undefined {
  const r = resourcesOf(job);
  if (!r || resourceKey(r) === resourceKey(definition.resources)) return undefined;
  return { resourceRequirements: requirements(r, r.gpus > 0 || definition.resources.gpus > 0) };
}

function requirements(r: Resources, withGpu: boolean): YamlValue[] {
  const out: YamlValue[] = [
    { type: "VCPU", value: String(r.vcpus) },
    { type: "MEMORY", value: String(r.memoryMiB) },
  ];
  if (withGpu) out.push({ type: "GPU", value: String(r.gpus) });
  return out;
}

/** The job's retryStrategy when it may be attempted more than once (evaluateOnExit entries batchsim rejects are left out). */
function retryStrategy(job: HistoryJob): { value?: YamlValue; dropped: boolean } {
  const entries = job.evaluateOnExit.filter(acceptedEntry);
  const dropped = entries.length !== job.evaluateOnExit.length;
  const attempts = Math.min(10, Math.max(1, Math.round(job.retryAttempts ?? 1)));
  if (attempts <= 1 && entries.length === 0) return { dropped };
  const value: Record<string, YamlValue> = { attempts };
  if (entries.length > 0) value.evaluateOnExit = entries.slice(0, 5).map((e) => ({ ...e }));
  return { value, dropped };
}

function acceptedEntry(e: HistoryEvaluateOnExit): boolean {
  const conditions = [e.onStatusReason, e.onReason, e.onExitCode].filter((c) => c !== undefined);
  if (conditions.length === 0 || !/^(RETRY|EXIT)$/.test(e.action)) return false;
  return (
    (e.onStatusReason === undefined || REASON_PATTERN.test(e.onStatusReason)) &&
    (e.onReason === undefined || REASON_PATTERN.test(e.onReason)) &&
    (e.onExitCode === undefined || EXIT_CODE_PATTERN.test(e.onExitCode)) &&
    conditions.every((c) => (c as string).length <= 512)
  );
}

/** A `sim:` block for a submission: its runtime (exact mode) and its exit codes. */
function simOf(runs: readonly HistoryJob[], mode: RuntimeMode): YamlValue | undefined {
  const out: Record<string, YamlValue> = {};
  if (mode === "exact") {
    const runtimes = runs.map(observedRuntimeSeconds).filter((r): r is number => r !== null);
    if (runtimes.length > 0) out.runtime = runtimeValue(runtimes);
  }
  const codes = runs.map(lastExitCode).filter((c): c is number => c !== null);
  if (codes.some((c) => c !== 0)) {
    const tally = new Map<number, number>();
    for (const c of codes) tally.set(c, (tally.get(c) ?? 0) + 1);
    out.exitCodes = Object.fromEntries(
      [...tally.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([code, n]) => [String(code), n / codes.length]),
    );
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** One runtime (fixed), or an empirical distribution of several. */
function runtimeValue(runtimes: readonly number[]): YamlValue {
  const summary = summarize(runtimes);
  if (runtimes.length === 1 || isNearlyFixed(summary)) return roundMs(summary.p50);
  const e = empirical(runtimes, MAX_EMPIRICAL_POINTS);
  return e.weights
    ? { distribution: "empirical", values: e.values, weights: e.weights }
    : { distribution: "empirical", values: e.values };
}

/** A cancelJob action for a job that failed before it ever ran, other than by a failed dependency. */
function cancelAction(job: HistoryJob, name: string, at: number, first: number): string | null {
  if (job.status !== "FAILED" || everStarted(job) || job.stoppedAt === null) return null;
  if (job.dependsOn.length > 0 && /^Dependent Job failed/i.test(job.statusReason ?? ""))
    return null;
  const when = roundMs((job.stoppedAt - first) / 1000);
  if (!(when > at)) return null;
  const reason =
    job.statusReason && job.statusReason.trim() !== "" ? job.statusReason : "cancelled";
  return flow({ at: when, cancelJob: { jobName: name, reason } });
}

function computeEnvironmentLines(queues: ReadonlyMap<string, QueuePlan>): string[] {
  const out = [
    "# PLACEHOLDERS: one managed compute environment per job queue, sized at 1.5 × the queue's peak",
    "# concurrent vCPU in the history. Replace them with your real setup (or with the output of",
    "# batchsim import cloudformation TEMPLATE).",
    "computeEnvironments:",
  ];
  for (const q of queues.values()) {
    const maxvCpus = Math.max(Math.round(q.peakVcpus * HEADROOM), Math.ceil(q.maxJobVcpus), 1);
    out.push(
      `  - computeEnvironmentName: ${scalar(q.ce)} # peak ${roundMs(q.peakVcpus)} vCPU in use at once`,
    );
    out.push("    type: MANAGED");
    out.push("    computeResources:");
    if (q.platform === "FARGATE") {
      out.push("      type: FARGATE");
      out.push(`      maxvCpus: ${maxvCpus}`);
      continue;
    }
    out.push("      type: EC2");
    out.push("      allocationStrategy: BEST_FIT_PROGRESSIVE");
    out.push("      minvCpus: 0");
    out.push(`      maxvCpus: ${maxvCpus}`);
    out.push(
      `      instanceTypes: ${flow(q.gpus ? ["optimal", "g5"] : ["optimal"])}${q.gpus ? " # g5: the history has GPU jobs" : ""}`,
    );
  }
  return [...out, ""];
}

function schedulingPolicyLines(queues: ReadonlyMap<string, QueuePlan>): string[] {
  const fair = [...queues.values()].filter((q) => q.policy !== null);
  if (fair.length === 0) return [];
  const out = [
    "# PLACEHOLDERS: the history's jobs carry share identifiers, so their queues are fair-share; the",
    "# weights, shareDecaySeconds and computeReservation are not in the history. Put your policy's here.",
    "schedulingPolicies:",
  ];
  for (const q of fair) {
    out.push(`  - name: ${scalar(q.policy as string)}`);
    if (q.shares.length === 0 || q.shares.length > 100) {
      out.push("    fairsharePolicy: {}");
      continue;
    }
    out.push("    fairsharePolicy:");
    out.push("      shareDistribution:");
    for (const s of q.shares)
      out.push(`        - ${flow({ shareIdentifier: s, weightFactor: 1 })}`);
  }
  return [...out, ""];
}

function jobQueueLines(queues: ReadonlyMap<string, QueuePlan>): string[] {
  const out = ["jobQueues: # one per job queue of the history (priorities are not in the history)"];
  for (const q of queues.values()) {
    out.push(`  - jobQueueName: ${scalar(q.name)}`);
    out.push("    priority: 1");
    if (q.policy !== null) out.push(`    schedulingPolicyArn: ${scalar(q.policy)}`);
    out.push("    computeEnvironmentOrder:");
    out.push(`      - ${flow({ order: 1, computeEnvironment: q.ce })}`);
  }
  return [...out, ""];
}

function jobDefinitionLines(
  definitions: ReadonlyMap<string, DefinitionPlan>,
  mode: RuntimeMode,
): string[] {
  const out = [
    "jobDefinitions: # one per job definition name; resources: the most common among its jobs",
  ];
  for (const d of definitions.values()) {
    out.push(`  - jobDefinitionName: ${scalar(d.name)}`);
    out.push("    type: container");
    if (d.platform === "FARGATE") out.push("    platformCapabilities: [FARGATE]");
    out.push("    containerProperties:");
    out.push("      resourceRequirements:");
    for (const r of requirements(d.resources, d.resources.gpus > 0))
      out.push(`        - ${flow(r)}`);
    out.push("    sim:");
    if (d.runtimes.length === 0) {
      out.push("      # no job of this definition has an observed runtime: a placeholder");
      out.push(`      runtime: ${PLACEHOLDER_RUNTIME_SECONDS}`);
      continue;
    }
    const reduced = empirical(d.runtimes, MAX_EMPIRICAL_POINTS).reduced;
    const use =
      mode === "exact"
        ? "for the jobs without a runtime of their own"
        : "every job of this definition draws from it";
    out.push(
      `      # ${plural(d.runtimes.length, "observed runtime")} (RUNNING → stop) of its jobs${reduced ? `, as ${MAX_EMPIRICAL_POINTS} quantiles` : ""}; ${use}`,
    );
    out.push(`      runtime: ${flow(runtimeValue(d.runtimes))}`);
  }
  return [...out, ""];
}
