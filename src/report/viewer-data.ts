/**
 * The viewer's data (viewer-data-types.ts): a fold over the facts that fills columnar tables as the
 * run goes, finished with the run's Summary. Memory is the tables themselves (numbers in arrays,
 * repeated strings interned) plus what is live: open jobs, instances and attempts by id.
 * - jobs: every job that can run — plain jobs, array children, multi-node jobs — in submission
 *   order; array parents are left out (their children are there);
 * - instances: in launch order; attempts: in STARTING order, the first `limits.attempts`;
 * - waits: the JobWaiting facts in order, the first `limits.waits`;
 * - series: timeseries.csv's change points, each reduced to `limits.seriesPoints` (series-reducer.ts),
 *   in the order the series first appear in the file.
 * Times are rounded to the millisecond and money to the nano-dollar, as in the CSV files.
 */

import { LiveMap } from "../engine/live-map.ts";
import type { Fact, JobStateChanged, JobSubmitted } from "../sim/index.ts";
import { NumberColumn } from "./column.ts";
import type { ReportContext } from "./context.ts";
import { usd } from "./csv.ts";
import { checkMaxPoints, SeriesReducer } from "./series-reducer.ts";
import type { Summary } from "./summary-types.ts";
import { createTimeseriesFold, type SeriesPointListener } from "./timeseries.ts";
import { type Series, VIEWER_DATA_FORMAT, type ViewerData } from "./viewer-data-types.ts";

/** Options of createViewerDataFold: the limits of ViewerData.limits, and where the series come from. */
export interface ViewerDataOptions {
  /** Change points kept per series (default 2000, at least 3). */
  readonly seriesPoints?: number;
  /** Jobs kept, in submission order (default 100,000). */
  readonly jobs?: number;
  /** Attempts kept (default 200,000). */
  readonly attempts?: number;
  /** JobWaiting rows kept (default 100,000). */
  readonly waits?: number;
  /**
   * The series are fed through `onPoint` by a timeseries fold driven elsewhere (the run folder's
   * timeseries.csv fold), so they are computed once. Default false: the fold runs its own.
   */
  readonly externalSeries?: boolean;
}

/** Defaults of ViewerDataOptions. */
export const VIEWER_DATA_LIMITS = {
  seriesPoints: 2000,
  jobs: 100_000,
  attempts: 200_000,
  waits: 100_000,
} as const;

/** A fold building ViewerData. */
export interface ViewerDataFold {
  /** Feed every fact, in order. */
  onFact(fact: Fact): void;
  /** A change point of timeseries.csv (hand it to createTimeseriesFold when externalSeries). */
  readonly onPoint: SeriesPointListener;
  /** The viewer data, once the facts (and the timeseries fold) are finished. Call once. */
  finish(summary: Summary): ViewerData;
}

/** Creates the viewer-data fold of a run. */
export function createViewerDataFold(
  ctx: ReportContext,
  options: ViewerDataOptions = {},
): ViewerDataFold {
  const tables = new Tables(ctx, {
    jobs: options.jobs ?? VIEWER_DATA_LIMITS.jobs,
    attempts: options.attempts ?? VIEWER_DATA_LIMITS.attempts,
    waits: options.waits ?? VIEWER_DATA_LIMITS.waits,
  });
  const seriesPoints = options.seriesPoints ?? VIEWER_DATA_LIMITS.seriesPoints;
  checkMaxPoints(seriesPoints);
  // By metric, then key (no string built per point); `order` is the order series first appear.
  const byMetric = new Map<string, Map<string, SeriesReducer>>();
  const order: { metric: string; key: string; reducer: SeriesReducer }[] = [];
  const onPoint: SeriesPointListener = (t, metric, key, value) => {
    let keys = byMetric.get(metric);
    if (!keys) {
      keys = new Map();
      byMetric.set(metric, keys);
    }
    let reducer = keys.get(key);
    if (!reducer) {
      reducer = new SeriesReducer(seriesPoints);
      keys.set(key, reducer);
      order.push({ metric, key, reducer });
    }
    reducer.push(t, value);
  };
  const own = options.externalSeries ? null : createTimeseriesFold(ctx, () => {}, onPoint);
  return {
    onFact(fact) {
      own?.onFact(fact);
      tables.onFact(fact);
    },
    onPoint,
    finish(summary) {
      own?.finish();
      const out: Series[] = [];
      for (const { metric, key, reducer } of order) {
        const { t, v } = reducer.points();
        out.push({ metric, key, t, v });
      }
      return tables.finish(summary, out, seriesPoints);
    },
  };
}

