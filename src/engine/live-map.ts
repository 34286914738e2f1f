/**
 * A Map for what lives briefly and in great numbers: the live jobs a report fold keeps by jobId, the
 * named jobs of the simulation.
 *
 * A Map that has reached the old generation and keeps adding and deleting entries makes V8's
 * scavenger keep alive, and then promote, nearly every value it ever held: when its table is
 * rehashed, the table left behind is old-space garbage whose slots still point at young values, and
 * the scavenger reads them as roots until the next full collection. In the M/M/8 run's "jobs" part,
 * 490 MB of job records were promoted and scavenges took 0.9 s instead of 0.2 s. So the Map is
 * replaced by a copy of itself (same entries, same order) once it has had as many deletions as it has
 * entries, and at least REBUILD_AFTER: a young Map does not grow old, and the copies cost O(1) per
 * deletion.
 */
const REBUILD_AFTER = 4096;

export class LiveMap<K, V> {
  private map = new Map<K, V>();
  private deletes = 0;

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): this {
    this.map.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    const had = this.map.delete(key);
    if (had && ++this.deletes >= REBUILD_AFTER && this.deletes >= this.map.size) {
      this.map = new Map(this.map);
      this.deletes = 0;
    }
    return had;
  }

  /** Values in insertion order (do not delete while iterating). */
  values(): MapIterator<V> {
    return this.map.values();
  }

  /** Entries in insertion order (do not delete while iterating). */
  entries(): MapIterator<[K, V]> {
    return this.map.entries();
  }

  clear(): void {
    this.map = new Map();
    this.deletes = 0;
  }
}
