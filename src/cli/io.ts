/**
 * The only module that touches the file system, stdout/stderr, signals, the network (the page
 * `batchsim view` serves), environment variables and worker threads. Commands
 * call these functions; everything else in batchsim is pure.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { parentPort, Worker, workerData } from "node:worker_threads";

let pipeGuarded = false;

/** Writes text to stdout. A reader that goes away (`batchsim catalog | head`) ends output quietly. */
export function writeStdout(text: string): void {
  if (!pipeGuarded) {
    pipeGuarded = true;
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.stdout.destroy();
    });
  }
  process.stdout.write(text);
}

/** Writes text to stderr. */
export function writeStderr(text: string): void {
  process.stderr.write(text);
}

/** Whether stderr is a terminal (progress is shown only then). */
export function stderrIsTty(): boolean {
  return process.stderr.isTTY === true;
}

/** The bytes of a file. Throws the system error (ENOENT, EISDIR, EACCES, …) as is. */
export function readFileBytes(file: string): Buffer {
  return fs.readFileSync(file);
}

/**
 * Reads a UTF-8 text file in ~1 MB chunks, handing each to `onChunk` in order, so memory stays bounded
 * whatever the file's size (a character split across chunks is kept whole). Throws the system error
 * (ENOENT, EISDIR, …) as is.
 */
export function readTextChunks(file: string, onChunk: (text: string) => void): void {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const decoder = new StringDecoder("utf8");
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      const text = decoder.write(buffer.subarray(0, n));
      if (text !== "") onChunk(text);
    }
    const tail = decoder.end();
    if (tail !== "") onChunk(tail);
  } finally {
    fs.closeSync(fd);
  }
}

const READ_CHUNK_BYTES = 1 << 20;

/**
 * Reads a file's bytes in ~1 MB chunks, handing each to `onChunk` in order (the chunk's memory is
 * reused after the call returns: copy what you keep). Throws the system error as is.
 */
export function readByteChunks(file: string, onChunk: (bytes: Uint8Array) => void): void {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      onChunk(buffer.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The text of a file shipped with batchsim (a URL relative to a module). */
export function readPackageFile(url: URL): string {
  return fs.readFileSync(url, "utf8");
}

/** Whether anything exists at `p` (a file, a folder or a dangling link). */
export function pathExists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw error;
  }
}

/** Creates a folder and its parents (nothing happens when it exists). */
export function createFolder(p: string): void {
  fs.mkdirSync(p, { recursive: true });
}