/** Strings in first-seen order, each stored once; rows hold their index. */
class Interner {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(initial: readonly string[] = []) {
    for (const name of initial) this.of(name);
  }

  of(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }

  find(name: string): number {
    return this.index.get(name) ?? -1;
  }
}

/** NaN: null in the output. */
const NONE = Number.NaN;

class Tables {
  private readonly ctx: ReportContext;
  private readonly maxJobs: number;
  private jobsDropped = 0;
  private readonly maxAttempts: number;
  private readonly maxWaits: number;
  private readonly ces: Interner;
  private readonly queues: Interner;
  private readonly shares = new Interner();
  /** Row of each live job and open attempt by jobKey, of each live instance by id. */
  private readonly liveJobs = new LiveMap<number, number>();
  private readonly liveInstances = new Map<string, number>();
  private readonly openAttempts = new LiveMap<number, number>();
  private attemptsDropped = 0;
  private waitsDropped = 0;

  private readonly jobs = {
    id: [] as string[],
    name: [] as string[],
    queue: new NumberColumn(true),
    share: new NumberColumn(true),
    vcpus: new NumberColumn(),
    submittedAt: new NumberColumn(),
    waitSeconds: new NumberColumn(),
    /** When the job last became RUNNABLE (NaN: not RUNNABLE now). */
    runnableSince: new NumberColumn(),
    status: [] as string[],
    startedAt: new NumberColumn(),
    endedAt: new NumberColumn(),
    statusReason: [] as string[],
  };
  private readonly instanceTypes = new Interner();
  private readonly instanceReasons = new Interner();
  private readonly instances = {
    id: [] as string[],
    ce: new NumberColumn(true),
    type: new NumberColumn(true),
    vcpu: new NumberColumn(),
    launchedAt: new NumberColumn(),
    readyAt: new NumberColumn(),
    terminatedAt: new NumberColumn(),
    noticeAt: new NumberColumn(),
    /** -1: not terminated (yet). */
    reason: new NumberColumn(true),
    billedUsd: new NumberColumn(),
  };
  private readonly causes = new Interner();
  private readonly attempts = {
    job: new NumberColumn(true),
    instance: new NumberColumn(true),
    startingAt: new NumberColumn(),
    runningAt: new NumberColumn(),
    endAt: new NumberColumn(),
    /** -1: still running. */
    cause: new NumberColumn(true),
    exitCode: new NumberColumn(),
  };
  private readonly waitReasons = new Interner();
  private readonly waits = {
    job: new NumberColumn(true),
    t: new NumberColumn(),
    reason: new NumberColumn(true),
    detail: [] as string[],
  };

  constructor(ctx: ReportContext, limits: { jobs: number; attempts: number; waits: number }) {
    this.ctx = ctx;
    this.maxJobs = limits.jobs;
    this.maxAttempts = limits.attempts;
    this.maxWaits = limits.waits;
    this.ces = new Interner(ctx.computeEnvironments.map((c) => c.name));
    this.queues = new Interner(ctx.jobQueues.map((q) => q.name));
  }

