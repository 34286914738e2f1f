import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../../src/report/byte-writer.ts";
import { IsoTimes } from "../../src/report/iso-time.ts";

/** What IsoTimes writes for each of `times`, one per line, through a small buffer. */
function written(times: readonly number[]): string {
  let out = "";
  const w = new ByteWriter((t) => {
    out += t;
  }, 256);
  const iso = new IsoTimes();
  for (const ms of times) {
    iso.write(w, ms);
    w.byte(10);
  }
  w.flush();
  return out;
}

describe("IsoTimes", () => {
  it("writes exactly new Date(ms).toISOString(), day after day and back", () => {
    const start = Date.UTC(2026, 0, 1);
    const ms = fc.oneof(
      fc.integer({ min: start - 3 * 86_400_000, max: start + 400 * 86_400_000 }),
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.constantFrom(0, -1, 8.64e15, -8.64e15, Date.UTC(-1, 0, 1), Date.UTC(10000, 0, 1) - 1),
      fc.double({ min: -1e13, max: 1e13, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(ms, { maxLength: 30 }), (times) => {
        expect(written(times)).toBe(times.map((t) => `${new Date(t).toISOString()}\n`).join(""));
      }),
      { numRuns: 500 },
    );
  });

  it("throws toISOString's RangeError for a time no Date holds", () => {
    expect(() => written([8.64e15 + 1])).toThrow(RangeError);
    expect(() => written([Number.NaN])).toThrow(RangeError);
  });
});
