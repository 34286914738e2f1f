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

/** One action: `at` and exactly one operation. */
export const actionSchema = z.strictObject({
  at: durationSchema.describe("when, from the start of the run"),
  cancelJob: jobActionSchema.optional(),
  terminateJob: jobActionSchema.optional(),
  updateComputeEnvironment: updateComputeEnvironmentSchema.optional(),
  updateJobQueue: updateJobQueueSchema.optional(),
});

/** The operations an action may hold, in the order the contract lists them. */
export const ACTION_KINDS = [
  "cancelJob",
  "terminateJob",
  "updateComputeEnvironment",
  "updateJobQueue",
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
