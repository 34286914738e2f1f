/**
 * `batchsim explain RUN_DIR --queue NAME --at TIME`: a GetJobQueueSnapshot-like view, the jobs of a
 * queue that were RUNNABLE at TIME in the order the scheduler would take them, with each one's latest
 * wait reason. Reads jobs.csv, attempts.csv, decisions.csv and timeseries.csv one row at a time and
 * keeps only the jobs of the queue alive at TIME.
 */
import { didYouMean } from "./did-you-mean.ts";
import { usageError } from "./errors.ts";
import {
  ATTEMPT_COLUMNS,
  attemptRow,
  DECISION_COLUMNS,
  decisionRow,
  isArrayParent,
  JOB_COLUMNS,
  type JobRow,
  jobRow,
} from "./explain-rows.ts";
import { at, span } from "./explain-words.ts";
import { num, type RunFolder } from "./run-folder-read.ts";

/** AWS's GetJobQueueSnapshot lists the first 100 jobs (`frontOfQueue`). */
export const FRONT_OF_QUEUE = 100;

/** A job of the queue RUNNABLE at the snapshot's time. */
export interface QueuedJob {
  readonly job: JobRow;
  /** Since when it has been RUNNABLE (runnableAt, or the end of its last attempt for a retry). */
  readonly waitingSince: number;
  /** Its latest decisions.csv row at or before the time, within this wait; null when none. */
  readonly reason: { readonly code: string; readonly detail: string } | null;
}

/** What the snapshot shows. */
export interface Snapshot {
  readonly queue: string;
  readonly time: number;
  readonly fairShare: boolean;
  /** In scheduling order. */
  readonly jobs: readonly QueuedJob[];
  /** vCPU of the queue's jobs with an attempt (STARTING or RUNNING) at the time. */
  readonly queueVcpuInUse: number;
  /** Fair share: vCPU in use per share at the time (timeseries.csv vcpuInUseByShare), by share. */
  readonly shareVcpuInUse: ReadonlyMap<string, number>;
  /** Whether decisions.csv exists in the run folder. */
  readonly hasDecisions: boolean;
}

interface Alive {
  readonly job: JobRow;
  inAttempt: boolean;
  lastEnded: number | null;
}

/** Reads the run folder and builds the snapshot of `queue` at `time`. Unknown queue: exit 2. */
export function readSnapshot(run: RunFolder, queue: string, time: number): Snapshot {
  const queues = new Set<string>(run.info.queues);
  const alive = new Map<string, Alive>();
  let fairShare = false;
  run.scan("jobs.csv", JOB_COLUMNS, (r) => {
    const queueName = r[2] ?? "";
    queues.add(queueName);
    if (queueName !== queue) return;
    const job = jobRow(r);
    if (job.shareIdentifier !== "") fairShare = true;
    if (isArrayParent(job) || job.createdAt > time) return;
    if (job.stoppedAt !== null && job.stoppedAt <= time) return;
    alive.set(job.jobId, { job, inAttempt: false, lastEnded: null });
  });
  if (!queues.has(queue)) {
    const hint = didYouMean(queue, [...queues].sort());
    throw usageError(`batchsim explain: no queue "${queue}" in ${run.dir}/jobs.csv${hint}`);
  }

  let queueVcpuInUse = 0;
  run.scan("attempts.csv", ATTEMPT_COLUMNS, (r) => {
    const entry = alive.get(r[0] ?? "");
    if (!entry) return;
    const a = attemptRow(r);
    if (a.startingAt <= time && (a.stoppedAt === null || a.stoppedAt > time)) {
      entry.inAttempt = true;
      queueVcpuInUse += entry.job.vcpus ?? 0;
    } else if (a.stoppedAt !== null && a.stoppedAt <= time) {
      entry.lastEnded = Math.max(entry.lastEnded ?? a.stoppedAt, a.stoppedAt);
    }
  });

  const runnable = new Map<
    string,
    { job: JobRow; waitingSince: number; reason: QueuedJob["reason"] }
  >();
  for (const { job, inAttempt, lastEnded } of alive.values()) {
    if (inAttempt || job.runnableAt === null || job.runnableAt > time) continue;
    const waitingSince = Math.max(job.runnableAt, lastEnded ?? job.runnableAt);
    runnable.set(job.jobId, { job, waitingSince, reason: null });
  }

  const hasDecisions = run.has("decisions.csv");
  if (hasDecisions) {
    run.scan("decisions.csv", DECISION_COLUMNS, (r) => {
      const entry = runnable.get(r[1] ?? "");
      if (!entry) return;
      const d = decisionRow(r);
      if (d.time > time || d.time < entry.waitingSince) return;
      entry.reason = { code: d.reason, detail: d.detail };
    });
  }

  const shareVcpuInUse = new Map<string, number>();
  if (fairShare && run.has("timeseries.csv")) {
    run.scan("timeseries.csv", ["time", "metric", "key", "value"], (r) => {
      if (r[1] !== "vcpuInUseByShare") return;
      const t = num(r[0]);
      if (t === null || t > time) return;
      shareVcpuInUse.set(r[2] ?? "", num(r[3]) ?? 0);
    });
  }

  const jobs = orderJobs([...runnable.values()], fairShare, shareVcpuInUse);
  return { queue, time, fairShare, jobs, queueVcpuInUse, shareVcpuInUse, hasDecisions };
}

