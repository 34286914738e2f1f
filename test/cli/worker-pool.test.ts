import { describe, expect, it } from "vitest";
import { runWorkerPool } from "../../src/cli/workers.ts";

const WORKER = new URL("./fixtures/pool-worker.mjs", import.meta.url);

describe("the worker pool", () => {
  it("hands each result over with its task's index, whatever order the tasks finish in", async () => {
    // Task 0 is slow, so with two workers tasks 1.. finish before it.
    const tasks = [0, 1, 2, 3, 4, 5].map((value) => ({ value, delayMs: value === 0 ? 300 : 5 }));
    const order: number[] = [];
    const results: number[] = new Array(tasks.length);
    const outcome = await runWorkerPool<number>(WORKER, null, tasks, 2, (index, result) => {
      order.push(index);
      results[index] = result;
    });
    expect(outcome).toEqual({ kind: "done" });
    expect(order[0]).not.toBe(0);
    expect(order.at(-1)).toBe(0);
    expect(results).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it("never starts more workers than there are tasks, and is done at once with none", async () => {
    expect(await runWorkerPool(WORKER, null, [], 4, () => {})).toEqual({ kind: "done" });
    const seen: number[] = [];
    const outcome = await runWorkerPool<number>(
      WORKER,
      null,
      [{ value: 7, delayMs: 0 }],
      8,
      (_, r) => seen.push(r),
    );
    expect(outcome).toEqual({ kind: "done" });
    expect(seen).toEqual([70]);
  });

  it("stops every worker when a task fails, as a crash", async () => {
    const tasks = [
      { value: 1, delayMs: 0 },
      { value: 2, delayMs: 0, fail: true },
      { value: 3, delayMs: 1000 },
    ];
    const outcome = await runWorkerPool(WORKER, null, tasks, 2, () => {});
    expect(outcome.kind).toBe("crash");
    expect(outcome.kind === "crash" && outcome.error.message).toBe("task 1 failed");
  });

  it("stops when aborted", async () => {
    const abort = new AbortController();
    const pending = runWorkerPool(
      WORKER,
      null,
      [{ value: 1, delayMs: 5000 }],
      1,
      () => {},
      abort.signal,
    );
    abort.abort();
    expect(await pending).toEqual({ kind: "aborted" });
  });
});
