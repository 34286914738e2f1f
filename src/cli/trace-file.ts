/**
 * Reading trace files for the scenario loader (its injected `readTrace`): an SWF file, plain or
 * gzip-compressed (recognised by its magic bytes, whatever its name), parsed from bytes — a plain
 * file in 1 MB chunks, a gzip file inflated into one buffer — never as one whole-file string.
 */
import { gunzipSync } from "node:zlib";
import type { TraceReader, TraceReadResult } from "../scenario/index.ts";
import { createSwfParser } from "../workload/index.ts";
import { describeSystemError, systemErrorCode } from "./errors.ts";
import { readByteChunks } from "./io.ts";

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Traces read by this process, by path (a sweep loads its scenario once per point). */
const cache = new Map<string, TraceReadResult>();
/** Traces kept: a table of 200,000 jobs is about 8 MB. */
const CACHE_SIZE = 2;

/** The loader's trace reader: reads and parses `file`, once per process. */
export const readTrace: TraceReader = (file) => {
  const known = cache.get(file);
  if (known) return known;
  const result = readSwfFile(file);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(file, result);
  return result;
};

/** Reads and parses an SWF file (.swf or .swf.gz); a system error becomes the problem's reason. */
export function readSwfFile(file: string): TraceReadResult {
  const parser = createSwfParser();
  let compressed: Buffer[] | null = null;
  let first = true;
  try {
    readByteChunks(file, (bytes) => {
      if (first) {
        first = false;
        if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) compressed = [];
      }
      if (compressed) compressed.push(Buffer.from(bytes));
      else parser.push(bytes);
    });
  } catch (error) {
    if (systemErrorCode(error) === undefined) throw error;
    return { ok: false, problem: describeSystemError(error) };
  }
  if (compressed) {
    let inflated: Buffer;
    try {
      inflated = gunzipSync(Buffer.concat(compressed));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, problem: `not a readable gzip file (${reason})` };
    }
    parser.push(inflated);
  }
  const { table, malformed } = parser.finish();
  return { ok: true, table, malformed };
}
