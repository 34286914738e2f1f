import type { QueuedJob, RunnableQueue, ShapeBucket } from "./runnable-queue.ts";

/** What placing one job came to. */
export type PlaceOutcome =
  | { readonly kind: "placed" }
  /** Not now: no room, and capacity may come (scale-out, jobs ending). */
  | { readonly kind: "wait" }
  /** Never, with this configuration: the blocked statusReason (§13.3). */
  | { readonly kind: "never"; readonly statusReason: string };

/** The result of scanning one queue in one scheduling cycle. */
export interface ScanResult<J> {
  /** The head job when it can never run (it blocks the queue), with its reason. */
  readonly blocked: { readonly job: J; readonly statusReason: string } | null;
  /** Whether some job waits for capacity that may come. */
  readonly waiting: boolean;
}

/**
 * Scans a FIFO queue in submission order and places every job that fits (aws-batch-model.md §13.3).
 * With `backfill`, a job that does not fit now is passed by later jobs (its whole shape bucket is
 * skipped: identical jobs cannot fit either); without, nothing passes the first job that does not
 * fit. A head job that can never run blocks the queue and stops the scan.
 */
export function scanFifo<J extends QueuedJob>(
  queue: RunnableQueue<J>,
  backfill: boolean,
  place: (job: J) => PlaceOutcome,
): ScanResult<J> {
  // One list reused by every scan (scans do not nest): its first n entries are this scan's buckets
  // with jobs (the rest are stale; buckets live as long as their queue).
  const active = scratch as ShapeBucket<J>[];
  let n = 0;
  for (const bucket of queue.bucketList) if (bucket.size > 0) active[n++] = bucket;
  let waiting = false;
  let first = true;
  while (n > 0) {
    const i = indexOfEarliest(active, n);
    const bucket = active[i]!;
    const job = bucket.peek()!;
    const outcome = place(job);
    if (outcome.kind === "placed") {
      queue.take(bucket);
      // The order of the list does not matter (the earliest head is searched each time).
      if (bucket.size === 0) active[i] = active[--n]!;
    } else if (outcome.kind === "never" && first) {
      return { blocked: { job, statusReason: outcome.statusReason }, waiting };
    } else {
      waiting ||= outcome.kind === "wait";
      if (!backfill) break;
      active[i] = active[--n]!;
      first = false; // a job stays behind: later jobs are not at the head
    }
  }
  return waiting ? SCAN_WAITING : SCAN_DONE;
}

/** The results of a scan that blocked nothing (one object each, not one per scan). */
const SCAN_WAITING: ScanResult<never> = Object.freeze({ blocked: null, waiting: true });
const SCAN_DONE: ScanResult<never> = Object.freeze({ blocked: null, waiting: false });

const scratch: ShapeBucket<QueuedJob>[] = [];

/** The index, among the first n buckets, of the one whose head job is earliest (orders are unique). */
function indexOfEarliest<J extends QueuedJob>(
  buckets: readonly ShapeBucket<J>[],
  n: number,
): number {
  let best = 0;
  for (let i = 1; i < n; i++) {
    if (buckets[i]!.peek()!.order < buckets[best]!.peek()!.order) best = i;
  }
  return best;
}
