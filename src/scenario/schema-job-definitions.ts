/** The YAML shape of `jobDefinitions:` (RegisterJobDefinition requests) and the shapes SubmitJob shares. */
import * as z from "zod";
import {
  awsNameSchema,
  noEffect,
  noEffectFields,
  notYet,
  resourceRequirementsSchema,
  simBlockSchema,
} from "./schema-common.ts";

/** AWS `RetryStrategy` (not built yet; ranges still checked). */
export const retryStrategySchema = z.strictObject({
  attempts: z.number().int().min(1).max(10).optional(),
  evaluateOnExit: z
    .array(
      z.strictObject({
        onStatusReason: z.string().max(512).optional(),
        onReason: z.string().max(512).optional(),
        onExitCode: z.string().max(512).optional(),
        action: z.string().regex(/^(retry|exit)$/i, { error: "must be RETRY or EXIT" }),
      }),
    )
    .max(5, { error: "at most 5 entries" })
    .optional(),
});

/** AWS `JobTimeout` (not built yet; range still checked). */
export const timeoutSchema = z.strictObject({
  attemptDurationSeconds: z.number().int().min(60, { error: "must be at least 60" }).optional(),
});

/** AWS `ContainerProperties`. */
export const containerPropertiesSchema = z.strictObject({
  resourceRequirements: resourceRequirementsSchema.optional(),
  vcpus: z.number().optional(),
  memory: z.number().optional(),
  ...noEffectFields([
    "image",
    "command",
    "jobRoleArn",
    "executionRoleArn",
    "volumes",
    "environment",
    "mountPoints",
    "readonlyRootFilesystem",
    "privileged",
    "ulimits",
    "user",
    "instanceType",
    "linuxParameters",
    "logConfiguration",
    "secrets",
    "networkConfiguration",
    "fargatePlatformConfiguration",
    "ephemeralStorage",
    "runtimePlatform",
    "repositoryCredentials",
    "enableExecuteCommand",
  ]),
});

/** AWS `NodeProperties` (multi-node parallel jobs: not built yet). */
const nodePropertiesSchema = z.strictObject({
  numNodes: z.number().int().min(1).max(1000),
  mainNode: z.number().int().nonnegative(),
  nodeRangeProperties: z
    .array(
      z.strictObject({
        targetNodes: z.string(),
        container: containerPropertiesSchema.optional(),
        instanceTypes: z.array(z.string()).optional(),
      }),
    )
    .max(5, { error: "at most 5 node groups" }),
});

/** AWS `RegisterJobDefinitionRequest`, plus `sim:`. */
export const jobDefinitionSchema = z.strictObject({
  jobDefinitionName: awsNameSchema,
  type: z.enum(["container", "multinode"]),
  platformCapabilities: z.array(z.enum(["EC2", "FARGATE"])).optional(),
  schedulingPriority: z.number().int().min(0).max(9999).optional(),
  containerProperties: containerPropertiesSchema.optional(),
  nodeProperties: notYet(nodePropertiesSchema),
  retryStrategy: notYet(retryStrategySchema),
  timeout: notYet(timeoutSchema),
  sim: simBlockSchema.optional(),
  parameters: noEffect(),
  propagateTags: noEffect(),
  tags: noEffect(),
});

/** The YAML shape of one job definition. */
export type JobDefinitionInput = z.infer<typeof jobDefinitionSchema>;
