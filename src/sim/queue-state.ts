import type { ComputeEnvironmentState } from "../capacity/compute-environment.ts";
import type { Shape } from "../model/shape.ts";
import type { JobQueue } from "../scenario/types.ts";
import { RunnableQueue } from "../scheduler/runnable-queue.ts";
import type { Job } from "./job.ts";
import type { FairShareState, ShareState } from "./share-state.ts";

export const JOB_RESOURCE_REQUIREMENT =
  "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.";
export const COMPUTE_ENVIRONMENT_MAX_RESOURCE =
  "MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE - CE(s) associated with the job queue cannot meet the CPU requirement of the job.";

export const INSUFFICIENT_CAPACITY =
  "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type";

/** The first instance type that would fit but whose Spot price is above the bid (for the reason text). */
function overBidType(ces: readonly ComputeEnvironmentState[], shape: Shape): string {
  for (const ce of ces)
    for (const o of ce.overBid) if (o.type.vcpu >= shape.vcpus) return o.type.instanceType;
  return "";
}

/** The live state of one job queue. */
export class QueueState {
  readonly name: string;
  /** RUNNABLE jobs of a FIFO queue (a fair-share queue keeps them per share). */
  readonly runnable = new RunnableQueue<Job>();
  /** The scheduling policy's state, or null: FIFO. */
  fair: FairShareState | null = null;
  /** vCPU of the queue's jobs STARTING or RUNNING (computeReservation counts it, §13.11). */
  inUseVcpus = 0;
  /** The head job that can never run and blocks the queue (§13.3), or null. */
  blockedBy: Job | null = null;
  /** When the current block began (jobStateTimeLimitActions count from it, §13.4). */
  blockedSince = 0;
  /** Current values (UpdateJobQueue may change them during a run). */
  state: "ENABLED" | "DISABLED";
  priority: number;
  computeEnvironments: readonly ComputeEnvironmentState[];
  private readonly never = new Map<Shape, string | null>();
  readonly index: number;
  readonly def: JobQueue;

  constructor(
    index: number,
    def: JobQueue,
    computeEnvironments: readonly ComputeEnvironmentState[],
  ) {
    this.index = index;
    this.def = def;
    this.computeEnvironments = computeEnvironments;
    this.name = def.jobQueueName;
    this.state = def.state;
    this.priority = def.priority;
  }

  /** The share a job of this (fair-share) queue belongs to. */
  shareOf(job: Job): ShareState | null {
    return this.fair && job.spec.shareIdentifier !== null
      ? this.fair.share(job.spec.shareIdentifier)
      : null;
  }

  /** Puts a job in RUNNABLE order: the queue's FIFO, or its share's. */
  addRunnable(job: Job): void {
    (this.shareOf(job)?.runnable ?? this.runnable).add(job);
  }

  /** Takes a job out of RUNNABLE order, wherever it is. */
  removeRunnable(job: Job): void {
    (this.shareOf(job)?.runnable ?? this.runnable).remove(job);
  }

  /** Number of RUNNABLE jobs. */
  get runnableCount(): number {
    if (!this.fair) return this.runnable.count;
    let n = 0;
    for (const share of this.fair.shares.values()) n += share.runnable.count;
    return n;
  }

  /** The RUNNABLE orders to look at for demand: the queue's, or each share's (by id). */
  runnableQueues(): RunnableQueue<Job>[] {
    if (!this.fair) return [this.runnable];
    return [...this.fair.shares.values()]
      .sort((a, b) =>
        a.shareIdentifier < b.shareIdentifier ? -1 : a.shareIdentifier > b.shareIdentifier ? 1 : 0,
      )
      .map((share) => share.runnable);
  }

  /**
   * The most vCPU the queue's jobs may hold now under computeReservation (§13.11): the capacity
   * less (cr/100)^N of the base, N = active shares, base = Σ over the queue's CEs of maxvCpus
   * (managed) or unmanagedvCpus (unmanaged). An unmanaged CE without unmanagedvCpus adds nothing
   * to the base and reserves nothing: its fleet stays usable. Infinity when nothing is reserved.
   */
  reservationCapVcpus(now: number): number {
    const cr = this.fair?.policy.computeReservation ?? 0;
    if (cr <= 0) return Number.POSITIVE_INFINITY;
    let base = 0;
    let unreserved = 0;
    for (const ce of this.computeEnvironments) {
      if (ce.managed) base += ce.maxvCpus;
      else if (ce.def.unmanagedvCpus !== null) base += ce.def.unmanagedvCpus;
      else for (const inst of ce.instances) unreserved += inst.vcpus;
    }
    const reserved = (cr / 100) ** this.fair!.activeCount(now) * base;
    return base - reserved + unreserved;
  }

  /** Forgets cached never-run answers (a CE or this queue's CE order changed). */
  forgetNever(): void {
    this.never.clear();
    this.lastNeverShape = null;
  }

  /**
   * The blocked statusReason for a job of this shape that no enabled CE of the queue can ever run,
   * or null when some CE can (or none is enabled: then it waits, it is not misconfigured).
   */
  neverReason(shape: Shape): string | null {
    // The last shape asked about is answered without the Map: a queue's jobs mostly share one.
    if (shape === this.lastNeverShape) return this.lastNeverReason;
    return this.neverReasonOf(shape);
  }

  private neverReasonOf(shape: Shape): string | null {
    let reason = this.never.get(shape);
    if (reason === undefined) {
      const enabled = this.computeEnvironments.filter((ce) => ce.enabled);
      if (enabled.length === 0 || enabled.some((ce) => ce.canEverFit(shape))) reason = null;
      else if (enabled.some((ce) => ce.overBidFits(shape)))
        reason = `${INSUFFICIENT_CAPACITY} [${overBidType(enabled, shape)}]`;
      else if (enabled.some((ce) => ce.anyTypeFits(shape)))
        reason = COMPUTE_ENVIRONMENT_MAX_RESOURCE;
      else reason = JOB_RESOURCE_REQUIREMENT;
      this.never.set(shape, reason);
    }
    this.lastNeverShape = shape;
    this.lastNeverReason = reason;
    return reason;
  }
  private lastNeverShape: Shape | null = null;
  private lastNeverReason: string | null = null;
}
