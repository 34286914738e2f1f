import type { Job } from "./job.ts";

/**
 * A list of jobs that is filled and emptied again cycle after cycle (the jobs submitted, or whose
 * dependencies resolved, since the last scheduler cycle) and keeps its storage: a new `[]` per
 * cycle, or `length = 0` (which drops an array's store in V8), made a new store on the next push —
 * some 150 bytes of garbage per cycle, two cycles per job.
 */
export class JobList {
  private readonly items: (Job | null)[] = [];
  /** Number of jobs in the list; they are at(0) … at(length − 1). */
  length = 0;

  push(job: Job): void {
    if (this.length < this.items.length) this.items[this.length] = job;
    else this.items.push(job);
    this.length++;
  }

  at(i: number): Job {
    return this.items[i]!;
  }

  /** Empties the list (its slots are cleared, so it keeps no job alive). */
  clear(): void {
    for (let i = 0; i < this.length; i++) this.items[i] = null;
    this.length = 0;
  }
}
