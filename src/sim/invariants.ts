/**
 * Invariants checked on every run (issue 10): simulate() passes each fact through an
 * InvariantChecker before the caller's sink, so the CLI, replications, sweeps and tests all run with
 * it. A broken invariant is a bug in batchsim, never the user's fault: it throws at once an Error
 * whose message starts with `invariant:` and names the job or instance and the simulated time.
 *
 * Each fact costs O(1): a Map from jobId to one small integer (status, array-parent bit, the
 * outcome an ended attempt announced, attempt number) and a Map of live instances. Finished jobs
 * and terminated instances leave the maps, so memory follows what is live.
 *
 * Checked (docs/design.md "Invariants"):
 * - time: facts come in non-decreasing time, finite and ≥ 0; nothing after RunEnded;
 * - jobs: a job is submitted once; every JobStateChanged comes after its JobSubmitted, starts from
 *   the job's current status and is a transition of ALLOWED (aws-batch-model.md §1, §3); terminal
 *   states are final; an attempt leaves STARTING/RUNNING (other than to RUNNING) only right after
 *   its JobAttemptEnded, to the status that fact announced; attempts count 1, 2, …;
 * - instances: launched once, ready once, a job starts only on a live, ready instance with no
 *   interruption notice; an attempt ends on a live instance it started on after it was ready; an
 *   instance ends (other than at the end of the run) with no attempt on it;
 * - billing: an instance's billedSeconds cover its whole billing window (termination −
 *   billingStartsAt, with the 60 s minimum once billing started, §13.19) — so they cover every second
 *   an attempt used it inside that window; billed and idle money and each attempt's cost are ≥ 0 and
 *   idle ≤ billed;
 * - conservation: every job the engine created had its JobSubmitted (checkCreated), and from it
 *   until its one terminal transition a job is in exactly one status, so for any fold of the facts
 *   jobs submitted = succeeded + failed + unfinished (summary.json's jobs counts).
 * Over-allocation of an instance's vCPU, memory and GPUs is checked where room is taken
 * (capacity/instance.ts), since the facts do not carry every node of a multi-node job.
 */
import {
  type Fact,
  type InstanceTerminated,
  JOB_STATUSES,
  type JobAttemptEnded,
  type JobStateChanged,
  type JobStatus,
} from "./facts.ts";

const STATUSES = JOB_STATUSES;
const INDEX: Readonly<Record<JobStatus, number>> = {
  SUBMITTED: 0,
  PENDING: 1,
  RUNNABLE: 2,
  STARTING: 3,
  RUNNING: 4,
  SUCCEEDED: 5,
  FAILED: 6,
};
const STARTING = 3;
const RUNNING = 4;
const SUCCEEDED = 5;

/**
 * The transitions a job may make, from → to (aws-batch-model.md §1's table; cancels and
 * TerminateJob fail SUBMITTED, PENDING and RUNNABLE jobs, a queue's time-limit action RUNNABLE ones).
 * There is no STARTING → SUCCEEDED: a container exits 0 only once RUNNING.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  SUBMITTED: ["PENDING", "RUNNABLE", "FAILED"],
  PENDING: ["RUNNABLE", "FAILED"],
  RUNNABLE: ["STARTING", "FAILED"],
  STARTING: ["RUNNING", "RUNNABLE", "FAILED"],
  RUNNING: ["SUCCEEDED", "RUNNABLE", "FAILED"],
  SUCCEEDED: [],
  FAILED: [],
};

/**
 * An array parent's transitions (§3, §13.15): never RUNNABLE; PENDING once its children exist, then
 * SUCCEEDED or FAILED when every child is terminal; a cancel before that fails it from SUBMITTED.
 */
export const ARRAY_PARENT_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  SUBMITTED: ["PENDING", "FAILED"],
  PENDING: ["SUCCEEDED", "FAILED"],
  RUNNABLE: [],
  STARTING: [],
  RUNNING: [],
  SUCCEEDED: [],
  FAILED: [],
};

/** INDEX[status] as a switch: cheaper than a keyed load on the hot path. */
function statusIndex(status: JobStatus): number {
  switch (status) {
    case "SUBMITTED":
      return 0;
    case "PENDING":
      return 1;
    case "RUNNABLE":
      return 2;
    case "STARTING":
      return 3;
    case "RUNNING":
      return 4;
    case "SUCCEEDED":
      return 5;
    case "FAILED":
      return 6;
  }
}

