/**
 * events.jsonl: one event per line, in fact order.
 * - `full`: EventBridge-shaped events (aws-batch-model.md §10): `Batch Job State Change` per
 *   JobStateChanged (none for SUBMITTED, which has no fact), `Batch Job Queue Blocked` per
 *   JobQueueBlocked, and instance events with source `batchsim` and detail-types
 *   `batchsim Instance Launched|Ready|Terminated`, `batchsim Action Applied` per ActionApplied and
 *   `batchsim Job Rejected` per JobRejected. `id` is a counter shaped like a UUID.
 * - `compact`: one short object per line: `{"t","jobId","status","statusReason"}` for a job state
 *   change (plus `"isCancelled":true` / `"isTerminated":true` when set), `{"t","jobId","jobQueue",
 *   "blocked"}` for a blocked queue, `{"t","instanceId","event",…}` for instances, `{"t","action",
 *   "target","detail"}` for an action, `{"t","jobName","jobQueue","rejected"}` for a rejected
 *   SubmitJob (t in seconds since scenario start).
 * - `none`: nothing.
 */
import type {
  ActionApplied,
  Fact,
  FactKind,
  InstanceLaunched,
  InstanceTerminated,
  JobRejected,
  JobStateChanged,
} from "../sim/index.ts";
import { ByteWriter, encoded } from "./byte-writer.ts";
import type { ReportContext } from "./context.ts";
import type { CsvOut } from "./csv.ts";
import { IsoTimes } from "./iso-time.ts";
import { ACCOUNT_ID, type Arns, arns, type Json, jobDetail } from "./job-detail.ts";
import { JobDetailJson, quoteReason } from "./job-detail-json.ts";
import { attachLedger, type JobLedger, type JobRecord } from "./job-ledger.ts";
import type { RowFold } from "./jobs-csv.ts";

/** How much events.jsonl holds. */
export type EventsMode = "full" | "compact" | "none";

/** Creates the events.jsonl fold for `mode`. `shared` (full mode; must keep attempts): see attachLedger. */
export function createEventsFold(
  ctx: ReportContext,
  mode: EventsMode,
  out: CsvOut,
  shared?: JobLedger,
): RowFold {
  if (mode === "none") return { onFact() {}, finish() {} };
  const w = new ByteWriter(out);
  const finish = (): void => w.flush();
  if (mode === "compact") {
    const tails = new CompactTails();
    return { kinds: COMPACT_KINDS, onFact: (f) => writeCompact(f, w, tails), finish };
  }
  const full = new FullEvents(ctx, w, shared);
  return { onFact: (f) => full.onFact(f), finish };
}

/** A compact job line after its jobId: status, statusReason, the flags that are set, the line break. */
function jobLineTail(
  to: string,
  reason: string,
  flags: { readonly isCancelled: boolean; readonly isTerminated: boolean },
): string {
  const cancelled = flags.isCancelled ? ',"isCancelled":true' : "";
  const terminated = flags.isTerminated ? ',"isTerminated":true' : "";
  return `","status":"${to}","statusReason":${quoteReason(reason)}${cancelled}${terminated}}\n`;
}
const NO_FLAGS = { isCancelled: false, isTerminated: false } as const;

const T_OPEN = encoded('{"t":');
const JOB_ID_KEY = encoded(',"jobId":"');

/**
 * The end of a compact job line after its jobId — `","status":"…","statusReason":"…"}` and the
 * line break — encoded once per (status, reason): a job line is then four copies and two numbers.
 * The last TAIL_SLOTS pairs are compared by identity first (a run has few), then a Map.
 */
class CompactTails {
  private readonly to: string[] = [];
  private readonly reason: string[] = [];
  private readonly bytes: Uint8Array[] = [];
  private next = 0;
  private readonly all = new Map<string, Map<string, Uint8Array>>();