/**
 * Scheduling order: FIFO by createdAt (then jobId); fair share by share, the share with the least
 * vCPU in use first (then by name), and by createdAt within a share.
 */
export function orderJobs(
  jobs: readonly QueuedJob[],
  fairShare: boolean,
  shareVcpuInUse: ReadonlyMap<string, number>,
): QueuedJob[] {
  const byCreation = (a: QueuedJob, b: QueuedJob): number =>
    a.job.createdAt - b.job.createdAt || compare(a.job.jobId, b.job.jobId);
  if (!fairShare) return [...jobs].sort(byCreation);
  const usage = (share: string): number => shareVcpuInUse.get(share) ?? 0;
  return [...jobs].sort((a, b) => {
    const sa = a.job.shareIdentifier;
    const sb = b.job.shareIdentifier;
    return usage(sa) - usage(sb) || compare(sa, sb) || byCreation(a, b);
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The snapshot as text. */
export function formatSnapshot(s: Snapshot): string {
  const out: string[] = [];
  const kind = s.fairShare ? "fair share" : "FIFO";
  const n = s.jobs.length;
  out.push(`queue ${s.queue} (${kind}) at ${at(s.time)}: ${n} job${n === 1 ? "" : "s"} RUNNABLE`);
  if (s.fairShare) {
    out.push(
      "order: approximate: by share vCPU in use at that time (lowest first), then by createdAt within a share (schedulingPriority is not in jobs.csv)",
    );
    const shares = [...new Set(s.jobs.map((q) => q.job.shareIdentifier))]
      .map((share) => `${share} ${s.shareVcpuInUse.get(share) ?? 0}`)
      .join(", ");
    if (shares !== "") out.push(`vCPU in use by share: ${shares}`);
  } else {
    out.push("order: first in, first out (by createdAt)");
  }
  out.push(`vCPU in use by the queue's jobs: ${s.queueVcpuInUse}`);
  if (!s.hasDecisions)
    out.push(
      "(this run folder has no decisions.csv: it was written before batchsim explained waits)",
    );
  if (n === 0) return `${out.join("\n")}\n`;
  const shown = s.jobs.slice(0, FRONT_OF_QUEUE);
  out.push(
    n > FRONT_OF_QUEUE ? `frontOfQueue: the first ${FRONT_OF_QUEUE} of ${n}` : "frontOfQueue:",
  );
  const head = ["#", "jobId", "jobName", "share", "vCPU", "waiting since", "latest reason"];
  const rows = shown.map((q, i) => [
    String(i + 1),
    q.job.jobId,
    q.job.jobName,
    q.job.shareIdentifier === "" ? "-" : q.job.shareIdentifier,
    String(q.job.vcpus ?? "-"),
    `${at(q.waitingSince)}, ${span(s.time - q.waitingSince)}`,
    q.reason === null ? "-" : `${q.reason.code}${q.reason.detail ? ` ${q.reason.detail}` : ""}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => (i === 0 || i === 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  out.push(line(head), ...rows.map(line));
  out.push(
    "latest reason: the job's last decisions.csv row at or before that time (see batchsim explain RUN_DIR JOB); - when the scheduler had not looked at it in this wait",
  );
  return `${out.join("\n")}\n`;
}
