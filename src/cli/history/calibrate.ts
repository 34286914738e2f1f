/**
 * Calibration from a job history (pure): fits what the timestamps support and says how well.
 *
 * From `Batch Job State Change` events (the time of each status):
 * - SUBMITTED → RUNNABLE of jobs without dependencies (not array children): at most one scheduler
 *   cycle in batchsim's model, so uniform on [0, schedulerIntervalSeconds] for jobs arriving at random
 *   times; θ = 2 × mean.
 * - RUNNABLE → STARTING of attempts that found free capacity. "Found free capacity" means: when the
 *   job became RUNNABLE no job of its queue that became RUNNABLE before it (earlier, or at the same
 *   time and created earlier) was still RUNNABLE — nothing ahead of it was waiting for capacity — and
 *   it reached STARTING within `freeWithinSeconds` (default 60 s, less than an EC2 instance takes to
 *   launch and boot, so it did not wait for a scale-out of its own). The other attempts waited.
 * - STARTING → RUNNING per attempt: jobStartingSeconds (EC2) and fargateStartingSeconds (Fargate).
 * From both kinds (createdAt, startedAt, stoppedAt, attempts): runtimes per job definition (RUNNING →
 * stop of the last attempt of SUCCEEDED jobs) and the total delay before start (createdAt → first
 * RUNNING of jobs without dependencies).
 */
import { firstStartedAt, jobTree, observedRuntimeSeconds } from "./derive.ts";
import {
  empirical,
  fitLognormal,
  fitUniform,
  isNearlyFixed,
  type LognormalFit,
  lognormalQuantile,
  roundMs,
  type Summary,
  significant,
  summarize,
  type UniformFit,
} from "./fit.ts";
import type { History, HistoryJob } from "./types.ts";
import { flow, type YamlValue } from "./yaml-text.ts";

/** Options of the calibration. */
export interface CalibrateOptions {
  /** The longest RUNNABLE → STARTING delay that counts as "found free capacity" (seconds). */
  readonly freeWithinSeconds: number;
}

/** The default of `freeWithinSeconds`. */
export const DEFAULT_FREE_WITHIN_SECONDS = 60;
/** Most points of an empirical distribution calibrate prints. */
export const CALIBRATE_EMPIRICAL_POINTS = 100;

/** A distribution fitted to a sample, and the one to use. */
export interface DistributionFit {
  readonly n: number;
  readonly summary: Summary;
  readonly lognormal: LognormalFit | null;
  /** Which form is recommended: fixed (nearly one value), lognormal (KS D ≤ max(0.05, critical)) or empirical. */
  readonly choice: "fixed" | "lognormal" | "empirical";
  /** The recommended value, in the scenario format (seconds). */
  readonly value: YamlValue;
  /** The empirical distribution (at most 100 points). */
  readonly empirical: YamlValue;
}

/** What calibrate found. */
export interface Calibration {
  readonly input: {
    readonly file: string;
    readonly format: History["format"];
    readonly jobs: number;
    readonly records: number;
    /** Events: whether event times have milliseconds; null for DescribeJobs output. */
    readonly subSecondEventTimes: boolean | null;
  };
  readonly submittedToRunnable: {
    readonly n: number;
    readonly summary: Summary;
    readonly uniform: UniformFit | null;
    readonly schedulerIntervalSeconds: number;
  } | null;
  readonly runnableToStarting: {
    readonly rule: string;
    readonly freeWithinSeconds: number;
    readonly attempts: number;
    readonly freeCapacity: DistributionFit | null;
    /** How many of those reached STARTING within 1 s. */
    readonly freeWithinOneSecond: number;
    /** SUBMITTED → STARTING of first attempts that found free capacity (jobs without dependencies). */
    readonly submittedToStartingFree: Summary | null;
    readonly waited: Summary | null;
  } | null;
  readonly jobStartingSeconds: DistributionFit | null;
  readonly fargateStartingSeconds: DistributionFit | null;
  readonly delayBeforeStart: { readonly n: number; readonly summary: Summary } | null;
  readonly runtimes: Readonly<Record<string, DistributionFit & { readonly failedLeftOut: number }>>;
  /** The recommended settings (what the YAML block's settings: holds). */
  readonly settings: Readonly<Record<string, YamlValue>>;
  /** Per job definition, the recommended sim block. */
  readonly jobDefinitions: Readonly<
    Record<string, { readonly sim: { readonly runtime: YamlValue } }>
  >;
  /** What the input cannot tell, in sentences. */
  readonly cannotTell: readonly string[];
}