  of(to: string, reason: string): Uint8Array {
    for (let i = 0; i < this.to.length; i++)
      if (this.to[i] === to && this.reason[i] === reason) return this.bytes[i]!;
    let byReason = this.all.get(to);
    if (byReason === undefined) {
      byReason = new Map();
      this.all.set(to, byReason);
    }
    let bytes = byReason.get(reason);
    if (bytes === undefined) {
      bytes = encoded(jobLineTail(to, reason, NO_FLAGS));
      if (byReason.size < 10_000) byReason.set(reason, bytes);
    }
    const slot = this.next;
    this.next = (slot + 1) % TAIL_SLOTS;
    this.to[slot] = to;
    this.reason[slot] = reason;
    this.bytes[slot] = bytes;
    return bytes;
  }
}
const TAIL_SLOTS = 8;

/** The facts that have a compact line. */
const COMPACT_KINDS: readonly FactKind[] = [
  "JobStateChanged",
  "ActionApplied",
  "JobRejected",
  "JobQueueBlocked",
  "InstanceLaunched",
  "InstanceReady",
  "InstanceTerminated",
];

/**
 * Compact lines, written by hand straight into bytes (JSON.stringify of an object per fact was 8% of
 * a 1M-job run). `t` is seconds since the start, rounded to the millisecond as in the CSV files.
 */
function writeCompact(f: Fact, w: ByteWriter, tails: CompactTails): void {
  if (f.kind === "JobStateChanged") {
    writeJobLine(f, w, tails);
    return;
  }
  const q = JSON.stringify;
  const t = Math.round(f.time * 1000) / 1000;
  switch (f.kind) {
    case "ActionApplied":
      w.text(`{"t":${t},"action":"${f.action}","target":${q(f.target)},"detail":${q(f.detail)}}\n`);
      return;
    case "JobRejected":
      w.text(
        `{"t":${t},"jobName":${q(f.jobName)},"jobQueue":${q(f.jobQueue)},"rejected":${q(f.reason)}}\n`,
      );
      return;
    case "JobQueueBlocked":
      w.text(
        `{"t":${t},"jobId":${q(f.jobId)},"jobQueue":${q(f.jobQueue)},"blocked":${q(f.statusReason)}}\n`,
      );
      return;
    case "InstanceLaunched":
      w.text(
        `{"t":${t},"instanceId":"${f.instanceId}","event":"launched","computeEnvironment":${q(
          f.computeEnvironment,
        )},"instanceType":${q(f.instanceType)}}\n`,
      );
      return;
    case "InstanceReady":
      w.text(`{"t":${t},"instanceId":"${f.instanceId}","event":"ready"}\n`);
      return;
    case "InstanceTerminated":
      w.text(
        `{"t":${t},"instanceId":"${f.instanceId}","event":"terminated","reason":${q(f.reason)}}\n`,
      );
      return;
    default:
      return;
  }
}

/** A job state change's compact line (nearly every line of a large run). */
function writeJobLine(f: JobStateChanged, w: ByteWriter, tails: CompactTails): void {
  // jobIds are batchsim's own (`job-00000001`, `…:3` for array children): nothing to escape.
  w.bytes(T_OPEN);
  w.milli(f.time);
  w.bytes(JOB_ID_KEY);
  w.text(f.jobId);
  // A cancel or a terminate (a few lines at most) is not kept.
  if (f.isCancelled || f.isTerminated) w.text(jobLineTail(f.to, f.statusReason, f));
  else w.bytes(tails.of(f.to, f.statusReason));
}

/** The envelope of a Batch Job State Change up to its time: `","detail-type":…,"time":"`. */
const JOB_CHANGE_HEAD = envelopeHead("Batch Job State Change", "aws.batch");
const ID_OPEN = encoded('{"version":"0","id":"00000000-0000-4000-8000-');
const DETAIL_OPEN = encoded(',"detail":');
const EVENT_CLOSE = encoded("}\n");

/** `","detail-type":…,"source":…,"account":…,"time":"` — what follows the id up to the time. */
function envelopeHead(detailType: string, source: string): Uint8Array {
  const q = JSON.stringify;
  return encoded(
    `","detail-type":${q(detailType)},"source":${q(source)},"account":${q(ACCOUNT_ID)},"time":"`,
  );
}

