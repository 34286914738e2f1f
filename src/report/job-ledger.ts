/**
 * The per-job state the job reports share: status, timestamps, wait and run time, attempts. Holds
 * only live jobs: a job's record is handed to `onTerminal` when it reaches SUCCEEDED or FAILED and
 * then dropped, so memory is bounded by the jobs alive at once.
 */

import type { AttemptEndCause, Fact, JobStatus, JobSubmitted, WaitReason } from "../sim/index.ts";
import { type ArraySummary, countChild } from "./array-summary.ts";
import { JobSlots } from "./job-slots.ts";

/** One attempt of a job (ended or still open). */
export interface AttemptRecord {
  readonly attempt: number;
  readonly startingAt: number;
  startedAt: number | null;
  /** null while the attempt is open. */
  stoppedAt: number | null;
  exitCode: number | null;
  statusReason: string;
  reason: string;
  succeeded: boolean | null;
  /** Why it ended (null while open). */
  cause: AttemptEndCause | null;
  /** The job went back to RUNNABLE after it (§13.12). */
  willRetry: boolean;
  readonly instanceId: string | null;
  readonly computeEnvironment: string | null;
  instanceType: string | null;
  costUsd: number | null;
}

/** A job as the ledger knows it. Times are seconds since scenario start. */
export interface JobRecord {
  readonly submitted: JobSubmitted;
  readonly isArrayParent: boolean;
  /** Array parent: its children's statuses; null for other jobs. */
  readonly arraySummary: ArraySummary | null;
  /** Array child: the parent's summary, updated in O(1) on each of the child's transitions. */
  readonly parentSummary: ArraySummary | null;
  /** Set by the FAILED transition a CancelJob / TerminateJob caused (AWS JobDetail). */
  isCancelled: boolean;
  isTerminated: boolean;
  status: JobStatus;
  statusReason: string;
  /** Why the job waits in RUNNABLE now (its last JobWaiting since it became RUNNABLE), or null. */
  waitReason: WaitReason | null;
  /** When the job entered `status`. */
  statusSince: number;
  runnableAt: number | null;
  /** Time RUNNABLE / RUNNING summed over attempts (open intervals are added by closeAt). */
  waitSeconds: number;
  runSeconds: number;
  /** Attempts started (STARTING transitions). */
  attempts: number;
  /** The open attempt, if any. */
  current: AttemptRecord | null;
  /** The last attempt that ended, if any. */
  lastEnded: AttemptRecord | null;
  /** Ended attempts in order (only when the ledger keeps them; else one shared, frozen empty array). */
  readonly ended: AttemptRecord[];
  /**
   * costUsd of each ended attempt (a plain array: a d3 Adder per live job costs ~300 bytes). Before
   * the first attempt ends it is a shared, frozen empty array; then a new array of exactly one value.
   */
  attemptCostsUsd: number[];
  stoppedAt: number | null;
}

/** Options of createJobLedger. */
export interface JobLedgerOptions {
  /** Keep every ended attempt in `ended` (events need them; the CSVs only need the last one). */
  readonly keepAttempts?: boolean;
}

/** Called when a job reaches SUCCEEDED or FAILED, before its record is dropped. */
export type TerminalListener = (job: JobRecord) => void;

/** Folds job facts into live job records. */
export interface JobLedger {
  /** Feed every fact, in order. */
  onFact(fact: Fact): void;
  /** Whether ended attempts are kept in `ended`. */
  readonly keepsAttempts: boolean;
  /** Adds a listener for jobs reaching SUCCEEDED or FAILED (called in subscription order). */
  subscribe(listener: TerminalListener): void;
  /** The live record of a job (by the jobKey of its facts), if it is still live. */
  find(jobKey: number): JobRecord | undefined;
  /** Live (unfinished) jobs in submission order. */
  live(): IterableIterator<JobRecord>;
  /** Adds the open RUNNABLE/RUNNING interval of every live job up to `time` (call once, at RunEnded). */
  closeAt(time: number): void;
}

/** Creates an empty ledger. */
export function createJobLedger(options: JobLedgerOptions = {}): JobLedger {
  const jobs = new JobSlots<JobRecord>();
  const listeners: TerminalListener[] = [];
  // Instance types of live instances, so an attempt knows its type from STARTING on.
  const instanceTypes = new Map<string, string>();
  const keep = options.keepAttempts === true;
  const onFact = (f: Fact): void => applyFact(f, jobs, instanceTypes, listeners, keep);
  return {
    onFact,
    keepsAttempts: keep,
    subscribe: (listener) => listeners.push(listener),
    find: (jobKey) => jobs.find(jobKey),
    live: () => jobs.values(),
    closeAt(time) {
      for (const job of jobs.values()) {
        leaveStatus(job, time);
        job.statusSince = time;
      }
    },
  };
}