  onFact(f: Fact): void {
    switch (f.kind) {
      case "JobSubmitted":
        this.onSubmitted(f);
        return;
      case "JobStateChanged":
        this.onStateChanged(f);
        return;
      case "JobAttemptEnded": {
        const row = this.openAttempts.get(f.jobKey);
        if (row === undefined) return;
        this.openAttempts.delete(f.jobKey);
        const a = this.attempts;
        a.runningAt.set(row, f.startedAt === null ? NONE : ms(f.startedAt));
        a.endAt.set(row, ms(f.time));
        a.cause.set(row, this.causes.of(f.cause));
        a.exitCode.set(row, f.exitCode ?? NONE);
        return;
      }
      case "JobQueueBlocked": {
        const row = this.liveJobs.get(f.jobKey);
        if (row !== undefined) this.jobs.statusReason[row] = f.statusReason;
        return;
      }
      case "JobWaiting":
        this.onWaiting(f.jobKey, f.time, f.reason, f.detail);
        return;
      case "InstanceLaunched": {
        const i = this.instances;
        this.liveInstances.set(f.instanceId, i.id.length);
        i.id.push(f.instanceId);
        i.ce.push(this.ces.find(f.computeEnvironment));
        i.type.push(this.instanceTypes.of(f.instanceType));
        i.vcpu.push(f.vcpu);
        i.launchedAt.push(ms(f.time));
        i.readyAt.push(NONE);
        i.terminatedAt.push(NONE);
        i.noticeAt.push(NONE);
        i.reason.push(-1);
        i.billedUsd.push(0);
        return;
      }
      case "InstanceReady": {
        const row = this.liveInstances.get(f.instanceId);
        if (row !== undefined) this.instances.readyAt.set(row, ms(f.time));
        return;
      }
      case "InstanceInterruptionNoticed": {
        const row = this.liveInstances.get(f.instanceId);
        if (row !== undefined) this.instances.noticeAt.set(row, ms(f.time));
        return;
      }
      case "InstanceTerminated": {
        const row = this.liveInstances.get(f.instanceId);
        if (row === undefined) return;
        this.liveInstances.delete(f.instanceId);
        this.instances.terminatedAt.set(row, ms(f.time));
        this.instances.reason.set(row, this.instanceReasons.of(f.reason));
        this.instances.billedUsd.set(row, usd(f.billedUsd) as number);
        return;
      }
      default:
        return;
    }
  }

  private onSubmitted(f: JobSubmitted): void {
    const share = f.shareIdentifier === null ? -1 : this.shares.of(f.shareIdentifier);
    if (f.arraySize !== null) return; // an array parent never runs: its children are the rows
    const j = this.jobs;
    if (j.id.length >= this.maxJobs) {
      this.jobsDropped += 1;
      return;
    }
    this.liveJobs.set(f.jobKey, j.id.length);
    j.id.push(f.jobId);
    j.name.push(f.jobName);
    j.queue.push(this.queues.find(f.jobQueue));
    j.share.push(share);
    j.vcpus.push(f.vcpus);
    j.submittedAt.push(ms(f.time));
    j.waitSeconds.push(0);
    j.runnableSince.push(NONE);
    j.status.push("SUBMITTED");
    j.startedAt.push(NONE);
    j.endedAt.push(NONE);
    j.statusReason.push("");
  }

  private onStateChanged(f: JobStateChanged): void {
    const row = this.liveJobs.get(f.jobKey);
    if (row === undefined) return;
    const j = this.jobs;
    j.status[row] = f.to;
    j.statusReason[row] = f.statusReason;
    const time = ms(f.time);
    if (f.from === "RUNNABLE") {
      const since = j.runnableSince.get(row);
      if (!Number.isNaN(since)) j.waitSeconds.set(row, ms(j.waitSeconds.get(row) + f.time - since));
      j.runnableSince.set(row, NONE);
    }
    if (f.to === "RUNNABLE") j.runnableSince.set(row, f.time);
    if (f.to === "STARTING") {
      if (Number.isNaN(j.startedAt.get(row))) j.startedAt.set(row, time);
      this.startAttempt(f.jobKey, row, f.instanceId, time);
    } else if (f.to === "RUNNING") {
      const attempt = this.openAttempts.get(f.jobKey);
      if (attempt !== undefined) this.attempts.runningAt.set(attempt, time);
    } else if (f.to === "SUCCEEDED" || f.to === "FAILED") {
      j.endedAt.set(row, time);
      this.liveJobs.delete(f.jobKey);
      this.openAttempts.delete(f.jobKey);
    }
  }

  private startAttempt(jobKey: number, job: number, instanceId: string | null, time: number): void {
    const a = this.attempts;
    if (a.job.length >= this.maxAttempts) {
      this.attemptsDropped += 1;
      return;
    }
    this.openAttempts.set(jobKey, a.job.length);
    a.job.push(job);
    a.instance.push(instanceId === null ? -1 : (this.liveInstances.get(instanceId) ?? -1));
    a.startingAt.push(time);
    a.runningAt.push(NONE);
    a.endAt.push(NONE);
    a.cause.push(-1);
    a.exitCode.push(NONE);
  }

