import type { EvaluateOnExit } from "../scenario/types.ts";

/**
 * Facts: what happened in a simulated run, past tense, in time order. simulate() hands each fact to a
 * sink as it happens; reports are folds over this stream. Times are seconds since scenario start.
 * A fact is immutable and the engine never reuses one: a sink may keep the objects it is handed
 * (the run folder hands them to its folds in batches; the job ledger keeps each JobSubmitted).
 */

export type JobStatus =
  | "SUBMITTED"
  | "PENDING"
  | "RUNNABLE"
  | "STARTING"
  | "RUNNING"
  | "SUCCEEDED"
  | "FAILED";

/** The statuses in AWS's order (array statusSummary keys, summary.json → jobs.byStatus). */
export const JOB_STATUSES: readonly JobStatus[] = [
  "SUBMITTED",
  "PENDING",
  "RUNNABLE",
  "STARTING",
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
];

export type PurchaseOption = "ON_DEMAND" | "SPOT" | "FARGATE" | "FARGATE_SPOT";

/** A job was submitted (SubmitJob accepted): its static attributes. */
export interface JobSubmitted {
  readonly kind: "JobSubmitted";
  readonly time: number;
  readonly jobId: string;
  /** The engine's number of the job: 0, 1, 2… in creation order (an index for checks). */
  readonly jobKey: number;
  readonly jobName: string;
  readonly jobQueue: string;
  readonly jobDefinition: string;
  readonly shareIdentifier: string | null;
  readonly schedulingPriority: number | null;
  /**
   * Array children: the parent's id and this child's index; null otherwise. A child is created
   * directly in PENDING (its JobStateChanged SUBMITTED → PENDING follows at the same instant); its
   * jobId is `<parent jobId>:<index>`.
   */
  readonly arrayJobId: string | null;
  readonly arrayIndex: number | null;
  /**
   * Array parent: number of children; null otherwise. A parent is never RUNNABLE: it goes
   * SUBMITTED → PENDING (when its children are created) → SUCCEEDED/FAILED once every child is
   * terminal (FAILED if any child failed). Its statusSummary is the count of children per status.
   */
  readonly arraySize: number | null;
  /** retryStrategy.attempts (1 when none) and its evaluateOnExit entries. */
  readonly maxAttempts: number;
  readonly evaluateOnExit: readonly EvaluateOnExit[];
  /** timeout.attemptDurationSeconds, or null. */
  readonly attemptDurationSeconds: number | null;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly gpus: number;
  /** jobIds this job depends on. */
  readonly dependsOn: readonly string[];
  /** The workload stream that submitted it. */
  readonly stream: string;
}

/**
 * A job changed state (every transition after SUBMITTED, one fact each, aws-batch-model.md §13.20).
 * For STARTING the attempt's placement is given; for the end of an attempt see JobAttemptEnded,
 * which always comes just before the transition it causes.
 */
export interface JobStateChanged {
  readonly kind: "JobStateChanged";
  readonly time: number;
  readonly jobId: string;
  /** The engine's number of the job: 0, 1, 2… in creation order (an index for checks). */
  readonly jobKey: number;
  readonly from: JobStatus;
  readonly to: JobStatus;
  /** statusReason after the transition ("" when none). */
  readonly statusReason: string;
  /** 1-based attempt number for STARTING/RUNNING and attempt ends; 0 before the first attempt. */
  readonly attempt: number;
  /** STARTING only (EC2): where the attempt was placed; null otherwise. */
  readonly instanceId: string | null;
  readonly computeEnvironment: string | null;
  /** AWS JobDetail.isCancelled / isTerminated: set on the FAILED transition a CancelJob or TerminateJob caused. */
  readonly isCancelled: boolean;
  readonly isTerminated: boolean;
}