/** Fits a sample: fixed when nearly one value, lognormal when it fits, else empirical. */
export function fitDistribution(values: readonly number[]): DistributionFit {
  const summary = summarize(values);
  const lognormal = fitLognormal(values);
  const e = empirical(values, CALIBRATE_EMPIRICAL_POINTS);
  const emp: YamlValue = e.weights
    ? { distribution: "empirical", values: e.values, weights: e.weights }
    : { distribution: "empirical", values: e.values };
  if (isNearlyFixed(summary))
    return {
      n: values.length,
      summary,
      lognormal,
      choice: "fixed",
      value: roundMs(summary.p50),
      empirical: emp,
    };
  if (lognormal && lognormal.ks <= Math.max(0.05, lognormal.ksCritical5)) {
    const value = {
      distribution: "lognormal",
      median: significant(lognormal.median),
      p90: significant(lognormal.p90),
    };
    return { n: values.length, summary, lognormal, choice: "lognormal", value, empirical: emp };
  }
  return { n: values.length, summary, lognormal, choice: "empirical", value: emp, empirical: emp };
}

interface AttemptTimes {
  readonly job: HistoryJob;
  readonly index: number;
  runnableAt: number | null;
  startingAt: number | null;
  runningAt: number | null;
  endAt: number | null;
}

/** The attempts of a job from its statuses: each RUNNABLE opens one. */
function attemptTimes(job: HistoryJob): AttemptTimes[] {
  const out: AttemptTimes[] = [];
  let cur: AttemptTimes | null = null;
  const open = (runnableAt: number | null): AttemptTimes => {
    const a: AttemptTimes = {
      job,
      index: out.length,
      runnableAt,
      startingAt: null,
      runningAt: null,
      endAt: null,
    };
    out.push(a);
    return a;
  };
  for (const s of job.statuses) {
    if (s.status === "RUNNABLE") {
      if (cur && cur.endAt === null) cur.endAt = s.at;
      cur = open(s.at);
    } else if (s.status === "STARTING") {
      if (!cur || cur.startingAt !== null) cur = open(null);
      cur.startingAt = s.at;
    } else if (s.status === "RUNNING") {
      if (!cur) cur = open(null);
      cur.runningAt ??= s.at;
    } else if (s.status === "SUCCEEDED" || s.status === "FAILED") {
      if (cur && cur.endAt === null) cur.endAt = s.at;
    }
  }
  return out;
}

/** Calibrates from a history. `file` is only reported. */
export function calibrate(history: History, file: string, options: CalibrateOptions): Calibration {
  const tree = jobTree(history);
  const byId = new Map(history.jobs.map((j) => [j.jobId, j]));
  const hasDependencies = (job: HistoryJob): boolean => {
    if (job.dependsOn.length > 0) return true;
    const parent = job.parentJobId === null ? undefined : byId.get(job.parentJobId);
    return parent !== undefined && parent.dependsOn.length > 0;
  };
  const events = history.format === "events";
  const runs = tree.running;

  // SUBMITTED → RUNNABLE.
  let submittedToRunnable: Calibration["submittedToRunnable"] = null;
  if (events) {
    const delays: number[] = [];
    for (const job of runs) {
      const first = job.statuses[0];
      if (first?.status !== "RUNNABLE" || job.parentJobId !== null || hasDependencies(job))
        continue;
      const d = (first.at - job.createdAt) / 1000;
      if (d >= -1) delays.push(Math.max(0, d));
    }
    if (delays.length > 0) {
      const uniform = fitUniform(delays);
      submittedToRunnable = {
        n: delays.length,
        summary: summarize(delays),
        uniform,
        schedulerIntervalSeconds: significant(uniform?.max ?? 0, 3),
      };
    }
  }

  // RUNNABLE → STARTING and STARTING → RUNNING.
  let runnableToStarting: Calibration["runnableToStarting"] = null;
  let jobStarting: DistributionFit | null = null;
  let fargateStarting: DistributionFit | null = null;
  if (events) {
    const attempts = runs.flatMap(attemptTimes);
    const starting = { EC2: [] as number[], FARGATE: [] as number[] };
    for (const a of attempts) {
      if (a.startingAt !== null && a.runningAt !== null && a.runningAt >= a.startingAt)
        starting[a.job.platform].push((a.runningAt - a.startingAt) / 1000);
    }
    if (starting.EC2.length > 0) jobStarting = fitDistribution(starting.EC2);
    if (starting.FARGATE.length > 0) fargateStarting = fitDistribution(starting.FARGATE);
    runnableToStarting = splitByCapacity(attempts, options.freeWithinSeconds, hasDependencies);
  }

  // createdAt → first RUNNING.
  const before: number[] = [];
  for (const job of runs) {
    const started = firstStartedAt(job);
    if (started === null || hasDependencies(job)) continue;
    const d = (started - job.createdAt) / 1000;
    if (d >= 0) before.push(d);
  }
  const delayBeforeStart =
    before.length > 0 ? { n: before.length, summary: summarize(before) } : null;

  // Runtimes per job definition.
  const byDefinition = new Map<string, { ok: number[]; failed: number }>();
  for (const job of runs) {
    const r = observedRuntimeSeconds(job);
    if (r === null) continue;
    const entry = byDefinition.get(job.jobDefinition) ?? { ok: [], failed: 0 };
    if (job.status === "SUCCEEDED") entry.ok.push(r);
    else entry.failed += 1;
    byDefinition.set(job.jobDefinition, entry);
  }
  const runtimes: Record<string, DistributionFit & { failedLeftOut: number }> = {};
  const jobDefinitions: Record<string, { sim: { runtime: YamlValue } }> = {};
  for (const name of [...byDefinition.keys()].sort()) {
    const entry = byDefinition.get(name) as { ok: number[]; failed: number };
    if (entry.ok.length === 0) continue;
    const fit = fitDistribution(entry.ok);
    runtimes[name] = { ...fit, failedLeftOut: entry.failed };
    jobDefinitions[name] = { sim: { runtime: fit.value } };
  }

  const settings: Record<string, YamlValue> = {};
  if (submittedToRunnable)
    settings.schedulerIntervalSeconds = submittedToRunnable.schedulerIntervalSeconds;
  if (jobStarting) settings.jobStartingSeconds = jobStarting.value;
  if (fargateStarting) settings.fargateStartingSeconds = fargateStarting.value;

  return {
    input: {
      file,
      format: history.format,
      jobs: history.jobs.length,
      records: history.records,
      subSecondEventTimes: events ? history.subSecondTimes : null,
    },
    submittedToRunnable,
    runnableToStarting,
    jobStartingSeconds: jobStarting,
    fargateStartingSeconds: fargateStarting,
    delayBeforeStart,
    runtimes,
    settings,
    jobDefinitions,
    cannotTell: cannotTell(history),
  };
}

