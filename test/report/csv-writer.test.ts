import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Cell, cellBytes, cellText, createCsvWriter } from "../../src/report/csv.ts";

describe("the CSV writer", () => {
  it("writes exactly what csv-stringify writes for the same rows, whatever the cells hold", () => {
    const cell = fc.oneof(
      fc.string(),
      fc.constantFrom("a,b", 'say "hi"', "two\nlines", "cr\rhere", ""),
      fc.double({ noNaN: true }),
      fc.integer(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 20 }),
        (rows) => {
          let out = "";
          const w = createCsvWriter(["a", "b", "c"], (t) => {
            out += t;
          });
          for (const r of rows) w.row(r as Cell[]);
          w.flush();
          const expected = stringify(
            [["a", "b", "c"], ...rows.map((r) => r.map((c) => cellText(c as Cell)))],
            // RFC 4180 quotes a cell with a line break: csv-stringify only does for "\n" unless asked.
            { eof: true, record_delimiter: "unix", quoted_match: /\r/ },
          );
          expect(out).toBe(expected);
        },
      ),
    );
  });
});

describe("cells encoded once (timeseries.csv's metric and key)", () => {
  it("write what csv-stringify writes for the same cells, between other cells", () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom("a,b", 'say "hi"', "two\nlines", "cr\rhere", "été", ""),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer(), text, text, fc.double({ noNaN: true })), { maxLength: 20 }),
        (rows) => {
          let out = "";
          const w = createCsvWriter(["t", "metric", "key", "value"], (t) => {
            out += t;
          });
          for (const [t, metric, key, value] of rows) {
            w.num(t);
            w.encodedCells(cellBytes([metric, key]), 2);
            w.num(value);
            w.end();
          }
          // A row that starts with them: no comma before.
          w.encodedCells(cellBytes(["a,b", "c"]), 2);
          w.num(1);
          w.end();
          w.flush();
          const expected = stringify(
            [
              ["t", "metric", "key", "value"],
              ...rows.map((r) => r.map((c) => cellText(c))),
              ["a,b", "c", "1"],
            ],
            { eof: true, record_delimiter: "unix", quoted_match: /\r/ },
          );
          expect(out).toBe(expected);
        },
      ),
    );
  });
});

describe("numbers in CSV files", () => {
  it("rounds seconds to the millisecond and USD to the nano-dollar, leaving empty cells empty", async () => {
    const { seconds, usd } = await import("../../src/report/csv.ts");
    expect(seconds(104.75181923961578)).toBe(104.752);
    expect(seconds(null)).toBeNull();
    expect(usd(0.010589012541447682)).toBe(0.010589013);
    expect(usd(undefined)).toBeUndefined();
  });

  it("writes repeated cells exactly as text cells, in columns of few values and of many", () => {
    // Column a: few values; b: a new value per row past the per-column limit (256) of kept texts.
    const few = fc.constantFrom("SUCCEEDED", "a,b", 'say "hi"', "été", "", "x");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(few, fc.string(), fc.option(few)), { maxLength: 40 }),
        (cells) => {
          const rows = [
            ...cells,
            ...Array.from(
              { length: 600 },
              (_, i) => [i % 3 === 0 ? "x" : "y", `i-${i}`, null] as const,
            ),
            ...cells,
          ];
          const write = (repeated: boolean): string => {
            let out = "";
            const w = createCsvWriter(["a", "b", "c"], (t) => {
              out += t;
            });
            for (const row of rows) {
              for (const c of row) repeated ? w.repeated(c) : w.text(c);
              w.end();
            }
            w.flush();
            return out;
          };
          expect(write(true)).toBe(write(false));
        },
      ),
      { numRuns: 50 },
    );
  });
});
