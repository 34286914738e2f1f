import type { Shape } from "../model/shape.ts";
import type { Instance } from "./instance.ts";

/** Instances with the same free room, oldest first (a heap on index, removals lazy). */
class RoomBucket {
  readonly freeVcpus: number;
  readonly freeMemoryMiB: number;
  readonly freeGpus: number;
  readonly members = new Set<Instance>();
  private heap: Instance[] = [];

  constructor(freeVcpus: number, freeMemoryMiB: number, freeGpus: number) {
    this.freeVcpus = freeVcpus;
    this.freeMemoryMiB = freeMemoryMiB;
    this.freeGpus = freeGpus;
  }

  add(inst: Instance): void {
    this.members.add(inst);
    const h = this.heap;
    let i = h.push(inst) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.index <= inst.index) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = inst;
  }

  /** The oldest member. */
  oldest(): Instance {
    const h = this.heap;
    while (!this.members.has(h[0]!)) this.popTop();
    return h[0]!;
  }

  private popTop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let mIndex = last.index;
      if (l < h.length && h[l]!.index < mIndex) {
        m = l;
        mIndex = h[l]!.index;
      }
      if (r < h.length && h[r]!.index < mIndex) m = r;
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
  private readonly buckets = new Map<string, RoomBucket>();
  private readonly where = new Map<Instance, RoomBucket>();

  /** Puts the instance in the group of its current free room, or takes it out (`eligible` false). */
  update(inst: Instance, eligible: boolean): void {
    const old = this.where.get(inst);
    const key = `${inst.freeVcpus}/${inst.freeMemoryMiB}/${inst.freeGpus}`;
    if (
      old &&
      eligible &&
      old.freeVcpus === inst.freeVcpus &&
      old.freeMemoryMiB === inst.freeMemoryMiB &&
      old.freeGpus === inst.freeGpus
    )
      return;
    if (old) {
      old.members.delete(inst);
      this.where.delete(inst);
      if (old.members.size === 0)
        this.buckets.delete(`${old.freeVcpus}/${old.freeMemoryMiB}/${old.freeGpus}`);
    }
    if (!eligible) return;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new RoomBucket(inst.freeVcpus, inst.freeMemoryMiB, inst.freeGpus);
      this.buckets.set(key, bucket);
    }
    bucket.add(inst);
    this.where.set(inst, bucket);
  }

  /** Best fit for one job of `shape`, or undefined. */
  bestFit(shape: Shape): Instance | undefined {
    let best: Instance | undefined;
    let bestMem = 0;
    let bestCpu = 0;
    for (const b of this.buckets.values()) {
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
