/** `catalog.instanceTypes`: rows merged over the built-in catalog. */
import { type Catalog, type InstanceType, makeCatalog } from "../model/catalog.ts";
import { type BuildContext, checkDuplicateNames, parseItems, rawList } from "./context.ts";
import { didYouMean } from "./did-you-mean.ts";
import { atKey, atValue } from "./problem.ts";
import { catalogRowSchema, spotBucketSchema, spotWhatIfShape } from "./schema-catalog.ts";

/**
 * The built-in catalog with the scenario's rows, then the Spot what-ifs of `catalog.spot`
 * (aws-batch-model.md §13.14): every `spotUsdPerHour` × `priceFactor`, and per-type bucket overrides.
 * The scenario's rows: a row for an existing type overrides only the columns
 * it gives; a new type needs vcpu, memoryGiB and onDemandUsdPerHour; `family` defaults to the part
 * before the first `.`.
 */
export function buildCatalog(
  ctx: BuildContext,
  rawCatalog: unknown,
  builtIn: readonly InstanceType[],
): Catalog {
  const base = makeCatalog(builtIn);
  const section =
    rawCatalog !== null && typeof rawCatalog === "object" && !Array.isArray(rawCatalog)
      ? (rawCatalog as Record<string, unknown>)
      : {};
  const list = rawList(section, "instanceTypes");
  checkDuplicateNames(ctx, list, ["catalog", "instanceTypes"], "instanceType");
  const rows = parseItems(catalogRowSchema, list);
  const merged = new Map(base.byName);
  for (const { index, item } of rows) {
    const path = ["catalog", "instanceTypes", index];
    const existing = merged.get(item.instanceType);
    if (!existing) {
      let complete = true;
      for (const key of ["vcpu", "memoryGiB", "onDemandUsdPerHour"] as const) {
        if (item[key] === undefined) {
          ctx.problems.push(
            atValue([...path, key], "required for an instance type not in the built-in catalog"),
          );
          complete = false;
        }
      }
      if (!complete) continue;
    }
    const row: InstanceType = {
      instanceType: item.instanceType,
      family:
        item.family ??
        existing?.family ??
        item.instanceType.slice(0, item.instanceType.indexOf(".")),
      vcpu: item.vcpu ?? existing?.vcpu ?? 0,
      memoryGiB: item.memoryGiB ?? existing?.memoryGiB ?? 0,
      gpu: item.gpu ?? existing?.gpu ?? 0,
      gpuModel: item.gpuModel ?? existing?.gpuModel ?? "",
      arch: item.arch ?? existing?.arch ?? "x86_64",
      onDemandUsdPerHour: item.onDemandUsdPerHour ?? existing?.onDemandUsdPerHour ?? 0,
      spotUsdPerHour: item.spotUsdPerHour ?? existing?.spotUsdPerHour ?? null,
      spotInterruptionBucket:
        item.spotInterruptionBucket ?? existing?.spotInterruptionBucket ?? "5-10%",
    };
    merged.set(row.instanceType, row);
  }
  applySpotWhatIfs(ctx, section.spot, merged);
  return makeCatalog([...merged.values()]);
}

/**
 * `catalog.spot`: the price factor and the bucket overrides, applied to the merged rows in place.
 * Each part is read on its own, so a bad bucket value (zod reports it) does not hide an unknown type.
 */
function applySpotWhatIfs(
  ctx: BuildContext,
  rawSpot: unknown,
  merged: Map<string, InstanceType>,
): void {
  if (rawSpot === null || typeof rawSpot !== "object" || Array.isArray(rawSpot)) return;
  const spot = rawSpot as Record<string, unknown>;
  const factor = spotWhatIfShape.priceFactor.safeParse(spot.priceFactor);
  const priceFactor = factor.success ? (factor.data ?? 1) : 1;
  if (priceFactor !== 1) {
    for (const [name, row] of merged) {
      if (row.spotUsdPerHour !== null)
        merged.set(name, { ...row, spotUsdPerHour: row.spotUsdPerHour * priceFactor });
    }
  }
  const buckets = spot.interruptionBucket;
  if (buckets === null || typeof buckets !== "object" || Array.isArray(buckets)) return;
  for (const [name, value] of Object.entries(buckets)) {
    const row = merged.get(name);
    if (!row) {
      ctx.problems.push(
        atKey(
          ["catalog", "spot", "interruptionBucket", name],
          `unknown instance type ${name}${didYouMean(name, merged.keys())}`,
        ),
      );
      continue;
    }
    const bucket = spotBucketSchema.safeParse(value);
    if (bucket.success) merged.set(name, { ...row, spotInterruptionBucket: bucket.data });
  }
}
