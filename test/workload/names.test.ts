import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { numberedNames } from "../../src/workload/names.ts";

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