/**
 * Full events, written piece by piece into the file's bytes: the envelope from constants encoded
 * once, the job's detail by JobDetailJson.write(). Joining each line into one string first (and the
 * encoder flattening it) took about as long as making it.
 */
class FullEvents implements RowFold {
  private readonly ctx: ReportContext;
  private readonly w: ByteWriter;
  private readonly a: Arns;
  /** `","region":…,"resources":` */
  private readonly regionResources: Uint8Array;
  /** `["` and the job ARN's text before the jobId, JSON-escaped. */
  private readonly jobArnOpen: Uint8Array;
  private readonly heads = new Map<string, Uint8Array>();
  private readonly times = new IsoTimes();
  private readonly platforms: ReadonlyMap<string, "EC2" | "FARGATE">;
  private readonly instances = new Map<string, InstanceLaunched>();
  private readonly ledger: JobLedger;
  private readonly feed: (fact: Fact) => void;
  private count = 0;
  private readonly details: JobDetailJson;

  constructor(ctx: ReportContext, w: ByteWriter, shared: JobLedger | undefined) {
    this.ctx = ctx;
    this.w = w;
    this.a = arns(ctx);
    this.regionResources = encoded(`","region":${JSON.stringify(ctx.region)},"resources":`);
    // JSON.stringify([arn]) less its closing `"]`: jobIds are batchsim's own, nothing to escape.
    this.jobArnOpen = encoded(JSON.stringify([this.a.job("")]).slice(0, -2));
    this.details = new JobDetailJson(ctx, this.a);
    this.platforms = new Map(ctx.jobQueues.map((q) => [q.name, q.platform]));
    const onTerminal = (job: JobRecord): void =>
      this.jobEvent(job, job.stoppedAt ?? job.statusSince);
    const { ledger, feed } = attachLedger(shared, onTerminal, true);
    this.ledger = ledger;
    this.feed = feed;
  }

  onFact(f: Fact): void {
    this.feed(f);
    if (f.kind === "JobStateChanged") {
      // A terminal change was written by the ledger's listener, and the job is gone from it.
      const job = this.ledger.find(f.jobKey);
      if (job) this.jobEvent(job, f.time);
    } else if (f.kind === "JobQueueBlocked") {
      const job = this.ledger.find(f.jobKey);
      if (!job) return;
      const detail = { ...this.detailOf(job), status: "RUNNABLE", statusReason: f.statusReason };
      const resources = [this.a.job(f.jobId), this.a.jobQueue(f.jobQueue)];
      this.emit(f.time, "Batch Job Queue Blocked", resources, detail);
    } else if (f.kind === "ActionApplied") {
      const resources = [actionResource(f, this.a)];
      this.emit(f.time, "batchsim Action Applied", resources, actionDetail(f), "batchsim");
    } else if (f.kind === "JobRejected") {
      const resources = [this.a.jobQueue(f.jobQueue)];
      this.emit(f.time, "batchsim Job Rejected", resources, rejectedDetail(f), "batchsim");
    } else {
      onInstanceFact(f, this.instances, (time, type, id, detail) =>
        this.emit(time, `batchsim Instance ${type}`, [this.a.instance(id)], detail, "batchsim"),
      );
    }
  }

  finish(): void {}

  private detailOf(job: JobRecord): Record<string, Json> {
    return jobDetail(job, this.ctx, this.a, this.platforms.get(job.submitted.jobQueue) ?? "EC2");
  }

  /** A Batch Job State Change: the envelope and the job's detail (job-detail-json.ts). */
  private jobEvent(job: JobRecord, time: number): void {
    const { w } = this;
    const platform = this.platforms.get(job.submitted.jobQueue) ?? "EC2";
    this.open(time, JOB_CHANGE_HEAD);
    w.bytes(this.jobArnOpen);
    w.text(job.submitted.jobId);
    w.text('"]');
    w.bytes(DETAIL_OPEN);
    this.details.write(w, job, platform);
    if (job.status === "SUCCEEDED" || job.status === "FAILED") this.details.forget(job);
    w.bytes(EVENT_CLOSE);
  }

