/** What JobSlots needs of a record. */
export interface SlotRecord {
  readonly submitted: { readonly jobKey: number; readonly jobId: string };
  readonly isArrayParent: boolean;
}

/**
 * Live job records by jobKey (the engine's dense job number, in submission order): a slot per key
 * from the oldest live job's on, so a lookup is an index, not a hash of the jobId (string-keyed Map
 * lookups were ~0.5 s of a 1M-job run's folds). A finished job's slot is emptied; the dead slots
 * before the oldest live job are dropped once they are half of the array. Array parents are also
 * kept by jobId, since their children's JobSubmitted name them so.
 */
export class JobSlots<R extends SlotRecord> {
  private slots: (R | undefined)[] = [];
  /** The jobKey of slots[0]. */
  private base = 0;
  /** Slots before this one are empty. */
  private head = 0;
  private readonly parents = new Map<string, R>();

  find(jobKey: number): R | undefined {
    const i = jobKey - this.base;
    return i >= this.head && i < this.slots.length ? this.slots[i] : undefined;
  }

  /** The live record of a job a fact names (a fact for an unknown job is a bug upstream). */
  get(jobKey: number, jobId: string): R {
    const job = this.find(jobKey);
    if (!job) throw new Error(`report: fact for unknown or finished job ${jobId}`);
    return job;
  }

  /** The live record of an array parent. */
  parent(jobId: string): R {
    const job = this.parents.get(jobId);
    if (!job) throw new Error(`report: fact for unknown or finished array job ${jobId}`);
    return job;
  }

  add(job: R): void {
    const key = job.submitted.jobKey;
    if (key < this.base + this.head) this.rebase(key);
    const i = key - this.base;
    while (this.slots.length <= i) this.slots.push(undefined);
    this.slots[i] = job;
    if (job.isArrayParent) this.parents.set(job.submitted.jobId, job);
  }

  delete(job: R): void {
    const i = job.submitted.jobKey - this.base;
    if (this.slots[i] !== job) return;
    this.slots[i] = undefined;
    if (job.isArrayParent) this.parents.delete(job.submitted.jobId);
    if (i !== this.head) return;
    const slots = this.slots;
    let head = i + 1;
    while (head < slots.length && slots[head] === undefined) head++;
    this.head = head;
    if (head >= 4096 && head * 2 >= slots.length) {
      this.slots = slots.slice(head);
      this.base += head;
      this.head = 0;
    }
  }

  /** Makes `key` the first slot (a key below every live one: not made by the engine, but kept safe). */
  private rebase(key: number): void {
    const live = this.slots.slice(this.head);
    const gap = this.base + this.head - key;
    this.slots = [...new Array<undefined>(gap).fill(undefined), ...live];
    this.base = key;
    this.head = 0;
  }

  /** Live jobs in jobKey order (the engine's submission order). */
  *values(): IterableIterator<R> {
    for (let i = this.head; i < this.slots.length; i++) {
      const job = this.slots[i];
      if (job !== undefined) yield job;
    }
  }
}
