/** The rows of a run folder that `batchsim explain` reads, typed (columns: scenario-format.md). */
import type { ATTEMPTS_CSV_COLUMNS, JOBS_CSV_COLUMNS } from "../report/index.ts";
import { num, type Row } from "./run-folder-read.ts";

/** jobs.csv columns explain reads (a subset of what the run writes: the compiler keeps them in step). */
export const JOB_COLUMNS = [
  "jobId",
  "jobName",
  "jobQueue",
  "shareIdentifier",
  "arrayJobId",
  "arrayIndex",
  "status",
  "statusReason",
  "createdAt",
  "runnableAt",
  "stoppedAt",
  "waitSeconds",
  "vcpus",
  "memoryMiB",
  "gpus",
  "costUsd",
] as const satisfies readonly (typeof JOBS_CSV_COLUMNS)[number][];

/** One jobs.csv row. */
export interface JobRow {
  readonly jobId: string;
  readonly jobName: string;
  readonly jobQueue: string;
  /** "" when none. */
  readonly shareIdentifier: string;
  /** "" unless an array child. */
  readonly arrayJobId: string;
  readonly arrayIndex: number | null;
  readonly status: string;
  readonly statusReason: string;
  readonly createdAt: number;
  readonly runnableAt: number | null;
  readonly stoppedAt: number | null;
  readonly waitSeconds: number | null;
  /** null for an array parent. */
  readonly vcpus: number | null;
  readonly memoryMiB: number | null;
  readonly gpus: number | null;
  readonly costUsd: number | null;
}

export function jobRow(r: Row): JobRow {
  return {
    jobId: r[0] ?? "",
    jobName: r[1] ?? "",
    jobQueue: r[2] ?? "",
    shareIdentifier: r[3] ?? "",
    arrayJobId: r[4] ?? "",
    arrayIndex: num(r[5]),
    status: r[6] ?? "",
    statusReason: r[7] ?? "",
    createdAt: num(r[8]) ?? 0,
    runnableAt: num(r[9]),
    stoppedAt: num(r[10]),
    waitSeconds: num(r[11]),
    vcpus: num(r[12]),
    memoryMiB: num(r[13]),
    gpus: num(r[14]),
    costUsd: num(r[15]),
  };
}

/** An array parent: its row leaves the per-attempt columns (vcpus among them) empty. */
export function isArrayParent(job: JobRow): boolean {
  return job.arrayJobId === "" && job.vcpus === null;
}

/** attempts.csv columns explain reads (a subset of what the run writes). */
export const ATTEMPT_COLUMNS = [
  "jobId",
  "attempt",
  "status",
  "statusReason",
  "reason",
  "exitCode",
  "startingAt",
  "startedAt",
  "stoppedAt",
  "computeEnvironment",
  "instanceType",
  "instanceId",
  "costUsd",
  "cause",
] as const satisfies readonly (typeof ATTEMPTS_CSV_COLUMNS)[number][];

/** One attempts.csv row. */
export interface AttemptRow {
  readonly jobId: string;
  readonly attempt: number;
  readonly status: string;
  readonly statusReason: string;
  readonly reason: string;
  readonly exitCode: number | null;
  readonly startingAt: number;
  readonly startedAt: number | null;
  /** null while open at the end of the run. */
  readonly stoppedAt: number | null;
  readonly computeEnvironment: string;
  readonly instanceType: string;
  readonly instanceId: string;
  readonly costUsd: number | null;
  readonly cause: string;
}

export function attemptRow(r: Row): AttemptRow {
  return {
    jobId: r[0] ?? "",
    attempt: num(r[1]) ?? 0,
    status: r[2] ?? "",
    statusReason: r[3] ?? "",
    reason: r[4] ?? "",
    exitCode: num(r[5]),
    startingAt: num(r[6]) ?? 0,
    startedAt: num(r[7]),
    stoppedAt: num(r[8]),
    computeEnvironment: r[9] ?? "",
    instanceType: r[10] ?? "",
    instanceId: r[11] ?? "",
    costUsd: num(r[12]),
    cause: r[13] ?? "",
  };
}

/** decisions.csv columns. */
export const DECISION_COLUMNS = ["time", "jobId", "reason", "detail"] as const;

/** One decisions.csv row. */
export interface Decision {
  readonly time: number;
  readonly jobId: string;
  readonly reason: string;
  readonly detail: string;
}

export function decisionRow(r: Row): Decision {
  return { time: num(r[0]) ?? 0, jobId: r[1] ?? "", reason: r[2] ?? "", detail: r[3] ?? "" };
}
