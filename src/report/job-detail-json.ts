/**
 * A job's DescribeJobs JobDetail (job-detail.ts jobDetail()) written as JSON for full events without
 * building the object: its parts that cannot change while the job lives are encoded once.
 */
import { LiveMap } from "../engine/live-map.ts";
import type { JobSubmitted } from "../sim/index.ts";
import { statusSummary } from "./array-summary.ts";
import { type ByteWriter, encoded } from "./byte-writer.ts";
import type { ReportContext } from "./context.ts";
import {
  type Arns,
  attemptArns,
  attemptDetail,
  resourceRequirements,
  retryStrategy,
} from "./job-detail.ts";
import type { AttemptRecord, JobRecord } from "./job-ledger.ts";
import { SlabEncoder } from "./slab-encoder.ts";

/** The parts of a job's JobDetail JSON that never change while it lives, made once. */
interface StaticParts {
  /** `{"jobArn":…,"jobName":…,"jobId":…,"jobQueue":…,"status":"` */
  readonly head: Uint8Array;
  /** createdAt, epoch ms. */
  readonly createdAt: number;
  /** `,"dependsOn":[…],"jobDefinition":…,"parameters":{},"container":{"resourceRequirements":[…]` */
  readonly middle: Uint8Array;
  /** `,"retryStrategy":…` or "" (written apart from `end` only for an array parent). */
  readonly retry: string;
  /** `,"arrayProperties":{"index":…}` for an array child, else "", then `,"tags":{},…}` to the end. */
  readonly childArrayTail: string;
  /** retry + childArrayTail. */
  readonly end: Uint8Array;
  /** The attempt whose container ARNs `attemptArns` holds (null: none made yet). */
  attemptRecord: AttemptRecord | null;
  /** `,"containerInstanceArn":…,"taskArn":…` of attemptRecord, made once per attempt. */
  attemptArns: Uint8Array;
}

const STATUS_REASON = encoded('","statusReason":');
const STATUS_CLOSE = encoded('"');
const ATTEMPTS = encoded(',"attempts":');
const NO_ATTEMPTS = encoded(',"attempts":[]');
const CREATED_AT = encoded(',"createdAt":');
const STARTED_AT = encoded(',"startedAt":');
const STOPPED_AT = encoded(',"stoppedAt":');
const EXIT_CODE = encoded(',"exitCode":');
const REASON = encoded(',"reason":');
const CONTAINER_CLOSE = encoded("}");
const IS_CANCELLED = encoded(',"isCancelled":true');
const IS_TERMINATED = encoded(',"isTerminated":true');
const ARRAY_PROPERTIES = encoded(',"arrayProperties":');
/** Distinct middles and ends JobDetailJson keeps (a run has few: one per definition and shape). */
const KEPT_PARTS_MAX = 1000;

/** JSON string literals of statusReasons (few distinct ones, written for every event). */
const quotedReasons = new Map<string, string>();
export function quoteReason(reason: string): string {
  let quoted = quotedReasons.get(reason);
  if (quoted === undefined) {
    quoted = JSON.stringify(reason);
    if (quotedReasons.size < 10_000) quotedReasons.set(reason, quoted);
  }
  return quoted;
}

/**
 * JSON.stringify(jobDetail(job, …)) without building and serialising the parts that cannot change
 * while the job lives (its ARNs, definition, dependencies, resources, retry strategy, tags…): they are
 * encoded once per job — the middle and end once per definition and shape — an attempt's container
 * ARNs once per attempt, and the rest is written piece by piece into the events file's bytes
 * (write()), never joined into one string first. Full events write a job's detail at every state
 * change. The same text as JSON.stringify of the object (test/report/job-detail-json.test.ts).
 */
export class JobDetailJson {
  private readonly ctx: ReportContext;
  private readonly a: Arns;
  private readonly parts = new LiveMap<JobRecord, StaticParts>();
  private readonly middles = new Map<string, Uint8Array>();
  private readonly ends = new Map<string, Uint8Array>();
  /** Encodes each job's head and each attempt's ARNs. */
  private readonly slabs = new SlabEncoder();