  private emit(
    time: number,
    detailType: string,
    resources: string[],
    detail: Json,
    source = "aws.batch",
  ): void {
    const key = `${detailType}\n${source}`;
    let head = this.heads.get(key);
    if (head === undefined) {
      head = envelopeHead(detailType, source);
      this.heads.set(key, head);
    }
    this.open(time, head);
    this.w.text(JSON.stringify(resources));
    this.w.bytes(DETAIL_OPEN);
    this.w.text(JSON.stringify(detail));
    this.w.bytes(EVENT_CLOSE);
  }

  /**
   * An event line up to its resources: the envelope JSON.stringify would write for
   * {version, id, detail-type, source, account, time, region, resources, detail} (its values are
   * strings and a list of strings), `head` holding the detail-type and source.
   */
  private open(time: number, head: Uint8Array): void {
    const { w } = this;
    this.count += 1;
    w.bytes(ID_OPEN);
    w.hex(this.count, EVENT_ID_DIGITS);
    w.bytes(head);
    this.times.write(w, this.a.epochMs(time));
    w.bytes(this.regionResources);
  }
}

/** The ARN of what an action applied to (a job, a compute environment or a job queue). */
function actionResource(f: ActionApplied, a: Arns): string {
  switch (f.action) {
    case "cancelJob":
    case "terminateJob":
      return a.job(f.target);
    case "updateComputeEnvironment":
      return a.computeEnvironment(f.target);
    case "updateJobQueue":
      return a.jobQueue(f.target);
    case "spotInterruption":
    case "capacityUnavailable":
      return `batchsim:${f.action}/${f.target}`; // simulator-only: no AWS resource
  }
}

function actionDetail(f: ActionApplied): Json {
  return { action: f.action, target: f.target, detail: f.detail };
}

function rejectedDetail(f: JobRejected): Json {
  return { jobName: f.jobName, jobQueue: f.jobQueue, reason: f.reason };
}

type EmitInstance = (time: number, type: string, instanceId: string, detail: Json) => void;

function onInstanceFact(
  f: Fact,
  instances: Map<string, InstanceLaunched>,
  emit: EmitInstance,
): void {
  if (f.kind === "InstanceLaunched") {
    instances.set(f.instanceId, { ...f });
    emit(f.time, "Launched", f.instanceId, launchedDetail(f));
  } else if (f.kind === "InstanceReady") {
    const l = instances.get(f.instanceId);
    emit(f.time, "Ready", f.instanceId, l ? launchedDetail(l) : { instanceId: f.instanceId });
  } else if (f.kind === "InstanceTerminated") {
    const l = instances.get(f.instanceId);
    instances.delete(f.instanceId);
    emit(f.time, "Terminated", f.instanceId, terminatedDetail(f, l));
  }
}

function launchedDetail(l: InstanceLaunched): Record<string, Json> {
  return {
    instanceId: l.instanceId,
    computeEnvironment: l.computeEnvironment,
    instanceType: l.instanceType,
    purchaseOption: l.purchaseOption,
    vcpu: l.vcpu,
    memoryMiB: l.memoryMiB,
    gpu: l.gpu,
    usdPerHour: l.usdPerHour,
  };
}

function terminatedDetail(f: InstanceTerminated, l: InstanceLaunched | undefined): Json {
  return {
    ...(l ? launchedDetail(l) : { instanceId: f.instanceId }),
    reason: f.reason,
    billedSeconds: f.billedSeconds,
    billedUsd: f.billedUsd,
    idleUsd: f.idleUsd,
  };
}

/** The n-th event's id: deterministic, shaped like a version-4 UUID. */
export function eventId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(EVENT_ID_DIGITS, "0")}`;
}
/** The last group of an event id: the event's number in hexadecimal. */
const EVENT_ID_DIGITS = 12;
