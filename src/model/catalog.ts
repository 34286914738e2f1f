/** One EC2 instance type of the catalog (data/ec2-catalog.csv, plus scenario `catalog.instanceTypes`). */
export interface InstanceType {
  readonly instanceType: string;
  readonly family: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly gpu: number;
  readonly gpuModel: string;
  readonly arch: "x86_64" | "arm64";
  readonly onDemandUsdPerHour: number;
  /** null: the type cannot be launched in SPOT compute environments. */
  readonly spotUsdPerHour: number | null;
  readonly spotInterruptionBucket: SpotInterruptionBucket;
}

export const SPOT_INTERRUPTION_BUCKETS = ["<5%", "5-10%", "10-15%", "15-20%", ">20%"] as const;
export type SpotInterruptionBucket = (typeof SPOT_INTERRUPTION_BUCKETS)[number];

/** The catalog's column names, in file order. */
export const CATALOG_COLUMNS = [
  "instanceType",
  "family",
  "vcpu",
  "memoryGiB",
  "gpu",
  "gpuModel",
  "arch",
  "onDemandUsdPerHour",
  "spotUsdPerHour",
  "spotInterruptionBucket",
] as const;

/** An instance catalog: types by name, in a stable order (by name). */
export interface Catalog {
  readonly types: readonly InstanceType[];
  readonly byName: ReadonlyMap<string, InstanceType>;
  readonly families: ReadonlySet<string>;
}

/** Builds a catalog from rows; later rows with the same name replace earlier ones. */
export function makeCatalog(rows: readonly InstanceType[]): Catalog {
  const byName = new Map<string, InstanceType>();
  for (const row of rows) byName.set(row.instanceType, row);
  const types = [...byName.values()].sort((a, b) => compareStrings(a.instanceType, b.instanceType));
  return { types, byName, families: new Set(types.map((t) => t.family)) };
}

/** Parses the text of data/ec2-catalog.csv (simple CSV: no quoted commas in this file). */
export function parseCatalogCsv(text: string): InstanceType[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = (lines.shift() ?? "").split(",");
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`catalog CSV lacks column ${name}`);
    return i;
  };
  const idx = Object.fromEntries(CATALOG_COLUMNS.map((c) => [c, col(c)])) as Record<
    (typeof CATALOG_COLUMNS)[number],
    number
  >;
  return lines.map((line) => {
    const f = line.split(",");
    const get = (c: (typeof CATALOG_COLUMNS)[number]): string => f[idx[c]] ?? "";
    const spot = get("spotUsdPerHour");
    const bucket = get("spotInterruptionBucket");
    return {
      instanceType: get("instanceType"),
      family: get("family"),
      vcpu: Number(get("vcpu")),
      memoryGiB: Number(get("memoryGiB")),
      gpu: Number(get("gpu") || 0),
      gpuModel: get("gpuModel"),
      arch: get("arch") === "arm64" ? "arm64" : "x86_64",
      onDemandUsdPerHour: Number(get("onDemandUsdPerHour")),
      spotUsdPerHour: spot === "" ? null : Number(spot),
      spotInterruptionBucket: (SPOT_INTERRUPTION_BUCKETS as readonly string[]).includes(bucket)
        ? (bucket as SpotInterruptionBucket)
        : "5-10%",
    };
  });
}

/** The aliases AWS accepts in `instanceTypes`, and the families each expands to (aws-batch-model.md §7, §13.6). */
export const INSTANCE_TYPE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  optimal: ["m6i", "c6i", "r6i", "c7i"],
  default_x86_64: ["m6i", "c6i", "r6i", "c7i"],
  default_arm64: ["m6g", "c6g", "r6g", "c7g"],
};

/**
 * Expands one `instanceTypes` entry: a size (`c5.xlarge`) is itself; a family (`c5`) is every size
 * except `metal*`, smallest first (vCPU, then memory, then name); an alias expands to its families.
 * Returns undefined for a name the catalog does not know.
 */
export function expandInstanceTypeEntry(
  entry: string,
  catalog: Catalog,
): InstanceType[] | undefined {
  const exact = catalog.byName.get(entry);
  if (exact) return [exact];
  const aliased = INSTANCE_TYPE_ALIASES[entry];
  const families = aliased ?? (catalog.families.has(entry) ? [entry] : undefined);
  if (!families) return undefined;
  const out: InstanceType[] = [];
  for (const family of families) {
    const sizes = catalog.types.filter(
      (t) => t.family === family && !t.instanceType.slice(family.length + 1).startsWith("metal"),
    );
    sizes.sort(compareBySize);
    out.push(...sizes);
  }
  return out;
}

/** Expands a whole `instanceTypes` list, in list order, without duplicates (first occurrence kept). */
export function expandInstanceTypes(entries: readonly string[], catalog: Catalog): InstanceType[] {
  const seen = new Set<string>();
  const out: InstanceType[] = [];
  for (const entry of entries) {
    for (const t of expandInstanceTypeEntry(entry, catalog) ?? []) {
      if (seen.has(t.instanceType)) continue;
      seen.add(t.instanceType);
      out.push(t);
    }
  }
  return out;
}

/** Total order: vCPU, then memory, then name. */
export function compareBySize(a: InstanceType, b: InstanceType): number {
  return (
    a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB || compareStrings(a.instanceType, b.instanceType)
  );
}

/** Code-unit string order (locale-independent, so it is the same on every machine). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