  private onWaiting(jobKey: number, time: number, reason: string, detail: string): void {
    const job = this.liveJobs.get(jobKey);
    if (job === undefined) return;
    const w = this.waits;
    if (w.job.length >= this.maxWaits) {
      this.waitsDropped += 1;
      return;
    }
    w.job.push(job);
    w.t.push(ms(time));
    w.reason.push(this.waitReasons.of(reason));
    w.detail.push(detail);
  }

  finish(summary: Summary, series: Series[], seriesPoints: number): ViewerData {
    const j = this.jobs;
    const i = this.instances;
    const a = this.attempts;
    const w = this.waits;
    // Names for rows that never ended, interned only when there are such rows.
    const instanceReason = fillUnset(i.reason.toArray(), () => this.instanceReasons.of(""));
    const cause = fillUnset(a.cause.toArray(), () => this.causes.of("running"));
    return {
      format: VIEWER_DATA_FORMAT,
      summary,
      startEpochMs: this.ctx.startEpochMs,
      endSeconds: summary.simulatedSeconds,
      computeEnvironments: this.ctx.computeEnvironments.map((c) => ({
        name: c.name,
        purchaseOption: c.purchaseOption,
      })),
      jobQueues: this.ctx.jobQueues.map((q) => ({
        name: q.name,
        platform: q.platform,
        schedulingPolicy: q.schedulingPolicy ?? null,
        computeReservation: q.computeReservation ?? null,
      })),
      shares: this.shares.names,
      series,
      instances: {
        id: i.id,
        ce: i.ce.toArray(),
        type: i.type.toArray(),
        types: this.instanceTypes.names,
        vcpu: i.vcpu.toArray(),
        launchedAt: i.launchedAt.toArray(),
        readyAt: i.readyAt.toNullableArray(),
        terminatedAt: i.terminatedAt.toNullableArray(),
        noticeAt: i.noticeAt.toNullableArray(),
        reason: instanceReason,
        reasons: this.instanceReasons.names,
        billedUsd: i.billedUsd.toArray(),
      },
      jobs: {
        id: j.id,
        name: j.name,
        queue: j.queue.toArray(),
        share: j.share.toArray(),
        vcpus: j.vcpus.toArray(),
        submittedAt: j.submittedAt.toArray(),
        waitSeconds: j.waitSeconds.toArray(),
        status: j.status,
        startedAt: j.startedAt.toNullableArray(),
        endedAt: j.endedAt.toNullableArray(),
        statusReason: j.statusReason,
      },
      attempts: {
        job: a.job.toArray(),
        instance: a.instance.toArray(),
        startingAt: a.startingAt.toArray(),
        runningAt: a.runningAt.toNullableArray(),
        endAt: a.endAt.toNullableArray(),
        cause,
        causes: this.causes.names,
        exitCode: a.exitCode.toNullableArray(),
      },
      waits: {
        job: w.job.toArray(),
        t: w.t.toArray(),
        reason: w.reason.toArray(),
        reasons: this.waitReasons.names,
        detail: w.detail,
      },
      limits: {
        jobs: this.maxJobs,
        jobsDropped: this.jobsDropped,
        attempts: this.maxAttempts,
        attemptsDropped: this.attemptsDropped,
        waits: this.maxWaits,
        waitsDropped: this.waitsDropped,
        seriesPoints,
      },
    };
  }
}

/** Seconds rounded to the millisecond, as in the CSV files. */
function ms(timeSeconds: number): number {
  return Math.round(timeSeconds * 1000) / 1000;
}

/** `indexes` with each -1 replaced by `index()` (called only if there is one). */
function fillUnset(indexes: number[], index: () => number): number[] {
  let value = -1;
  for (let i = 0; i < indexes.length; i++) {
    if (indexes[i] !== -1) continue;
    if (value < 0) value = index();
    indexes[i] = value;
  }
  return indexes;
}
