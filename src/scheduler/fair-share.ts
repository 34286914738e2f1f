import { compareStrings } from "../model/catalog.ts";
import type { PlaceOutcome, ScanResult } from "./fifo.ts";
import type { QueuedJob, RunnableQueue } from "./runnable-queue.ts";

/** A share of a fair-share queue, as the scan sees it. */
export interface ShareView<J extends QueuedJob> {
  readonly shareIdentifier: string;
  /** Its RUNNABLE jobs, ordered by schedulingPriority (high first), then submission. */
  readonly runnable: RunnableQueue<J>;
  /** usage = weight × (D + R·W/2) now (§13.10); the scan raises it as it places the share's jobs. */
  usage: number;
}

/** What the scan asks of the caller for one job. */
export interface FairShareHooks<J extends QueuedJob> {
  /** Places the job if it fits now (§13.2), or says why not. */
  place(job: J): PlaceOutcome;
  /** Whether computeReservation leaves room for the job (§13.11). */
  withinReservation(job: J): boolean;
  /** The share's usage after one more job of it starts (the R term grows). */
  usageAfter(share: ShareView<J>, job: J): number;
}

/**
 * One cycle of a fair-share queue (aws-batch-model.md §13.10): each placement takes the next job of
 * the active share with the lowest usage (ties by share id); a share whose next job does not fit now,
 * or would eat into the capacity computeReservation holds back, is passed over for the rest of the
 * cycle. The shares are kept in a heap on (usage, id): O(log S) per placement.
 * The first job considered that can never run blocks the queue, as a FIFO head does (§13.3).
 */
export function scanFairShare<J extends QueuedJob>(
  shares: readonly ShareView<J>[],
  hooks: FairShareHooks<J>,
): ScanResult<J> & { readonly reserved: boolean } {
  const heap = shares.filter((s) => s.runnable.count > 0);
  heapify(heap);
  let waiting = false;
  let reserved = false;
  let first = true;
  while (heap.length > 0) {
    const share = heap[0]!;
    const job = share.runnable.head()!;
    if (!hooks.withinReservation(job)) {
      reserved = true;
      pop(heap);
      continue;
    }
    const outcome = hooks.place(job);
    if (outcome.kind === "placed") {
      share.runnable.remove(job);
      share.usage = hooks.usageAfter(share, job);
      if (share.runnable.count > 0) siftDown(heap, 0);
      else pop(heap);
    } else if (outcome.kind === "never" && first) {
      return { blocked: { job, statusReason: outcome.statusReason }, waiting, reserved };
    } else {
      waiting ||= outcome.kind === "wait";
      pop(heap);
    }
    first = false;
  }
  return { blocked: null, waiting, reserved };
}

function less<J extends QueuedJob>(a: ShareView<J>, b: ShareView<J>): boolean {
  return (
    a.usage < b.usage ||
    (a.usage === b.usage && compareStrings(a.shareIdentifier, b.shareIdentifier) < 0)
  );
}

function heapify<J extends QueuedJob>(heap: ShareView<J>[]): void {
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i);
}

function pop<J extends QueuedJob>(heap: ShareView<J>[]): void {
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    siftDown(heap, 0);
  }
}

function siftDown<J extends QueuedJob>(heap: ShareView<J>[], start: number): void {
  let i = start;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
    if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
    if (m === i) return;
    [heap[i], heap[m]] = [heap[m]!, heap[i]!];
    i = m;
  }
}
