import type { ComputeEnvironmentState } from "../capacity/compute-environment.ts";
import type { Instance } from "../capacity/instance.ts";
import type { Rng } from "../engine/rng.ts";
import type { Shape } from "../model/shape.ts";
import type { JobSpec } from "../scenario/types.ts";
import type { QueuedJob } from "../scheduler/runnable-queue.ts";
import { paddedNumbers } from "../workload/names.ts";
import type { AttemptDraws } from "../workload/types.ts";
import type { AttemptEndCause, JobStatus } from "./facts.ts";
import type { QueueState } from "./queue-state.ts";

/** Queue positions of top-level jobs are multiples of this; array child i sits at parent + 1 + i. */
export const ORDER_STRIDE = 16384;

/** Child status codes kept per array (Uint8Array): the children themselves leave memory when done. */
export const CHILD_LIVE = 0;
export const CHILD_SUCCEEDED = 1;
export const CHILD_FAILED = 2;

/** What an array parent keeps about its children. */
export interface ArrayState {
  readonly size: number;
  /** Live children by index (null once terminal, or before they are created). */
  readonly children: (Job | null)[];
  /** CHILD_LIVE / CHILD_SUCCEEDED / CHILD_FAILED by index. */
  readonly childStatus: Uint8Array;
  /** Children not yet terminal. */
  left: number;
  failed: number;
  /** Child i waits for child i−1 (SEQUENTIAL). */
  sequential: boolean;
  /** Arrays whose child i waits for this array's child i (N_TO_N dependents). */
  readonly nToNDependents: Job[];
  /** This array's N_TO_N dependencies (child i waits for child i of each). */
  readonly nToN: Job[];
  /** Draws for the children, in index order. */
  readonly rng: Rng;
}

/** A job while it is live in the simulation (it leaves the hot structures once terminal). */
export class Job implements QueuedJob {
  status: JobStatus = "SUBMITTED";
  statusReason = "";
  /** Position in the queue: FIFO order; a retry with retryRequeue tail moves it to the back. */
  order: number;
  /** Dependencies not yet SUCCEEDED (and, for array children, the parent's own dependencies). */
  depsLeft = 0;
  /** Some dependency ended FAILED. */
  depFailed = false;
  /** Jobs waiting on this one as a whole (plain dependencies). */
  dependents: Job[] | null = null;
  /** Array parents only. */
  array: ArrayState | null = null;
  attempt = 0;
  /**
   * The current attempt's draws (AttemptDraws), copied into the job: keeping the submission that
   * carried them kept it alive as long as the job, ~160 bytes per waiting job.
   */
  runtimeSeconds: number;
  exitCode: number;
  startingSeconds: number;
  /** Per-job stream for retries' draws, forked on the first retry. */
  retryRng: Rng | null = null;
  /** The main node's instance (every job's only one, but a multi-node job's). */
  instance: Instance | null = null;
  /** A multi-node job's instances, one per node in node order; null otherwise. */
  nodeInstances: Instance[] | null = null;
  ce: ComputeEnvironmentState | null = null;
  startingAt = Number.NaN;
  startedAt = Number.NaN;
  /** When the running attempt ends, and why (decided at RUNNING: exit, OOM kill or timeout). */
  endAt = Number.NaN;
  endCause: AttemptEndCause = "exited";
  /** A CancelJob that waits for the job's dependencies to be terminal (§13.16): its reason. */
  cancelReason: string | null = null;
  /** An array parent whose children were stopped by TerminateJob (its FAILED is isTerminated). */
  terminatedByAction = false;
  /** In its queue's runnable buckets. */
  queued = false;
  /** The last JobWaiting reason and detail stated for its current wait ("" when none yet). */
  waitReason = "";
  waitDetail = "";
  /** Event payload and key of liveJobs. */
  readonly key: number;
  readonly jobId: string;
  readonly jobName: string;
  readonly stream: string;
  /** The job's number in its stream (top-level jobs; -1 for array children). */
  private readonly streamSeq: number;
  readonly queue: QueueState;
  readonly spec: JobSpec;
  readonly shape: Shape;
  readonly createdAt: number;
  /** Array children: their parent and index; null and -1 otherwise. */
  readonly parent: Job | null;
  readonly index: number;
  /** vCPU the job holds while it runs: its VCPU, or a multi-node job's nodes' summed. */
  readonly vcpusInUse: number;

  constructor(
    key: number,
    order: number,
    jobId: string,
    jobName: string,
    stream: string,
    streamSeq: number,
    queue: QueueState,
    spec: JobSpec,
    shape: Shape,
    createdAt: number,
    draws: AttemptDraws,
    parent: Job | null = null,
    index = -1,
  ) {
    this.key = key;
    this.order = order;
    this.jobId = jobId;
    this.jobName = jobName;
    this.stream = stream;
    this.streamSeq = streamSeq;
    this.queue = queue;
    this.spec = spec;
    this.shape = shape;
    this.createdAt = createdAt;
    this.runtimeSeconds = draws.runtimeSeconds;
    this.exitCode = draws.exitCode;
    this.startingSeconds = draws.startingSeconds;
    this.parent = parent;
    this.index = index;
    const np = spec.nodeProperties;
    this.vcpusInUse = np
      ? np.groups.reduce((sum, g) => sum + (g.toNode - g.fromNode + 1) * g.vcpus, 0)
      : spec.vcpus;
  }

  /**
   * Label of this job's own random streams: `<stream>/<n>` (children add `:<index>`). Made when a
   * stream is forked (arrays, retries), not for every job.
   */
  get rngLabel(): string {
    return this.parent
      ? `${this.parent.rngLabel}:${this.index}`
      : `${this.stream}/${this.streamSeq}`;
  }

  /** The next attempt's draws (a retry). */
  setDraws(draws: AttemptDraws): void {
    this.runtimeSeconds = draws.runtimeSeconds;
    this.exitCode = draws.exitCode;
    this.startingSeconds = draws.startingSeconds;
  }

  get terminal(): boolean {
    return this.status === "SUCCEEDED" || this.status === "FAILED";
  }

  /** The retry strategy's attempts (1 when none). */
  get maxAttempts(): number {
    return this.spec.retryStrategy.attempts;
  }
}

/** A readable, sortable, deterministic job id (AWS uses UUIDs; any unique string is valid here). */
export function makeJobId(order: number): string {
  // Zero-padded to 8 digits: `job-00000001` (one number conversion per thousand ids).
  return jobIds(order + 1);
}
const jobIds = paddedNumbers("job-", 8);

/** An EC2-looking instance id: `i-` and 17 hex digits. */
export function makeInstanceId(index: number): string {
  return `i-${(index + 1).toString(16).padStart(17, "0")}`;
}

/** A Fargate task id (AWS: the last part of the task ARN, 32 hex digits). */
export function makeTaskId(index: number): string {
  return `task-${(index + 1).toString(16).padStart(32, "0")}`;
}