/** The rule for "found free capacity", in words. */
function ruleText(freeWithin: number): string {
  return `nothing of its queue that became RUNNABLE before it was still RUNNABLE, and it reached STARTING within ${freeWithin} s (less than an instance takes to launch and boot)`;
}

/** Splits attempts' RUNNABLE → STARTING delays into those that found free capacity and those that waited. */
function splitByCapacity(
  attempts: readonly AttemptTimes[],
  freeWithin: number,
  hasDependencies: (job: HistoryJob) => boolean,
): NonNullable<Calibration["runnableToStarting"]> | null {
  const byQueue = new Map<string, AttemptTimes[]>();
  for (const a of attempts) {
    if (a.runnableAt === null) continue;
    const list = byQueue.get(a.job.jobQueue) ?? [];
    list.push(a);
    byQueue.set(a.job.jobQueue, list);
  }
  const free: number[] = [];
  const waited: number[] = [];
  const submittedToStarting: number[] = [];
  let total = 0;
  for (const list of byQueue.values()) {
    list.sort(
      (x, y) =>
        (x.runnableAt as number) - (y.runnableAt as number) ||
        x.job.createdAt - y.job.createdAt ||
        x.index - y.index,
    );
    let waitingUntil = Number.NEGATIVE_INFINITY;
    for (const a of list) {
      const r = a.runnableAt as number;
      const aheadWaiting = waitingUntil > r;
      const end = a.startingAt ?? a.endAt ?? Number.POSITIVE_INFINITY;
      waitingUntil = Math.max(waitingUntil, end);
      if (a.startingAt === null) continue;
      total += 1;
      const d = (a.startingAt - r) / 1000;
      if (!aheadWaiting && d <= freeWithin) {
        free.push(d);
        const job = a.job;
        if (a.index === 0 && job.parentJobId === null && !hasDependencies(job))
          submittedToStarting.push((a.startingAt - job.createdAt) / 1000);
      } else waited.push(d);
    }
  }
  if (total === 0) return null;
  return {
    rule: ruleText(freeWithin),
    freeWithinSeconds: freeWithin,
    attempts: total,
    freeCapacity: free.length > 0 ? fitDistribution(free) : null,
    freeWithinOneSecond: free.filter((d) => d < 1).length,
    submittedToStartingFree: submittedToStarting.length > 0 ? summarize(submittedToStarting) : null,
    waited: waited.length > 0 ? summarize(waited) : null,
  };
}

