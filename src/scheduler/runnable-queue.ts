import type { Shape } from "../model/shape.ts";

/** What the scheduler needs to know of a RUNNABLE job. */
export interface QueuedJob {
  /** Position in the queue's order: lower runs first (submission order, FIFO). */
  readonly order: number;
  readonly shape: Shape;
  /** True while the job is in the queue; a job removed from the middle is skipped lazily. */
  queued: boolean;
}

/**
 * The RUNNABLE jobs of one shape, in queue order. Jobs of one shape are interchangeable for
 * placement, so when the first does not fit, none of the others does either.
 */
export class ShapeBucket<J extends QueuedJob> {
  /** Queued jobs from `head` on; the slots before it are emptied, so jobs that left are not kept alive. */
  private jobs: (J | undefined)[] = [];
  private head = 0;
  /** Entries after head whose job left the queue (removed lazily when they reach the head). */
  private dead = 0;

  readonly shape: Shape;

  constructor(shape: Shape) {
    this.shape = shape;
  }

  get size(): number {
    return this.jobs.length - this.head - this.dead;
  }

  /** The first job, or undefined when empty. */
  peek(): J | undefined {
    let job = this.jobs[this.head];
    while (job !== undefined && !job.queued) {
      this.jobs[this.head++] = undefined;
      this.dead--;
      job = this.jobs[this.head];
    }
    this.compact();
    return this.jobs[this.head];
  }

  /** Drops the (emptied) entries before head once they are many. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.jobs.length) {
      this.jobs = this.jobs.slice(this.head);
      this.head = 0;
    }
  }

  /** Notes that a job of this bucket left the queue from anywhere but the head. */
  noteRemoved(): void {
    this.dead++;
  }

  /** Removes and returns the first job. */
  shift(): J {
    const job = this.peek();
    if (job === undefined) throw new Error("shift from an empty shape bucket");
    // A job kept here after it left would live on (through a scavenge or two) until the compaction.
    this.jobs[this.head++] = undefined;
    this.compact();
    return job;
  }

  /** Adds a job in order (usually at the end: jobs mostly become RUNNABLE in submission order). */
  insert(job: J): void {
    const jobs = this.jobs;
    const last = jobs[jobs.length - 1];
    if (this.head === jobs.length || (last !== undefined && last.order < job.order)) {
      jobs.push(job);
      return;
    }
    let lo = this.head;
    let hi = jobs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (jobs[mid]!.order < job.order) lo = mid + 1;
      else hi = mid;
    }
    jobs.splice(lo, 0, job);
  }
}

/** The RUNNABLE jobs of one queue, bucketed by shape. */
export class RunnableQueue<J extends QueuedJob> {
  /** Buckets in creation order (a stable iteration order). */
  readonly buckets = new Map<Shape, ShapeBucket<J>>();
  /** The same buckets as a list, in creation order (buckets are never removed). */
  readonly bucketList: ShapeBucket<J>[] = [];
  /** Number of RUNNABLE jobs. */
  count = 0;

  add(job: J): void {
    job.queued = true;
    let bucket = this.buckets.get(job.shape);
    if (!bucket) {
      bucket = new ShapeBucket<J>(job.shape);
      this.buckets.set(job.shape, bucket);
      this.bucketList.push(bucket);
    }
    bucket.insert(job);
    this.count++;
  }

  /** Removes the first job of a bucket (it was placed or left the queue). */
  take(bucket: ShapeBucket<J>): J {
    this.count--;
    const job = bucket.shift();
    job.queued = false;
    return job;
  }

  /** Removes a job from wherever it is in the queue (e.g. cancelled while RUNNABLE). */
  remove(job: J): void {
    if (!job.queued) return;
    job.queued = false;
    this.count--;
    this.buckets.get(job.shape)?.noteRemoved();
  }

  /** The job at the head of the whole queue, or undefined. */
  head(): J | undefined {
    let best: J | undefined;
    for (const bucket of this.buckets.values()) {
      const job = bucket.peek();
      if (job && (!best || job.order < best.order)) best = job;
    }
    return best;
  }
}
