/**
 * Reading a run folder back (for `batchsim explain`): its CSV files are streamed row by row, by column
 * name (later versions may append columns), so memory stays bounded on a million-job run.
 */
import * as path from "node:path";
import { createCsvReader } from "./csv-reader.ts";
import { describeSystemError, systemErrorCode, usageError } from "./errors.ts";
import { pathExists, readFileBytes, readTextChunks } from "./io.ts";

/** A row: the values of the requested columns, in the requested order ("" when absent). */
export type Row = readonly string[];

/** What summary.json tells explain (absent keys are null). */
export interface RunInfo {
  /** Simulated seconds (the end of the run). */
  readonly endSeconds: number | null;
  readonly schedulerIntervalSeconds: number | null;
  /** The queues summary.json reports on (byQueue), in its order. */
  readonly queues: readonly string[];
}

/** An open run folder. */
export interface RunFolder {
  readonly dir: string;
  readonly info: RunInfo;
  /** Whether the folder has `file`. */
  has(file: string): boolean;
  /**
   * Streams the rows of `file`, giving the values of `columns` (by header name) in that order.
   * A file that is missing is an input error (exit 2) naming it.
   */
  scan(file: string, columns: readonly string[], onRow: (row: Row) => void): void;
}

/** Opens `dir` as a run folder: it must hold jobs.csv (exit 2 otherwise). */
export function openRunFolder(command: string, dir: string): RunFolder {
  if (!pathExists(dir))
    throw usageError(`batchsim ${command}: ${dir}: no such run folder (see batchsim run --out)`);
  if (!pathExists(path.join(dir, "jobs.csv")))
    throw usageError(`batchsim ${command}: ${dir} is not a run folder (it has no jobs.csv)`);
  const info = readInfo(path.join(dir, "summary.json"));
  return {
    dir,
    info,
    has: (file) => pathExists(path.join(dir, file)),
    scan(file, columns, onRow) {
      const full = path.join(dir, file);
      try {
        scanCsv(full, columns, onRow);
      } catch (error) {
        if (systemErrorCode(error) === undefined) throw error;
        throw usageError(`batchsim ${command}: cannot read ${full}: ${describeSystemError(error)}`);
      }
    },
  };
}

function scanCsv(file: string, columns: readonly string[], onRow: (row: Row) => void): void {
  let indexes: number[] | null = null;
  const reader = createCsvReader((cells) => {
    if (indexes === null) {
      indexes = columns.map((c) => cells.indexOf(c));
      return;
    }
    const row: string[] = [];
    for (const i of indexes) row.push(i < 0 ? "" : (cells[i] ?? ""));
    onRow(row);
  });
  readTextChunks(file, (text) => reader.push(text));
  reader.end();
}

function readInfo(file: string): RunInfo {
  const none: RunInfo = { endSeconds: null, schedulerIntervalSeconds: null, queues: [] };
  let json: unknown;
  try {
    json = JSON.parse(readFileBytes(file).toString("utf8"));
  } catch {
    return none;
  }
  if (typeof json !== "object" || json === null) return none;
  const summary = json as {
    simulatedSeconds?: unknown;
    assumptions?: { schedulerIntervalSeconds?: unknown };
    byQueue?: unknown;
  };
  const byQueue = summary.byQueue;
  const asNumber = (v: unknown): number | null => (typeof v === "number" ? v : null);
  return {
    endSeconds: asNumber(summary.simulatedSeconds),
    schedulerIntervalSeconds: asNumber(summary.assumptions?.schedulerIntervalSeconds),
    queues: typeof byQueue === "object" && byQueue !== null ? Object.keys(byQueue) : [],
  };
}

/** A CSV cell as a number; null when empty. */
export function num(cell: string | undefined): number | null {
  if (cell === undefined || cell === "") return null;
  const n = Number(cell);
  return Number.isFinite(n) ? n : null;
}