function cannotTell(history: History): string[] {
  const out: string[] = [];
  if (history.format === "describeJobs") {
    out.push(
      "how the delay before start divides into the scheduler's cycle (schedulerIntervalSeconds), a wait for capacity or for a scale-out (instance boot: instanceReadySeconds) and the container's start (jobStartingSeconds): DescribeJobs output has no RUNNABLE or STARTING times. EventBridge Batch Job State Change events have them: calibrate from those to measure each",
    );
  } else {
    out.push(
      "instanceReadySeconds (how long an instance takes to launch and boot): Batch Job State Change events carry no instance launches. The RUNNABLE → STARTING delays of jobs that waited include it when they waited for a scale-out",
    );
    out.push(
      "whether a job that waited was waiting for running jobs to free capacity or for a scale-out: the events do not say which",
    );
    if (!history.subSecondTimes)
      out.push(
        "delays to better than a second: event times are whole seconds (RUNNING and the end use startedAt and stoppedAt, in milliseconds)",
      );
  }
  out.push(
    "scaleIntervalSeconds, scaleInIdleSeconds and the compute environments (instance types, sizes, maxvCpus): a job history has no compute environment data",
  );
  return out;
}

/** Seconds for a comment: up to 4 significant digits. */
function s(x: number): string {
  return `${significant(x, 4)} s`;
}

function summaryText(sum: Summary): string {
  return `median ${s(sum.p50)}, p10 ${s(sum.p10)}, p90 ${s(sum.p90)}, p99 ${s(sum.p99)}, max ${s(sum.max)}`;
}

/** Comment lines describing a fit (indented by `pad`). */
function fitComments(fit: DistributionFit, pad: string, depth = 1): string[] {
  const out: string[] = [];
  const c = `${pad}#${"  ".repeat(depth)} `;
  const ln = fit.lognormal;
  if (fit.choice === "fixed")
    out.push(`${c}fixed: every value is within 1 ms (or 1 %) of ${s(fit.summary.p50)}`);
  if (ln) {
    const verdict =
      ln.ks <= ln.ksCritical5
        ? "consistent with a lognormal at 5 %"
        : ln.ks <= 0.05
          ? "rejected at 5 % but within 0.05 of the data's CDF everywhere: a close approximation"
          : "a poor fit: use the empirical distribution";
    out.push(
      `${c}lognormal (maximum likelihood on ln s): median ${s(ln.median)}, p90 ${s(ln.p90)} (mu ${significant(ln.mu, 5)}, sigma ${significant(ln.sigma, 4)})`,
    );
    out.push(
      `${c}KS D = ${significant(ln.ks, 3)} (Lilliefors 5 % critical value ${significant(ln.ksCritical5, 3)}): ${verdict}`,
    );
    const q = (p: number, observed: number): string =>
      `p${Math.round(p * 100)} ${significant(observed, 4)} / ${significant(lognormalQuantile(ln, p), 4)}`;
    out.push(
      `${c}quantiles observed / fitted (s): ${q(0.1, fit.summary.p10)}, ${q(0.5, fit.summary.p50)}, ${q(0.9, fit.summary.p90)}, ${q(0.99, fit.summary.p99)}`,
    );
  } else if (fit.choice !== "fixed") {
    out.push(`${c}no lognormal fit (values of 0, or a single value)`);
  }
  if (fit.choice !== "empirical") out.push(`${c}empirical alternative: ${flow(fit.empirical)}`);
  return out;
}

