/**
 * The validated, normalised scenario that simulate() takes: plain data, every unit resolved
 * (durations in seconds, memory in MiB), every name reference checked, defaults filled in.
 * The YAML shape users write (AWS request shapes) lives in schema.ts; normalize.ts turns one into this.
 */
import type { Catalog, SpotInterruptionBucket } from "../model/catalog.ts";
import type { FargateArchitecture } from "../model/fargate.ts";
import type { TraceTable } from "./trace-types.ts";

/** A random (or fixed) duration, in seconds once drawn. */
export type Distribution =
  | { readonly kind: "fixed"; readonly seconds: number }
  | { readonly kind: "exponential"; readonly meanSeconds: number }
  /** Of ln(seconds): median = e^mu; p90 = e^(mu + 1.2815515655446004·sigma). */
  | { readonly kind: "lognormal"; readonly mu: number; readonly sigma: number }
  | { readonly kind: "uniform"; readonly minSeconds: number; readonly maxSeconds: number }
  | {
      readonly kind: "empirical";
      readonly valuesSeconds: readonly number[];
      /** Same length as valuesSeconds, each ≥ 0, sum > 0. */
      readonly weights: readonly number[];
    };

/**
 * The modelling defaults of aws-batch-model.md §13 that are in effect.
 */
export interface Settings {
  readonly schedulerIntervalSeconds: number;
  readonly scaleIntervalSeconds: number;
  readonly fifoBackfill: boolean;
  readonly instanceReadySeconds: Distribution;
  readonly gpuInstanceReadySeconds: Distribution;
  readonly jobStartingSeconds: Distribution;
  /** A Fargate job's STARTING time (provisioning and container start together, §13.8). */
  readonly fargateStartingSeconds: Distribution;
  /** The Spot Advisor bucket whose hazard Fargate Spot tasks are interrupted with (§13.13). */
  readonly fargateSpotInterruptionBucket: SpotInterruptionBucket;
  readonly instanceBillingDelaySeconds: number;
  readonly scaleInIdleSeconds: number;
  readonly ecsMemoryOverheadPercent: number;
  readonly ecsMemoryOverheadMiB: number;
  /** Where a retried job goes in its queue (§13.12): its original place, or the back. */
  readonly retryRequeue: "original" | "tail";
  /** SIGTERM → SIGKILL grace after a timeout (§13.18). */
  readonly timeoutKillSeconds: number;
  /** Fraction of its drawn runtime after which an over-memory container is killed (§13.18), 0 < f ≤ 1. */
  readonly oomKillFraction: number;
  /** The decay window used when shareDecaySeconds is 0 (§13.10); 0 selects "current usage only". */
  readonly shareDecayZeroSeconds: number;
  /** Time between a Spot interruption notice and the reclaim (§13.13). */
  readonly spotNoticeSeconds: number;
  /** Most instances of a type that may exist at once, by instance type (§13.6); absent: unlimited. */
  readonly poolCapacity: Readonly<Record<string, number>>;
}

export type AllocationStrategy =
  | "BEST_FIT"
  | "BEST_FIT_PROGRESSIVE"
  | "BEST_FIT_PROGRESSIVE_ORDERED"
  | "SPOT_CAPACITY_OPTIMIZED"
  | "SPOT_PRICE_CAPACITY_OPTIMIZED"
  | "SPOT_CAPACITY_OPTIMIZED_PRIORITIZED";

export interface ComputeEnvironment {
  readonly computeEnvironmentName: string;
  readonly type: "MANAGED" | "UNMANAGED";
  readonly state: "ENABLED" | "DISABLED";
  /**
   * MANAGED only; null for UNMANAGED. FARGATE / FARGATE_SPOT have no EC2 fields (validation rejects
   * them): allocationStrategy "BEST_FIT", minvCpus 0, desiredvCpus 0, instanceTypes [],
   * bidPercentage 100 and minScaleDownDelaySeconds null; maxvCpus caps the sum of the jobs' vCPU.
   */
  readonly computeResources: {
    readonly type: "EC2" | "SPOT" | "FARGATE" | "FARGATE_SPOT";
    readonly allocationStrategy: AllocationStrategy;
    readonly minvCpus: number;
    readonly maxvCpus: number;
    readonly desiredvCpus: number;
    /** As the user wrote them (sizes, families, aliases); model/catalog.ts expands them. */
    readonly instanceTypes: readonly string[];
    readonly bidPercentage: number;
    /** scalingPolicy.minScaleDownDelayMinutes × 60, or null (0 or absent): keep an instance this long after its last job (§7). */
    readonly minScaleDownDelaySeconds: number | null;
  } | null;
  /** UNMANAGED only: AWS's unmanagedvCpus (fair-share base), null when absent. */
  readonly unmanagedvCpus: number | null;
  /** UNMANAGED only: the fleet present, ready, for the whole run. */
  readonly fleet: readonly { readonly instanceType: string; readonly count: number }[];
}

