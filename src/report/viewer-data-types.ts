/**
 * The data a run's report.html embeds and the web viewer (web/) reads: one JSON object, columnar
 * (parallel arrays) so that 100k jobs stay a few MB. The viewer imports only these types.
 *
 * Times are simulated seconds from the run's start (number); `startEpochMs` turns them into dates.
 * Every array of one table has the same length. Strings that repeat (CE names, instance types,
 * queues, reasons) are indexes into a `names`-style list of the table.
 */
import type { Summary } from "./summary-types.ts";

/** Bumped whenever a change would break an older viewer; the viewer refuses other values. */
export const VIEWER_DATA_FORMAT = 1;

export interface ViewerData {
  readonly format: typeof VIEWER_DATA_FORMAT;
  /** summary.json, as written. */
  readonly summary: Summary;
  readonly startEpochMs: number;
  /** Seconds simulated (summary.simulatedSeconds). */
  readonly endSeconds: number;
  readonly computeEnvironments: readonly {
    readonly name: string;
    readonly purchaseOption: "ON_DEMAND" | "SPOT" | "FARGATE" | "FARGATE_SPOT";
  }[];
  /**
   * schedulingPolicy: the fair-share policy's name, or null (FIFO); computeReservation (0–99) of that
   * policy: while N of the queue's shares are active, (computeReservation/100)^N of the queue's
   * maximum vCPU is held back for shares not active yet (aws-batch-model.md §6).
   */
  readonly jobQueues: readonly {
    readonly name: string;
    readonly platform: "EC2" | "FARGATE";
    readonly schedulingPolicy: string | null;
    readonly computeReservation: number | null;
  }[];
  /** Share ids seen, in first-seen order; with the weight-entitled share of a fair-share queue. */
  readonly shares: readonly string[];
  /** Step series (the value holds from each t until the next): timeseries.csv's change points. */
  readonly series: readonly Series[];
  readonly instances: InstanceTable;
  readonly jobs: JobTable;
  readonly attempts: AttemptTable;
  /** Why RUNNABLE jobs waited (decisions.csv): at most `limits.waits` rows. */
  readonly waits: WaitTable;
  /** What was left out to keep the file small; the viewer says so where it matters. */
  readonly limits: {
    /** Jobs beyond this many (in submission order) are not in `jobs`, nor their attempts and waits. */
    readonly jobs: number;
    readonly jobsDropped: number;
    /** Attempts beyond this many are not in `attempts` (the Gantt chart shows the first ones). */
    readonly attempts: number;
    readonly attemptsDropped: number;
    readonly waits: number;
    readonly waitsDropped: number;
    /** Series with more change points were reduced to at most this many (max over each bucket). */
    readonly seriesPoints: number;
  };
}

/**
 * One step series. metric: vcpuProvisioned | vcpuInUse (key: CE), runnableJobs | vcpuInUseByQueue
 * (key: queue), vcpuInUseByShare | entitledShare (key: share), costUsdPerHour | costUsd (key "").
 */
export interface Series {
  readonly metric: string;
  readonly key: string;
  readonly t: readonly number[];
  readonly v: readonly number[];
}

export interface InstanceTable {
  /** instanceId (EC2 `i-…`, Fargate `task-…`). */
  readonly id: readonly string[];
  /** Index into ViewerData.computeEnvironments. */
  readonly ce: readonly number[];
  /** Index into `types`. */
  readonly type: readonly number[];
  readonly types: readonly string[];
  readonly vcpu: readonly number[];
  readonly launchedAt: readonly number[];
  /** null: never became ready. */
  readonly readyAt: readonly (number | null)[];
  /** null: still up at the end of the run (then it ended at endSeconds). */
  readonly terminatedAt: readonly (number | null)[];
  /** Spot interruption notice time, or null. */
  readonly noticeAt: readonly (number | null)[];
  /** Index into `reasons` (scale-in, spot reclaim, task stopped, end of run…). */
  readonly reason: readonly number[];
  readonly reasons: readonly string[];
  readonly billedUsd: readonly number[];
}

