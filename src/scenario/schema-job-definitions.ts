/** The YAML shape of `jobDefinitions:` (RegisterJobDefinition requests) and the shapes SubmitJob shares. */
import * as z from "zod";
import {
  awsNameSchema,
  noEffect,
  noEffectFields,
  resourceRequirementsSchema,
  simBlockSchema,
  tagsSchema,
} from "./schema-common.ts";

/** The characters AWS allows in onStatusReason / onReason patterns (before an optional trailing `*`). */
const REASON_CHARS = /^[A-Za-z0-9.:\s]*$/;
/** The characters AWS allows in onExitCode patterns (before an optional trailing `*`). */
const EXIT_CODE_CHARS = /^[0-9]*$/;

/** One evaluateOnExit glob: ≤ 512 characters, `*` only as the last one, and AWS's character set. */
function globSchema(chars: RegExp, allowed: string): z.ZodString {
  return z
    .string()
    .max(512, { error: "must be at most 512 characters" })
    .superRefine((pattern, ctx) => {
      const star = pattern.indexOf("*");
      if (star >= 0 && star !== pattern.length - 1) {
        ctx.addIssue({
          code: "custom",
          input: pattern,
          message:
            "a * may only be the last character (AWS rejects this pattern with a ClientException)",
        });
        return;
      }
      const body = star >= 0 ? pattern.slice(0, -1) : pattern;
      if (!chars.test(body)) {
        ctx.addIssue({
          code: "custom",
          input: pattern,
          message: `may contain only ${allowed}, optionally ending in *`,
        });
      }
    });
}

/** AWS `EvaluateOnExit`: an action and at least one condition. */
export const evaluateOnExitSchema = z
  .strictObject({
    onStatusReason: globSchema(REASON_CHARS, "letters, digits, '.', ':' and whitespace").optional(),
    onReason: globSchema(REASON_CHARS, "letters, digits, '.', ':' and whitespace").optional(),
    onExitCode: globSchema(EXIT_CODE_CHARS, "digits").optional(),
    action: z
      .string()
      .regex(/^(retry|exit)$/i, { error: "must be RETRY or EXIT (any case)" })
      .describe("RETRY | EXIT, any case"),
  })
  .refine(
    (e) => e.onStatusReason !== undefined || e.onReason !== undefined || e.onExitCode !== undefined,
    { error: "needs at least one of onStatusReason, onReason, onExitCode" },
  );

/** AWS `RetryStrategy`. */
export const retryStrategySchema = z
  .strictObject({
    attempts: z
      .number()
      .int()
      .min(1, { error: "must be 1–10" })
      .max(10, { error: "must be 1–10" })
      .optional(),
    evaluateOnExit: z.array(evaluateOnExitSchema).max(5, { error: "at most 5 entries" }).optional(),
  })
  .refine((r) => r.evaluateOnExit === undefined || r.attempts !== undefined, {
    error: "required when evaluateOnExit is given (AWS requires attempts with evaluateOnExit)",
    path: ["attempts"],
  });

/** AWS `JobTimeout`. */
export const timeoutSchema = z.strictObject({
  attemptDurationSeconds: z.number().int().min(60, { error: "must be at least 60" }).optional(),
});

/** AWS `RuntimePlatform` `operatingSystemFamily` values. */
export const OPERATING_SYSTEM_FAMILIES = [
  "LINUX",
  "WINDOWS_SERVER_2019_CORE",
  "WINDOWS_SERVER_2019_FULL",
  "WINDOWS_SERVER_2022_CORE",
  "WINDOWS_SERVER_2022_FULL",
] as const;

/** AWS `RuntimePlatform` of a Fargate job definition. */
export const runtimePlatformSchema = z.strictObject({
  cpuArchitecture: z.enum(["X86_64", "ARM64"]).optional().describe("X86_64 (default) | ARM64"),
  operatingSystemFamily: z
    .enum(OPERATING_SYSTEM_FAMILIES)
    .optional()
    .describe("LINUX (default); the Windows families are not supported yet"),
});

const STORAGE_MESSAGE = "must be an integer from 21 to 200 (GiB; 20 GiB are included by default)";

