/**
 * Worker threads: one run worker (a run folder written off the main thread, so signals stay
 * responsive) and a pool of summary workers for replications and sweeps, whose results are placed by
 * task index, never by completion order.
 */
import * as os from "node:os";
import { setFlagsFromString } from "node:v8";
import { parentPort, Worker, workerData } from "node:worker_threads";

/** How a worker run ended. */
export type WorkerOutcome<T> =
  | { readonly kind: "message"; readonly message: T }
  | { readonly kind: "signal"; readonly signal: "SIGINT" | "SIGTERM" }
  | { readonly kind: "crash"; readonly error: Error };

/** The run worker's young generation, MiB (V8's default is a few tens at most). */
const YOUNG_GENERATION_MB = 192;

/**
 * A V8 flag set while workers start: worker options cannot take V8 flags, but a new isolate reads
 * some as it starts. Each call of the returned function sets `on` (unless a starting worker already
 * holds it) and returns what releases it — call that once the worker is online, or when it ends
 * first; calling it again does nothing. `off` is set when no starting worker holds the flag.
 */
function flagWhileStarting(on: string, off: string): () => () => void {
  let holders = 0;
  return () => {
    if (holders++ === 0) setFlagsFromString(on);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (--holders === 0) setFlagsFromString(off);
    };
  };
}

/**
 * The run worker's semi-spaces start at their full size, MiB (the young generation is three
 * semi-spaces' worth). V8 grows a nursery only as objects survive, and a run's facts die young: it
 * stayed near 32 MiB and scavenged twice as often (mm8: 62–87 scavenges per worker, 155–210 ms, against
 * 36–44 and 115–163 ms). V8 reads the flag as a new isolate configures its heap.
 */
const RUN_SEMI_SPACE_MB = YOUNG_GENERATION_MB / 3;
const fullSemiSpaces = flagWhileStarting(
  `--min-semi-space-size=${RUN_SEMI_SPACE_MB}`,
  "--min-semi-space-size=0",
);

/**
 * A worker started while `busy` workers of this run are meant to run at once compiles its optimized
 * code itself when that is at least one per core. V8 otherwise compiles a hot function on a
 * background thread while the function goes on running unoptimized; with every core running a worker,
 * that thread waits for a core. On two cores, compiling in the worker made mm8.yaml's run (two run
 * workers) 2–7 % shorter and 40 replications of replications-10k.yaml (a pool of two) 5–11 % (bench/
 * BENCHMARKS.md, eleventh session). V8 reads the flag as a new isolate starts.
 */
const ownCompiles = flagWhileStarting(
  "--no-concurrent-recompilation",
  "--concurrent-recompilation",
);

function compilingOwnCode(busy: number): () => void {
  return compileInWorkers(busy, availableCores()) ? ownCompiles() : () => {};
}

/** Whether `busy` workers at once on `cores` cores should compile their optimized code themselves. */
export function compileInWorkers(busy: number, cores: number): boolean {
  return busy >= cores;
}

/**
 * Runs the worker module at `url` with `data`. Messages with `type: "progress"` go to `onProgress`;
 * the first other message ends the run. SIGINT/SIGTERM during the run stop the worker at once
 * (the simulation is synchronous, so it runs off the main thread to keep signals responsive), and
 * so does `stop` (the outcome is then a crash, "stopped"). `post` sends the worker a message.
 * `busy`: the run workers the caller runs at once, this one included.
 */
