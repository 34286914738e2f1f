/** The YAML shape of `actions:` — AWS operations at a simulated time. */
import * as z from "zod";
import { durationSchema, notYet } from "./schema-common.ts";
import { computeEnvironmentOrderSchema } from "./schema-job-queues.ts";

const nonEmpty = z.string().min(1, { error: "must not be empty" });

/** AWS `CancelJobRequest` / `TerminateJobRequest`, naming an explicit job by `jobName`. */
export const jobActionSchema = z.strictObject({
  jobName: z.string().optional().describe("the jobName of a jobs: entry, unique in the scenario"),
  jobId: z.string().optional().describe("not accepted: refer to jobs by jobName"),
  reason: nonEmpty.describe("required by AWS; becomes the job's statusReason"),
});

/** AWS `ComputeResourceUpdate`: the vCPU bounds; other fields are not built yet. */
const computeResourceUpdateSchema = z.strictObject({
  minvCpus: z.number().int().nonnegative().optional(),
  maxvCpus: z.number().int().nonnegative().optional(),
  desiredvCpus: z.number().int().nonnegative().optional(),
  ...notYetFields([
    "allocationStrategy",
    "instanceTypes",
    "type",
    "bidPercentage",
    "imageId",
    "subnets",
    "securityGroupIds",
    "ec2KeyPair",
    "instanceRole",
    "tags",
    "placementGroup",
    "launchTemplate",
    "ec2Configuration",
    "updateToLatestImageVersion",
    "scalingPolicy",
  ]),
});

/** AWS `UpdateComputeEnvironmentRequest`: state and vCPU bounds. */
export const updateComputeEnvironmentSchema = z.strictObject({
  computeEnvironment: z.string(),
  state: z.enum(["ENABLED", "DISABLED"]).optional(),
  computeResources: computeResourceUpdateSchema.optional(),
  ...notYetFields(["unmanagedvCpus", "serviceRole", "updatePolicy", "context"]),
});

/** AWS `UpdateJobQueueRequest`: state, priority and CE order. */
export const updateJobQueueSchema = z.strictObject({
  jobQueue: z.string(),
  state: z.enum(["ENABLED", "DISABLED"]).optional(),
  priority: z.number().int().nonnegative().optional(),
  computeEnvironmentOrder: computeEnvironmentOrderSchema.optional(),
  ...notYetFields(["schedulingPolicyArn", "jobStateTimeLimitActions"]),
});

/** Instance type sizes (`c6i.xlarge`), not families or aliases. */
const instanceTypeSizesSchema = z
  .array(nonEmpty)
  .min(1, { error: "needs at least one instance type" })
  .describe("instance type sizes of the catalog, like c6i.xlarge");

/** Simulator-only (AWS has no API for it): Spot interruption notices for a fraction of the Spot instances. */
export const spotInterruptionSchema = z.strictObject({
  fraction: z
    .number()
    .gt(0, { error: "must be > 0" })
    .lte(1, { error: "must be ≤ 1" })
    .describe(
      "each matching Spot instance is interrupted with this probability (0 < fraction ≤ 1)",
    ),
  instanceTypes: instanceTypeSizesSchema
    .optional()
    .describe("only these sizes (default: every type)"),
  computeEnvironment: z
    .string()
    .optional()
    .describe("only this SPOT compute environment (default: every SPOT CE)"),
});

/** Simulator-only (AWS has no API for it): instance types that cannot be launched for a while. */
export const capacityUnavailableSchema = z.strictObject({
  instanceTypes: instanceTypeSizesSchema,
  for: durationSchema.describe("how long the types stay unavailable (> 0)"),
});

/** One action: `at` and exactly one operation. */
export const actionSchema = z.strictObject({
  at: durationSchema.describe("when, from the start of the run"),
  cancelJob: jobActionSchema.optional(),
  terminateJob: jobActionSchema.optional(),
  updateComputeEnvironment: updateComputeEnvironmentSchema.optional(),
  updateJobQueue: updateJobQueueSchema.optional(),
  spotInterruption: spotInterruptionSchema
    .optional()
    .describe("simulator-only: reclaim a fraction of the Spot instances"),
  capacityUnavailable: capacityUnavailableSchema
    .optional()
    .describe("simulator-only: instance types cannot be launched for a while"),
});

/** The operations an action may hold, in the order the contract lists them. */
export const ACTION_KINDS = [
  "cancelJob",
  "terminateJob",
  "updateComputeEnvironment",
  "updateJobQueue",
  "spotInterruption",
  "capacityUnavailable",
] as const;

/** The YAML shape of one action. */
export type ActionInput = z.infer<typeof actionSchema>;

function notYetFields<const K extends string>(
  names: readonly K[],
): Record<K, z.ZodOptional<z.ZodUnknown>> {
  const out = {} as Record<K, z.ZodOptional<z.ZodUnknown>>;
  for (const n of names) out[n] = notYet(z.unknown());
  return out;
}
