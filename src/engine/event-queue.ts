/**
 * A min-heap of events ordered by (time, priority, seq): earlier time first; at the same time the
 * lower priority number first; at the same time and priority, the one pushed first (seq is an
 * insertion counter, as in SimPy). The payload is a number (an index the caller owns), so the hot
 * loop allocates nothing per event; the heap lives in parallel typed arrays that grow by doubling.
 */
export class EventQueue {
  private times: Float64Array;
  private keys: Float64Array; // priority * 2^32 + seq: exact in a double while seq < 2^32... see push()
  private payloads: Float64Array;
  private count = 0;
  private seq = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.keys = new Float64Array(initialCapacity);
    this.payloads = new Float64Array(initialCapacity);
  }

  /** Number of events waiting. */
  get size(): number {
    return this.count;
  }

  /** Adds an event. `priority` is an integer 0..1023; `payload` any finite number. */
  push(time: number, priority: number, payload: number): void {
    if (!Number.isFinite(time)) throw notFinite(time);
    if (this.count === this.times.length) this.grow();
    // The key packs (priority, seq): priority < 2^10, seq < 2^42 keeps it an exact integer (< 2^53).
    const key = priority * 2 ** 42 + this.seq++;
    let i = this.count++;
    const { times, keys, payloads } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && keys[parent]! < key)) break;
      times[i] = pt;
      keys[i] = keys[parent]!;
      payloads[i] = payloads[parent]!;
      i = parent;
    }
    times[i] = time;
    keys[i] = key;
    payloads[i] = payload;
  }

  /** Time of the next event, or Infinity when empty. */
  peekTime(): number {
    return this.count > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
  }

  /** Priority of the next event, or -1 when empty. */
  peekPriority(): number {
    return this.count > 0 ? Math.floor(this.keys[0]! / 2 ** 42) : -1;
  }

  /** Removes the next event and returns its payload; call peekTime() first to learn its time. */
  pop(): number {
    if (this.count === 0) throw emptyQueue();
    const { times, keys, payloads } = this;
    const top = payloads[0]!;
    const n = --this.count;
    if (n > 0) {
      const time = times[n]!;
      const key = keys[n]!;
      const payload = payloads[n]!;
      let i = 0;
      const half = n >> 1;
      while (i < half) {
        let child = 2 * i + 1;
        const right = child + 1;
        if (
          right < n &&
          (times[right]! < times[child]! ||
            (times[right] === times[child] && keys[right]! < keys[child]!))
        ) {
          child = right;
        }
        const ct = times[child]!;
        if (time < ct || (time === ct && key < keys[child]!)) break;
        times[i] = ct;
        keys[i] = keys[child]!;
        payloads[i] = payloads[child]!;
        i = child;
      }
      times[i] = time;
      keys[i] = key;
      payloads[i] = payload;
    }
    return top;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const t = new Float64Array(cap);
    t.set(this.times);
    const k = new Float64Array(cap);
    k.set(this.keys);
    const p = new Float64Array(cap);
    p.set(this.payloads);
    this.times = t;
    this.keys = k;
    this.payloads = p;
  }
}

// The errors are made apart from push() and pop(): V8 inlines a function into its callers only
// while the inlined bytecode fits a budget, and a message template would count in it
// (docs/design.md, performance notes).
function notFinite(time: number): Error {
  return new Error(`event time must be finite, got ${time}`);
}

function emptyQueue(): Error {
  return new Error("pop from an empty event queue");
}
