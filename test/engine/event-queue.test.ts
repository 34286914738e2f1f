import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { EventQueue } from "../../src/engine/event-queue.ts";

interface Pushed {
  readonly time: number;
  readonly priority: number;
  readonly seq: number;
}

/** The reference order: time, then priority, then insertion. */
function byTimePrioritySeq(a: Pushed, b: Pushed): number {
  return a.time - b.time || a.priority - b.priority || a.seq - b.seq;
}

// Few distinct times and priorities so that ties are the common case.
const event = fc.record({
  time: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
  priority: fc.integer({ min: 0, max: 3 }),
});
type Op = { readonly push: { time: number; priority: number } } | { readonly pop: true };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: event.map((push) => ({ push })) },
  { weight: 1, arbitrary: fc.constant({ pop: true as const }) },
);

describe("EventQueue", () => {
  test.prop([fc.array(event, { maxLength: 300 })])(
    "pops everything pushed as a stable sort by time, then priority, then insertion order",
    (events) => {
      const q = new EventQueue(4);
      events.forEach((e, seq) => {
        q.push(e.time, e.priority, seq);
      });
      const expected = events
        .map((e, seq) => ({ ...e, seq }))
        .sort(byTimePrioritySeq)
        .map((e) => e.seq);
      const popped: number[] = [];
      while (q.size > 0) popped.push(q.pop());
      expect(popped).toEqual(expected);
    },
  );

  test.prop([fc.array(op, { maxLength: 400 })])(
    "with pushes and pops interleaved, always pops the least pending (time, priority, insertion)",
    (ops) => {
      const q = new EventQueue(2);
      const pending: Pushed[] = [];
      let seq = 0;
      for (const o of ops) {
        if ("push" in o) {
          q.push(o.push.time, o.push.priority, seq);
          pending.push({ ...o.push, seq: seq++ });
        } else if (pending.length > 0) {
          pending.sort(byTimePrioritySeq);
          const least = pending.shift()!;
          expect(q.peekTime()).toBe(least.time);
          expect(q.peekPriority()).toBe(least.priority);
          expect(q.pop()).toBe(least.seq);
        }
        expect(q.size).toBe(pending.length);
      }
    },
  );

  it("grows past its initial capacity without losing or reordering events", () => {
    const q = new EventQueue(1);
    const n = 5000;
    for (let i = 0; i < n; i++) q.push((i * 7919) % 101, i % 3, i);
    expect(q.size).toBe(n);
    let last = { time: Number.NEGATIVE_INFINITY, priority: -1, payload: -1 };
    for (let i = 0; i < n; i++) {
      const time = q.peekTime();
      const priority = q.peekPriority();
      const payload = q.pop();
      const ordered =
        time > last.time ||
        (time === last.time &&
          (priority > last.priority || (priority === last.priority && payload > last.payload)));
      expect(ordered).toBe(true);
      last = { time, priority, payload };
    }
    expect(q.size).toBe(0);
  });

  it("peeks Infinity (and priority -1) when empty", () => {
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(q.peekPriority()).toBe(-1);
    q.push(3, 0, 0);
    q.pop();
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });

  it("throws when popping an empty queue", () => {
    expect(() => new EventQueue().pop()).toThrow(/empty/);
  });

  it("refuses a non-finite time", () => {
    const q = new EventQueue();
    expect(() => q.push(Number.NaN, 0, 0)).toThrow(/finite/);
    expect(() => q.push(Number.POSITIVE_INFINITY, 0, 0)).toThrow(/finite/);
  });
});