export interface JobQueue {
  readonly jobQueueName: string;
  readonly state: "ENABLED" | "DISABLED";
  readonly priority: number;
  /** CE names in ascending `order`. */
  readonly computeEnvironments: readonly string[];
  /** The scheduling policy's name (from schedulingPolicyArn: a name, or an ARN ending in /name), or null: FIFO. */
  readonly schedulingPolicy: string | null;
  /** jobStateTimeLimitActions, in list order (§5, §13.4). */
  readonly jobStateTimeLimitActions: readonly JobStateTimeLimitAction[];
}

/** A queue's jobStateTimeLimitAction (ECS queues: only CANCEL of RUNNABLE jobs). */
export interface JobStateTimeLimitAction {
  /** A blocked-reason code, e.g. "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT" (matched as a prefix). */
  readonly reason: string;
  readonly state: "RUNNABLE";
  /** 600–86400. */
  readonly maxTimeSeconds: number;
  readonly action: "CANCEL";
}

/** CreateSchedulingPolicy with a fairsharePolicy (aws-batch-model.md §6). */
export interface SchedulingPolicy {
  readonly name: string;
  /** 0–604800; 0 is resolved by settings.shareDecayZeroSeconds (§13.10). */
  readonly shareDecaySeconds: number;
  /** 0–99. */
  readonly computeReservation: number;
  /**
   * In list order. `shareIdentifier` may end with `*` (a prefix share; no two entries overlap);
   * `weightFactor` 0.0001–999.9999 (default 1). Identifiers not listed have weight 1.
   */
  readonly shareDistribution: readonly {
    readonly shareIdentifier: string;
    readonly weightFactor: number;
  }[];
}

/** What one job asks for and does, resolved from its definition, its SubmitJob overrides and `sim:` blocks. */
export interface JobSpec {
  readonly jobQueue: string;
  readonly jobDefinition: string;
  /** SubmitJob's shareIdentifier: required on fair-share queues, forbidden on FIFO ones. */
  readonly shareIdentifier: string | null;
  /** schedulingPriorityOverride ?? the definition's schedulingPriority (0–9999); null on FIFO queues without one. */
  readonly schedulingPriority: number | null;
  readonly platform: "EC2" | "FARGATE";
  /** runtimePlatform.cpuArchitecture (Fargate prices differ by architecture); X86_64 by default. */
  readonly cpuArchitecture: FargateArchitecture;
  /** ephemeralStorage.sizeInGiB (Fargate: 21–200, billed above 20), 20 by default. */
  readonly ephemeralStorageGiB: number;
  /** A Fargate job's vCPU/MEMORY is one of Fargate's valid sizes (validation checks it). */
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly gpus: number;
  readonly runtime: Distribution;
  /** Exit codes with probabilities summing to 1, in ascending code order. */
  readonly exitCodes: readonly { readonly exitCode: number; readonly probability: number }[];
  /** retryStrategy (SubmitJob's replaces the definition's); `{attempts: 1, evaluateOnExit: []}` when none. */
  readonly retryStrategy: RetryStrategy;
  /** timeout.attemptDurationSeconds (SubmitJob's over the definition's), ≥ 60, or null. */
  readonly attemptDurationSeconds: number | null;
  /** sim.memoryUsedMiB: what the container really uses; above memoryMiB it is OOM-killed. null: within limits. */
  readonly memoryUsedMiB: number | null;
  /** arrayProperties.size (2–10000) for an array job, or null. Children share this spec. */
  readonly arraySize: number | null;
  /**
   * A multi-node parallel job (`type: multinode`), or null. Then vcpus/memoryMiB/gpus above are the
   * MAIN node's; every node takes a whole instance (§4, §13.17).
   */
  readonly nodeProperties: NodeProperties | null;
}

