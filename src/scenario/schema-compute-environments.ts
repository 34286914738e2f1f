/** The YAML shape of `computeEnvironments:` (CreateComputeEnvironment requests). */
import * as z from "zod";
import { awsNameSchema, noEffect, noEffectFields } from "./schema-common.ts";

/** AWS `CRAllocationStrategy` values. */
export const ALLOCATION_STRATEGIES = [
  "BEST_FIT",
  "BEST_FIT_PROGRESSIVE",
  "BEST_FIT_PROGRESSIVE_ORDERED",
  "SPOT_CAPACITY_OPTIMIZED",
  "SPOT_PRICE_CAPACITY_OPTIMIZED",
  "SPOT_CAPACITY_OPTIMIZED_PRIORITIZED",
] as const;

/** AWS `ComputeResource`. */
export const computeResourcesSchema = z.strictObject({
  type: z.enum(["EC2", "SPOT", "FARGATE", "FARGATE_SPOT"]),
  allocationStrategy: z.enum(ALLOCATION_STRATEGIES).optional(),
  minvCpus: z.number().int().nonnegative().optional(),
  maxvCpus: z.number().int().nonnegative().optional(),
  desiredvCpus: z.number().int().nonnegative().optional(),
  instanceTypes: z.array(z.string()).optional(),
  bidPercentage: z
    .number()
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe("SPOT: the maximum price as a % of On-Demand (default 100); no effect on EC2"),
  scalingPolicy: z
    .strictObject({
      minScaleDownDelayMinutes: z
        .number()
        .int()
        .refine((m) => m === 0 || (m >= 20 && m <= 10080), {
          error: "must be 0 or between 20 and 10080",
        })
        .optional()
        .describe("keep an instance this long after its last job; 0 unsets it"),
    })
    .optional()
    .describe("AWS ComputeScalingPolicy (EC2 and SPOT)"),
  ...noEffectFields([
    "imageId",
    "subnets",
    "securityGroupIds",
    "ec2KeyPair",
    "instanceRole",
    "tags",
    "placementGroup",
    "spotIamFleetRole",
    "launchTemplate",
    "ec2Configuration",
  ]),
});

/** UNMANAGED CEs: the fleet the user runs for the whole run. */
export const unmanagedSimSchema = z.strictObject({
  instances: z.array(
    z.strictObject({
      instanceType: z.string(),
      count: z.number().int().min(1),
    }),
  ),
});

/** AWS `CreateComputeEnvironmentRequest`, plus `sim:` for UNMANAGED fleets. */
export const computeEnvironmentSchema = z.strictObject({
  computeEnvironmentName: awsNameSchema,
  type: z.enum(["MANAGED", "UNMANAGED"]),
  state: z.enum(["ENABLED", "DISABLED"]).optional(),
  unmanagedvCpus: z.number().int().nonnegative().optional(),
  computeResources: computeResourcesSchema.optional(),
  sim: unmanagedSimSchema.optional(),
  serviceRole: noEffect(),
  tags: noEffect(),
  updatePolicy: noEffect(),
  context: noEffect(),
});

/** The YAML shape of one compute environment. */
export type ComputeEnvironmentInput = z.infer<typeof computeEnvironmentSchema>;