/** AWS `EphemeralStorage` of a Fargate job definition. */
export const ephemeralStorageSchema = z.strictObject({
  sizeInGiB: z
    .number()
    .min(21, { error: STORAGE_MESSAGE })
    .max(200, { error: STORAGE_MESSAGE })
    .refine(Number.isInteger, { error: STORAGE_MESSAGE }),
});

/**
 * A Fargate-only field of containerProperties: `schema` is checked (after parsing) on Fargate job
 * definitions only. On EC2 ones it is accepted with no effect whatever its value, as before Fargate
 * was built, so the parse here accepts anything; the union keeps the shape for editors and --set.
 */
function fargateOnly<T extends z.ZodType>(schema: T, description: string) {
  return z.union([schema, z.unknown()]).optional().describe(description);
}

/** AWS `ContainerProperties`. */
export const containerPropertiesSchema = z.strictObject({
  resourceRequirements: resourceRequirementsSchema.optional(),
  vcpus: z.number().optional(),
  memory: z.number().optional(),
  runtimePlatform: fargateOnly(
    runtimePlatformSchema,
    "Fargate: cpuArchitecture X86_64 (default) | ARM64; operatingSystemFamily LINUX. No effect on EC2",
  ),
  ephemeralStorage: fargateOnly(
    ephemeralStorageSchema,
    "Fargate: sizeInGiB 21–200 (default 20). No effect on EC2",
  ),
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
    "repositoryCredentials",
    "enableExecuteCommand",
  ]),
});

/**
 * A node range's `container`: as `containerProperties`, except that `instanceType` means something here
 * (AWS: "the instance type to use for a multi-node parallel job"; same rule as the range's `instanceTypes`).
 */
export const nodeContainerSchema = containerPropertiesSchema.extend({
  instanceType: z.string().optional().describe("one instance type, like c6i.xlarge"),
  // Multi-node jobs run on EC2 only: the Fargate fields have no effect here.
  runtimePlatform: noEffect(),
  ephemeralStorage: noEffect(),
});

/**
 * A `targetNodes` node range: `"0:3"`, `":3"` (from node 0), `"3:"` (to the last node), `":"` or `"2"`.
 * Its meaning is checked after parsing, so the error can name the other ranges.
 */
export const targetNodesSchema = z
  .string()
  .describe('node indexes: "0:3", ":3" (from 0), "3:" (to the last node), "2" (one node)');

/** At most one instance type, as AWS allows in nodeRangeProperties[].instanceTypes. */
export const nodeInstanceTypesSchema = z
  .array(z.string())
  .max(1, { error: "at most 1 instance type (AWS limits this list to one element)" });

/** AWS `NodeRangeProperty`. */
export const nodeRangePropertySchema = z.strictObject({
  targetNodes: targetNodesSchema,
  container: nodeContainerSchema.optional(),
  instanceTypes: nodeInstanceTypesSchema.optional(),
});

/** AWS `NodeProperties` (type: multinode). */
export const nodePropertiesSchema = z.strictObject({
  numNodes: z.number().int().min(1, { error: "must be 1–1000" }).max(1000, {
    error: "must be 1–1000",
  }),
  mainNode: z.number().int().nonnegative(),
  nodeRangeProperties: z
    .array(nodeRangePropertySchema)
    .max(5, { error: "at most 5 node ranges (AWS: 5 node groups per job)" }),
});

/** AWS `RegisterJobDefinitionRequest`, plus `sim:`. */
export const jobDefinitionSchema = z.strictObject({
  jobDefinitionName: awsNameSchema,
  type: z.enum(["container", "multinode"]),
  platformCapabilities: z.array(z.enum(["EC2", "FARGATE"])).optional(),
  schedulingPriority: z.number().int().min(0).max(9999).optional(),
  containerProperties: containerPropertiesSchema.optional(),
  nodeProperties: nodePropertiesSchema.optional(),
  retryStrategy: retryStrategySchema.optional(),
  timeout: timeoutSchema.optional(),
  sim: simBlockSchema.optional(),
  parameters: noEffect(),
  propagateTags: noEffect(),
  tags: noEffect(tagsSchema),
});

/** The YAML shape of one job definition. */
export type JobDefinitionInput = z.infer<typeof jobDefinitionSchema>;