  constructor(ctx: ReportContext, a: Arns) {
    this.ctx = ctx;
    this.a = a;
  }

  /** Writes the JobDetail's JSON text into `w`. */
  write(w: ByteWriter, job: JobRecord, platform: "EC2" | "FARGATE"): void {
    const { a } = this;
    const s = job.submitted;
    const p = this.parts.get(job) ?? this.make(job, platform);
    const attempt = job.current ?? job.lastEnded;
    w.bytes(p.head);
    // Statuses are upper-case words: nothing to escape.
    w.text(job.status);
    if (job.statusReason !== "") {
      w.bytes(STATUS_REASON);
      w.text(quoteReason(job.statusReason));
    } else w.bytes(STATUS_CLOSE);
    if (job.ended.length === 0) w.bytes(NO_ATTEMPTS);
    else {
      w.bytes(ATTEMPTS);
      w.text(JSON.stringify(job.ended.map((e) => attemptDetail(s.jobId, e, this.ctx, a))));
    }
    w.bytes(CREATED_AT);
    w.number(p.createdAt);
    const startedAt = attempt?.startedAt ?? null;
    if (startedAt !== null) {
      w.bytes(STARTED_AT);
      w.number(a.epochMs(startedAt));
    }
    if (job.stoppedAt !== null) {
      w.bytes(STOPPED_AT);
      w.number(a.epochMs(job.stoppedAt));
    }
    w.bytes(p.middle);
    if (attempt) this.writeAttempt(w, p, s.jobId, attempt);
    w.bytes(CONTAINER_CLOSE);
    if (job.isCancelled) w.bytes(IS_CANCELLED);
    if (job.isTerminated) w.bytes(IS_TERMINATED);
    if (job.arraySummary === null) {
      w.bytes(p.end);
      return;
    }
    w.text(p.retry);
    w.bytes(ARRAY_PROPERTIES);
    w.text(
      JSON.stringify({
        statusSummary: statusSummary(job.arraySummary),
        statusSummaryLastUpdatedAt: a.epochMs(job.arraySummary.updatedAt),
        size: s.arraySize,
      }),
    );
    w.text(p.childArrayTail);
  }

  /** Forgets a job's parts (it will write no more events). */
  forget(job: JobRecord): void {
    this.parts.delete(job);
  }

  /**
   * The container fields of `attempt` (attemptContainer's, without the braces, after a comma): its
   * ARNs made once per attempt, then the exit code and reason once it has them.
   */
  private writeAttempt(w: ByteWriter, p: StaticParts, jobId: string, attempt: AttemptRecord): void {
    if (p.attemptRecord !== attempt) {
      // `,` + JSON.stringify(attemptArns(…)) without its braces.
      const arns = attemptArns(jobId, attempt, this.ctx);
      let text = "";
      if (arns.containerInstanceArn !== undefined) {
        text += `,"containerInstanceArn":${quote(arns.containerInstanceArn as string)}`;
      }
      p.attemptRecord = attempt;
      p.attemptArns = this.slabs.encode(`${text},"taskArn":${quote(arns.taskArn as string)}`);
    }
    w.bytes(p.attemptArns);
    if (attempt.exitCode !== null) {
      w.bytes(EXIT_CODE);
      w.text(JSON.stringify(attempt.exitCode));
    }
    if (attempt.reason !== "") {
      w.bytes(REASON);
      w.text(quoteReason(attempt.reason));
    }
  }

  private make(job: JobRecord, platform: "EC2" | "FARGATE"): StaticParts {
    const { a } = this;
    const s = job.submitted;
    const head = `{"jobArn":${quote(a.job(s.jobId))},"jobName":${quote(s.jobName)},"jobId":${quote(s.jobId)},"jobQueue":${quote(a.jobQueue(s.jobQueue))},"status":"`;
    // The end apart (retry, then the rest) is needed only around an array parent's summary.
    const apart = job.isArrayParent ? endParts(s, platform) : null;
    const parts: StaticParts = {
      head: this.slabs.encode(head),
      createdAt: a.epochMs(s.time),
      middle: this.middleOf(job),
      retry: apart?.retry ?? "",
      childArrayTail: apart?.childArrayTail ?? "",
      end: this.endOf(s, platform),
      attemptRecord: null,
      attemptArns: NO_BYTES,
    };
    this.parts.set(job, parts);
    return parts;
  }

