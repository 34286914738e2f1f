/**
 * Wait times from the jobs table, as summary.json computes them: each finished job's time RUNNABLE
 * summed over its attempts (jobs.waitSeconds), per queue and per share. Unfinished jobs are left
 * out, as in summary.json.
 */
import type { ViewerData } from "../../src/report/viewer-data-types.ts";

export interface WaitGroup {
  readonly name: string;
  /** Waits in seconds, ascending. */
  readonly sorted: Float64Array;
}

/** Waits of the finished jobs, grouped by queue or by share (jobs without a share left out). */
export function waitGroups(data: ViewerData, by: "queue" | "share"): WaitGroup[] {
  const jobs = data.jobs;
  const names = by === "queue" ? data.jobQueues.map((q) => q.name) : data.shares;
  const lists: number[][] = names.map(() => []);
  for (let j = 0; j < jobs.id.length; j++) {
    const ended = jobs.endedAt[j];
    if (ended === null || ended === undefined) continue;
    const g = by === "queue" ? jobs.queue[j]! : jobs.share[j]!;
    lists[g]?.push(jobs.waitSeconds[j]!);
  }
  return names
    .map((name, i) => ({ name, sorted: Float64Array.from(lists[i]!).sort() }))
    .filter((g) => g.sorted.length > 0);
}

/** Jobs not finished at the end of the run (not in any wait distribution, nor in summary.json's). */
export function jobsUnfinished(data: ViewerData): number {
  let n = 0;
  for (const e of data.jobs.endedAt) if (e === null) n++;
  return n;
}

/** The longest wait of the run, s. */
export function waitExtent(data: ViewerData): number {
  let max = 0;
  for (const g of waitGroups(data, "queue")) max = Math.max(max, g.sorted[g.sorted.length - 1]!);
  return max;
}

/** Nearest-rank percentile of ascending values (as summary.json computes them). */
export function percentile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/**
 * Points of the empirical CDF (x = wait, y = fraction of jobs waiting ≤ x) for a step-after line,
 * at most `maxPoints` + 2 of them: from (0, 0) to (xMax, 1).
 */
export function ecdfPoints(
  sorted: Float64Array,
  xMax: number,
  maxPoints = 400,
): [number, number][] {
  const n = sorted.length;
  const pts: [number, number][] = [[0, 0]];
  if (n === 0) return pts;
  const step = Math.max(1, Math.floor(n / maxPoints));
  let i = 0;
  while (i < n) {
    // y is the fraction of waits ≤ this value: up to the last index holding the same value
    let k = i;
    while (k + 1 < n && sorted[k + 1] === sorted[i]) k++;
    pts.push([sorted[i]!, (k + 1) / n]);
    i = Math.max(i + step, k + 1);
  }
  const last = pts[pts.length - 1]!;
  if (last[1] < 1) pts.push([sorted[n - 1]!, 1]);
  pts.push([Math.max(xMax, sorted[n - 1]!), 1]);
  return pts;
}