/** Per from-status, a bit per allowed to-status. */
function masks(table: Readonly<Record<JobStatus, readonly JobStatus[]>>): readonly number[] {
  return STATUSES.map((from) => table[from].reduce((m, to) => m | (1 << INDEX[to]), 0));
}
const JOB_MASKS = masks(ALLOWED_TRANSITIONS);
const PARENT_MASKS = masks(ARRAY_PARENT_TRANSITIONS);

// A job's state in one small integer (no object per job): bits 0–2 its status, bit 3 array parent,
// bits 4–5 what its ended attempt announced (an index into EXPECT_TO; 0 none), the attempt number
// from bit 6 up.
const STATUS_BITS = 7;
const PARENT = 8;
const EXPECT_SHIFT = 4;
const EXPECT_BITS = 3 << EXPECT_SHIFT;
/** What an ended attempt announced: the next transition's `to`. */
const EXPECT_TO: readonly (JobStatus | null)[] = [null, "SUCCEEDED", "RUNNABLE", "FAILED"];
const ATTEMPT_SHIFT = 6;
/** Not a live job. */
const NONE = -1;

interface InstanceState {
  readonly launchedAt: number;
  readonly billingStartsAt: number;
  readyAt: number;
  noticed: boolean;
  /** Attempts started on it (as the main node) and not yet ended. */
  open: number;
}

/** Checks each fact of one run against the invariants; throws `invariant: …` on the first broken one. */
export class InvariantChecker {
  private readonly startEpochMs: number;
  /**
   * Jobs' states + 1 by jobKey (0: not live) — a typed array indexed by the engine's dense key, not a
   * Map by jobId: a hash lookup per fact cost more than every check together.
   */
  private states = new Int32Array(1024);
  /** The key of the job stateOf() last read (setState() writes it). */
  private key = 0;
  private readonly instances = new Map<string, InstanceState>();
  private lastTime = 0;
  private ended = false;
  /** Every JobSubmitted (array parents included). */
  private created = 0;

  /** `startEpochMs`: the scenario's time 0, to print a violation's time as ISO too. */
  constructor(startEpochMs: number) {
    this.startEpochMs = startEpochMs;
  }

  /** Checks one fact (in stream order). */
  check(f: Fact): void {
    const t = f.time;
    if (!(t >= this.lastTime) || t === Number.POSITIVE_INFINITY) {
      this.fail(
        `fact ${f.kind}`,
        t,
        `time went backwards or is not finite (last fact at ${this.lastTime} s)`,
      );
    }
    if (this.ended) this.fail(`fact ${f.kind}`, t, "came after RunEnded");
    this.lastTime = t;
    switch (f.kind) {
      case "JobStateChanged":
        this.onStateChanged(f);
        return;
      case "JobSubmitted":
        if (this.stateOf(f.jobKey) !== NONE) this.fail(`job ${f.jobId}`, t, "submitted twice");
        this.created++;
        this.setState(f.arraySize === null ? 0 : PARENT);
        return;
      case "JobAttemptEnded":
        this.onAttemptEnded(f);
        return;
      case "JobWaiting":
      case "JobQueueBlocked":
        if ((this.stateOf(f.jobKey) & STATUS_BITS) !== INDEX.RUNNABLE)
          this.fail(`job ${f.jobId}`, t, `${f.kind} but the job is ${this.statusOf(f.jobKey)}`);
        return;
      case "InstanceLaunched":
        if (this.instances.has(f.instanceId))
          this.fail(`instance ${f.instanceId}`, t, "launched twice");
        if (!(f.billingStartsAt >= t))
          this.fail(
            `instance ${f.instanceId}`,
            t,
            `billing starts before launch (${f.billingStartsAt} s)`,
          );
        this.instances.set(f.instanceId, {
          launchedAt: t,
          billingStartsAt: f.billingStartsAt,
          readyAt: Number.NaN,
          noticed: false,
          open: 0,
        });
        return;
      case "InstanceReady": {
        const inst = this.instance(f.instanceId, t, "ready");
        if (!Number.isNaN(inst.readyAt)) this.fail(`instance ${f.instanceId}`, t, "ready twice");
        inst.readyAt = t;
        return;
      }
      case "InstanceInterruptionNoticed": {
        const inst = this.instance(f.instanceId, t, "interruption notice");
        if (!(f.reclaimAt >= t))
          this.fail(
            `instance ${f.instanceId}`,
            t,
            `reclaimed before its notice (${f.reclaimAt} s)`,
          );
        inst.noticed = true;
        return;
      }
      case "InstanceTerminated":
        this.onInstanceTerminated(f);
        return;
      case "RunEnded":
        this.ended = true;
        return;
      default:
        return;
    }
  }

