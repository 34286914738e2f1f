import type { ComputeEnvironmentState } from "../capacity/compute-environment.ts";
import type { Instance } from "../capacity/instance.ts";
import type { Shape } from "../model/shape.ts";
import type { JobSpec } from "../scenario/types.ts";
import type { QueuedJob } from "../scheduler/runnable-queue.ts";
import type { JobStatus } from "./facts.ts";
import type { QueueState } from "./queue-state.ts";

/** A job while it is live in the simulation (it leaves the hot structures once terminal). */
export class Job implements QueuedJob {
  status: JobStatus = "SUBMITTED";
  statusReason = "";
  /** Dependencies not yet SUCCEEDED. */
  depsLeft = 0;
  /** Some dependency ended FAILED. */
  depFailed = false;
  /** Jobs waiting on this one (plain dependencies). */
  dependents: Job[] | null = null;
  attempt = 0;
  instance: Instance | null = null;
  ce: ComputeEnvironmentState | null = null;
  startingAt = Number.NaN;
  startedAt = Number.NaN;

  /** Submission order (0-based): the FIFO order and the event payload. */
  readonly order: number;
  readonly jobId: string;
  readonly jobName: string;
  readonly queue: QueueState;
  readonly spec: JobSpec;
  readonly shape: Shape;
  readonly createdAt: number;
  readonly runtimeSeconds: number;
  readonly exitCode: number;
  readonly startingSeconds: number;

  constructor(
    order: number,
    jobId: string,
    jobName: string,
    queue: QueueState,
    spec: JobSpec,
    shape: Shape,
    createdAt: number,
    runtimeSeconds: number,
    exitCode: number,
    startingSeconds: number,
  ) {
    this.order = order;
    this.jobId = jobId;
    this.jobName = jobName;
    this.queue = queue;
    this.spec = spec;
    this.shape = shape;
    this.createdAt = createdAt;
    this.runtimeSeconds = runtimeSeconds;
    this.exitCode = exitCode;
    this.startingSeconds = startingSeconds;
  }

  get terminal(): boolean {
    return this.status === "SUCCEEDED" || this.status === "FAILED";
  }
}

/** A readable, sortable, deterministic job id (AWS uses UUIDs; any unique string is valid here). */
export function makeJobId(order: number): string {
  return `job-${String(order + 1).padStart(8, "0")}`;
}

/** An EC2-looking instance id: `i-` and 17 hex digits. */
export function makeInstanceId(index: number): string {
  return `i-${(index + 1).toString(16).padStart(17, "0")}`;
}
