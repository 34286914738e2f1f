/** An AWS Batch job history as batchsim reads it: one record per job, times in epoch milliseconds. */
import { JOB_STATUSES, type JobStatus } from "../../sim/index.ts";

/** AWS `JobStatus`, and the statuses in lifecycle order: the simulator's own. */
export { JOB_STATUSES, type JobStatus };

/** Which kind of file the history came from. */
export type HistoryFormat = "describeJobs" | "events";

/** One attempt (AWS `AttemptDetail`). */
export interface HistoryAttempt {
  readonly startedAt: number | null;
  readonly stoppedAt: number | null;
  readonly exitCode: number | null;
  readonly statusReason: string | null;
  /** `container.reason`. */
  readonly reason: string | null;
}

/** A status the job entered and when (events only). */
export interface StatusTime {
  readonly status: JobStatus;
  readonly at: number;
}

/** AWS `JobDependency`. */
export interface HistoryDependency {
  readonly jobId: string | null;
  readonly type: "N_TO_N" | "SEQUENTIAL" | null;
}

/** AWS `EvaluateOnExit`, as the history gives it. */
export interface HistoryEvaluateOnExit {
  readonly onStatusReason?: string;
  readonly onReason?: string;
  readonly onExitCode?: string;
  readonly action: string;
}

/** One job: the last JobDetail seen for it, and (events) the time of each status change. */
export interface HistoryJob {
  readonly jobId: string;
  readonly jobName: string;
  /** The queue's name (from its ARN). */
  readonly jobQueue: string;
  /** The job definition's name (from its ARN, without the revision). */
  readonly jobDefinition: string;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly stoppedAt: number | null;
  readonly status: JobStatus;
  readonly statusReason: string | null;
  readonly attempts: readonly HistoryAttempt[];
  readonly vcpus: number | null;
  readonly memoryMiB: number | null;
  readonly gpus: number | null;
  /** An array parent's `arrayProperties.size`. */
  readonly arraySize: number | null;
  /** An array child's `arrayProperties.index`. */
  readonly arrayIndex: number | null;
  /** An array child's parent job id (`<parent>:<index>`). */
  readonly parentJobId: string | null;
  readonly dependsOn: readonly HistoryDependency[];
  readonly shareIdentifier: string | null;
  readonly schedulingPriority: number | null;
  readonly retryAttempts: number | null;
  readonly evaluateOnExit: readonly HistoryEvaluateOnExit[];
  readonly attemptDurationSeconds: number | null;
  readonly platform: "EC2" | "FARGATE";
  readonly isCancelled: boolean;
  readonly isTerminated: boolean;
  /** A multi-node parallel job, or one of its nodes (`<jobId>#<n>`). */
  readonly multiNode: boolean;
  /** Events: every status entered, in time order, duplicates removed; DescribeJobs: []. */
  readonly statuses: readonly StatusTime[];
  /** The line of the file where the job first appeared. */
  readonly line: number;
}

/** A history file, read. */
export interface History {
  readonly format: HistoryFormat;
  /** Every job (array parents and children, if present), by createdAt then first appearance. */
  readonly jobs: readonly HistoryJob[];
  /** JobDetails (DescribeJobs) or `Batch Job State Change` events read. */
  readonly records: number;
  /** Events of other detail-types, skipped (queue-blocked events, batchsim's instance events, …). */
  readonly skippedEvents: number;
  /** Events: whether the event times carry milliseconds (real EventBridge times are whole seconds). */
  readonly subSecondTimes: boolean;
}