  /**
   * After the run: the engine created `jobsCreated` jobs (array parents and children included); each
   * must have had its JobSubmitted.
   */
  checkCreated(jobsCreated: number): void {
    if (jobsCreated !== this.created) {
      this.fail(
        "run",
        this.lastTime,
        `${jobsCreated} jobs were created but ${this.created} JobSubmitted facts were stated`,
      );
    }
  }

  private onStateChanged(f: JobStateChanged): void {
    const t = f.time;
    const state = this.stateOf(f.jobKey);
    if (state === NONE) {
      this.fail(
        `job ${f.jobId}`,
        t,
        `${f.from} → ${f.to} but the job is not live (never submitted, or already terminal)`,
      );
    }
    const from = state & STATUS_BITS;
    const to = statusIndex(f.to);
    if (STATUSES[from] !== f.from) {
      this.fail(`job ${f.jobId}`, t, `${f.from} → ${f.to} but the job is ${STATUSES[from]}`);
    }
    const parent = (state & PARENT) !== 0;
    if (((parent ? PARENT_MASKS : JOB_MASKS)[from]! & (1 << to)) === 0) {
      this.fail(
        `job ${f.jobId}`,
        t,
        `${f.from} → ${f.to} is not an allowed transition${parent ? " for an array parent" : ""}`,
      );
    }
    const expected = EXPECT_TO[(state & EXPECT_BITS) >> EXPECT_SHIFT]!;
    if ((from === STARTING || from === RUNNING) && to !== RUNNING) {
      if (expected === null)
        this.fail(`job ${f.jobId}`, t, `${f.from} → ${f.to} without a JobAttemptEnded`);
    }
    if (expected !== null && expected !== f.to) {
      this.fail(
        `job ${f.jobId}`,
        t,
        `${f.from} → ${f.to} but its JobAttemptEnded announced ${expected}`,
      );
    }
    let attempt = state >> ATTEMPT_SHIFT;
    if (to === STARTING) {
      attempt++;
      if (f.attempt !== attempt)
        this.fail(
          `job ${f.jobId}`,
          t,
          `STARTING as attempt ${f.attempt}, expected attempt ${attempt}`,
        );
      this.onPlaced(f);
    }
    if (to >= SUCCEEDED) {
      this.setState(NONE);
      return;
    }
    this.setState(to | (state & PARENT) | (attempt << ATTEMPT_SHIFT));
  }

  /** RUNNABLE → STARTING: on a live, ready instance that has no interruption notice. */
  private onPlaced(f: JobStateChanged): void {
    if (f.instanceId === null) this.fail(`job ${f.jobId}`, f.time, "STARTING on no instance");
    const inst = this.instances.get(f.instanceId);
    if (inst === undefined || Number.isNaN(inst.readyAt) || inst.noticed) {
      const why =
        inst === undefined ? "not live" : inst.noticed ? "noticed for interruption" : "not ready";
      this.fail(
        `instance ${f.instanceId}`,
        f.time,
        `job ${f.jobId} started on it while it is ${why}`,
      );
    }
    inst.open++;
  }

