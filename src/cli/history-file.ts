/**
 * Reads a job history file (DescribeJobs output or EventBridge events, see history/read.ts) in
 * ~1 MB chunks: each top-level JSON value (a line of JSON lines, a page, an element of a top-level
 * array) is parsed on its own as soon as it is complete, so memory holds one value of text at a
 * time plus one record per job. (One single huge `{"jobs": [...]}` document is one value: it is
 * parsed whole.) Problems are usage errors located as `file:line:1 error: …` (exit 2).
 */
import { describeSystemError, usageError } from "./errors.ts";
import { createJsonSplitter, HistoryInputError } from "./history/json-values.ts";
import { createHistoryReader } from "./history/read.ts";
import type { History } from "./history/types.ts";
import { readTextChunks } from "./io.ts";

/** Reads and checks a history file; every problem is a usage error with its file:line. */
export function readHistoryFile(file: string): History {
  const reader = createHistoryReader();
  const splitter = createJsonSplitter((value) => reader.add(value));
  try {
    try {
      readTextChunks(file, (text) => splitter.push(text));
    } catch (error) {
      if (error instanceof HistoryInputError) throw error;
      throw usageError(`${file}:1:1 error: cannot read ${file}: ${describeSystemError(error)}`);
    }
    splitter.end();
    return reader.finish();
  } catch (error) {
    if (error instanceof HistoryInputError)
      throw usageError(`${file}:${error.line}:1 error: ${error.message}`);
    throw error;
  }
}
