import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { createCsvReader } from "../../src/cli/csv-reader.ts";

function parse(chunks: readonly string[]): string[][] {
  const rows: string[][] = [];
  const reader = createCsvReader((cells) => rows.push(cells));
  for (const c of chunks) reader.push(c);
  reader.end();
  return rows;
}

const ROWS = [
  ["time", "jobId", "reason", "detail"],
  ["0", "job-1", "SCALING", "ce, with a comma"],
  ["1.5", "job-2", "BLOCKED", 'a "quoted" word\nand a line break'],
  ["2", "", "", ""],
];

describe("the CSV reader of explain", () => {
  const text = stringify(ROWS, { record_delimiter: "unix" });

  it("reads what csv-stringify writes (quotes, commas, line breaks, empty cells)", () => {
    expect(parse([text])).toEqual(ROWS);
  });

  it("gives the same rows whichever chunk boundaries split the text", () => {
    for (let size = 1; size <= 9; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(parse(chunks)).toEqual(ROWS);
    }
  });

  it("reads a last line without a line break, CRLF lines, and skips blank lines", () => {
    expect(parse(["a,b\r\n\r\n1,2"])).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("throws on a quoted cell that never ends", () => {
    expect(() => parse(['a,"b\n'])).toThrow(/unterminated/);
  });
});
