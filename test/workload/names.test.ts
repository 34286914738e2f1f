import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { numberedNames, paddedNumbers } from "../../src/workload/names.ts";

describe("numberedNames", () => {
  it("names n as <prefix>-<n>, in order or not", () => {
    const nameOf = numberedNames("customers");
    for (let n = 1; n <= 5000; n++) expect(nameOf(n)).toBe(`customers-${n}`);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 53 - 1 }), (n) => {
        expect(nameOf(n)).toBe(`customers-${n}`);
      }),
    );
    expect(nameOf(999)).toBe("customers-999");
    expect(nameOf(1000)).toBe("customers-1000");
    expect(nameOf(1_000_007)).toBe("customers-1000007");
  });
});

describe("paddedNumbers", () => {
  it("pads n to the width as padStart does, in order or not", () => {
    const idOf = paddedNumbers("job-", 8);
    for (let n = 0; n <= 5000; n++) expect(idOf(n)).toBe(`job-${String(n).padStart(8, "0")}`);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 53 - 1 }), (n) => {
        expect(idOf(n)).toBe(`job-${String(n).padStart(8, "0")}`);
      }),
    );
    expect(idOf(1)).toBe("job-00000001");
    expect(idOf(99_999_999)).toBe("job-99999999");
    expect(idOf(100_000_000)).toBe("job-100000000");
    expect(paddedNumbers("t", 2)(7)).toBe("t07");
    expect(paddedNumbers("t", 2)(1234)).toBe("t1234");
  });
});