/** Applies one fact to the live jobs (and the live instances' types). */
function applyFact(
  f: Fact,
  jobs: JobSlots<JobRecord>,
  instanceTypes: Map<string, string>,
  listeners: readonly TerminalListener[],
  keepAttempts: boolean,
): void {
  switch (f.kind) {
    case "JobStateChanged": {
      const job = jobs.get(f.jobKey, f.jobId);
      leaveStatus(job, f.time);
      enterStatus(job, f.to, f.time, f.statusReason);
      if (f.to !== "RUNNABLE") job.waitReason = null;
      if (job.parentSummary) countChild(job.parentSummary, f.from, f.to, f.time);
      if (f.isCancelled) job.isCancelled = true;
      if (f.isTerminated) job.isTerminated = true;
      if (f.to === "STARTING") startAttempt(job, f, instanceTypes);
      if (f.to === "RUNNING" && job.current) job.current.startedAt = f.time;
      if (f.to === "SUCCEEDED" || f.to === "FAILED") {
        job.stoppedAt = f.time;
        for (const listener of listeners) listener(job);
        jobs.delete(job);
      }
      return;
    }
    case "JobSubmitted": {
      const parent = f.arrayJobId === null ? null : jobs.parent(f.arrayJobId).arraySummary;
      jobs.add(newRecord(f, parent, keepAttempts));
      if (parent) countChild(parent, null, "SUBMITTED", f.time);
      return;
    }
    case "JobAttemptEnded":
      endAttempt(jobs.get(f.jobKey, f.jobId), f, keepAttempts);
      return;
    case "JobWaiting": {
      const job = jobs.find(f.jobKey);
      if (job) job.waitReason = f.reason;
      return;
    }
    case "JobQueueBlocked": {
      const job = jobs.find(f.jobKey);
      if (job) job.statusReason = f.statusReason;
      return;
    }
    case "InstanceLaunched":
      instanceTypes.set(f.instanceId, f.instanceType);
      return;
    case "InstanceTerminated":
      instanceTypes.delete(f.instanceId);
      return;
    default:
      return;
  }
}

/**
 * A fold's ledger: `shared` (one ledger for several folds, saving memory; their driver feeds it each
 * fact before the folds) or, without it, a ledger of the fold's own, fed by `feed`.
 */
export function attachLedger(
  shared: JobLedger | undefined,
  onTerminal?: TerminalListener,
  keepAttempts = false,
): { readonly ledger: JobLedger; readonly feed: (fact: Fact) => void } {
  if (shared && keepAttempts && !shared.keepsAttempts) {
    throw new Error("report: this fold needs a ledger created with keepAttempts");
  }
  const ledger = shared ?? createJobLedger({ keepAttempts });
  if (onTerminal) ledger.subscribe(onTerminal);
  return { ledger, feed: shared ? () => {} : (fact) => ledger.onFact(fact) };
}

/** Shared by every record that has none (frozen: nothing may push to it). */
const NO_ATTEMPTS: AttemptRecord[] = Object.freeze([]) as unknown as AttemptRecord[];
const NO_COSTS: number[] = Object.freeze([]) as unknown as number[];

function newRecord(
  f: JobSubmitted,
  parentSummary: ArraySummary | null,
  keepAttempts: boolean,
): JobRecord {
  return {
    // Facts are immutable and never reused (sim/facts.ts): the record keeps the fact itself.
    submitted: f,
    isArrayParent: f.arraySize !== null,
    arraySummary: f.arraySize === null ? null : { counts: new Int32Array(7), updatedAt: f.time },
    parentSummary,
    isCancelled: false,
    isTerminated: false,
    status: "SUBMITTED",
    statusReason: "",
    waitReason: null,
    statusSince: f.time,
    runnableAt: null,
    waitSeconds: 0,
    runSeconds: 0,
    attempts: 0,
    current: null,
    lastEnded: null,
    ended: keepAttempts ? [] : NO_ATTEMPTS,
    attemptCostsUsd: NO_COSTS,
    stoppedAt: null,
  };
}

function leaveStatus(job: JobRecord, time: number): void {
  if (job.status === "RUNNABLE") job.waitSeconds += time - job.statusSince;
  else if (job.status === "RUNNING") job.runSeconds += time - job.statusSince;
}

function enterStatus(job: JobRecord, to: JobStatus, time: number, statusReason: string): void {
  job.status = to;
  job.statusSince = time;
  job.statusReason = statusReason;
  if (to === "RUNNABLE" && job.runnableAt === null) job.runnableAt = time;
}

/**
 * A new attempt record: placed at `startingAt` on `instanceId` of `computeEnvironment`, nothing
 * known yet of how it ends (fields passed one by one: a spread of them was a slow copy).
 */
function openAttempt(
  attempt: number,
  startingAt: number,
  startedAt: number | null,
  instanceId: string | null,
  computeEnvironment: string | null,
  instanceType: string | null,
): AttemptRecord {
  return {
    attempt,
    startingAt,
    startedAt,
    stoppedAt: null,
    exitCode: null,
    statusReason: "",
    reason: "",
    succeeded: null,
    cause: null,
    willRetry: false,
    instanceId,
    computeEnvironment,
    instanceType,
    costUsd: null,
  };
}

function startAttempt(
  job: JobRecord,
  f: Extract<Fact, { kind: "JobStateChanged" }>,
  instanceTypes: ReadonlyMap<string, string>,
): void {
  job.attempts += 1;
  job.current = openAttempt(
    f.attempt > 0 ? f.attempt : job.attempts,
    f.time,
    null,
    f.instanceId,
    f.computeEnvironment,
    f.instanceId === null ? null : (instanceTypes.get(f.instanceId) ?? null),
  );
}

function endAttempt(
  job: JobRecord,
  f: Extract<Fact, { kind: "JobAttemptEnded" }>,
  keep: boolean,
): void {
  const a: AttemptRecord =
    job.current ??
    openAttempt(
      f.attempt,
      f.startingAt,
      f.startedAt,
      f.instanceId,
      f.computeEnvironment,
      f.instanceType,
    );
  a.startedAt = f.startedAt;
  a.stoppedAt = f.time;
  a.exitCode = f.exitCode;
  a.statusReason = f.statusReason;
  a.reason = f.reason;
  a.succeeded = f.succeeded;
  a.cause = f.cause;
  a.willRetry = f.willRetry;
  a.instanceType = f.instanceType ?? a.instanceType;
  a.costUsd = f.costUsd;
  if (job.attemptCostsUsd.length === 0) job.attemptCostsUsd = [f.costUsd];
  else job.attemptCostsUsd.push(f.costUsd);
  job.current = null;
  job.lastEnded = a;
  if (keep) job.ended.push(a);
}
