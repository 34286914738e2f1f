/**
 * Recorded traces as the scenario layer receives them: a columnar table (one row per job line of the
 * file, in file order) read and parsed by the command line, and the reader it injects into
 * loadScenario. The scenario layer never touches the file system itself.
 */

/** The header comments of an SWF file (`; Key: value`) that batchsim reads; null when absent. */
export interface SwfHeader {
  readonly version: string | null;
  readonly computer: string | null;
  readonly installation: string | null;
  /** Epoch seconds of the log's start (submit times count from it). */
  readonly unixStartTime: number | null;
  readonly maxProcs: number | null;
  readonly maxNodes: number | null;
  readonly maxJobs: number | null;
  readonly maxRecords: number | null;
}

/**
 * The job lines of a trace in parallel typed arrays (row k of every column is the k-th job line of
 * the file). Unknown values are −1, as the SWF writes them. Times are seconds on the trace's clock.
 */
export interface TraceTable {
  readonly rows: number;
  /** Field 1. */
  readonly jobNumber: Int32Array;
  /** Field 2: seconds since the log's start. */
  readonly submitSeconds: Float64Array;
  /** Field 4. */
  readonly runtimeSeconds: Float64Array;
  /** Field 5. */
  readonly allocatedProcessors: Int32Array;
  /** Field 8. */
  readonly requestedProcessors: Int32Array;
  /** Field 9: the requested (wall-clock limit) time. */
  readonly requestedSeconds: Float64Array;
  /** Field 12. */
  readonly user: Int32Array;
  /** Field 13. */
  readonly group: Int32Array;
  /** Field 15. */
  readonly queue: Int32Array;
  readonly header: SwfHeader;
}

/** A line of a trace that is not a job line of the format (wrong field count, not a number). */
export interface MalformedLine {
  /** 1-based line number in the (uncompressed) file. */
  readonly line: number;
  readonly message: string;
}

/** The most malformed lines a reader describes one by one; the rest are only counted. */
export const MALFORMED_LINES_LISTED = 20;

/** What a trace reader returns: the table (malformed lines left out, counted), or why it could not read the file. */
export type TraceReadResult =
  | {
      readonly ok: true;
      readonly table: TraceTable;
      /** How many lines were malformed, and the first MALFORMED_LINES_LISTED of them. */
      readonly malformed: { readonly count: number; readonly first: readonly MalformedLine[] };
    }
  | { readonly ok: false; readonly problem: string };

/** Reads and parses a trace file (`path` as resolved against the scenario file). */
export type TraceReader = (path: string, format: "swf") => TraceReadResult;
