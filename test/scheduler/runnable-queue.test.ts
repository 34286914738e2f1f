import { describe, expect, it } from "vitest";
import { shapeOf } from "../../src/model/shape.ts";
import { RunnableQueue } from "../../src/scheduler/runnable-queue.ts";

const shape = shapeOf(1, 1024, 0);
const job = (order: number) => ({ order, shape, queued: false });

describe("a queue's RUNNABLE order", () => {
  it("keeps jobs in order, inserting a late one where it belongs, and skips removed ones", () => {
    const q = new RunnableQueue<ReturnType<typeof job>>();
    const [a, b, c] = [job(10), job(30), job(20)];
    q.add(a);
    q.add(b);
    q.add(c);
    expect(q.head()).toBe(a);
    q.remove(a);
    expect(q.head()).toBe(c);
    expect(q.count).toBe(2);
  });

  it("forgets jobs removed from the head, so a long run does not keep every job it ever queued", () => {
    const q = new RunnableQueue<ReturnType<typeof job>>();
    for (let i = 0; i < 100_000; i++) {
      const j = job(i);
      q.add(j);
      q.remove(q.head()!); // a fair-share placement: the head leaves by remove(), not take()
    }
    q.head();
    const bucket = q.buckets.get(shape)! as unknown as { jobs: unknown[] };
    expect(bucket.jobs.length).toBeLessThan(5000);
  });
});