export function runWorker<T extends { type: string }>(
  url: URL,
  data: unknown,
  onProgress: (message: T) => void,
  stop?: AbortSignal,
  busy = 1,
): Promise<WorkerOutcome<T>> & { post(message: unknown): void } {
  let started: Worker | null = null;
  let ended = false;
  const outcome = new Promise<WorkerOutcome<T>>((resolve) => {
    const starting = [fullSemiSpaces(), compilingOwnCode(busy)];
    // Online (or ended before): the flags set for its start are released.
    const onOnline = (): void => {
      for (const release of starting) release();
    };
    const worker = new Worker(url, {
      workerData: data,
      stdout: false,
      stderr: false,
      // A larger young generation: reports allocate many short-lived strings, and with V8's default
      // nursery a 1M-job run spent a third of its time in scavenges (bench/jobs-1m: 20.3 s → 16.2 s).
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    started = worker;
    worker.once("online", onOnline);
    let settled = false;
    const finish = (outcome: WorkerOutcome<T>): void => {
      if (settled) return;
      settled = true;
      onOnline(); // a worker that never came online no longer holds the flags
      ended = true;
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigterm);
      stop?.removeEventListener("abort", onStop);
      void worker.terminate().then(() => resolve(outcome));
    };
    const onSigint = (): void => finish({ kind: "signal", signal: "SIGINT" });
    const onSigterm = (): void => finish({ kind: "signal", signal: "SIGTERM" });
    const onStop = (): void => finish({ kind: "crash", error: new Error("stopped") });
    process.on("SIGINT", onSigint);
    process.on("SIGTERM", onSigterm);
    stop?.addEventListener("abort", onStop);
    worker.on("message", (message: T) => {
      if (message.type === "progress") onProgress(message);
      else finish({ kind: "message", message });
    });
    worker.on("error", (error) => finish({ kind: "crash", error }));
    worker.on("exit", (code) =>
      finish({ kind: "crash", error: new Error(`worker exited with code ${code}`) }),
    );
  });
  return Object.assign(outcome, {
    post(message: unknown): void {
      if (!ended) started?.postMessage(message);
    },
  });
}

/**
 * Keeps SIGINT/SIGTERM from killing the process outright until release() (a signal with no listener
 * ends the process at once): set before creating a temporary folder, so that a signal arriving before
 * the worker's own listeners are in place still reaches them (signals are dispatched on the event
 * loop, after the synchronous set-up) and the folder is removed.
 */
export function holdSignals(): () => void {
  const ignore = (): void => {};
  process.on("SIGINT", ignore);
  process.on("SIGTERM", ignore);
  return () => {
    process.off("SIGINT", ignore);
    process.off("SIGTERM", ignore);
  };
}

/** How a pool of workers ended: every task done, a signal, an abort, or a crash (a bug). */
export type PoolOutcome =
  | { readonly kind: "done" }
  | { readonly kind: "signal"; readonly signal: "SIGINT" | "SIGTERM" }
  | { readonly kind: "aborted" }
  | { readonly kind: "crash"; readonly error: Error };

/** What a pool worker posts for each task (see serveTasks). */
type PoolMessage =
  | { readonly type: "result"; readonly index: number; readonly result: unknown }
  | {
      readonly type: "failed";
      readonly index: number;
      readonly message: string;
      readonly stack: string;
    };

/** A pool worker's young generation, MiB: the summary folds allocate little, unlike run folders. */
const POOL_YOUNG_GENERATION_MB = 64;

/**
 * Runs `tasks` on up to `workers` worker threads of the module at `url` (which calls serveTasks),
 * each started with `shared`. A worker gets its next task when it posts a result; `onResult` gets
 * each result with the task's index (in completion order: the caller keys results by index). SIGINT
 * and SIGTERM stop every worker, as does `abort`; a task that throws stops the pool as a crash.
 */
export function runWorkerPool<R>(
  url: URL,
  shared: unknown,
  tasks: readonly unknown[],
  workers: number,
  onResult: (index: number, result: R) => void,
  abort?: AbortSignal,
): Promise<PoolOutcome> {
  if (tasks.length === 0) return Promise.resolve({ kind: "done" });
  return new Promise((resolve) => {
    const pool: Worker[] = [];
    let next = 0;
    let remaining = tasks.length;
    let settled = false;
    const size = Math.min(workers, tasks.length);
    /** What releases each worker's start flags (see compilingOwnCode). */
    const starting: (() => void)[] = [];
    const finish = (outcome: PoolOutcome): void => {
      if (settled) return;
      settled = true;
      for (const release of starting) release(); // workers that never came online
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigterm);
      abort?.removeEventListener("abort", onAbort);
      void Promise.all(pool.map((w) => w.terminate())).then(() => resolve(outcome));
    };
    const onSigint = (): void => finish({ kind: "signal", signal: "SIGINT" });
    const onSigterm = (): void => finish({ kind: "signal", signal: "SIGTERM" });
    const onAbort = (): void => finish({ kind: "aborted" });
    process.on("SIGINT", onSigint);
    process.on("SIGTERM", onSigterm);
    abort?.addEventListener("abort", onAbort);
    if (abort?.aborted) return onAbort();
    const feed = (worker: Worker): void => {
      if (next >= tasks.length) return;
      const index = next++;
      worker.postMessage({ index, task: tasks[index] });
    };
    for (let i = 0; i < size; i++) {
      const release = compilingOwnCode(size);
      starting.push(release);
      const worker = new Worker(url, {
        workerData: shared,
        resourceLimits: { maxYoungGenerationSizeMb: POOL_YOUNG_GENERATION_MB },
      });
      worker.once("online", release);
      pool.push(worker);
      worker.on("message", (message: PoolMessage) => {
        if (settled) return;
        if (message.type === "failed") {
          const error = new Error(message.message);
          error.stack = message.stack;
          return finish({ kind: "crash", error });
        }
        onResult(message.index, message.result as R);
        remaining -= 1;
        if (remaining === 0) finish({ kind: "done" });
        else feed(worker);
      });
      worker.on("error", (error) => finish({ kind: "crash", error }));
      worker.on("exit", (code) =>
        finish({ kind: "crash", error: new Error(`worker exited with code ${code}`) }),
      );
      feed(worker);
    }
  });
}

/**
 * In a pool worker: answers each task the main thread sends with `handle(task)`'s result, or with
 * the error it threw. The worker lives until the pool terminates it.
 */
export function serveTasks(handle: (task: unknown) => unknown): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks called outside a worker");
  port.on("message", ({ index, task }: { index: number; task: unknown }) => {
    let message: PoolMessage;
    try {
      message = { type: "result", index, result: handle(task) };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      message = { type: "failed", index, message: e.message, stack: e.stack ?? e.message };
    }
    port.postMessage(message);
  });
}

/** The number of threads worth running at once on this machine (os.availableParallelism()). */
export function availableCores(): number {
  return os.availableParallelism();
}

/** In a worker: the data it was started with. */
export function workerInput(): unknown {
  return workerData;
}

/** In a worker: the next message from the main thread. */
export function receiveFromMain(): Promise<unknown> {
  const port = parentPort;
  if (!port) throw new Error("receiveFromMain called outside a worker");
  return new Promise((resolve) => port.once("message", resolve));
}

/** In a worker: sends a message to the main thread. */
export function postToMain(message: unknown): void {
  if (!parentPort) throw new Error("postToMain called outside a worker");
  parentPort.postMessage(message);
}
