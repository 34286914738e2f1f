/** The YAML shape of `catalog:` — rows added to or overriding the built-in instance catalog. */
import * as z from "zod";
import { SPOT_INTERRUPTION_BUCKETS } from "../model/catalog.ts";
import { durationSchema } from "./schema-common.ts";

/** One catalog row (the columns of data/ec2-catalog.csv); only `instanceType` is always required. */
export const catalogRowSchema = z.strictObject({
  instanceType: z
    .string()
    .regex(/^[A-Za-z0-9-]+\.[A-Za-z0-9.-]+$/, { error: "expected family.size, e.g. c5.xlarge" }),
  family: z.string().min(1).optional(),
  vcpu: z.number().positive().optional(),
  memoryGiB: z.number().positive().optional(),
  gpu: z.number().int().nonnegative().optional(),
  gpuModel: z.string().optional(),
  arch: z.enum(["x86_64", "arm64"]).optional(),
  onDemandUsdPerHour: z.number().nonnegative().optional(),
  spotUsdPerHour: z.number().nonnegative().optional(),
  spotInterruptionBucket: z.enum(SPOT_INTERRUPTION_BUCKETS).optional(),
});

/** A Spot Instance Advisor bucket label. */
export const spotBucketSchema = z.enum(SPOT_INTERRUPTION_BUCKETS);

/** One point of a Spot price time series: from `at` on, the type's Spot price is `usdPerHour` (× priceFactor). */
export const spotPricePointSchema = z.strictObject({
  at: durationSchema.describe("from the start of the run"),
  usdPerHour: z.number().nonnegative().describe("the Spot price from `at` on (× priceFactor)"),
});

/** One instance type's price points (at least one; `at` strictly ascending, checked after parsing). */
export const spotPriceSeriesSchema = z
  .array(spotPricePointSchema)
  .min(1, { error: "needs at least one price point {at, usdPerHour}" });

/** The fields of `catalog.spot`: what-ifs on the Spot market (aws-batch-model.md §13.14). */
export const spotWhatIfShape = {
  priceFactor: z
    .number()
    .gt(0, { error: "must be > 0" })
    .optional()
    .describe("multiplies every spotUsdPerHour (default 1)"),
  interruptionBucket: z
    .record(z.string(), spotBucketSchema)
    .optional()
    .describe("instance type → Spot Advisor bucket, over the catalog's"),
  prices: z
    .record(z.string(), spotPriceSeriesSchema)
    .optional()
    .describe(
      "instance type → Spot price changes [{at, usdPerHour}], at ascending; before the first point the catalog price holds",
    ),
};

/** `catalog.spot`. */
export const spotWhatIfSchema = z.strictObject(spotWhatIfShape).optional();

/** `catalog:`. */
export const catalogSchema = z.strictObject({
  instanceTypes: z.array(catalogRowSchema).optional(),
  spot: spotWhatIfSchema,
});

/** The YAML shape of one catalog row. */
export type CatalogRowInput = z.infer<typeof catalogRowSchema>;
