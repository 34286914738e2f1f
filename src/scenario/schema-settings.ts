/** The YAML shape of `settings:` — the modelling defaults of aws-batch-model.md §13. */
import * as z from "zod";
import { SPOT_INTERRUPTION_BUCKETS } from "../model/catalog.ts";
import { distributionSchema } from "./schema-common.ts";

/** `settings:`; settings of features not built yet are checked but rejected as "not supported yet". */
export const settingsSchema = z.strictObject({
  schedulerIntervalSeconds: z.number().nonnegative().optional(),
  scaleIntervalSeconds: z.number().positive().optional(),
  fifoBackfill: z.boolean().optional(),
  instanceReadySeconds: distributionSchema.optional(),
  gpuInstanceReadySeconds: distributionSchema.optional(),
  jobStartingSeconds: distributionSchema.optional(),
  instanceBillingDelaySeconds: z.number().nonnegative().optional(),
  scaleInIdleSeconds: z.number().nonnegative().optional(),
  ecsMemoryOverheadPercent: z.number().nonnegative().max(100).optional(),
  ecsMemoryOverheadMiB: z.number().nonnegative().optional(),
  fargateStartingSeconds: distributionSchema.optional(),
  poolCapacity: z
    .record(z.string(), z.number().int().nonnegative())
    .optional()
    .describe("most instances of a type at once, by instance type; absent: unlimited"),
  shareDecayZeroSeconds: z
    .number()
    .nonnegative()
    .optional()
    .describe("the decay window when shareDecaySeconds is 0; 0: current usage only"),
  retryRequeue: z.enum(["original", "tail"]).optional(),
  spotNoticeSeconds: z
    .number()
    .nonnegative()
    .optional()
    .describe("seconds from a Spot interruption notice to the reclaim"),
  fargateSpotInterruptionBucket: z.enum(SPOT_INTERRUPTION_BUCKETS).optional(),
  timeoutKillSeconds: z.number().nonnegative().optional(),
  oomKillFraction: z
    .number()
    .gt(0, { error: "must be > 0" })
    .max(1, { error: "must be ≤ 1" })
    .optional(),
});

/** The YAML shape of `settings:`. */
export type SettingsInput = z.infer<typeof settingsSchema>;