/** The YAML block calibrate prints: settings and per job definition sim, with comments. */
export function calibrationYaml(c: Calibration): string {
  const lines: string[] = [];
  const kind =
    c.input.format === "events"
      ? `${c.input.records} Batch Job State Change events`
      : `DescribeJobs output (${c.input.records} job details)`;
  lines.push(`# batchsim calibrate ${c.input.file}: ${c.input.jobs} jobs from ${kind}.`);
  lines.push(
    "# What the history's timestamps support, with how well each fits. Paste what you trust into a",
  );
  lines.push("# scenario (merge each sim: block into the job definition of that name).");
  const settingLines: string[] = [];
  const p = "  ";
  const sr = c.submittedToRunnable;
  if (sr) {
    settingLines.push(
      `${p}# SUBMITTED → RUNNABLE of ${sr.n} jobs without dependencies: ${summaryText(sr.summary)}.`,
      `${p}#   A job becomes RUNNABLE at the first scheduler cycle after its submission, so without`,
      `${p}#   dependencies this delay is at most one schedulerIntervalSeconds; for jobs arriving at`,
      `${p}#   random times it is uniform on [0, interval]. Fitted interval = 2 × mean = ${s(sr.uniform?.max ?? 0)}${sr.uniform ? `; KS D against that uniform = ${significant(sr.uniform.ks, 3)}${sr.uniform.ks > 0.05 ? " (not uniform: AWS's scheduler is not a fixed cycle here; the value reproduces the mean delay)" : ""}` : ""}.`,
      `${p}schedulerIntervalSeconds: ${sr.schedulerIntervalSeconds}`,
    );
  }
  for (const [name, fit] of [
    ["jobStartingSeconds", c.jobStartingSeconds],
    ["fargateStartingSeconds", c.fargateStartingSeconds],
  ] as const) {
    if (!fit) continue;
    const what = name === "jobStartingSeconds" ? "EC2" : "Fargate";
    settingLines.push(
      `${p}# STARTING → RUNNING of ${fit.n} ${what} attempts: ${summaryText(fit.summary)}.`,
    );
    settingLines.push(...fitComments(fit, p));
    settingLines.push(`${p}${name}: ${flow(fit.value)}`);
  }
  const rs = c.runnableToStarting;
  if (rs) {
    settingLines.push(
      `${p}# RUNNABLE → STARTING of ${rs.attempts} attempts. An attempt "found free capacity" when ${rs.rule} (calibrate --free-within S changes it).`,
    );
    const f = rs.freeCapacity;
    if (f) {
      settingLines.push(`${p}#   found free capacity: ${f.n} attempts, ${summaryText(f.summary)}.`);
      settingLines.push(...fitComments(f, p, 2));
      const sts = rs.submittedToStartingFree;
      if (f.summary.p50 < 0.5)
        settingLines.push(
          `${p}#   ${significant((100 * rs.freeWithinOneSecond) / f.n, 3)} % of them started within 1 s, as in batchsim, which places a job in the cycle it`,
          `${p}#   becomes RUNNABLE when there is room (delay 0); the longer ones likely waited for a running job to end.`,
        );
      else
        settingLines.push(
          `${p}#   batchsim places such a job in the cycle it becomes RUNNABLE (delay 0) and has no setting for this`,
          `${p}#   delay.${sts ? ` To include it, schedulerIntervalSeconds = 2 × mean SUBMITTED → STARTING of these jobs = ${s(2 * sts.mean)} (${sts.n} jobs) reproduces their mean time to STARTING (and overstates SUBMITTED → RUNNABLE).` : ""}`,
        );
    } else settingLines.push(`${p}#   found free capacity: none.`);
    if (rs.waited)
      settingLines.push(
        `${p}#   waited (for running jobs to end or for a scale-out; the events do not say which): ${rs.waited.n} attempts, ${summaryText(rs.waited)}.`,
      );
  }
  if (c.delayBeforeStart)
    settingLines.push(
      `${p}# createdAt → first RUNNING of ${c.delayBeforeStart.n} jobs without dependencies: ${summaryText(c.delayBeforeStart.summary)}.`,
      ...(c.input.format === "describeJobs"
        ? [
            `${p}#   This total cannot be split into the scheduler's cycle, a wait for capacity or a scale-out, and the`,
            `${p}#   container's start (no RUNNABLE or STARTING times in DescribeJobs output): compare it with the`,
            `${p}#   createdAt → startedAt of jobs.csv from a run of the scenario.`,
          ]
        : []),
    );
  settingLines.push(`${p}# Not measurable from this history:`);
  for (const t of c.cannotTell) settingLines.push(`${p}#   - ${t}.`);
  const hasSettings = Object.keys(c.settings).length > 0;
  lines.push(
    hasSettings ? "settings:" : "settings: {} # nothing to fit from this input; see below",
  );
  lines.push(...settingLines);
  const names = Object.keys(c.runtimes);
  if (names.length === 0) {
    lines.push("# No job succeeded with a start and a stop time: no runtime to fit.");
    return `${lines.join("\n")}\n`;
  }
  lines.push("jobDefinitions: # merge each sim: into your job definition of that name");
  for (const name of names) {
    const fit = c.runtimes[name] as DistributionFit & { failedLeftOut: number };
    lines.push(`  - jobDefinitionName: ${flow(name)}`);
    const left =
      fit.failedLeftOut > 0
        ? ` (${fit.failedLeftOut} failed jobs left out: a failure can end a container early)`
        : "";
    lines.push(
      `    # runtime (RUNNING → stop of the last attempt) of ${fit.n} succeeded jobs${left}: ${summaryText(fit.summary)}.`,
    );
    lines.push(...fitComments(fit, "    "));
    lines.push("    sim:");
    lines.push(`      runtime: ${flow(fit.value)}`);
  }
  return `${lines.join("\n")}\n`;
}