  private onAttemptEnded(f: JobAttemptEnded): void {
    const t = f.time;
    const state = this.stateOf(f.jobKey);
    const status = state === NONE ? -1 : state & STATUS_BITS;
    if (
      state === NONE ||
      (status !== STARTING && status !== RUNNING) ||
      (state & EXPECT_BITS) !== 0
    ) {
      this.fail(
        `job ${f.jobId}`,
        t,
        `attempt ${f.attempt} ended but the job is ${this.statusOf(f.jobKey)}${state !== NONE && (state & EXPECT_BITS) !== 0 ? " and its attempt already ended" : ""}`,
      );
    }
    const attempt = state >> ATTEMPT_SHIFT;
    if (f.attempt !== attempt)
      this.fail(
        `job ${f.jobId}`,
        t,
        `attempt ${f.attempt} ended but attempt ${attempt} is current`,
      );
    const ranOk =
      status === RUNNING
        ? f.startedAt !== null && f.startedAt >= f.startingAt && f.startedAt <= t
        : f.startedAt === null;
    if (!(f.startingAt <= t) || !ranOk)
      this.fail(
        `job ${f.jobId}`,
        t,
        `attempt ${f.attempt} spans STARTING ${f.startingAt} s, RUNNING ${f.startedAt} s, end ${t} s while ${STATUSES[status]}`,
      );
    if (!(f.costUsd >= 0))
      this.fail(`job ${f.jobId}`, t, `attempt ${f.attempt} cost ${f.costUsd} USD`);
    if (f.succeeded && f.willRetry)
      this.fail(`job ${f.jobId}`, t, `attempt ${f.attempt} succeeded and will retry`);
    if (f.instanceId !== null) {
      const inst = this.instances.get(f.instanceId);
      if (inst === undefined || !(f.startingAt >= inst.readyAt) || inst.open <= 0) {
        this.fail(
          `instance ${f.instanceId}`,
          t,
          `job ${f.jobId}'s attempt ${f.attempt} ended on it but the instance is ${inst === undefined ? "not live" : `ready at ${inst.readyAt} s with ${inst.open} attempts open, the attempt STARTING at ${f.startingAt} s`}`,
        );
      }
      inst.open--;
    }
    const expect = f.succeeded ? 1 : f.willRetry ? 2 : 3;
    this.setState(state | (expect << EXPECT_SHIFT));
  }

  private onInstanceTerminated(f: InstanceTerminated): void {
    const t = f.time;
    const id = `instance ${f.instanceId}`;
    const inst = this.instance(f.instanceId, t, "terminated");
    this.instances.delete(f.instanceId);
    if (inst.open !== 0 && f.reason !== "end of run")
      this.fail(id, t, `terminated (${f.reason}) with ${inst.open} attempts still on it`);
    // §13.19: per second from billingStartsAt, a 60 s minimum once billing started.
    const window = Math.max(0, t - inst.billingStartsAt);
    const minimum = window > 0 ? Math.max(window, 60) : 0;
    if (!(f.billedSeconds >= minimum))
      this.fail(
        id,
        t,
        `billed ${f.billedSeconds} s for a billing window of ${window} s (from ${inst.billingStartsAt} s)`,
      );
    const slack = 1e-9 * Math.max(1, f.billedUsd);
    if (!(f.billedUsd >= 0) || !(f.idleUsd >= -slack) || !(f.idleUsd <= f.billedUsd + slack))
      this.fail(id, t, `billed ${f.billedUsd} USD of which ${f.idleUsd} USD idle`);
  }

  private instance(instanceId: string, t: number, what: string): InstanceState {
    const inst = this.instances.get(instanceId);
    if (inst === undefined)
      this.fail(
        `instance ${instanceId}`,
        t,
        `${what} but the instance is not live (never launched, or terminated)`,
      );
    return inst;
  }

  private statusOf(jobKey: number): string {
    const state = this.stateOf(jobKey);
    return state === NONE ? "not live" : STATUSES[state & STATUS_BITS]!;
  }

  /** A job's state, or NONE. */
  private stateOf(jobKey: number): number {
    this.key = jobKey;
    return jobKey < this.states.length ? this.states[jobKey]! - 1 : NONE;
  }

  /** Sets the state of the job stateOf() last read (NONE: it is no longer live). */
  private setState(state: number): void {
    const key = this.key;
    if (key >= this.states.length) {
      let size = this.states.length * 2;
      while (size <= key) size *= 2;
      const grown = new Int32Array(size);
      grown.set(this.states);
      this.states = grown;
    }
    this.states[key] = state + 1;
  }

  private fail(subject: string, timeSeconds: number, what: string): never {
    throw new Error(
      `invariant: ${subject} at ${describeTime(timeSeconds, this.startEpochMs)}: ${what}`,
    );
  }
}

/** A simulated time for an invariant message: `123.5 s (2026-01-01T00:02:03.500Z)`. */
export function describeTime(timeSeconds: number, startEpochMs: number): string {
  const ms = startEpochMs + timeSeconds * 1000;
  const iso =
    Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? ` (${new Date(ms).toISOString()})` : "";
  return `${timeSeconds} s${iso}`;
}
