/**
 * CSV output: RFC 4180 quoting, exactly as csv-stringify writes it (a property test holds the two
 * together), encoded straight into bytes: measured on a 1M-job run, stringifying every row through
 * csv-stringify took about a quarter of the whole run, and building rows as strings most of the rest.
 */
import { type ByteOut, ByteWriter, csvCell, encoded } from "./byte-writer.ts";

/** One CSV cell: null and undefined are empty; numbers print as JavaScript's shortest round-trip form. */
export type Cell = string | number | boolean | null | undefined;

/** Receives output text in order (lines end with "\n"). */
export type WriteText = (text: string) => void;

/** Where a CSV file goes: text (tests, small files) or bytes (the run folder's files). */
export type CsvOut = WriteText | ByteOut;

/**
 * A CSV writer: the header at once, then rows — whole (row) or cell by cell (text, num, then end:
 * no array per row, no boxed numbers, for the files of a million rows); call flush() at the end.
 */
export interface CsvWriter {
  row(cells: readonly Cell[]): void;
  /** The next cell of the current row: text (quoted when it must be), empty for null/undefined. */
  text(s: string | null | undefined): void;
  /** text() for a column of few distinct values (statuses, reasons, names of queues, CEs, types). */
  repeated(s: string | null | undefined): void;
  /** The next `count` cells of the current row, as cellBytes() encodes them. */
  encodedCells(bytes: Uint8Array, count: number): void;
  /** The next cell of the current row: a number as String(x) prints it, empty for null/undefined. */
  num(x: number | null | undefined): void;
  /** num(seconds(x)): a time rounded to the millisecond. */
  seconds(x: number | null | undefined): void;
  /** num(usd(x)): money rounded to the nano-dollar. */
  usd(x: number | null | undefined): void;
  /** Ends the current row. */
  end(): void;
  flush(): void;
}

/**
 * Creates a CSV writer that writes `columns` as the header line first. Rows are encoded straight
 * into bytes (byte-writer.ts) and handed to `out` in ~1 MiB pieces and at flush().
 */
export function createCsvWriter(columns: readonly string[], out: CsvOut): CsvWriter {
  const writer = new CsvRows(new ByteWriter(out), columns.length);
  writer.row(columns);
  return writer;
}

/** Distinct texts repeated() keeps per column (see CsvRows.kept). */
const COLUMN_KEPT_MAX = 256;

class CsvRows implements CsvWriter {
  private readonly w: ByteWriter;
  /** Cells written in the current row. */
  private cells = 0;
  /**
   * Per column, the text repeated() last wrote there and its bytes: a column of few values mostly
   * repeats the row above, and comparing with it costs less than any lookup.
   */
  private readonly lastText: string[];
  private readonly lastBytes: Uint8Array[];
  /**
   * Per column, the bytes of every text repeated() wrote there — until it has had COLUMN_KEPT_MAX
   * distinct ones: then the column is not one of few values (instance ids of a large run), its Map
   * is dropped (null) and its cells are encoded each time, which costs less than a lookup that misses
   * in a large Map.
   */
  private readonly kept: (Map<string, Uint8Array> | null)[];

  constructor(w: ByteWriter, columns: number) {
    this.w = w;
    this.lastText = new Array<string>(columns).fill("");
    this.lastBytes = new Array<Uint8Array>(columns).fill(new Uint8Array(0));
    this.kept = Array.from({ length: columns }, () => new Map<string, Uint8Array>());
  }

  row(cells: readonly Cell[]): void {
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (typeof cell === "string") this.text(cell);
      else if (typeof cell === "number") this.num(cell);
      else if (typeof cell === "boolean") this.text(cell ? "true" : "false");
      else this.text(null);
    }
    this.end();
  }

  text(s: string | null | undefined): void {
    if (this.cells++ > 0) this.w.comma();
    if (s !== null && s !== undefined) this.w.csvText(s);
  }

  repeated(s: string | null | undefined): void {
    const column = this.cells++;
    if (column > 0) this.w.comma();
    if (s === null || s === undefined) return;
    if (this.lastText[column] === s) {
      this.w.bytes(this.lastBytes[column]!);
      return;
    }
    const kept = this.kept[column];
    if (kept === null || kept === undefined) {
      this.w.csvText(s);
      return;
    }
    let bytes = kept.get(s);
    if (bytes === undefined) {
      if (kept.size >= COLUMN_KEPT_MAX) {
        this.kept[column] = null;
        this.w.csvText(s);
        return;
      }
      bytes = this.w.csvBytes(s);
      kept.set(s, bytes);
    }
    this.lastText[column] = s;
    this.lastBytes[column] = bytes;
    this.w.bytes(bytes);
  }

  encodedCells(bytes: Uint8Array, count: number): void {
    if (this.cells > 0) this.w.comma();
    this.cells += count;
    this.w.bytes(bytes);
  }

  num(x: number | null | undefined): void {
    if (this.cells++ > 0) this.w.comma();
    if (x !== null && x !== undefined) this.w.number(x);
  }

  seconds(x: number | null | undefined): void {
    if (this.cells++ > 0) this.w.comma();
    if (x !== null && x !== undefined) this.w.milli(x);
  }

  usd(x: number | null | undefined): void {
    if (this.cells++ > 0) this.w.comma();
    if (x !== null && x !== undefined) this.w.nano(x);
  }

  end(): void {
    this.w.byte(NEWLINE);
    this.cells = 0;
  }

  flush(): void {
    this.w.flush();
  }
}

const NEWLINE = 10;

/** Cells of text as a CSV row holds them (quoted where they must be), for CsvWriter.encodedCells(). */
export function cellBytes(texts: readonly string[]): Uint8Array {
  return encoded(texts.map(csvCell).join(","));
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
