/**
 * Reads an AWS Batch job history from its top-level JSON values (see json-values.ts), auto-detecting
 * the kind: DescribeJobs output (`{"jobs": [JobDetail…]}` pages, or bare JobDetails) or EventBridge
 * `Batch Job State Change` events (each `detail` a JobDetail at that status change). Keeps one record
 * per job (the latest JobDetail seen) and, for events, the time of each status change.
 */
import { HistoryInputError, type JsonValueText, parseValue } from "./json-values.ts";
import {
  type History,
  type HistoryAttempt,
  type HistoryDependency,
  type HistoryEvaluateOnExit,
  type HistoryFormat,
  type HistoryJob,
  JOB_STATUSES,
  type JobStatus,
  type StatusTime,
} from "./types.ts";

type Obj = Record<string, unknown>;

/** Feed each value with add(), then finish(). Both throw HistoryInputError with a line. */
export interface HistoryReader {
  add(value: JsonValueText): void;
  finish(): History;
}

interface Entry {
  job: HistoryJob;
  /** Which JobDetail wins: terminal first, then later event time, then later status. */
  key: [number, number, number];
  statuses: StatusTime[];
  order: number;
}

const STATUS_RANK: ReadonlyMap<string, number> = new Map(JOB_STATUSES.map((s, i) => [s, i]));