  /** The job's middle part, kept per definition and resources for jobs with no dependencies. */
  private middleOf(job: JobRecord): Uint8Array {
    const s = job.submitted;
    const key =
      s.dependsOn.length === 0
        ? `${s.jobDefinition}\u0000${s.vcpus}\u0000${s.memoryMiB}\u0000${s.gpus}`
        : null;
    const kept = key === null ? undefined : this.middles.get(key);
    if (kept !== undefined) return kept;
    const q = JSON.stringify;
    const dependsOn = q(s.dependsOn.map((jobId) => ({ jobId })));
    const text = `,"dependsOn":${dependsOn},"jobDefinition":${q(this.a.jobDefinition(s.jobDefinition))},"parameters":{},"container":{"resourceRequirements":${q(resourceRequirements(job))}`;
    // A kept part gets an array of its own (a slab view would hold its whole slab for the run);
    // a job's own part lives with the job, in a slab.
    if (key === null || this.middles.size >= KEPT_PARTS_MAX) return this.slabs.encode(text);
    const middle = encoded(text);
    this.middles.set(key, middle);
    return middle;
  }

  /** The job's end (endText()), kept per what makes it for jobs that are not array children. */
  private endOf(s: JobSubmitted, platform: "EC2" | "FARGATE"): Uint8Array {
    if (s.arrayIndex !== null || s.evaluateOnExit.length > 0) {
      return this.slabs.encode(endText(s, platform));
    }
    const share = s.shareIdentifier === null ? "" : quote(s.shareIdentifier);
    const key = `${platform}\u0000${s.maxAttempts}\u0000${share}\u0000${s.schedulingPriority}\u0000${s.attemptDurationSeconds}`;
    let end = this.ends.get(key);
    if (end !== undefined) return end;
    if (this.ends.size >= KEPT_PARTS_MAX) return this.slabs.encode(endText(s, platform));
    end = encoded(endText(s, platform));
    this.ends.set(key, end);
    return end;
  }
}

/** A detail's fields after the container: `,"retryStrategy":…` (or ""), then childArrayTail. */
function endParts(
  s: JobSubmitted,
  platform: "EC2" | "FARGATE",
): { readonly retry: string; readonly childArrayTail: string } {
  const q = JSON.stringify;
  const strategy = retryStrategy(s);
  const retry = strategy === null ? "" : `,"retryStrategy":${q(strategy)}`;
  const childArray =
    s.arrayIndex !== null ? `,"arrayProperties":${q({ index: s.arrayIndex })}` : "";
  return { retry, childArrayTail: childArray + tailOf(s, platform) };
}

function endText(s: JobSubmitted, platform: "EC2" | "FARGATE"): string {
  const { retry, childArrayTail } = endParts(s, platform);
  return retry + childArrayTail;
}

/**
 * JSON.stringify(s) for a string: as it is in quotes when nothing in it needs an escape (ids, ARNs
 * and most names), which costs less than the call.
 */
export function quote(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0xd800) return JSON.stringify(s);
  }
  return `"${s}"`;
}

const NO_BYTES = new Uint8Array(0);

/** `,"tags":{},…}`: the detail's fields after arrayProperties, to its end. */
function tailOf(s: JobSubmitted, platform: "EC2" | "FARGATE"): string {
  const q = JSON.stringify;
  let tail = `,"tags":{},"propagateTags":false,"platformCapabilities":${q([platform])}`;
  if (s.shareIdentifier !== null) tail += `,"shareIdentifier":${q(s.shareIdentifier)}`;
  if (s.schedulingPriority !== null) tail += `,"schedulingPriority":${q(s.schedulingPriority)}`;
  if (s.attemptDurationSeconds !== null) {
    tail += `,"timeout":${q({ attemptDurationSeconds: s.attemptDurationSeconds })}`;
  }
  return `${tail}}`;
}
