/** The YAML shape of `workload:` (streams of SubmitJob requests) and `actions:`. */
import * as z from "zod";
import { durationSchema, memorySchema, simBlockSchema } from "./schema-common.ts";
import { submitSchema } from "./schema-submit.ts";

/**
 * `arrivals:` — one flat mapping for every process (`{at: […]}` has no `process`); which fields each
 * process needs is checked after parsing, so a misspelt field gets a did-you-mean.
 */
export const arrivalsSchema = z.strictObject({
  process: z.enum(["poisson", "fixed", "diurnal", "trace"]).optional(),
  ratePerHour: z
    .union([z.number().nonnegative(), z.array(z.number().nonnegative())], {
      error: "expected a rate per hour (number ≥ 0), or 24 of them for diurnal",
    })
    .optional(),
  every: durationSchema.optional(),
  from: durationSchema.optional(),
  to: durationSchema.optional(),
  count: z.number().int().nonnegative().optional(),
  at: z.array(durationSchema).optional(),
  days: z.number().int().min(1).optional(),
  format: z.string().optional().describe("trace: swf"),
  path: z
    .string()
    .optional()
    .describe("trace: the file, relative to the scenario file or absolute"),
  timeScale: z
    .number()
    .positive({ error: "must be > 0" })
    .optional()
    .describe("trace: multiplies the gaps between submissions (default 1)"),
  maxJobs: z.number().int().min(1).optional().describe("trace: replay at most this many jobs"),
  vcpusPerProcessor: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("trace: VCPU = processors × this (default 1)"),
  memoryMiBPerProcessor: memorySchema
    .optional()
    .describe("trace: MEMORY = processors × this (default: the job definition's MEMORY)"),
  requestedTimeAsTimeout: z
    .boolean()
    .optional()
    .describe("trace: the requested time as timeout.attemptDurationSeconds (default false)"),
  shareIdentifier: z
    .string()
    .optional()
    .describe("trace: a template such as user{user}, g{group} or q{queue}"),
  queues: z
    .record(z.string(), z.string())
    .optional()
    .describe("trace: SWF queue number → jobQueue (others go to the submit's jobQueue)"),
});

/** One explicit submission of a `jobs:` list. */
export const explicitJobSchema = z.strictObject({
  at: durationSchema,
  submit: submitSchema,
  sim: simBlockSchema.optional(),
});

/** One step of a pipeline: a named SubmitJob request (its jobName is derived) and its `sim:` block. */
export const pipelineStepSchema = z.strictObject({
  step: z
    .string()
    .min(1, { error: "must not be empty" })
    .max(100, { error: "must be at most 100 characters" })
    .regex(/^[A-Za-z0-9_-]+$/, {
      error: "may contain only letters, digits, hyphens and underscores",
    }),
  submit: submitSchema.describe("dependsOn[].jobName names an earlier step; no jobName"),
  sim: simBlockSchema.optional(),
});

/** `pipeline:` — the steps every arrival submits, in list order. */
export const pipelineSchema = z.strictObject({
  steps: z.array(pipelineStepSchema).min(1, { error: "needs at least one step" }),
});

/** A workload stream: `arrivals:` with one `submit:` or a `pipeline:`, or an explicit `jobs:` list. */
export const workloadStreamSchema = z.strictObject({
  name: z
    .string()
    .max(100, { error: "must be at most 100 characters" })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, {
      error:
        "must start with a letter or digit and contain only letters, digits, hyphens and underscores",
    }),
  description: z.string().optional(),
  submit: submitSchema.optional(),
  arrivals: arrivalsSchema.optional(),
  jobs: z.array(explicitJobSchema).optional(),
  pipeline: pipelineSchema.optional(),
  sim: simBlockSchema.optional(),
});

/** The YAML shape of one workload stream. */
export type WorkloadStreamInput = z.infer<typeof workloadStreamSchema>;
/** The YAML shape of `arrivals:`. */
export type ArrivalsInput = z.infer<typeof arrivalsSchema>;
