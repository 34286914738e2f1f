/**
 * Reads the CSV files batchsim writes (RFC 4180: `"` quotes a cell holding a comma, quote or line
 * break; `""` is a quote) from text that arrives in chunks, so a run folder's files are read with
 * bounded memory. A record split across chunks is kept until it is complete.
 */

/** Receives each record's cells, in order. */
export type CsvRecordHandler = (cells: string[]) => void;

/** An incremental CSV parser: push() text in order, then end(). Blank lines are skipped. */
export interface CsvReader {
  push(text: string): void;
  end(): void;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Creates a parser handing every record to `onRecord`. Throws on an unterminated quoted cell. */
export function createCsvReader(onRecord: CsvRecordHandler): CsvReader {
  let pending = "";
  const take = (text: string, final: boolean): void => {
    const data = pending + text;
    const used = parseRecords(data, final, onRecord);
    pending = data.slice(used);
  };
  return {
    push: (text) => take(text, false),
    end: () => {
      take("", true);
      if (pending !== "") throw new Error("unterminated quoted cell at the end of the file");
    },
  };
}

/** Parses the complete records of `data`; returns how many characters they took. */
function parseRecords(data: string, final: boolean, onRecord: CsvRecordHandler): number {
  const n = data.length;
  let pos = 0;
  while (pos < n) {
    const start = pos;
    const cells: string[] = [];
    let complete = false;
    for (;;) {
      let value: string;
      if (data.charCodeAt(pos) === QUOTE) {
        const quoted = readQuoted(data, pos + 1, final);
        if (quoted === null) return start;
        value = quoted.value;
        pos = quoted.end;
      } else {
        let i = pos;
        while (i < n) {
          const c = data.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          i++;
        }
        value = data.slice(pos, i);
        pos = i;
      }
      cells.push(value);
      if (pos >= n) {
        if (!final) return start;
        complete = true;
        break;
      }
      const c = data.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        continue;
      }
      if (c === CR) {
        if (pos + 1 >= n && !final) return start;
        pos += data.charCodeAt(pos + 1) === LF ? 2 : 1;
      } else pos++;
      complete = true;
      break;
    }
    if (complete && !(cells.length === 1 && cells[0] === "")) onRecord(cells);
  }
  return pos;
}

/**
 * A quoted cell whose text starts at `from` (just after the opening quote): its value and the
 * position after the closing quote, or null when the chunk ends before the cell is known whole.
 */
function readQuoted(
  data: string,
  from: number,
  final: boolean,
): { value: string; end: number } | null {
  let value = "";
  let i = from;
  for (;;) {
    const q = data.indexOf('"', i);
    if (q < 0) {
      if (final) throw new Error("unterminated quoted cell at the end of the file");
      return null;
    }
    if (q + 1 >= data.length && !final) return null;
    if (data.charCodeAt(q + 1) === QUOTE) {
      value += data.slice(i, q + 1);
      i = q + 2;
      continue;
    }
    return { value: value + data.slice(i, q), end: q + 1 };
  }
}
