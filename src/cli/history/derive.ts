/** What the import and the calibration derive from history jobs (pure). */
import type { History, HistoryJob } from "./types.ts";

/**
 * The job's observed runtime in seconds: stoppedAt − startedAt of its last attempt (RUNNING → stop);
 * with no attempt listed, the job's own startedAt/stoppedAt. null when it never ran or has not ended.
 */
export function observedRuntimeSeconds(job: HistoryJob): number | null {
  const last = job.attempts[job.attempts.length - 1];
  if (last) {
    if (last.startedAt === null || last.stoppedAt === null || last.stoppedAt < last.startedAt)
      return null;
    return (last.stoppedAt - last.startedAt) / 1000;
  }
  if (job.startedAt === null || job.stoppedAt === null || job.stoppedAt < job.startedAt)
    return null;
  return (job.stoppedAt - job.startedAt) / 1000;
}

/** The exit code of the job's last attempt, when its container gave one. */
export function lastExitCode(job: HistoryJob): number | null {
  return job.attempts[job.attempts.length - 1]?.exitCode ?? null;
}

/** When the job first ran (its first attempt's startedAt, else its startedAt), or null. */
export function firstStartedAt(job: HistoryJob): number | null {
  for (const a of job.attempts) if (a.startedAt !== null) return a.startedAt;
  return job.startedAt;
}

/** Whether the job ever reached RUNNING. */
export function everStarted(job: HistoryJob): boolean {
  return firstStartedAt(job) !== null || job.statuses.some((s) => s.status === "RUNNING");
}

/** How the jobs of a history split: array parents with their children, plain jobs, and the rest. */
export interface JobTree {
  /** Jobs that are submitted: plain jobs and array parents (children of a parent in the history are not). */
  readonly submitted: readonly HistoryJob[];
  /** The children of each array parent, by parent jobId, in index order. */
  readonly children: ReadonlyMap<string, readonly HistoryJob[]>;
  /** Jobs that run (plain jobs and array children, parents' or not): the ones with runtimes. */
  readonly running: readonly HistoryJob[];
  /** Children whose parent is not in the history (they are submitted as plain jobs). */
  readonly orphans: number;
  /** Multi-node parallel jobs and their nodes, left out. */
  readonly multiNode: number;
}

/** Splits a history's jobs into parents, children and plain jobs. */
export function jobTree(history: History): JobTree {
  const byId = new Map(history.jobs.map((j) => [j.jobId, j]));
  const children = new Map<string, HistoryJob[]>();
  const submitted: HistoryJob[] = [];
  const running: HistoryJob[] = [];
  let orphans = 0;
  let multiNode = 0;
  for (const job of history.jobs) {
    if (job.multiNode) {
      multiNode += 1;
      continue;
    }
    const parent = job.parentJobId === null ? undefined : byId.get(job.parentJobId);
    if (parent && parent.arraySize !== null) {
      const list = children.get(parent.jobId) ?? [];
      list.push(job);
      children.set(parent.jobId, list);
      running.push(job);
      continue;
    }
    if (job.parentJobId !== null) orphans += 1;
    submitted.push(job);
    if (job.arraySize === null) running.push(job);
  }
  for (const list of children.values())
    list.sort((a, b) => (a.arrayIndex ?? 0) - (b.arrayIndex ?? 0));
  return { submitted, children, running, orphans, multiNode };
}

/** The latest timestamp in the history (the end of open intervals). */
export function historyEnd(history: History): number {
  let end = Number.NEGATIVE_INFINITY;
  for (const j of history.jobs) {
    end = Math.max(end, j.createdAt, j.startedAt ?? end, j.stoppedAt ?? end);
    for (const a of j.attempts) end = Math.max(end, a.startedAt ?? end, a.stoppedAt ?? end);
    for (const s of j.statuses) end = Math.max(end, s.at);
  }
  return end;
}

/** The time intervals [from, to) during which a job held its resources: each attempt, STARTING (events) or RUNNING to its end. */
export function busyIntervals(job: HistoryJob, end: number): [number, number][] {
  const out: [number, number][] = [];
  if (job.statuses.length > 0) {
    let open: number | null = null;
    for (const s of job.statuses) {
      if (s.status === "STARTING" || (s.status === "RUNNING" && open === null)) open = s.at;
      else if (s.status !== "RUNNING" && open !== null) {
        out.push([open, s.at]);
        open = null;
      }
    }
    if (open !== null) out.push([open, end]);
    return out;
  }
  for (const a of job.attempts) {
    if (a.startedAt !== null && a.stoppedAt !== null) out.push([a.startedAt, a.stoppedAt]);
  }
  const listed = job.attempts.some((a) => a.startedAt === job.startedAt);
  if (job.startedAt !== null && !listed) out.push([job.startedAt, job.stoppedAt ?? end]);
  return out;
}

/** The peak of Σ weight over overlapping intervals (an interval's end frees before a start at the same time). */
export function peakOverlap(
  intervals: readonly { from: number; to: number; weight: number }[],
): number {
  const points: [number, number][] = [];
  for (const i of intervals) {
    if (!(i.to > i.from)) continue;
    points.push([i.from, i.weight], [i.to, -i.weight]);
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let level = 0;
  let peak = 0;
  for (const [, w] of points) {
    level += w;
    peak = Math.max(peak, level);
  }
  return peak;
}