/** Creates (empty) the temporary sibling folder a run is written into, and its parents. */
export function createTempFolder(out: string): string {
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.tmp-${process.pid}`);
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
  } catch (error) {
    // mkdir -p fails with EEXIST when a parent is a file: say what is wrong with it instead.
    if ((error as { code?: unknown }).code !== "EEXIST") throw error;
    throw Object.assign(new Error(`${path.dirname(out)} is not a directory`), { code: "ENOTDIR" });
  }
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp);
  return temp;
}

/** Moves a finished temporary folder to `out`, removing an existing `out` first when `replace`. */
export function commitFolder(temp: string, out: string, replace: boolean): void {
  if (replace) fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(temp, out);
}

/** Removes a folder and everything in it (no error if it is gone). */
export function removeFolder(p: string): void {
  fs.rmSync(p, { recursive: true, force: true });
}

/** An output file written in large chunks (memory stays bounded whatever the run's size). */
export interface FileSink {
  write(text: string): void;
  close(): void;
}

const CHUNK_CHARS = 1 << 20;

/** Opens `file` for writing (truncating it); text is buffered and written synchronously in ~1 MB chunks. */
export function openFileSink(file: string): FileSink {
  const fd = fs.openSync(file, "w");
  let parts: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (size === 0) return;
    fs.writeSync(fd, parts.join(""));
    parts = [];
    size = 0;
  };
  return {
    write(text) {
      parts.push(text);
      size += text.length;
      if (size >= CHUNK_CHARS) flush();
    },
    close() {
      flush();
      fs.closeSync(fd);
    },
  };
}

/** The text of a (small) UTF-8 file. Throws the system error (ENOENT, EISDIR, …) as is. */
export function readTextFile(file: string): string {
  return fs.readFileSync(file, "utf8");
}

/** The names of the folders directly inside `folder`, sorted; [] when it does not exist. */
export function listSubfolders(folder: string): string[] {
  try {
    return fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return [];
    throw error;
  }
}

/**
 * Writes small files into an existing folder all or nothing as far as a reader can tell: each goes to
 * a temporary name first, and the temporaries are renamed into place only once all are written.
 */
export function writeFilesAtomically(
  folder: string,
  files: Readonly<Record<string, string | Uint8Array>>,
): void {
  const written: [string, string][] = [];
  try {
    for (const [name, text] of Object.entries(files)) {
      const temp = path.join(folder, `.${name}.tmp-${process.pid}`);
      fs.writeFileSync(temp, text);
      written.push([temp, path.join(folder, name)]);
    }
  } catch (error) {
    for (const [temp] of written) fs.rmSync(temp, { force: true });
    throw error;
  }
  for (const [temp, target] of written) fs.renameSync(temp, target);
}

/** Writes a whole small file. */
export function writeTextFile(file: string, text: string): void {
  fs.writeFileSync(file, text);
}

/** How a worker run ended. */
export type WorkerOutcome<T> =
  | { readonly kind: "message"; readonly message: T }
  | { readonly kind: "signal"; readonly signal: "SIGINT" | "SIGTERM" }
  | { readonly kind: "crash"; readonly error: Error };

/**
 * Runs the worker module at `url` with `data`. Messages with `type: "progress"` go to `onProgress`;
 * the first other message ends the run. SIGINT/SIGTERM during the run stop the worker at once
 * (the simulation is synchronous, so it runs off the main thread to keep signals responsive).
 */
/** The run worker's young generation, MiB (V8's default is a few tens at most). */
const YOUNG_GENERATION_MB = 192;

export function runWorker<T extends { type: string }>(
  url: URL,
  data: unknown,
  onProgress: (message: T) => void,
): Promise<WorkerOutcome<T>> {
  return new Promise((resolve) => {
    const worker = new Worker(url, {
      workerData: data,
      stdout: false,
      stderr: false,
      // A larger young generation: reports allocate many short-lived strings, and with V8's default
      // nursery a 1M-job run spent a third of its time in scavenges (bench/jobs-1m: 20.3 s → 16.2 s).
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    let settled = false;
    const finish = (outcome: WorkerOutcome<T>): void => {
      if (settled) return;
      settled = true;
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigterm);
      void worker.terminate().then(() => resolve(outcome));
    };
    const onSigint = (): void => finish({ kind: "signal", signal: "SIGINT" });
    const onSigterm = (): void => finish({ kind: "signal", signal: "SIGTERM" });
    process.on("SIGINT", onSigint);
    process.on("SIGTERM", onSigterm);
    worker.on("message", (message: T) => {
      if (message.type === "progress") onProgress(message);
      else finish({ kind: "message", message });
    });
    worker.on("error", (error) => finish({ kind: "crash", error }));
    worker.on("exit", (code) =>
      finish({ kind: "crash", error: new Error(`worker exited with code ${code}`) }),
    );
  });
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
    const finish = (outcome: PoolOutcome): void => {
      if (settled) return;
      settled = true;
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
    for (let i = 0; i < Math.min(workers, tasks.length); i++) {
      const worker = new Worker(url, {
        workerData: shared,
        resourceLimits: { maxYoungGenerationSizeMb: POOL_YOUNG_GENERATION_MB },
      });
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

/** In a worker: sends a message to the main thread. */
export function postToMain(message: unknown): void {
  if (!parentPort) throw new Error("postToMain called outside a worker");
  parentPort.postMessage(message);
}

/** The current working directory (only for messages, never written into a run folder). */
export function currentDirectory(): string {
  return process.cwd();
}

/** The process's peak resident set size so far, MiB. */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** An environment variable's value, or undefined when unset or empty. */
export function environmentVariable(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

/** A page being served over HTTP. */
export interface PageServer {
  /** `http://host:port/`. */
  readonly url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Ports tried after a busy one (`port`, `port + 1`, …) before giving up. */
const PORT_TRIES = 20;

/**
 * Serves `page` (HTML) at `/` on `host`, from `port` or, when it is taken, the next free one (0: any
 * free port). Anything else is 404. Listening errors other than a busy port are thrown as is.
 */
export async function servePage(page: string, host: string, port: number): Promise<PageServer> {
  const body = Buffer.from(page, "utf8");
  const server = http.createServer((request, response) => {
    const url = (request.url ?? "/").split("?")[0];
    const method = request.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") {
      response.writeHead(405, { Allow: "GET, HEAD" }).end();
    } else if (url !== "/" && url !== "/index.html") {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
    } else {
      response.writeHead(200, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": body.length,
        "Cache-Control": "no-store",
      });
      response.end(method === "HEAD" ? undefined : body);
    }
  });
  for (let i = 0; ; i++) {
    const tryPort = port === 0 ? 0 : port + i;
    try {
      await listen(server, host, tryPort);
      break;
    } catch (error) {
      const busy = (error as { code?: unknown }).code === "EADDRINUSE";
      if (!busy || port === 0 || i + 1 >= PORT_TRIES || tryPort >= 65535) throw error;
    }
  }
  const address = server.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actual}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off("listening", onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/** Resolves with the first SIGINT or SIGTERM the process gets from now on. */
export function waitForStopSignal(): Promise<"SIGINT" | "SIGTERM"> {
  return new Promise((resolve) => {
    const onSigint = (): void => done("SIGINT");
    const onSigterm = (): void => done("SIGTERM");
    const done = (signal: "SIGINT" | "SIGTERM"): void => {
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigterm);
      resolve(signal);
    };
    process.on("SIGINT", onSigint);
    process.on("SIGTERM", onSigterm);
  });
}
