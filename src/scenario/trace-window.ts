/** Which rows of a trace a stream replays: the window (from/to, maxJobs, until) and the rows it skips. */
import type { TraceTable } from "./trace-types.ts";

/** The cut of a trace, on the trace's own clock (seconds after its first submission). */
export interface TraceWindowOptions {
  readonly fromSeconds: number;
  readonly toSeconds: number | null;
  readonly maxJobs: number | null;
  readonly timeScale: number;
  /** The scenario's `until` (simulated seconds), or null. */
  readonly untilSeconds: number | null;
}

/** The rows replayed, in submission order, and what the window skipped. */
export interface TraceWindow {
  readonly rows: Int32Array;
  /** Trace seconds of the window's start (the first submission + from). */
  readonly originSeconds: number;
  /** Job lines in the window with an unknown runtime (≤ 0), processors (both ≤ 0) or submit time (< 0). */
  readonly skipped: number;
}

/**
 * Selects the rows to replay. Times count from the earliest submission of the whole trace (a skipped
 * job's included, so skipping never shifts the others). Rows are taken by submit time, then file
 * order (SWF files are sorted; an unsorted one is sorted here, stably). A row at trace time
 * t (after the first submission) is replayed when from ≤ t < to, its runtime and processors are
 * known and (t − from) × timeScale < until; at most maxJobs rows are replayed. A row with an unknown
 * runtime or processors inside the window is skipped and counted. O(n), or O(n log n) when unsorted.
 */
export function selectTraceRows(table: TraceTable, w: TraceWindowOptions): TraceWindow {
  const { submitSeconds: submit, runtimeSeconds: runtime } = table;
  const { allocatedProcessors: allocated, requestedProcessors: requested } = table;
  let first = Number.POSITIVE_INFINITY;
  let sorted = true;
  let previous = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < table.rows; r++) {
    const s = submit[r]!;
    if (s < 0) continue;
    if (s < first) first = s;
    if (s < previous) sorted = false;
    previous = s;
  }
  const origin = (first === Number.POSITIVE_INFINITY ? 0 : first) + w.fromSeconds;
  const order = sorted ? null : submissionOrder(submit);
  const out = new Int32Array(table.rows);
  let n = 0;
  let skipped = 0;
  const until = w.untilSeconds ?? Number.POSITIVE_INFINITY;
  const maxJobs = w.maxJobs ?? Number.POSITIVE_INFINITY;
  const end = w.toSeconds === null ? Number.POSITIVE_INFINITY : first + w.toSeconds;
  for (let k = 0; k < table.rows && n < maxJobs; k++) {
    const r = order === null ? k : order[k]!;
    const s = submit[r]!;
    if (s < 0) {
      skipped++;
      continue;
    }
    if (s < origin) continue;
    if (!(s < end) || !((s - origin) * w.timeScale < until)) break;
    if (!(runtime[r]! > 0) || (allocated[r]! <= 0 && requested[r]! <= 0)) {
      skipped++;
      continue;
    }
    out[n++] = r;
  }
  return { rows: out.slice(0, n), originSeconds: origin, skipped };
}

/** Row indexes by (submit time, row): a stable sort of an unsorted trace; unknown (< 0) times first. */
function submissionOrder(submit: Float64Array): Int32Array {
  const order = new Int32Array(submit.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => submit[a]! - submit[b]! || a - b);
}
