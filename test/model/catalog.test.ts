import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  expandInstanceTypeEntry,
  expandInstanceTypes,
  makeCatalog,
  parseCatalogCsv,
} from "../../src/model/catalog.ts";

const rows = parseCatalogCsv(
  readFileSync(new URL("../../data/ec2-catalog.csv", import.meta.url), "utf8"),
);
const catalog = makeCatalog(rows);

describe("the built-in catalog", () => {
  it("has the 377 instance types of data/ec2-catalog.csv, with On-Demand prices", () => {
    expect(rows).toHaveLength(377);
    expect(catalog.byName.get("m6i.large")).toMatchObject({
      vcpu: 2,
      memoryGiB: 8,
      onDemandUsdPerHour: 0.096,
      arch: "x86_64",
    });
  });

  it("expands a family to every size but metal, smallest first", () => {
    const names = expandInstanceTypeEntry("c6i", catalog)!.map((t) => t.instanceType);
    expect(names[0]).toBe("c6i.large");
    expect(names).toContain("c6i.32xlarge");
    expect(names.some((n) => n.includes("metal"))).toBe(false);
    const vcpus = expandInstanceTypeEntry("c6i", catalog)!.map((t) => t.vcpu);
    expect([...vcpus].sort((a, b) => a - b)).toEqual(vcpus);
  });

  it("expands optimal and default_x86_64 to m6i, c6i, r6i and c7i, and default_arm64 to Graviton families", () => {
    const families = (e: string) =>
      new Set(expandInstanceTypeEntry(e, catalog)!.map((t) => t.family));
    expect(families("optimal")).toEqual(new Set(["m6i", "c6i", "r6i", "c7i"]));
    expect(families("default_x86_64")).toEqual(families("optimal"));
    expect(families("default_arm64")).toEqual(new Set(["m6g", "c6g", "r6g", "c7g"]));
  });

  it("knows nothing of a misspelt name, and keeps a list's order without duplicates", () => {
    expect(expandInstanceTypeEntry("c6ii", catalog)).toBeUndefined();
    const list = expandInstanceTypes(["m6i.large", "m6i"], catalog).map((t) => t.instanceType);
    expect(list[0]).toBe("m6i.large");
    expect(list.filter((n) => n === "m6i.large")).toHaveLength(1);
  });

  it("lets a later row override an earlier one of the same name", () => {
    const c = makeCatalog([
      ...rows,
      { ...catalog.byName.get("c6i.large")!, onDemandUsdPerHour: 1 },
    ]);
    expect(c.byName.get("c6i.large")?.onDemandUsdPerHour).toBe(1);
    expect(c.types).toHaveLength(377);
  });
});
