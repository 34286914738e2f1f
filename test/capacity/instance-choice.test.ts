import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { usableMemoryMiB } from "../../src/capacity/instance.ts";
import { byPrice, byPricePerVcpu, firstFitting } from "../../src/capacity/instance-choice.ts";
import { expandInstanceTypes, makeCatalog, parseCatalogCsv } from "../../src/model/catalog.ts";
import { fitCount, shapeOf } from "../../src/model/shape.ts";

const catalog = makeCatalog(
  parseCatalogCsv(readFileSync(new URL("../../data/ec2-catalog.csv", import.meta.url), "utf8")),
);
const options = (entries: string[]) =>
  expandInstanceTypes(entries, catalog).map((type, listIndex) => ({
    type,
    usableMemoryMiB: usableMemoryMiB(type, 3, 32),
    usdPerHour: type.onDemandUsdPerHour,
    listIndex,
  }));

describe("usable memory", () => {
  it("takes 3 % and 32 MiB off the nominal memory, so an 8 GiB job does not fit an 8 GiB instance", () => {
    const m6iLarge = catalog.byName.get("m6i.large")!;
    expect(usableMemoryMiB(m6iLarge, 3, 32)).toBe(Math.floor(8192 * 0.97 - 32)); // 7914 MiB
    expect(
      firstFitting(options(["m6i"]).sort(byPrice), shapeOf(2, 8192, 0))?.type.instanceType,
    ).toBe("m6i.xlarge");
  });
});

describe("instance type order", () => {
  it("BEST_FIT takes the cheapest type that fits", () => {
    const ordered = options(["c6i", "m6i", "r6i"]).sort(byPrice);
    expect(firstFitting(ordered, shapeOf(2, 4000, 0))?.type.instanceType).toBe("m6i.large"); // $0.096 < c6i.xlarge $0.17
  });

  it("BEST_FIT_PROGRESSIVE takes the lowest price per vCPU, then the fewest vCPU", () => {
    const ordered = options(["c6i", "m6i", "r6i"]).sort(byPricePerVcpu);
    // c6i is $0.0425/vCPU at every size: the smallest c6i that holds 2 vCPU and 4000 MiB is c6i.xlarge.
    expect(firstFitting(ordered, shapeOf(2, 4000, 0))?.type.instanceType).toBe("c6i.xlarge");
  });

  it("finds no type for a GPU job among CPU families", () => {
    expect(firstFitting(options(["c6i"]).sort(byPrice), shapeOf(1, 1024, 1))).toBeUndefined();
  });
});

describe("packing counts", () => {
  it("counts how many jobs fit by every resource at once", () => {
    const room = { freeVcpus: 8, freeMemoryMiB: 10_000, freeGpus: 0 };
    expect(fitCount(room, shapeOf(1, 3000, 0))).toBe(3); // memory-bound
    expect(fitCount(room, shapeOf(3, 1000, 0))).toBe(2); // vCPU-bound
    expect(fitCount(room, shapeOf(1, 1000, 1))).toBe(0); // no GPU
  });
});