function isTerminal(status: JobStatus): boolean {
  return status === "SUCCEEDED" || status === "FAILED";
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Creates a reader. */
export function createHistoryReader(): HistoryReader {
  const entries = new Map<string, Entry>();
  let format: HistoryFormat | null = null;
  let formatLine = 0;
  let records = 0;
  let skippedEvents = 0;
  let subSecondTimes = false;
  let order = 0;

  const setFormat = (f: HistoryFormat, line: number): void => {
    if (format === null) {
      format = f;
      formatLine = line;
    } else if (format !== f) {
      throw new HistoryInputError(
        line,
        `this is ${f === "events" ? "an EventBridge event" : "DescribeJobs output"} but line ${formatLine} was ${format === "events" ? "an EventBridge event" : "DescribeJobs output"}: give one kind of history per file`,
      );
    }
  };

  const keep = (job: HistoryJob, key: Entry["key"], status: StatusTime | null): void => {
    const entry = entries.get(job.jobId);
    if (!entry) {
      entries.set(job.jobId, { job, key, statuses: status ? [status] : [], order: order++ });
      return;
    }
    if (status) entry.statuses.push(status);
    if (compareKeys(key, entry.key) >= 0) {
      entry.job = { ...job, line: entry.job.line };
      entry.key = key;
    }
  };

  const addJobDetail = (detail: Obj, line: number, text: string): void => {
    const job = readJobDetail(detail, lineOfJob(detail, line, text));
    records += 1;
    keep(job, [isTerminal(job.status) ? 1 : 0, 0, STATUS_RANK.get(job.status) ?? 0], null);
  };

  return {
    add(value) {
      const v = parseValue(value);
      const line = value.line;
      if (!isObj(v)) throw new HistoryInputError(line, "not a JSON object");
      if ("detail-type" in v) {
        setFormat("events", line);
        if (v["detail-type"] !== "Batch Job State Change") {
          skippedEvents += 1;
          return;
        }
        const detail = v.detail;
        if (!isObj(detail))
          throw new HistoryInputError(line, "a Batch Job State Change event needs a detail object");
        const time = typeof v.time === "string" ? Date.parse(v.time) : Number.NaN;
        if (Number.isNaN(time))
          throw new HistoryInputError(
            line,
            "an event needs its time (ISO-8601, as EventBridge writes it)",
          );
        if (time % 1000 !== 0) subSecondTimes = true;
        const job = readJobDetail(detail, line);
        records += 1;
        const at = statusTime(job, time);
        keep(job, [isTerminal(job.status) ? 1 : 0, time, STATUS_RANK.get(job.status) ?? 0], {
          status: job.status,
          at,
        });
        return;
      }
      if (Array.isArray(v.jobs)) {
        setFormat("describeJobs", line);
        for (const detail of v.jobs) {
          if (!isObj(detail))
            throw new HistoryInputError(line, "every element of jobs must be a JobDetail object");
          addJobDetail(detail, line, value.text);
        }
        return;
      }
      if ("jobId" in v && "status" in v && "jobQueue" in v) {
        setFormat("describeJobs", line);
        addJobDetail(v, line, value.text);
        return;
      }
      throw new HistoryInputError(line, describeUnknown(v));
    },
    finish() {
      if (format === null || entries.size === 0)
        throw new HistoryInputError(
          1,
          skippedEvents > 0
            ? `no Batch Job State Change events (${skippedEvents} other events)`
            : 'no jobs: expected DescribeJobs output ({"jobs": [...]}) or EventBridge Batch Job State Change events',
        );
      const list = [...entries.values()].sort(
        (a, b) => a.job.createdAt - b.job.createdAt || a.order - b.order,
      );
      const jobs = list.map((e) => ({ ...e.job, statuses: cleanStatuses(e.statuses) }));
      return { format, jobs, records, skippedEvents, subSecondTimes };
    },
  };
}

function compareKeys(a: Entry["key"], b: Entry["key"]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The time a status was entered: RUNNING at startedAt, an end at stoppedAt (milliseconds), else the event's time. */
function statusTime(job: HistoryJob, eventTime: number): number {
  if (job.status === "RUNNING" && job.startedAt !== null) return job.startedAt;
  if (isTerminal(job.status) && job.stoppedAt !== null) return job.stoppedAt;
  if (job.status === "SUBMITTED") return job.createdAt;
  return eventTime;
}

/** Statuses in time order (ties in lifecycle order), exact duplicates (at-least-once delivery) removed. */
function cleanStatuses(statuses: StatusTime[]): StatusTime[] {
  const s = [...statuses].sort(
    (a, b) => a.at - b.at || (STATUS_RANK.get(a.status) ?? 0) - (STATUS_RANK.get(b.status) ?? 0),
  );
  return s.filter((x, i) => i === 0 || x.status !== s[i - 1]?.status || x.at !== s[i - 1]?.at);
}

/** Why a value is neither kind, with a hint for look-alikes. */
function describeUnknown(v: Obj): string {
  if (Array.isArray(v.jobSummaryList))
    return "this is ListJobs output (jobSummaryList), which has no job details: pass its job ids to DescribeJobs and give its output";
  if ("t" in v && "jobId" in v && "status" in v)
    return "this is batchsim's compact events.jsonl, which has no job details: run with --events full";
  const keys = Object.keys(v).slice(0, 5).join(", ");
  return `not a DescribeJobs page ({"jobs": [...]}), a JobDetail or a Batch Job State Change event (keys: ${keys === "" ? "none" : keys})`;
}

/** The line of a job inside a page: where its jobId first appears in the page's text, else the page's line. */
function lineOfJob(detail: Obj, line: number, text: string): number {
  if (typeof detail.jobId !== "string") return line;
  const at = text.indexOf(JSON.stringify(detail.jobId));
  if (at < 0) return line;
  let out = line;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) out++;
  return out;
}

/** The name at the end of an ARN (`…:job-queue/name`), or the value itself when it is not one. */
export function nameFromArn(value: string, resource: string): string {
  const at = value.lastIndexOf(`:${resource}/`);
  return at >= 0 ? value.slice(at + resource.length + 2) : value;
}

function readJobDetail(d: Obj, line: number): HistoryJob {
  const fail = (message: string): never => {
    const id = typeof d.jobId === "string" ? `job ${d.jobId}: ` : "";
    throw new HistoryInputError(line, `${id}${message}`);
  };
  const str = (key: string): string => {
    const v = d[key];
    if (typeof v !== "string" || v === "") return fail(`a JobDetail needs ${key} (a string)`);
    return v;
  };
  const jobId = str("jobId");
  const jobName = typeof d.jobName === "string" && d.jobName !== "" ? d.jobName : jobId;
  const jobQueue = nameFromArn(str("jobQueue"), "job-queue");
  const jobDefinition = nameFromArn(str("jobDefinition"), "job-definition").replace(/:\d+$/, "");
  const status = str("status");
  if (!STATUS_RANK.has(status))
    fail(`status ${JSON.stringify(status)} is not a JobStatus (${JOB_STATUSES.join(", ")})`);
  const createdAt = epochMs(d.createdAt);
  if (createdAt === null) fail("a JobDetail needs createdAt (epoch milliseconds)");
  const array = isObj(d.arrayProperties) ? d.arrayProperties : {};
  const arrayIndex = typeof array.index === "number" ? array.index : null;
  const childMatch = /^(.+):(\d+)$/.exec(jobId);
  const isChild = arrayIndex !== null || (childMatch !== null && array.size === undefined);
  const container = isObj(d.container) ? d.container : {};
  const resources = readResources(container);
  const retry = isObj(d.retryStrategy) ? d.retryStrategy : {};
  const timeout = isObj(d.timeout) ? d.timeout : {};
  const platforms = Array.isArray(d.platformCapabilities) ? d.platformCapabilities : [];
  return {
    jobId,
    jobName,
    jobQueue,
    jobDefinition,
    createdAt: createdAt as number,
    startedAt: epochMs(d.startedAt),
    stoppedAt: epochMs(d.stoppedAt),
    status: status as JobStatus,
    statusReason: typeof d.statusReason === "string" ? d.statusReason : null,
    attempts: Array.isArray(d.attempts) ? d.attempts.filter(isObj).map(readAttempt) : [],
    vcpus: resources.vcpus,
    memoryMiB: resources.memoryMiB,
    gpus: resources.gpus,
    arraySize: typeof array.size === "number" && !isChild ? array.size : null,
    arrayIndex: isChild ? (arrayIndex ?? Number(childMatch?.[2])) : null,
    parentJobId: isChild && childMatch ? (childMatch[1] as string) : null,
    dependsOn: Array.isArray(d.dependsOn) ? d.dependsOn.filter(isObj).map(readDependency) : [],
    shareIdentifier: typeof d.shareIdentifier === "string" ? d.shareIdentifier : null,
    schedulingPriority: typeof d.schedulingPriority === "number" ? d.schedulingPriority : null,
    retryAttempts: typeof retry.attempts === "number" ? retry.attempts : null,
    evaluateOnExit: Array.isArray(retry.evaluateOnExit)
      ? retry.evaluateOnExit.filter(isObj).map(readEvaluateOnExit)
      : [],
    attemptDurationSeconds:
      typeof timeout.attemptDurationSeconds === "number" ? timeout.attemptDurationSeconds : null,
    platform: platforms.includes("FARGATE") ? "FARGATE" : "EC2",
    isCancelled: d.isCancelled === true,
    isTerminated: d.isTerminated === true,
    multiNode: isObj(d.nodeProperties) || isObj(d.nodeDetails) || jobId.includes("#"),
    statuses: [],
    line,
  };
}

/** Epoch milliseconds from a number (AWS's form) or an ISO-8601 string; null when absent or unreadable. */
function epochMs(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string") {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function readAttempt(a: Obj): HistoryAttempt {
  const c = isObj(a.container) ? a.container : {};
  return {
    startedAt: epochMs(a.startedAt),
    stoppedAt: epochMs(a.stoppedAt),
    exitCode: typeof c.exitCode === "number" ? c.exitCode : null,
    statusReason: typeof a.statusReason === "string" ? a.statusReason : null,
    reason: typeof c.reason === "string" ? c.reason : null,
  };
}

function readDependency(dep: Obj): HistoryDependency {
  const type = dep.type === "N_TO_N" || dep.type === "SEQUENTIAL" ? dep.type : null;
  return { jobId: typeof dep.jobId === "string" ? dep.jobId : null, type };
}

function readEvaluateOnExit(e: Obj): HistoryEvaluateOnExit {
  const out: { onStatusReason?: string; onReason?: string; onExitCode?: string } = {};
  if (typeof e.onStatusReason === "string") out.onStatusReason = e.onStatusReason;
  if (typeof e.onReason === "string") out.onReason = e.onReason;
  if (typeof e.onExitCode === "string") out.onExitCode = e.onExitCode;
  return { ...out, action: typeof e.action === "string" ? e.action.toUpperCase() : "RETRY" };
}

/** VCPU, MEMORY and GPU of a JobDetail's container: resourceRequirements, else legacy vcpus/memory. */
function readResources(c: Obj): {
  vcpus: number | null;
  memoryMiB: number | null;
  gpus: number | null;
} {
  const out = {
    vcpus: null as number | null,
    memoryMiB: null as number | null,
    gpus: null as number | null,
  };
  if (Array.isArray(c.resourceRequirements)) {
    for (const rr of c.resourceRequirements) {
      if (!isObj(rr)) continue;
      const value = Number(rr.value);
      if (!Number.isFinite(value)) continue;
      if (rr.type === "VCPU") out.vcpus = value;
      else if (rr.type === "MEMORY") out.memoryMiB = value;
      else if (rr.type === "GPU") out.gpus = value;
    }
  }
  if (out.vcpus === null && typeof c.vcpus === "number") out.vcpus = c.vcpus;
  if (out.memoryMiB === null && typeof c.memory === "number") out.memoryMiB = c.memory;
  return out;
}
