/**
 * DescribeJobs' JobDetail for a job as the ledger knows it (aws-batch-model.md §10), with
 * deterministic ARNs in account 123456789012. Times are epoch milliseconds counted from `start:`.
 */

import type { EvaluateOnExit } from "../scenario/types.ts";
import type { JobSubmitted } from "../sim/index.ts";
import { statusSummary } from "./array-summary.ts";
import type { ReportContext } from "./context.ts";
import type { AttemptRecord, JobRecord } from "./job-ledger.ts";

/** The account every ARN uses. */
export const ACCOUNT_ID = "123456789012";

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Builders of the ARNs and timestamps of one run. */
export interface Arns {
  job(jobId: string): string;
  jobQueue(name: string): string;
  computeEnvironment(name: string): string;
  jobDefinition(name: string): string;
  instance(instanceId: string): string;
  /** Epoch ms of a simulated time (rounded to the millisecond). */
  epochMs(seconds: number): number;
}

/** ARN and time builders for a run's region and start. */
export function arns(ctx: ReportContext): Arns {
  const batch = `arn:aws:batch:${ctx.region}:${ACCOUNT_ID}`;
  return {
    job: (jobId) => `${batch}:job/${jobId}`,
    jobQueue: (name) => `${batch}:job-queue/${name}`,
    computeEnvironment: (name) => `${batch}:compute-environment/${name}`,
    // Definitions are registered once per run: revision 1.
    jobDefinition: (name) => `${batch}:job-definition/${name}:1`,
    instance: (id) => `arn:aws:ec2:${ctx.region}:${ACCOUNT_ID}:instance/${id}`,
    epochMs: (seconds) => Math.round(ctx.startEpochMs + seconds * 1000),
  };
}

/** The JobDetail of `job` now. Optional fields AWS omits when unset are omitted. */
export function jobDetail(
  job: JobRecord,
  ctx: ReportContext,
  a: Arns,
  platform: "EC2" | "FARGATE",
): Record<string, Json> {
  const s = job.submitted;
  const attempt = job.current ?? job.lastEnded;
  const detail: Record<string, Json> = {
    jobArn: a.job(s.jobId),
    jobName: s.jobName,
    jobId: s.jobId,
    jobQueue: a.jobQueue(s.jobQueue),
    status: job.status,
  };
  if (job.statusReason !== "") detail.statusReason = job.statusReason;
  detail.attempts = job.ended.map((e) => attemptDetail(s.jobId, e, ctx, a));
  detail.createdAt = a.epochMs(s.time);
  const startedAt = attempt?.startedAt ?? null;
  if (startedAt !== null) detail.startedAt = a.epochMs(startedAt);
  if (job.stoppedAt !== null) detail.stoppedAt = a.epochMs(job.stoppedAt);
  detail.dependsOn = s.dependsOn.map((jobId) => ({ jobId }));
  detail.jobDefinition = a.jobDefinition(s.jobDefinition);
  detail.parameters = {};
  detail.container = containerDetail(job, attempt, ctx);
  if (job.isCancelled) detail.isCancelled = true;
  if (job.isTerminated) detail.isTerminated = true;
  const retry = retryStrategy(s);
  if (retry !== null) detail.retryStrategy = retry;
  if (job.arraySummary !== null) {
    detail.arrayProperties = {
      statusSummary: statusSummary(job.arraySummary),
      statusSummaryLastUpdatedAt: a.epochMs(job.arraySummary.updatedAt),
      size: s.arraySize,
    };
  }
  if (s.arrayIndex !== null) detail.arrayProperties = { index: s.arrayIndex };
  detail.tags = {};
  detail.propagateTags = false;
  detail.platformCapabilities = [platform];
  if (s.shareIdentifier !== null) detail.shareIdentifier = s.shareIdentifier;
  if (s.schedulingPriority !== null) detail.schedulingPriority = s.schedulingPriority;
  if (s.attemptDurationSeconds !== null) {
    detail.timeout = { attemptDurationSeconds: s.attemptDurationSeconds };
  }
  return detail;
}

/**
 * AWS JobDetail.retryStrategy: shown when the job may be attempted more than once (the fact's
 * maxAttempts is 1 both when no retryStrategy was given and when attempts: 1 was, so both omit it).
 */
export function retryStrategy(s: JobSubmitted): Json {
  const evaluateOnExit = s.evaluateOnExit;
  if (s.maxAttempts <= 1 && evaluateOnExit.length === 0) return null;
  const out: Record<string, Json> = { attempts: s.maxAttempts };
  if (evaluateOnExit.length > 0) out.evaluateOnExit = evaluateOnExit.map(evaluateOnExitDetail);
  return out;
}

function evaluateOnExitDetail(e: EvaluateOnExit): Json {
  const out: Record<string, Json> = {};
  if (e.onStatusReason !== null) out.onStatusReason = e.onStatusReason;
  if (e.onReason !== null) out.onReason = e.onReason;
  if (e.onExitCode !== null) out.onExitCode = e.onExitCode;
  out.action = e.action;
  return out;
}

export function resourceRequirements(job: JobRecord): Json[] {
  const s = job.submitted;
  const out: Json[] = [
    { type: "VCPU", value: String(s.vcpus) },
    { type: "MEMORY", value: String(s.memoryMiB) },
  ];
  if (s.gpus > 0) out.push({ type: "GPU", value: String(s.gpus) });
  return out;
}

function containerDetail(
  job: JobRecord,
  attempt: AttemptRecord | null,
  ctx: ReportContext,
): Record<string, Json> {
  const container: Record<string, Json> = { resourceRequirements: resourceRequirements(job) };
  if (!attempt) return container;
  Object.assign(container, attemptContainer(job.submitted.jobId, attempt, ctx));
  return container;
}

function attemptContainer(
  jobId: string,
  e: AttemptRecord,
  ctx: ReportContext,
): Record<string, Json> {
  const out = attemptArns(jobId, e, ctx);
  if (e.exitCode !== null) out.exitCode = e.exitCode;
  if (e.reason !== "") out.reason = e.reason;
  return out;
}

/** An attempt's container ARNs: set when the attempt starts, unchanged until it ends. */
export function attemptArns(
  jobId: string,
  e: AttemptRecord,
  ctx: ReportContext,
): Record<string, Json> {
  const out: Record<string, Json> = {};
  const ce = e.computeEnvironment ?? "fargate";
  // A Fargate task (id `task-…`) has no container instance; its ARN ends with the task id.
  const fargateTask = e.instanceId?.startsWith("task-") ?? false;
  if (e.instanceId !== null && !fargateTask) {
    out.containerInstanceArn = `arn:aws:ecs:${ctx.region}:${ACCOUNT_ID}:container-instance/${ce}/${e.instanceId}`;
  }
  const task = fargateTask ? e.instanceId!.slice("task-".length) : `${jobId}-${e.attempt}`;
  out.taskArn = `arn:aws:ecs:${ctx.region}:${ACCOUNT_ID}:task/${ce}/${task}`;
  return out;
}

export function attemptDetail(jobId: string, e: AttemptRecord, ctx: ReportContext, a: Arns): Json {
  const out: Record<string, Json> = { container: attemptContainer(jobId, e, ctx) };
  if (e.startedAt !== null) out.startedAt = a.epochMs(e.startedAt);
  if (e.stoppedAt !== null) out.stoppedAt = a.epochMs(e.stoppedAt);
  out.statusReason = e.statusReason;
  return out;
}
