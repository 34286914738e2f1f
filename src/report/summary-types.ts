/** The shape of summary.json (scenario-format.md "summary.json keys"). */
import type { JobStatus, PurchaseOption, WaitReason } from "../sim/index.ts";
import type { Stats } from "./stats.ts";

/**
 * Job counts over jobs that run (plain jobs, array children, multi-node jobs; not array parents).
 * `attempts` counts attempts started (STARTING transitions), including any still open at the end.
 */
export interface JobCounts {
  submitted: number;
  succeeded: number;
  failed: number;
  unfinished: number;
  attempts: number;
}

/**
 * summary.json → jobs: the counts of JobCounts (over jobs that run) and, over the same jobs unless
 * said otherwise, what went wrong with them.
 */
export interface JobTotals extends JobCounts {
  /** Array parents (not counted anywhere else). */
  arrayParents: number;
  /** Attempts after which the job went back to RUNNABLE (JobAttemptEnded.willRetry). */
  retries: number;
  /** Attempts killed by their timeout (cause `timeout`). */
  timeouts: number;
  /** Attempts killed for using more memory than their MEMORY (cause `oom`). */
  oomKills: number;
  /** Jobs that ended FAILED with isCancelled (CancelJob, or a cancelled array's children). */
  cancelled: number;
  /** Jobs that ended FAILED with isTerminated (TerminateJob). */
  terminated: number;
  /** SubmitJob requests refused (JobRejected): no job exists for them, so they are in no other count. */
  rejected: number;
  /** Jobs by final status; unfinished jobs by their status at the end of the run. Every status is a key. */
  byStatus: Record<JobStatus, number>;
  /**
   * The jobs still RUNNABLE at the end, by why they waited: their last JobWaiting reason, or IN_LINE
   * when none was stated — in line behind a job that waits (a FIFO scan stops there, and skips jobs
   * of the same shape), or not scanned yet. Every reason is a key.
   */
  runnableAtEnd: Record<WaitReason | "IN_LINE", number>;
}

/** Per-queue numbers. Statistics are over the queue's finished jobs. */
export interface QueueSummary {
  readonly jobs: JobCounts;
  readonly waitSeconds: Stats;
  readonly responseSeconds: Stats;
  /** The job blocking the queue when the run ended (§13.3: it can never run as configured), or null. */
  readonly blocked: BlockedQueue | null;
}

/** A queue blocked at the end of the run: its head job, why, and since when. */
export interface BlockedQueue {
  readonly jobId: string;
  readonly jobName: string;
  readonly statusReason: string;
  readonly sinceSeconds: number;
}

/** Per-share numbers; vcpuSeconds = Σ vCPU × (attempt end − startingAt) over the share's attempts. */
export interface ShareSummary {
  readonly jobs: JobCounts;
  readonly waitSeconds: Stats;
  readonly vcpuSeconds: number;
}

/** summary.json. Times in seconds since scenario start, money in USD (unrounded). */
export interface Summary {
  readonly scenario: { readonly name: string; readonly sha256: string };
  readonly seed: string;
  readonly batchsimVersion: string;
  /** The RunEnded time. */
  readonly simulatedSeconds: number;
  /** Last stoppedAt − first createdAt (0 when no job finished). */
  readonly makespanSeconds: number;
  readonly jobs: JobTotals;
  /** Statistics over finished jobs (SUCCEEDED or FAILED); unfinished ones are only counted. */
  readonly waitSeconds: Stats;
  readonly responseSeconds: Stats;
  readonly boundedSlowdown: Stats;
  readonly byQueue: Readonly<Record<string, QueueSummary>>;
  /** null when no job has a shareIdentifier. */
  readonly byShare: Readonly<Record<string, ShareSummary>> | null;
  readonly cost: {
    readonly totalUsd: number;
    readonly byComputeEnvironment: Readonly<Record<string, number>>;
    /** null for an option that no CE of the scenario uses. */
    readonly byPurchaseOption: Readonly<Record<PurchaseOption, number | null>>;
    readonly idleUsd: number;
    readonly wastedUsd: number;
    /** Billed USD by instance type, keys sorted. */
    readonly byInstanceType: Readonly<Record<string, number>>;
    /**
     * Over SPOT instances: billedSeconds × (the type's On-Demand price − the price paid) / 3600;
     * null when the scenario has no SPOT compute environment.
     */
    readonly savingsVsOnDemandUsd: number | null;
    /** totalUsd / provisioned vCPU-hours; null when no vCPU was provisioned. */
    readonly usdPerVcpuHour: number | null;
    /** totalUsd / succeeded jobs; null when no job succeeded. */
    readonly usdPerSucceededJob: number | null;
  };
  readonly utilization: {
    readonly allocatedVcpuSeconds: number;
    readonly provisionedVcpuSeconds: number;
    /** allocated / provisioned; null when nothing was provisioned. */
    readonly ratio: number | null;
  };
  /** null when the scenario has no SPOT or FARGATE_SPOT CE. */
  readonly spot: { readonly interruptions: number; readonly jobsInterrupted: number } | null;
  readonly fairness: { readonly jainIndex: number | null };
  readonly assumptions: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, string>>;
  /** What the workload's sources left out: `trace` is null when no stream replays a trace. */
  readonly workload: { readonly trace: TraceTotals | null };
}

/** Over every stream that replays a trace (summary.json → workload.trace). */
export interface TraceTotals {
  /** Job lines replayed (submitted). */
  readonly jobs: number;
  /** Job lines inside the window skipped for an unknown runtime, processors or submit time. */
  readonly skipped: number;
  /** Malformed lines skipped under --lenient. */
  readonly malformedLines: number;
}