/** nodeProperties of a multi-node parallel job, after SubmitJob's nodeOverrides. */
export interface NodeProperties {
  /** 1–1000 (after nodeOverrides.numNodes). */
  readonly numNodes: number;
  /** Index of the main node, < numNodes. */
  readonly mainNode: number;
  /**
   * The node groups, covering 0..numNodes−1 exactly once each after nested ranges override outer
   * ones; in ascending `fromNode`. One group per run of consecutive nodes that one node range owns:
   * ≤ 5 ranges give at most 9 groups (a nested range splits the range around it).
   */
  readonly groups: readonly NodeGroup[];
  /** The one instance type every node uses (nodeRangeProperties[].instanceTypes; all equal), or null: the CE chooses. */
  readonly instanceType: string | null;
}

/** Nodes fromNode..toNode (inclusive) and what each of their containers asks for. */
export interface NodeGroup {
  readonly fromNode: number;
  readonly toNode: number;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly gpus: number;
}

/** AWS RetryStrategy, normalised. */
export interface RetryStrategy {
  /** 1–10: how many times the job may be moved to RUNNABLE. */
  readonly attempts: number;
  /** ≤ 5 entries, in order; the first match decides (§13.12). */
  readonly evaluateOnExit: readonly EvaluateOnExit[];
}

/** One evaluateOnExit entry: each present pattern must match (a trailing `*` is a prefix; `*` alone matches anything). */
export interface EvaluateOnExit {
  readonly onStatusReason: string | null;
  readonly onReason: string | null;
  readonly onExitCode: string | null;
  /** Upper-cased (AWS accepts any case). */
  readonly action: "RETRY" | "EXIT";
}

/**
 * One dependsOn entry, normalised. `jobName` names another job of the same `jobs:` list or an earlier
 * step of the same pipeline; null only with SEQUENTIAL on an array (child i waits for child i−1).
 * type null: a plain dependency (on the whole job; on an array parent, on every child).
 */
export interface Dependency {
  readonly jobName: string | null;
  readonly type: "N_TO_N" | "SEQUENTIAL" | null;
}

export type Arrivals =
  | {
      readonly process: "poisson";
      readonly ratePerHour: number;
      readonly fromSeconds: number;
      readonly toSeconds: number | null;
      readonly count: number | null;
    }
  | {
      readonly process: "fixed";
      readonly everySeconds: number;
      readonly fromSeconds: number;
      readonly toSeconds: number | null;
      readonly count: number | null;
    }
  | { readonly process: "at"; readonly atSeconds: readonly number[] }
  | { readonly process: "diurnal"; readonly ratePerHour: readonly number[]; readonly days: number };

/** One explicit submission of a `jobs:` list. */
export interface ExplicitJob {
  readonly atSeconds: number;
  readonly jobName: string;
  readonly spec: JobSpec;
  /** Dependencies on earlier explicit jobs (and SEQUENTIAL on itself). */
  readonly dependsOn: readonly Dependency[];
}

/** One step of a pipeline: a SubmitJob request whose dependsOn names earlier steps. */
export interface PipelineStep {
  /** The step's name; its jobs are named `${stream}-${n}-${step}`. */
  readonly step: string;
  readonly spec: JobSpec;
  /** `jobName` here is an earlier step's name. */
  readonly dependsOn: readonly Dependency[];
}

export type WorkloadStream =
  | {
      readonly kind: "arrivals";
      readonly name: string;
      /** Jobs are named `${namePrefix}-${n}`, n from 1. */
      readonly namePrefix: string;
      readonly spec: JobSpec;
      readonly arrivals: Arrivals;
    }
  | { readonly kind: "jobs"; readonly name: string; readonly jobs: readonly ExplicitJob[] }
  | {
      readonly kind: "pipeline";
      readonly name: string;
      /** Every arrival submits every step, in list order, at that instant. */
      readonly arrivals: Arrivals;
      readonly steps: readonly PipelineStep[];
    }
  | {
      /** `arrivals: {process: trace}`: one submission per replayed job line of a recorded trace. */
      readonly kind: "trace";
      readonly name: string;
      /** Jobs are named `${namePrefix}-${trace job number}`. */
      readonly namePrefix: string;
      /**
       * The job spec of each job queue the trace's jobs go to (specs[0]: the submit's jobQueue). Per
       * job, vcpus, runtime, shareIdentifier, memoryMiB (with memoryMiBPerProcessor) and
       * attemptDurationSeconds (with requestedTimeAsTimeout) are replaced from the trace.
       */
      readonly specs: readonly JobSpec[];
      readonly trace: TraceReplay;
    };

