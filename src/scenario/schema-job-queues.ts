/** The YAML shape of `jobQueues:` (CreateJobQueue) and `schedulingPolicies:` (CreateSchedulingPolicy). */
import * as z from "zod";
import { awsNameSchema, noEffect } from "./schema-common.ts";

/** AWS `JobStateTimeLimitAction` (which reasons and actions an ECS queue allows is checked after parsing). */
const jobStateTimeLimitActionSchema = z.strictObject({
  reason: z
    .string()
    .describe("a blocked-reason code, like CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY"),
  state: z.enum(["RUNNABLE"]),
  maxTimeSeconds: z.number().int().min(600).max(86400),
  action: z.enum(["CANCEL", "TERMINATE"]),
});

/** AWS `ComputeEnvironmentOrder` list of CreateJobQueue / UpdateJobQueue: 1 to 3 entries. */
export const computeEnvironmentOrderSchema = z
  .array(
    z.strictObject({
      order: z.number().int().nonnegative(),
      computeEnvironment: z.string(),
    }),
  )
  .min(1, { error: "needs at least one compute environment" })
  .max(3, { error: "a job queue can have at most 3 compute environments" });

/** AWS `CreateJobQueueRequest`. */
export const jobQueueSchema = z.strictObject({
  jobQueueName: awsNameSchema,
  state: z.enum(["ENABLED", "DISABLED"]).optional(),
  priority: z.number().int().nonnegative(),
  computeEnvironmentOrder: computeEnvironmentOrderSchema,
  schedulingPolicyArn: z
    .string()
    .optional()
    .describe(
      "a scheduling policy's name, or an ARN ending in /name; without it the queue is FIFO",
    ),
  jobQueueType: z.enum(["EKS", "ECS", "ECS_FARGATE", "SAGEMAKER_TRAINING"]).optional(),
  jobStateTimeLimitActions: z.array(jobStateTimeLimitActionSchema).optional(),
  tags: noEffect(),
});

/** The YAML shape of one job queue. */
export type JobQueueInput = z.infer<typeof jobQueueSchema>;

/** AWS `CreateSchedulingPolicyRequest` with a `fairsharePolicy` (`quotaSharePolicy` is not supported). */
export const schedulingPolicySchema = z.strictObject({
  name: awsNameSchema,
  fairsharePolicy: z
    .strictObject({
      shareDecaySeconds: z
        .number()
        .int()
        .min(0, { error: "must be 0–604800" })
        .max(604800, { error: "must be 0–604800" })
        .optional()
        .describe("default 0: settings.shareDecayZeroSeconds"),
      computeReservation: z
        .number()
        .int()
        .min(0, { error: "must be 0–99" })
        .max(99, { error: "must be 0–99" })
        .optional()
        .describe("percent, default 0"),
      shareDistribution: z
        .array(
          z.strictObject({
            shareIdentifier: z
              .string()
              .max(255, { error: "must be at most 255 characters" })
              .regex(/^[A-Za-z0-9]+\*?$/, {
                error: "letters and digits only, optionally ending in *",
              }),
            weightFactor: z
              .number()
              .min(0.0001, { error: "must be 0.0001–999.9999" })
              .max(999.9999, { error: "must be 0.0001–999.9999" })
              .optional()
              .describe("default 1; a lower weight gets more compute"),
          }),
        )
        .optional(),
    })
    .optional()
    .describe(
      "without it: every default (shareDecaySeconds 0, computeReservation 0, every weight 1)",
    ),
  tags: noEffect(),
});

/** The YAML shape of one scheduling policy. */
export type SchedulingPolicyInput = z.infer<typeof schedulingPolicySchema>;
