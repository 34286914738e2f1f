/**
 * The Standard Workload Format (SWF, Parallel Workloads Archive, version 2.2): a parser fed bytes in
 * chunks (the command line reads the file; `.swf.gz` arrives here already inflated), never one
 * whole-file string. Job lines have 18 whitespace-separated numbers; `;` starts a comment, and
 * header comments are `; Key: value`. Each job line becomes one row of a columnar TraceTable; a
 * malformed line (wrong field count, a field that is not a number) is left out and reported with
 * its line number.
 */
import {
  MALFORMED_LINES_LISTED,
  type MalformedLine,
  type SwfHeader,
  type TraceTable,
} from "../scenario/index.ts";

/** Fields of an SWF job line. */
export const SWF_FIELDS = 18;

/** What parsing a whole trace gave. */
export interface SwfParse {
  readonly table: TraceTable;
  readonly malformed: { readonly count: number; readonly first: readonly MalformedLine[] };
}

/** An incremental parser: push() the file's bytes in order, then finish(). */
export interface SwfParser {
  push(bytes: Uint8Array): void;
  finish(): SwfParse;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const SEMICOLON = 59;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
/** Integers of at most this many digits are exact in a double and parsed without a string. */
const FAST_DIGITS = 15;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The 0-based fields kept, their column, and whether they must be integers. */
const FIELD_NAMES = [
  "job number",
  "submit time",
  "wait time",
  "run time",
  "allocated processors",
  "average CPU time",
  "used memory",
  "requested processors",
  "requested time",
  "requested memory",
  "status",
  "user",
  "group",
  "executable",
  "queue",
  "partition",
  "preceding job",
  "think time",
] as const;
/** Fields stored in Int32Array columns: they must be integers. */
const INTEGER_FIELDS = new Set([0, 4, 7, 11, 12, 14]);

/** Parses a whole trace held in memory (tests, small files). */
export function parseSwf(bytes: Uint8Array): SwfParse {
  const parser = createSwfParser();
  parser.push(bytes);
  return parser.finish();
}

/** Creates an SWF parser. Lines may end in LF or CRLF; a last line without a newline counts. */
export function createSwfParser(): SwfParser {
  const columns = new Columns();
  const header = new HeaderReader();
  const values = new Float64Array(SWF_FIELDS);
  const first: MalformedLine[] = [];
  let malformedCount = 0;
  let lineNumber = 0;
  let carry: Uint8Array | null = null;

  const malformed = (message: string): void => {
    malformedCount++;
    if (first.length < MALFORMED_LINES_LISTED) first.push({ line: lineNumber, message });
  };

  const line = (buf: Uint8Array, from: number, to: number): void => {
    lineNumber++;
    let end = to;
    if (end > from && buf[end - 1] === CR) end--;
    let i = from;
    while (i < end && (buf[i] === SPACE || buf[i] === TAB)) i++;
    if (i === end) return;
    if (buf[i] === SEMICOLON) {
      header.read(buf, i + 1, end);
      return;
    }
    const problem = parseFields(buf, i, end, values);
    if (problem !== null) malformed(problem);
    else columns.add(values);
  };

  return {
    push(bytes) {
      let start = 0;
      if (carry !== null) {
        const lf = bytes.indexOf(LF);
        if (lf < 0) {
          carry = concat(carry, bytes);
          return;
        }
        const joined = concat(carry, bytes.subarray(0, lf));
        carry = null;
        line(joined, 0, joined.length);
        start = lf + 1;
      }
      for (;;) {
        const lf = bytes.indexOf(LF, start);
        if (lf < 0) break;
        line(bytes, start, lf);
        start = lf + 1;
      }
      if (start < bytes.length) carry = bytes.slice(start);
    },
    finish() {
      if (carry !== null) {
        const rest = carry;
        carry = null;
        line(rest, 0, rest.length);
      }
      return {
        table: columns.table(header.header()),
        malformed: { count: malformedCount, first },
      };
    },
  };
}

/**
 * Parses the fields of one job line into `out`; null when it is a well-formed job line, else what
 * is wrong with it.
 */
function parseFields(buf: Uint8Array, from: number, end: number, out: Float64Array): string | null {
  let i = from;
  let field = 0;
  for (;;) {
    while (i < end && (buf[i] === SPACE || buf[i] === TAB)) i++;
    if (i >= end) break;
    const start = i;
    if (buf[start] === SEMICOLON) break; // a comment after the fields
    while (i < end && buf[i] !== SPACE && buf[i] !== TAB) i++;
    if (field < SWF_FIELDS) {
      const value = parseNumber(buf, start, i);
      if (Number.isNaN(value)) {
        return `field ${field + 1} (${FIELD_NAMES[field]}) is not a number: "${latin1(buf, start, i)}"`;
      }
      if (INTEGER_FIELDS.has(field) && !isInt32(value)) {
        return `field ${field + 1} (${FIELD_NAMES[field]}) is not an integer: ${latin1(buf, start, i)}`;
      }
      out[field] = value;
    }
    field++;
  }
  return field === SWF_FIELDS ? null : `${field} fields, expected ${SWF_FIELDS}`;
}

/** The number written in buf[from, to); NaN when it is not one. */
function parseNumber(buf: Uint8Array, from: number, to: number): number {
  let i = from;
  const negative = buf[i] === MINUS;
  if (negative) i++;
  if (to - i > 0 && to - i <= FAST_DIGITS) {
    let v = 0;
    while (i < to) {
      const c = buf[i]!;
      if (c < ZERO || c > NINE) break;
      v = v * 10 + (c - ZERO);
      i++;
    }
    if (i === to) return negative ? -v : v;
  }
  const text = latin1(buf, from, to);
  return NUMBER.test(text) ? Number(text) : Number.NaN;
}

function isInt32(v: number): boolean {
  return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
}

function latin1(buf: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCharCode(buf[i]!);
  return s;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The header comments batchsim reads, the first value of each key winning. */
class HeaderReader {
  private readonly values = new Map<string, string>();
  private readonly decoder = new TextDecoder("utf-8");

  read(buf: Uint8Array, from: number, to: number): void {
    const text = this.decoder.decode(buf.subarray(from, to));
    const m = /^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$/.exec(text);
    if (m && !this.values.has(m[1]!)) this.values.set(m[1]!, m[2]!);
  }

  header(): SwfHeader {
    const text = (key: string): string | null => {
      const v = this.values.get(key);
      return v === undefined || v === "" ? null : v;
    };
    const num = (key: string): number | null => {
      const v = text(key);
      if (v === null || !NUMBER.test(v)) return null;
      return Number(v);
    };
    return {
      version: text("Version"),
      computer: text("Computer"),
      installation: text("Installation"),
      unixStartTime: num("UnixStartTime"),
      maxProcs: num("MaxProcs"),
      maxNodes: num("MaxNodes"),
      maxJobs: num("MaxJobs"),
      maxRecords: num("MaxRecords"),
    };
  }
}

/** The table's columns, grown by doubling. */
class Columns {
  private n = 0;
  private capacity = 1024;
  private jobNumber = new Int32Array(this.capacity);
  private submit = new Float64Array(this.capacity);
  private runtime = new Float64Array(this.capacity);
  private allocated = new Int32Array(this.capacity);
  private requested = new Int32Array(this.capacity);
  private requestedTime = new Float64Array(this.capacity);
  private user = new Int32Array(this.capacity);
  private group = new Int32Array(this.capacity);
  private queue = new Int32Array(this.capacity);

  add(v: Float64Array): void {
    if (this.n === this.capacity) this.grow();
    const k = this.n++;
    this.jobNumber[k] = v[0]!;
    this.submit[k] = v[1]!;
    this.runtime[k] = v[3]!;
    this.allocated[k] = v[4]!;
    this.requested[k] = v[7]!;
    this.requestedTime[k] = v[8]!;
    this.user[k] = v[11]!;
    this.group[k] = v[12]!;
    this.queue[k] = v[14]!;
  }

  table(header: SwfHeader): TraceTable {
    const n = this.n;
    return {
      rows: n,
      jobNumber: this.jobNumber.slice(0, n),
      submitSeconds: this.submit.slice(0, n),
      runtimeSeconds: this.runtime.slice(0, n),
      allocatedProcessors: this.allocated.slice(0, n),
      requestedProcessors: this.requested.slice(0, n),
      requestedSeconds: this.requestedTime.slice(0, n),
      user: this.user.slice(0, n),
      group: this.group.slice(0, n),
      queue: this.queue.slice(0, n),
      header,
    };
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(this.capacity);
      b.set(a);
      return b;
    };
    const int = (n: number) => new Int32Array(n);
    const float = (n: number) => new Float64Array(n);
    this.jobNumber = grow(this.jobNumber, int);
    this.submit = grow(this.submit, float);
    this.runtime = grow(this.runtime, float);
    this.allocated = grow(this.allocated, int);
    this.requested = grow(this.requested, int);
    this.requestedTime = grow(this.requestedTime, float);
    this.user = grow(this.user, int);
    this.group = grow(this.group, int);
    this.queue = grow(this.queue, int);
  }
}
