/**
 * The live jobs by key (the event payload). Keys are dense — 0, 1, 2… in creation order — so a list
 * indexed by key answers get() with one load instead of a hash lookup (a Map of a million live jobs
 * was the largest single cost of dispatching events). A finished job's slot is emptied; the list
 * costs 8 bytes per job ever created.
 */
import type { Job } from "./job.ts";

export class LiveJobs {
  private readonly byKey: (Job | undefined)[] = [];

  get(key: number): Job | undefined {
    return this.byKey[key];
  }

  set(key: number, job: Job): void {
    // Keys arrive in order, so this appends (no holes before it).
    if (key === this.byKey.length) this.byKey.push(job);
    else this.byKey[key] = job;
  }

  delete(key: number): void {
    this.byKey[key] = undefined;
  }
}
