import type { ComputeEnvironmentState } from "../capacity/compute-environment.ts";
import type { Shape } from "../model/shape.ts";
import type { JobQueue } from "../scenario/types.ts";
import { RunnableQueue } from "../scheduler/runnable-queue.ts";
import type { Job } from "./job.ts";

export const JOB_RESOURCE_REQUIREMENT =
  "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.";
export const COMPUTE_ENVIRONMENT_MAX_RESOURCE =
  "MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE - CE(s) associated with the job queue cannot meet the CPU requirement of the job.";

/** The live state of one job queue. */
export class QueueState {
  readonly name: string;
  readonly runnable = new RunnableQueue<Job>();
  /** The head job that can never run and blocks the queue (§13.3), or null. */
  blockedBy: Job | null = null;
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

  /** Forgets cached never-run answers (a CE or this queue's CE order changed). */
  forgetNever(): void {
    this.never.clear();
  }

  /**
   * The blocked statusReason for a job of this shape that no enabled CE of the queue can ever run,
   * or null when some CE can (or none is enabled: then it waits, it is not misconfigured).
   */
  neverReason(shape: Shape): string | null {
    let reason = this.never.get(shape);
    if (reason === undefined) {
      const enabled = this.computeEnvironments.filter((ce) => ce.enabled);
      if (enabled.length === 0 || enabled.some((ce) => ce.canEverFit(shape))) reason = null;
      else if (enabled.some((ce) => ce.anyTypeFits(shape)))
        reason = COMPUTE_ENVIRONMENT_MAX_RESOURCE;
      else reason = JOB_RESOURCE_REQUIREMENT;
      this.never.set(shape, reason);
    }
    return reason;
  }
}
