/** `catalog.instanceTypes`: rows merged over the built-in catalog. */
import { type Catalog, type InstanceType, makeCatalog } from "../model/catalog.ts";
import { type BuildContext, checkDuplicateNames, parseItems, rawList } from "./context.ts";
import { didYouMean } from "./did-you-mean.ts";
import { atKey, atValue } from "./problem.ts";
import {
  catalogRowSchema,
  spotBucketSchema,
  spotPriceSeriesSchema,
  spotWhatIfShape,
} from "./schema-catalog.ts";
import type { SpotPriceSeries } from "./types.ts";
import { formatDuration, parseDurationSeconds } from "./units.ts";

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
  const spot = asMapping(rawSpot);
  if (!spot) return;
  const priceFactor = readPriceFactor(spot);
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

/** A raw value as a mapping, or undefined. */
function asMapping(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `catalog.spot.priceFactor` (default 1; a bad one, which zod reports, counts as 1). */
function readPriceFactor(spot: Readonly<Record<string, unknown>>): number {
  const factor = spotWhatIfShape.priceFactor.safeParse(spot.priceFactor);
  return factor.success ? (factor.data ?? 1) : 1;
}

/**
 * `catalog.spot.prices` against the merged `catalog` (its Spot prices already × priceFactor): each
 * key a type of the catalog that has a Spot price, each list's `at` strictly ascending. Returns the
 * series sorted by instance type, points ascending, each usdPerHour × priceFactor (as the catalog's
 * prices are). Points after `until` are allowed; they never take effect.
 */
export function buildSpotPrices(
  ctx: BuildContext,
  rawCatalog: unknown,
  catalog: Catalog,
): SpotPriceSeries[] {
  const spot = asMapping(asMapping(rawCatalog)?.spot);
  const prices = asMapping(spot?.prices);
  if (!spot || !prices) return [];
  const priceFactor = readPriceFactor(spot);
  const out: SpotPriceSeries[] = [];
  for (const [name, rawPoints] of Object.entries(prices)) {
    const path = ["catalog", "spot", "prices", name];
    const row = catalog.byName.get(name);
    if (!row) {
      ctx.problems.push(
        atKey(path, `unknown instance type ${name}${didYouMean(name, catalog.byName.keys())}`),
      );
      continue;
    }
    if (row.spotUsdPerHour === null) {
      ctx.problems.push(
        atKey(
          path,
          `${name} has no Spot price in the catalog: it cannot run in SPOT compute environments`,
        ),
      );
      continue;
    }
    const parsed = spotPriceSeriesSchema.safeParse(rawPoints);
    if (!parsed.success) continue; // the whole-file parse reports it
    const points: { atSeconds: number; usdPerHour: number }[] = [];
    parsed.data.forEach((point, i) => {
      const atSeconds = parseDurationSeconds(point.at) ?? 0;
      const previous = points[points.length - 1];
      if (previous && atSeconds <= previous.atSeconds) {
        ctx.problems.push(
          atValue(
            [...path, i, "at"],
            `must be after the previous point's at (${formatDuration(previous.atSeconds)}): points are in ascending time`,
          ),
        );
        return;
      }
      points.push({ atSeconds, usdPerHour: point.usdPerHour * priceFactor });
    });
    out.push({ instanceType: name, points });
  }
  return out.sort((a, b) =>
    a.instanceType < b.instanceType ? -1 : a.instanceType > b.instanceType ? 1 : 0,
  );
}
