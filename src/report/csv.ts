/** CSV output: RFC 4180 quoting through csv-stringify, rows buffered and stringified in batches. */
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
  let batch: string[][] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    write(stringify(batch, { eof: true, record_delimiter: "unix" }));
    batch = [];
  };
  write(stringify([[...columns]], { eof: true, record_delimiter: "unix" }));
  return {
    row(cells) {
      batch.push(cells.map(cellText));
      if (batch.length >= BATCH_ROWS) flush();
    },
    flush,
  };
}

/** The text of one cell (before quoting). */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  return String(cell);
}
