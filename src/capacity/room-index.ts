import { resourcesKey, type Shape } from "../model/shape.ts";
import type { Instance } from "./instance.ts";

/**
 * Instances with the same free room, oldest first (a heap on index, removals lazy). An instance is a
 * member while its `roomGroup` is this bucket (a field, not a Set: cheaper on the hot path).
 */
class RoomBucket {
  readonly freeVcpus: number;
  readonly freeMemoryMiB: number;
  readonly freeGpus: number;
  /** Members now. */
  size = 0;
  /**
   * The heap: its first `n` entries (a count, not the array's length, so that emptying the heap keeps
   * its storage — an instance filling up and freeing again empties its group job after job).
   */
  private readonly heap: (Instance | null)[] = [];
  private n = 0;

  constructor(freeVcpus: number, freeMemoryMiB: number, freeGpus: number) {
    this.freeVcpus = freeVcpus;
    this.freeMemoryMiB = freeMemoryMiB;
    this.freeGpus = freeGpus;
  }

  has(inst: Instance): boolean {
    return inst.roomGroup === this;
  }

  add(inst: Instance): void {
    inst.roomGroup = this;
    this.size++;
    const h = this.heap;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.index <= inst.index) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = inst;
  }

  /** Forgets the heap's entries (every one stale once the group is empty). */
  clear(): void {
    // A loop, not fill(null, 0, n): the builtin's call cost more than the few stores.
    const h = this.heap;
    for (let i = 0; i < this.n; i++) h[i] = null;
    this.n = 0;
  }

  /** The oldest member. */
  oldest(): Instance {
    const h = this.heap;
    while (!this.has(h[0]!)) this.popTop();
    return h[0]!;
  }

  private popTop(): void {
    const h = this.heap;
    const n = --this.n;
    const last = h[n]!;
    h[n] = null;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let mIndex = last.index;
      if (l < n && h[l]!.index < mIndex) {
        m = l;
        mIndex = h[l]!.index;
      }
      if (r < n && h[r]!.index < mIndex) m = r;
      if (m === i) break;
      h[i] = h[m]!;
      i = m;
    }
    h[i] = last;
  }
}

/**
 * Ready instances with free room, grouped by their free (vCPU, memory, GPU). Best fit (§13.7) looks at
 * the groups, not at every instance: least leftover memory, then vCPU, then the oldest instance — so a
 * CE with thousands of instances costs only its number of distinct free states per placement.
 */
export class RoomIndex {
  private readonly buckets = new Map<number | string, RoomBucket>();
  /** The same groups as a list, in the Map's order (best fit walks it: no iterator per placement). */
  private list: RoomBucket[] = [];
  /** Groups in `buckets` with no member. */
  private empty = 0;

  /** Puts the instance in the group of its current free room, or takes it out (`eligible` false). */
  update(inst: Instance, eligible: boolean): void {
    const old = inst.roomGroup as RoomBucket | null;
    if (
      old &&
      eligible &&
      old.freeVcpus === inst.freeVcpus &&
      old.freeMemoryMiB === inst.freeMemoryMiB &&
      old.freeGpus === inst.freeGpus
    )
      return;
    if (old) {
      inst.roomGroup = null;
      old.size--;
      if (old.size === 0) this.emptied(old);
    }
    if (!eligible) return;
    const key = roomKey(inst.freeVcpus, inst.freeMemoryMiB, inst.freeGpus);
    let bucket = this.buckets.get(key);
    if (bucket === undefined) bucket = this.newBucket(key, inst);
    else if (bucket.size === 0) this.empty--;
    bucket.add(inst);
  }

  private newBucket(key: number | string, inst: Instance): RoomBucket {
    const bucket = new RoomBucket(inst.freeVcpus, inst.freeMemoryMiB, inst.freeGpus);
    this.buckets.set(key, bucket);
    this.list.push(bucket);
    return bucket;
  }

  /**
   * An empty group stays for reuse (an instance going full and free again is the common case); they
   * are dropped all at once when more than MAX_EMPTY pile up, so best fit never scans many.
   */
  private emptied(bucket: RoomBucket): void {
    bucket.clear();
    if (++this.empty > MAX_EMPTY) this.dropEmpty();
  }

  /** Drops the empty groups (apart from emptied(): V8 then inlines the common case into update()). */
  private dropEmpty(): void {
    for (const [key, b] of this.buckets) if (b.size === 0) this.buckets.delete(key);
    this.list = [...this.buckets.values()];
    this.empty = 0;
  }

  /** Best fit for one job of `shape`, or undefined. */
  bestFit(shape: Shape): Instance | undefined {
    let best: Instance | undefined;
    let bestMem = 0;
    let bestCpu = 0;
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      const b = list[i]!;
      if (b.size === 0) continue;
      if (b.freeVcpus < shape.vcpus || b.freeMemoryMiB < shape.memoryMiB || b.freeGpus < shape.gpus)
        continue;
      const mem = b.freeMemoryMiB - shape.memoryMiB;
      const cpu = b.freeVcpus - shape.vcpus;
      if (best && (mem > bestMem || (mem === bestMem && cpu > bestCpu))) continue;
      const inst = b.oldest();
      if (!best || mem < bestMem || cpu < bestCpu || inst.index < best.index) {
        best = inst;
        bestMem = mem;
        bestCpu = cpu;
      }
    }
    return best;
  }
}

/** Empty groups kept for reuse before they are dropped. */
const MAX_EMPTY = 64;

/**
 * The key of a free (vCPU, memory, GPU) group: one number when all three are whole and in range (the
 * common case, and much cheaper than a string), else a string.
 */
function roomKey(vcpus: number, memoryMiB: number, gpus: number): number | string {
  const n = resourcesKey(vcpus, memoryMiB, gpus);
  return n >= 0 ? n : `${vcpus}/${memoryMiB}/${gpus}`;
}
