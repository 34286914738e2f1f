/** The YAML shape of `jobQueues:` (CreateJobQueue) and `schedulingPolicies:` (CreateSchedulingPolicy). */
import * as z from "zod";
import { awsNameSchema, noEffect, notYet } from "./schema-common.ts";

/** AWS `JobStateTimeLimitAction`. */
const jobStateTimeLimitActionSchema = z.strictObject({
  reason: z.string(),
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
  schedulingPolicyArn: notYet(z.string()),
  jobQueueType: z.enum(["EKS", "ECS", "ECS_FARGATE", "SAGEMAKER_TRAINING"]).optional(),
  jobStateTimeLimitActions: notYet(z.array(jobStateTimeLimitActionSchema)),
  tags: noEffect(),
});

/** The YAML shape of one job queue. */
export type JobQueueInput = z.infer<typeof jobQueueSchema>;

/** AWS `CreateSchedulingPolicyRequest` (fair share is not built yet: the whole list is "not supported yet"). */
export const schedulingPolicySchema = z.strictObject({
  name: awsNameSchema,
  fairsharePolicy: z
    .strictObject({
      shareDecaySeconds: z.number().int().min(0).max(604800).optional(),
      computeReservation: z.number().int().min(0).max(99).optional(),
      shareDistribution: z
        .array(
          z.strictObject({
            shareIdentifier: z
              .string()
              .max(255)
              .regex(/^[A-Za-z0-9]+\*?$/, {
                error: "letters and digits only, optionally ending in *",
              }),
            weightFactor: z.number().min(0.0001).max(999.9999).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  tags: noEffect(),
});
