/**
 * Files, stdout/stderr and the environment: commands call these functions (with workers.ts for
 * worker threads and serve.ts for the page `batchsim view` serves); everything outside src/cli is pure.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { StringDecoder } from "node:string_decoder";

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
  /** Writes `length` bytes of `bytes` (after any text written before); `bytes` may be reused after. */
  writeBytes(bytes: Uint8Array, length: number): void;
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
    writeBytes(bytes, length) {
      flush();
      fs.writeSync(fd, bytes, 0, length);
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
