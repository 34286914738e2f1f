/**
 * The live jobs by key (the event payload). Keys are dense — 0, 1, 2… in creation order — so a list
 * indexed by key answers get() with one load instead of a hash lookup (a Map of a million live jobs
 * was the largest single cost of dispatching events). The list is cut in pages of PAGE_SIZE keys: a
 * page is made when its first key is set and dropped once all its jobs are gone and keys have moved
 * on to a later page (keys are set once, in order), so memory follows the span of live keys rather
 * than every job ever created, and no growing array is copied.
 */
import type { Job } from "./job.ts";

const PAGE_BITS = 12;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;

export class LiveJobs {
  private readonly pages: ((Job | undefined)[] | undefined)[] = [];
  /** Live jobs per page. */
  private readonly counts: number[] = [];

  get(key: number): Job | undefined {
    const page = this.pages[key >>> PAGE_BITS];
    return page === undefined ? undefined : page[key & PAGE_MASK];
  }

  set(key: number, job: Job): void {
    const p = key >>> PAGE_BITS;
    // A new page once per PAGE_SIZE keys, apart: what V8 inlines into submit() stays small.
    const page = this.pages[p] ?? this.newPage(p);
    if (page[key & PAGE_MASK] === undefined) this.counts[p]! += 1;
    page[key & PAGE_MASK] = job;
  }

  private newPage(p: number): (Job | undefined)[] {
    while (this.pages.length <= p) {
      this.pages.push(undefined);
      this.counts.push(0);
    }
    const page = new Array<Job | undefined>(PAGE_SIZE).fill(undefined);
    this.pages[p] = page;
    // The page before is done being filled: gone if its jobs are.
    if (p > 0 && this.counts[p - 1] === 0) this.pages[p - 1] = undefined;
    return page;
  }

  delete(key: number): void {
    const p = key >>> PAGE_BITS;
    const page = this.pages[p];
    if (page === undefined || page[key & PAGE_MASK] === undefined) return;
    page[key & PAGE_MASK] = undefined;
    this.counts[p]! -= 1;
    // The last page is still being filled (its next keys are yet to be set).
    if (this.counts[p] === 0 && p < this.pages.length - 1) this.pages[p] = undefined;
  }
}