export interface JobTable {
  readonly id: readonly string[];
  readonly name: readonly string[];
  /** Index into ViewerData.jobQueues. */
  readonly queue: readonly number[];
  /** Index into ViewerData.shares, or -1. */
  readonly share: readonly number[];
  readonly vcpus: readonly number[];
  readonly submittedAt: readonly number[];
  /** Seconds spent RUNNABLE, summed over attempts (summary.json's waitSeconds of the job). */
  readonly waitSeconds: readonly number[];
  /** Final status (or the status at the end of the run). */
  readonly status: readonly string[];
  /** First STARTING, or null. */
  readonly startedAt: readonly (number | null)[];
  /** SUCCEEDED/FAILED time, or null. */
  readonly endedAt: readonly (number | null)[];
  readonly statusReason: readonly string[];
}

export interface AttemptTable {
  /** Index into jobs. */
  readonly job: readonly number[];
  /** Index into instances (the main node's for multi-node jobs). */
  readonly instance: readonly number[];
  readonly startingAt: readonly number[];
  /** RUNNING, or null when it never ran. */
  readonly runningAt: readonly (number | null)[];
  /** End of the attempt; null: still running at the end of the run. */
  readonly endAt: readonly (number | null)[];
  /** Index into `causes`: exited, failed, timeout, oom, interrupted, terminated, … or "running". */
  readonly cause: readonly number[];
  readonly causes: readonly string[];
  readonly exitCode: readonly (number | null)[];
}

export interface WaitTable {
  readonly job: readonly number[];
  readonly t: readonly number[];
  /** Index into `reasons` (SCALING, AT_MAX, SHARE_ORDER, RESERVATION, CAPACITY, BLOCKED, …). */
  readonly reason: readonly number[];
  readonly reasons: readonly string[];
  readonly detail: readonly string[];
}

/**
 * What a page embeds: `<script id="batchsim-data" type="application/json">` + JSON.stringify(payload)
 * with every `<` written as `\u003c` + `</script>`. report.html holds one run; `batchsim view`
 * serves one or more (two: side by side). The built viewer (web/dist/index.html) holds the
 * placeholder VIEWER_PLACEHOLDER, which the writer replaces.
 */
export interface ViewerPayload {
  readonly runs: readonly { readonly label: string; readonly data: ViewerData }[];
  /** Comparisons and sweeps to show (`batchsim view` of a compare or sweep folder); absent: none. */
  readonly experiments?: readonly ExperimentView[];
}

/** A mean over replications with its 95 % confidence interval (null with one replication). */
export interface MeanCi {
  readonly mean: number;
  readonly ci95: readonly [number, number] | null;
}

/** What the viewer shows of a `batchsim compare` or `batchsim sweep` folder. */
export type ExperimentView =
  | {
      readonly kind: "comparison";
      readonly label: string;
      /** The scenario names of A and B. */
      readonly a: string;
      readonly b: string;
      readonly replications: number;
      /** By summary.json path (waitSeconds.p90, cost.totalUsd, …): A, B and the paired B − A. */
      readonly metrics: Readonly<
        Record<
          string,
          { readonly a: MeanCi | null; readonly b: MeanCi | null; readonly delta: MeanCi | null }
        >
      >;
    }
  | {
      readonly kind: "sweep";
      readonly label: string;
      /** The swept --set paths, in flag order. */
      readonly parameters: readonly string[];
      readonly replications: number;
      /** One per point, in point order: each parameter's value as YAML text, and the metrics. */
      readonly points: readonly {
        readonly values: readonly string[];
        readonly metrics: Readonly<Record<string, MeanCi | null>>;
      }[];
    };

/** The exact placeholder element of the built viewer page. */
export const VIEWER_PLACEHOLDER =
  '<script id="batchsim-data" type="application/json">{"runs":[]}</script>';
