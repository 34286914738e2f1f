/** The YAML shape of a SubmitJob request (`submit:` of a workload stream or a `jobs:` entry). */
import * as z from "zod";
import {
  noEffect,
  noEffectFields,
  resourceRequirementsSchema,
  tagsSchema,
} from "./schema-common.ts";
import {
  nodeInstanceTypesSchema,
  retryStrategySchema,
  targetNodesSchema,
  timeoutSchema,
} from "./schema-job-definitions.ts";

/** AWS `ContainerOverrides`. */
export const containerOverridesSchema = z.strictObject({
  resourceRequirements: resourceRequirementsSchema.optional(),
  vcpus: z.number().optional(),
  memory: z.number().optional(),
  ...noEffectFields(["command", "environment", "instanceType"]),
});

/** A node range's `containerOverrides`: `instanceType` applies to multi-node parallel jobs. */
export const nodeContainerOverridesSchema = containerOverridesSchema.extend({
  instanceType: z.string().optional().describe("one instance type, like c6i.xlarge"),
});

/** AWS `NodeOverrides`. */
export const nodeOverridesSchema = z.strictObject({
  numNodes: z
    .number()
    .int()
    .min(1, { error: "must be 1–1000" })
    .max(1000, { error: "must be 1–1000" })
    .optional(),
  nodePropertyOverrides: z
    .array(
      z.strictObject({
        targetNodes: targetNodesSchema,
        containerOverrides: nodeContainerOverridesSchema.optional(),
        instanceTypes: nodeInstanceTypesSchema.optional(),
      }),
    )
    .optional(),
});

/** AWS `JobDependency`, referring to an explicit job by `jobName`. */
export const jobDependencySchema = z.strictObject({
  jobName: z.string().optional(),
  jobId: z.string().optional(),
  type: z.enum(["N_TO_N", "SEQUENTIAL"]).optional(),
});

/** AWS `SubmitJobRequest` (jobName optional: it defaults from the stream name). */
export const submitSchema = z.strictObject({
  jobName: z
    .string()
    .max(128, { error: "must be at most 128 characters" })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, {
      error:
        "must start with a letter or digit and contain only letters, digits, hyphens and underscores",
    })
    .optional(),
  jobQueue: z.string(),
  jobDefinition: z.string(),
  containerOverrides: containerOverridesSchema.optional(),
  dependsOn: z
    .array(jobDependencySchema)
    .max(20, { error: "a job can have at most 20 dependencies" })
    .optional(),
  shareIdentifier: z
    .string()
    .max(255, { error: "must be at most 255 characters" })
    .regex(/^[A-Za-z0-9]+$/, { error: "letters and digits only" })
    .optional()
    .describe("required on fair-share queues, forbidden on FIFO ones"),
  schedulingPriorityOverride: z
    .number()
    .int()
    .min(0, { error: "must be 0–9999" })
    .max(9999, { error: "must be 0–9999" })
    .optional()
    .describe("fair-share queues only: replaces the definition's schedulingPriority"),
  arrayProperties: z
    .strictObject({
      size: z.number().int().min(2, { error: "must be 2–10000" }).max(10000, {
        error: "must be 2–10000",
      }),
    })
    .optional(),
  nodeOverrides: nodeOverridesSchema.optional(),
  retryStrategy: retryStrategySchema.optional(),
  timeout: timeoutSchema.optional(),
  tags: noEffect(tagsSchema),
  ...noEffectFields(["parameters", "propagateTags"]),
});

/** The YAML shape of one SubmitJob request. */
export type SubmitInput = z.infer<typeof submitSchema>;
