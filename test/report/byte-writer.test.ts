import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteWriter, encoded } from "../../src/report/byte-writer.ts";
import { SlabEncoder } from "../../src/report/slab-encoder.ts";

/** What a ByteWriter with a small buffer (many flushes) writes for `fill`. */
function written(fill: (w: ByteWriter) => void, bufferBytes = 256): string {
  let out = "";
  const w = new ByteWriter((t) => {
    out += t;
  }, bufferBytes);
  fill(w);
  w.flush();
  return out;
}

describe("ByteWriter numbers", () => {
  it("prints every number exactly as String(x) does", () => {
    const number = fc.oneof(
      fc.double(),
      fc.integer().map((k) => k / 1000),
      fc.integer().map((k) => k / 1e9),
      fc.double({ min: -1e7, max: 1e7, noNaN: true }).map((x) => Math.round(x * 1e9) / 1e9),
      fc.double({ min: -1e13, max: 1e13, noNaN: true }).map((x) => Math.round(x * 1e3) / 1e3),
      fc.maxSafeInteger(),
      fc.constantFrom(
        0,
        -0,
        1e-6,
        9.99e-7,
        5e-7,
        1e12,
        -1e12,
        0.1,
        0.2 + 0.1,
        2 ** 52 / 1000,
        1e21,
        2 ** 31,
        2 ** 31 - 1,
        1e9,
        1e9 - 1,
        1e9 + 1,
        1_767_225_600_000, // 2026-01-01T00:00:00Z in epoch ms
        -1_767_225_600_007,
        Number.MAX_SAFE_INTEGER,
        -Number.MAX_SAFE_INTEGER,
        2 ** 53,
        1e15 + 1,
      ),
    );
    fc.assert(
      fc.property(fc.array(number, { maxLength: 50 }), (xs) => {
        const out = written((w) => {
          for (const x of xs) {
            w.number(x);
            w.comma();
          }
        });
        expect(out).toBe(xs.map((x) => `${String(x)},`).join(""));
      }),
      { numRuns: 2000 },
    );
  });
});

/** That `write` writes each of `values` as number() writes it rounded to 1/scale. */
function expectRoundedAsNumber(
  values: fc.Arbitrary<number>,
  write: (w: ByteWriter, x: number) => void,
  scale: number,
): void {
  fc.assert(
    fc.property(fc.array(values, { maxLength: 50 }), (xs) => {
      const fast = written((w) => {
        for (const x of xs) {
          write(w, x);
          w.comma();
        }
      });
      const plain = written((w) => {
        for (const x of xs) {
          w.number(Math.round(x * scale) / scale);
          w.comma();
        }
      });
      expect(fast).toBe(plain);
    }),
    { numRuns: 2000 },
  );
}

describe("ByteWriter text", () => {
  it("writes a time rounded to the millisecond (milli) exactly as number() writes it rounded", () => {
    const time = fc.oneof(
      fc.double(),
      fc.double({ min: -1e13, max: 1e13, noNaN: true }),
      fc.integer().map((k) => k / 1000 + 0.0004),
      fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 1e6),
      fc.constantFrom(
        0,
        -0,
        -0.0004,
        0.0005,
        -0.0005,
        999_999_999_999.9995,
        1e12,
        1e15,
        -1e15,
        NaN,
      ),
    );
    expectRoundedAsNumber(time, (w, x) => w.milli(x), 1000);
  });

  it("writes money rounded to the nano-dollar (nano) exactly as number() writes it rounded", () => {
    const usd = fc.oneof(
      fc.double(),
      fc.double({ min: -1e7, max: 1e7, noNaN: true }),
      fc.double({ min: 0, max: 0.01, noNaN: true }),
      fc.integer().map((k) => k / 1e9 + 4e-10),
      fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 1e12),
      fc.constantFrom(
        0,
        -0,
        1e-6,
        -1e-6,
        9.995e-7,
        1.0000000004e-6,
        5e-10,
        -5e-10,
        999_999.999999999,
        1e6,
        -1e6,
        NaN,
        Number.POSITIVE_INFINITY,
      ),
    );
    expectRoundedAsNumber(usd, (w, x) => w.nano(x), 1e9);
  });

  it("encodes any text as UTF-8, across buffer boundaries and longer than the buffer", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 400 })), (parts) => {
        // A small buffer (long text bypasses it) and a larger one (long text encoded natively into it).
        for (const size of [256, 8192]) {
          const out = written((w) => {
            for (const p of parts) w.text(p);
          }, size);
          expect(out).toBe(parts.join(""));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("quotes a CSV cell only for a quote, comma, CR or LF, doubling quotes", () => {
    const cell = (s: string): string => written((w) => w.csvText(s));
    expect(cell("plain text")).toBe("plain text");
    expect(cell("été")).toBe("été");
    expect(cell("a,b")).toBe('"a,b"');
    expect(cell('say "hi"')).toBe('"say ""hi"""');
    expect(cell("two\nlines")).toBe('"two\nlines"');
    expect(cell("cr\rhere")).toBe('"cr\rhere"');
    expect(cell(`${"x".repeat(300)},`)).toBe(`"${"x".repeat(300)},"`);
  });
});

describe("ByteWriter fixed-width integers", () => {
  it("writes padded() as String(n).padStart(width, '0') and hex() as n.toString(16).padStart", () => {
    const cell = fc.integer({ min: 1, max: 13 }).chain((width) =>
      fc.record({
        width: fc.constant(width),
        decimal: fc.oneof(
          fc.integer({ min: 0, max: 10 ** Math.min(width, 15) - 1 }),
          fc.constant(10 ** Math.min(width, 15) - 1),
        ),
        hex: fc.oneof(fc.integer({ min: 0, max: 16 ** width - 1 }), fc.constant(16 ** width - 1)),
      }),
    );
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), (cells) => {
        const out = written((w) => {
          for (const c of cells) {
            w.padded(c.decimal, c.width);
            w.comma();
            w.hex(c.hex, c.width);
            w.comma();
          }
        }, 64);
        const expected = cells
          .map(
            (c) =>
              `${String(c.decimal).padStart(c.width, "0")},${c.hex.toString(16).padStart(c.width, "0")},`,
          )
          .join("");
        expect(out).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("SlabEncoder", () => {
  it("encodes any text as TextEncoder does, its earlier results untouched by later ones", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 200 }),
            fc.string({ unit: "grapheme", maxLength: 40 }),
            fc.string({ minLength: 4000, maxLength: 5400 }),
            fc.string({ minLength: 16_000, maxLength: 20_000 }),
          ),
          { maxLength: 60 },
        ),
        (texts) => {
          const slabs = new SlabEncoder();
          const results = texts.map((t) => slabs.encode(t));
          for (let i = 0; i < texts.length; i++) expect(results[i]).toEqual(encoded(texts[i]!));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("ByteWriter kept bytes", () => {
  it("writes encoded() and csvBytes() bytes exactly as text and csvText", () => {
    const cells = ["SUCCEEDED", "a,b", 'say "hi"', "été", "", "Essential container in task exited"];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...cells), fc.string())), (parts) => {
        const plain = written((w) => {
          for (const p of parts) {
            w.text(p);
            w.csvText(p);
          }
        });
        const cached = written((w) => {
          for (const p of parts) {
            w.bytes(encoded(p));
            w.bytes(w.csvBytes(p));
          }
        });
        expect(cached).toBe(plain);
      }),
      { numRuns: 200 },
    );
  });
});