/** An attempt ended (STARTING or RUNNING → its end). */
export interface JobAttemptEnded {
  readonly kind: "JobAttemptEnded";
  readonly time: number;
  readonly jobId: string;
  /** The engine's number of the job: 0, 1, 2… in creation order (an index for checks). */
  readonly jobKey: number;
  readonly attempt: number;
  /** When the attempt was placed (STARTING) and when it started RUNNING (null if it never ran). */
  readonly startingAt: number;
  readonly startedAt: number | null;
  /** Container exit code, or null (host lost, never started). */
  readonly exitCode: number | null;
  /** The job's statusReason for this attempt, e.g. "Essential container in task exited". */
  readonly statusReason: string;
  /** container.reason, e.g. "OutOfMemoryError: Container killed due to memory usage"; "" when none. */
  readonly reason: string;
  readonly succeeded: boolean;
  /** Why the attempt ended: the container exited by itself, or was killed by a timeout, an OOM kill or TerminateJob. */
  readonly cause: AttemptEndCause;
  /** The job goes back to RUNNABLE for another attempt (§13.12). */
  readonly willRetry: boolean;
  readonly instanceId: string | null;
  readonly computeEnvironment: string | null;
  readonly instanceType: string | null;
  /** This attempt's share of what was billed: the job's vCPU fraction of its instance's price, STARTING to end. */
  readonly costUsd: number;
}

export type AttemptEndCause = "exited" | "timeout" | "oom" | "terminated" | "interrupted";

/**
 * Why a RUNNABLE job the scheduler looked at was not placed in a cycle — stated when the reason
 * changes, not every cycle (so a run stays small). Jobs further back in a queue than the scheduler
 * looked simply wait for those ahead of them; a job's wait ends at its STARTING.
 * - `SHARE_ORDER`: fair share — capacity went to shares with lower usage first; `detail` names the share
 *   and its usage;
 * - `RESERVATION`: computeReservation holds back capacity for shares not yet active (§13.11);
 * - `SCALING`: its compute environment can still scale out: waiting for instances to launch and boot;
 * - `AT_MAX`: every CE that could run it is at maxvCpus with no room;
 * - `NO_ROOM`: no ready instance has room now (UNMANAGED fleets, DISABLED CEs);
 * - `CAPACITY`: the CE could scale out but every type that fits has a full pool (settings.poolCapacity):
 *   `CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - … [type]`, also the job's statusReason;
 * - `BLOCKED`: it can never run as configured; `detail` is the blocked statusReason (§13.3).
 */
export type WaitReason =
  | "SHARE_ORDER"
  | "RESERVATION"
  | "SCALING"
  | "AT_MAX"
  | "NO_ROOM"
  | "CAPACITY"
  | "BLOCKED";

export interface JobWaiting {
  readonly kind: "JobWaiting";
  readonly time: number;
  readonly jobId: string;
  /** The engine's number of the job: 0, 1, 2… in creation order (an index for checks). */
  readonly jobKey: number;
  readonly reason: WaitReason;
  /** Plain words for the reason (share usage, CE names, the blocked statusReason…). */
  readonly detail: string;
}

/** A job at the head of its queue is blocked (aws-batch-model.md §13.3): a `Batch Job Queue Blocked` event. */
export interface JobQueueBlocked {
  readonly kind: "JobQueueBlocked";
  readonly time: number;
  readonly jobId: string;
  /** The engine's number of the job: 0, 1, 2… in creation order (an index for checks). */
  readonly jobKey: number;
  readonly jobQueue: string;
  readonly statusReason: string;
}

/** An instance was launched (managed scale-out or min/desired vCPUs) or, for UNMANAGED fleets, exists at time 0. */
export interface InstanceLaunched {
  readonly kind: "InstanceLaunched";
  readonly time: number;
  readonly instanceId: string;
  readonly computeEnvironment: string;
  readonly instanceType: string;
  readonly purchaseOption: PurchaseOption;
  readonly vcpu: number;
  /** Usable memory for jobs (nominal less the ECS overhead, §13.7). */
  readonly memoryMiB: number;
  readonly gpu: number;
  readonly usdPerHour: number;
  /** What the same capacity costs On-Demand per hour (savingsVsOnDemandUsd); Fargate: the FARGATE rate. */
  readonly onDemandUsdPerHour: number;
  /** When billing starts (launch + instanceBillingDelaySeconds; 0 for UNMANAGED fleets). */
  readonly billingStartsAt: number;
}

