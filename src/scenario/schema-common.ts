/** Building blocks shared by the per-section zod schemas of the scenario YAML shape. */
import * as z from "zod";
import {
  DURATION_PATTERN,
  MAX_DURATION_SECONDS,
  MEMORY_PATTERN,
  parseDurationSeconds,
} from "./units.ts";

/** Field schemas (the optional wrappers) of fields accepted only because AWS has them: they change nothing in a simulation. */
export const NO_EFFECT_SCHEMAS = new WeakSet<z.ZodType>();
/** Schemas of contract fields whose feature is not built yet: present ⇒ "not supported yet". */
export const NOT_YET_SCHEMAS = new WeakSet<z.ZodType>();

/**
 * AWS request fields that would change results but that batchsim does not model: "not supported".
 * They are left out of the schemas, so they also stay out of the editor's JSON Schema.
 */
export const NOT_SUPPORTED_KEYS: ReadonlySet<string> = new Set([
  "consumableResourceProperties",
  "consumableResourcePropertiesOverride",
  "eksProperties",
  "eksPropertiesOverride",
  "ecsProperties",
  "ecsPropertiesOverride",
  "eksConfiguration",
  "quotaSharePolicy",
  "serviceEnvironmentOrder",
]);

/** A field accepted with no effect in simulation: any value, or one of `shape` (checked, then ignored). */
export function noEffect(): z.ZodOptional<z.ZodUnknown>;
export function noEffect<T extends z.ZodType>(shape: T): z.ZodOptional<T>;
export function noEffect(shape: z.ZodType = z.unknown()): z.ZodOptional<z.ZodType> {
  const field = shape.describe("accepted, no effect in simulation").optional();
  NO_EFFECT_SCHEMAS.add(field);
  return field;
}

/** An object shape of no-effect fields, one per name. */
export function noEffectFields<const K extends string>(
  names: readonly K[],
): Record<K, z.ZodOptional<z.ZodUnknown>> {
  const out = {} as Record<K, z.ZodOptional<z.ZodUnknown>>;
  for (const n of names) out[n] = noEffect();
  return out;
}

/** A contract field whose feature is not built yet: its shape and ranges are checked, its presence is an error. */
export function notYet<T extends z.ZodType>(schema: T): z.ZodOptional<T> {
  // The optional wrapper is new per field, so a shared inner schema is not marked everywhere.
  const field = schema.optional();
  NOT_YET_SCHEMAS.add(field);
  return field;
}

const DURATION_MESSAGE =
  "expected a duration: a number of seconds or a string like 90s, 15m, 2h, 7d, 1h30m";

const TOO_LONG_MESSAGE = `must be at most ${MAX_DURATION_SECONDS / 86400}d (100 years)`;

/** A duration: seconds (number ≥ 0) or a string like `1h30m`; at most MAX_DURATION_SECONDS. */
export const durationSchema = z.union(
  [
    z
      .number({ error: DURATION_MESSAGE })
      .nonnegative({ error: "must be ≥ 0" })
      .refine((s) => s <= MAX_DURATION_SECONDS, { error: TOO_LONG_MESSAGE, abort: true }),
    z
      .string({ error: DURATION_MESSAGE })
      .regex(DURATION_PATTERN, { error: DURATION_MESSAGE })
      .refine((s) => (parseDurationSeconds(s) ?? 0) <= MAX_DURATION_SECONDS, {
        error: TOO_LONG_MESSAGE,
        abort: true,
      }),
  ],
  { error: DURATION_MESSAGE },
);

const MEMORY_MESSAGE = "expected a memory size: a number of MiB or a string like 512MiB, 4GiB";

/** A memory size of simulator blocks: MiB (number) or `512MiB` / `4GiB`. */
export const memorySchema = z.union(
  [
    z.number({ error: MEMORY_MESSAGE }).nonnegative({ error: "must be ≥ 0" }),
    z.string({ error: MEMORY_MESSAGE }).regex(MEMORY_PATTERN, { error: MEMORY_MESSAGE }),
  ],
  { error: MEMORY_MESSAGE },
);

/** `{distribution: …}`: one flat mapping; which fields each kind needs is checked after parsing. */
export const distributionObjectSchema = z.strictObject({
  distribution: z.enum(["fixed", "exponential", "lognormal", "uniform", "empirical"]),
  value: durationSchema.optional().describe("fixed"),
  mean: durationSchema.optional().describe("exponential"),
  median: durationSchema.optional().describe("lognormal"),
  p90: durationSchema.optional().describe("lognormal"),
  mu: z.number().optional().describe("lognormal, of ln seconds"),
  sigma: z.number().nonnegative().optional().describe("lognormal, of ln seconds"),
  min: durationSchema.optional().describe("uniform"),
  max: durationSchema.optional().describe("uniform"),
  values: z.array(durationSchema).min(1).optional().describe("empirical"),
  weights: z.array(z.number().nonnegative()).optional().describe("empirical"),
});

/** A distribution of durations: a plain duration (fixed) or a `{distribution: …}` mapping. */
export const distributionSchema = z.union([durationSchema, distributionObjectSchema], {
  error:
    "expected a duration or a mapping {distribution: fixed|exponential|lognormal|uniform|empirical, …}",
});

/** An AWS resource name: up to 128 letters, digits, hyphens and underscores. */
export const awsNameSchema = z
  .string()
  .min(1, { error: "must not be empty" })
  .max(128, { error: "must be at most 128 characters" })
  .regex(/^[A-Za-z0-9_-]+$/, {
    error: "may contain only letters, digits, hyphens and underscores",
  });

/** A non-negative integer. */
export const nonNegativeInt = z.number().int().nonnegative();

/** `resourceRequirements` entries (AWS `ResourceRequirement`); values are strings in AWS, numbers accepted too. */
export const resourceRequirementsSchema = z.array(
  z.strictObject({
    type: z.enum(["VCPU", "MEMORY", "GPU"]),
    value: z.union([z.string(), z.number()]),
  }),
);

/** A `sim:` block: what a container does when it runs. */
export const simBlockSchema = z.strictObject({
  runtime: distributionSchema.optional(),
  exitCodes: z.record(z.string(), z.number().nonnegative()).optional(),
  memoryUsedMiB: memorySchema
    .optional()
    .describe("what the container really uses; above its MEMORY it is OOM-killed"),
});

/** The most characters AWS allows in a tag key (which needs at least 1). */
export const MAX_TAG_KEY_CHARS = 128;
/** The most characters AWS allows in a tag value (which may be empty). */
export const MAX_TAG_VALUE_CHARS = 256;

const TAG_KEY_MESSAGE = `a tag key must be 1–${MAX_TAG_KEY_CHARS} characters`;

/**
 * AWS `TagsMap` (jobs, job definitions): tag keys (1–128 characters) → string values (≤ 256). How many a
 * job may have (50, its own and its definition's together) is checked after parsing (request-limits.ts).
 */
export const tagsSchema = z.record(
  z.string().min(1).max(MAX_TAG_KEY_CHARS),
  z.string().max(MAX_TAG_VALUE_CHARS, {
    error: `a tag value must be at most ${MAX_TAG_VALUE_CHARS} characters`,
  }),
  // The record's own issues: a bad key (the key schema's message would be zod's "Invalid key in record").
  { error: (issue) => (issue.code === "invalid_key" ? TAG_KEY_MESSAGE : undefined) },
);