/** A trace to replay, its window and mapping options resolved. */
export interface TraceReplay {
  readonly format: "swf";
  /** The file: as written when absolute, else joined to the scenario file's folder. */
  readonly path: string;
  readonly table: TraceTable;
  /**
   * The table rows replayed, in submission order (by submit time, then file order): inside the
   * window (from/to, maxJobs), known runtime and processors, submitted before `until`.
   */
  readonly rows: Int32Array;
  /** Trace seconds of the window's start: a row's submission is (submit − originSeconds) × timeScale. */
  readonly originSeconds: number;
  readonly timeScale: number;
  /** Job lines in the window skipped for an unknown runtime (≤ 0), processors or submit time. */
  readonly skipped: number;
  /** Malformed lines skipped under --lenient (0 otherwise: they are errors). */
  readonly malformedLines: number;
  readonly vcpusPerProcessor: number;
  /** MEMORY = processors × this; null: the job definition's MEMORY. */
  readonly memoryMiBPerProcessor: number | null;
  /** Field 9 (requested time, at least 60 s) as timeout.attemptDurationSeconds. */
  readonly requestedTimeAsTimeout: boolean;
  /** A template with `{user}`, `{group}`, `{queue}` placeholders, or null: the spec's shareIdentifier. */
  readonly shareIdentifier: string | null;
  /** SWF queue number → index into the stream's specs; unlisted numbers use specs[0]. */
  readonly queues: readonly { readonly queueNumber: number; readonly specIndex: number }[];
}

/** An operation at a simulated time (top-level `actions:`), AWS request shapes. */
export type Action =
  | {
      readonly atSeconds: number;
      readonly kind: "cancelJob" | "terminateJob";
      /** An explicit job's jobName (unique in the scenario). */
      readonly jobName: string;
      /** AWS requires a non-empty reason; it becomes the statusReason. */
      readonly reason: string;
    }
  | {
      readonly atSeconds: number;
      readonly kind: "updateComputeEnvironment";
      readonly computeEnvironment: string;
      readonly state: "ENABLED" | "DISABLED" | null;
      readonly minvCpus: number | null;
      readonly maxvCpus: number | null;
      readonly desiredvCpus: number | null;
    }
  | {
      readonly atSeconds: number;
      /** Simulator-only: Spot interruption notices now for a fraction of the live Spot instances. */
      readonly kind: "spotInterruption";
      /** 0 < fraction ≤ 1: each matching instance is noticed with this probability (its own draw). */
      readonly fraction: number;
      /** Only these instance types (sizes), or null: every type. */
      readonly instanceTypes: readonly string[] | null;
      /** Only this SPOT CE, or null: every SPOT CE. */
      readonly computeEnvironment: string | null;
    }
  | {
      readonly atSeconds: number;
      /** Simulator-only: these instance types cannot be launched for a while (a capacity shortage). */
      readonly kind: "capacityUnavailable";
      readonly instanceTypes: readonly string[];
      readonly durationSeconds: number;
    }
  | {
      readonly atSeconds: number;
      readonly kind: "updateJobQueue";
      readonly jobQueue: string;
      readonly state: "ENABLED" | "DISABLED" | null;
      readonly priority: number | null;
      /** CE names in ascending order, or null (unchanged). */
      readonly computeEnvironments: readonly string[] | null;
    };

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** As given (a --seed overrides it before normalisation). */
  readonly seed: string;
  /** Epoch milliseconds of time 0 (from `start:`, default 2026-01-01T00:00:00Z). */
  readonly startEpochMs: number;
  /** The run lasts exactly this long, or null: until everything is done (aws-batch-model.md §13.21). */
  readonly untilSeconds: number | null;
  readonly region: string;
  readonly settings: Settings;
  /** The built-in catalog merged with `catalog.instanceTypes`. */
  readonly catalog: Catalog;
  /**
   * `catalog.spot.prices`: Spot price changes by instance type (each × priceFactor), in type-name
   * order. Before a type's first point its catalog price holds; from each point's time, its price.
   */
  readonly spotPrices: readonly SpotPriceSeries[];
  readonly computeEnvironments: readonly ComputeEnvironment[];
  readonly jobQueues: readonly JobQueue[];
  readonly schedulingPolicies: readonly SchedulingPolicy[];
  readonly workload: readonly WorkloadStream[];
  /** In time order (ties: list order). */
  readonly actions: readonly Action[];
}

/** One instance type's Spot price over time. */
export interface SpotPriceSeries {
  readonly instanceType: string;
  /** Ascending atSeconds (≥ 0, distinct); usdPerHour ≥ 0, priceFactor applied. */
  readonly points: readonly { readonly atSeconds: number; readonly usdPerHour: number }[];
}