/** A Spot market price changed (catalog.spot.prices): Spot instances of the type pay it from now. */
export interface SpotPriceChanged {
  readonly kind: "SpotPriceChanged";
  readonly time: number;
  readonly instanceType: string;
  readonly usdPerHour: number;
}

/** An instance became ready to accept jobs. */
export interface InstanceReady {
  readonly kind: "InstanceReady";
  readonly time: number;
  readonly instanceId: string;
}

/** A Spot interruption notice (§13.13): no new jobs are placed on the instance; it is reclaimed later. */
export interface InstanceInterruptionNoticed {
  readonly kind: "InstanceInterruptionNoticed";
  readonly time: number;
  readonly instanceId: string;
  /** When it will be reclaimed (time + spotNoticeSeconds). */
  readonly reclaimAt: number;
}

/** An instance ended: terminated (scale-in) or still up when the run ended. */
export interface InstanceTerminated {
  readonly kind: "InstanceTerminated";
  readonly time: number;
  readonly instanceId: string;
  /** "scale-in" | "end of run" (and "spot reclaim" later). */
  readonly reason: string;
  /** Billed seconds (60 s minimum applied) and money. */
  readonly billedSeconds: number;
  readonly billedUsd: number;
  /** The part of billedUsd with no job on the instance (including the minimum's top-up). */
  readonly idleUsd: number;
}

/**
 * A SubmitJob was refused (AWS returns an error; no job exists): the queue was DISABLED at that
 * moment, or a job it depends on was itself refused.
 */
export interface JobRejected {
  readonly kind: "JobRejected";
  readonly time: number;
  readonly jobName: string;
  readonly jobQueue: string;
  readonly reason: string;
}

/** An `actions:` entry was applied (CancelJob, TerminateJob, UpdateComputeEnvironment, UpdateJobQueue). */
export interface ActionApplied {
  readonly kind: "ActionApplied";
  readonly time: number;
  readonly action:
    | "cancelJob"
    | "terminateJob"
    | "updateComputeEnvironment"
    | "updateJobQueue"
    | "spotInterruption"
    | "capacityUnavailable";
  /** The jobId, CE name or queue name it applied to. */
  readonly target: string;
  /** What changed, in words (e.g. "state DISABLED, maxvCpus 64"; for jobs, the reason). */
  readonly detail: string;
}

/** The run ended at `time` (the horizon, or when nothing more can happen). */
export interface RunEnded {
  readonly kind: "RunEnded";
  readonly time: number;
}

export type Fact =
  | JobSubmitted
  | JobStateChanged
  | JobAttemptEnded
  | JobQueueBlocked
  | InstanceLaunched
  | InstanceReady
  | InstanceTerminated
  | InstanceInterruptionNoticed
  | SpotPriceChanged
  | ActionApplied
  | JobRejected
  | JobWaiting
  | RunEnded;

/** Receives facts in time order. */
export type FactSink = (fact: Fact) => void;

export type FactKind = Fact["kind"];

/** Every kind of fact, the most frequent first (factKindIndex() gives each one's position). */
export const FACT_KINDS: readonly FactKind[] = [
  "JobStateChanged",
  "JobSubmitted",
  "JobAttemptEnded",
  "JobWaiting",
  "JobQueueBlocked",
  "InstanceLaunched",
  "InstanceReady",
  "InstanceTerminated",
  "InstanceInterruptionNoticed",
  "SpotPriceChanged",
  "ActionApplied",
  "JobRejected",
  "RunEnded",
];

/** The position of `kind` in FACT_KINDS (a switch: cheaper than a keyed lookup per fact). */
export function factKindIndex(kind: FactKind): number {
  switch (kind) {
    case "JobStateChanged":
      return 0;
    case "JobSubmitted":
      return 1;
    case "JobAttemptEnded":
      return 2;
    case "JobWaiting":
      return 3;
    case "JobQueueBlocked":
      return 4;
    case "InstanceLaunched":
      return 5;
    case "InstanceReady":
      return 6;
    case "InstanceTerminated":
      return 7;
    case "InstanceInterruptionNoticed":
      return 8;
    case "SpotPriceChanged":
      return 9;
    case "ActionApplied":
      return 10;
    case "JobRejected":
      return 11;
    case "RunEnded":
      return 12;
  }
}
