/**
 * CSV output: RFC 4180 quoting through csv-stringify. Cells that need no quoting (numbers, and text
 * without a quote, comma or line break — nearly every cell) skip it: measured on a 1M-job run,
 * stringifying every row through csv-stringify took about a quarter of the whole run.
 */
import { stringify } from "csv-stringify/sync";

/** One CSV cell: null and undefined are empty; numbers print as JavaScript's shortest round-trip form. */
export type Cell = string | number | boolean | null | undefined;

/** Receives output text in order (lines end with "\n"). */
export type WriteText = (text: string) => void;

/** Rows per csv-stringify call: large enough to amortise its set-up, small enough to bound memory. */
const BATCH_ROWS = 512;

/** A CSV writer: the header at once, then rows in batches; call flush() at the end. */
export interface CsvWriter {
  row(cells: readonly Cell[]): void;
  flush(): void;
}

/** Creates a CSV writer that writes `columns` as the header line straight away. */
export function createCsvWriter(columns: readonly string[], write: WriteText): CsvWriter {
  let batch: string[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    write(batch.join(""));
    batch = [];
  };
  write(stringify([[...columns]], { eof: true, record_delimiter: "unix" }));
  return {
    row(cells) {
      let line = "";
      for (let i = 0; i < cells.length; i++) {
        if (i > 0) line += ",";
        line += csvCell(cells[i]);
      }
      batch.push(`${line}\n`);
      if (batch.length >= BATCH_ROWS) flush();
    },
    flush,
  };
}

const NEEDS_QUOTING = /[",\r\n]/;

/** One cell as it appears in the file: quoted by csv-stringify only when RFC 4180 requires it. */
export function csvCell(cell: Cell): string {
  const text = cellText(cell);
  if (typeof cell !== "string" || !NEEDS_QUOTING.test(text)) return text;
  return stringify([[text]], { record_delimiter: "unix" }).replace(/\n$/, "");
}

/** The text of one cell (before quoting). */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  return String(cell);
}

/**
 * Seconds as written in CSV files: rounded to the millisecond (AWS's own timestamp precision), which
 * also keeps the files short — a full-precision double prints as 17 digits.
 */
export function seconds(x: number | null | undefined): number | null | undefined {
  return typeof x === "number" ? Math.round(x * 1000) / 1000 : x;
}

/** USD as written in CSV files: rounded to the nano-dollar (summary.json keeps full precision). */
export function usd(x: number | null | undefined): number | null | undefined {
  return typeof x === "number" ? Math.round(x * 1e9) / 1e9 : x;
}
