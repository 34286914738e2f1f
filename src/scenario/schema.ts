/** The YAML shape of a whole scenario file (zod); the JSON Schema for editors is generated from it. */
import * as z from "zod";
import { actionSchema } from "./schema-actions.ts";
import { catalogSchema } from "./schema-catalog.ts";
import { durationSchema } from "./schema-common.ts";
import { computeEnvironmentSchema } from "./schema-compute-environments.ts";
import { jobDefinitionSchema } from "./schema-job-definitions.ts";
import { jobQueueSchema, schedulingPolicySchema } from "./schema-job-queues.ts";
import { settingsSchema } from "./schema-settings.ts";
import { workloadStreamSchema } from "./schema-workload.ts";

/** The scenario file. */
export const scenarioSchema = z.strictObject({
  name: z
    .string()
    .min(1, { error: "must not be empty" })
    .max(128, { error: "must be at most 128 characters" })
    .regex(/^[A-Za-z0-9._-]+$/, {
      error: "may contain only letters, digits, '.', '_' and '-' (it names the run folder)",
    })
    .refine((n) => n !== "." && n !== "..", { error: "must not be . or .." }),
  description: z.string().optional(),
  seed: z
    .union([z.number().int(), z.string()], { error: "expected an integer or a string" })
    .optional(),
  start: z.string().optional().describe("ISO-8601 UTC, default 2026-01-01T00:00:00Z"),
  until: durationSchema.optional().describe("the run lasts exactly this long"),
  region: z.string().optional(),
  catalog: catalogSchema.optional(),
  settings: settingsSchema.optional(),
  computeEnvironments: z
    .array(computeEnvironmentSchema)
    .max(50, { error: "at most 50 compute environments (an AWS limit per region)" })
    .optional(),
  schedulingPolicies: z.array(schedulingPolicySchema).optional(),
  jobQueues: z
    .array(jobQueueSchema)
    .max(50, { error: "at most 50 job queues (an AWS limit per region)" })
    .optional(),
  jobDefinitions: z.array(jobDefinitionSchema).optional(),
  workload: z.array(workloadStreamSchema).optional(),
  actions: z.array(actionSchema).optional().describe("operations at a given time"),
});

/** The YAML shape of a scenario file, as zod parses it. */
export type ScenarioInput = z.infer<typeof scenarioSchema>;
