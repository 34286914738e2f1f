/** Settings: defaults of aws-batch-model.md §13, the scenario's values, and their JSON form for reports. */

import type { Catalog } from "../model/catalog.ts";
import { type BuildContext, isMapping } from "./context.ts";
import { didYouMean } from "./did-you-mean.ts";
import { distributionToJson, toDistribution } from "./distribution.ts";
import { atKey, type RawProblem } from "./problem.ts";
import type { SettingsInput } from "./schema-settings.ts";
import type { Distribution, Settings } from "./types.ts";

/** The defaults of aws-batch-model.md §13 for the settings in effect in this version. */
export const DEFAULT_SETTINGS: Settings = {
  schedulerIntervalSeconds: 5,
  scaleIntervalSeconds: 30,
  fifoBackfill: true,
  instanceReadySeconds: { kind: "fixed", seconds: 180 },
  gpuInstanceReadySeconds: { kind: "fixed", seconds: 240 },
  jobStartingSeconds: { kind: "fixed", seconds: 20 },
  fargateStartingSeconds: { kind: "fixed", seconds: 45 },
  fargateSpotInterruptionBucket: "5-10%",
  instanceBillingDelaySeconds: 30,
  scaleInIdleSeconds: 300,
  ecsMemoryOverheadPercent: 3,
  ecsMemoryOverheadMiB: 32,
  shareDecayZeroSeconds: 600,
  retryRequeue: "original",
  timeoutKillSeconds: 30,
  oomKillFraction: 0.5,
  spotNoticeSeconds: 120,
  poolCapacity: {},
};

/** The settings in effect: the scenario's values over the defaults. */
export function buildSettings(input: SettingsInput | undefined, problems: RawProblem[]): Settings {
  const s = input ?? {};
  const dist = (
    key:
      | "instanceReadySeconds"
      | "gpuInstanceReadySeconds"
      | "jobStartingSeconds"
      | "fargateStartingSeconds",
  ): Distribution => {
    const v = s[key];
    if (v === undefined) return DEFAULT_SETTINGS[key];
    return toDistribution(v, ["settings", key], problems) ?? DEFAULT_SETTINGS[key];
  };
  const d = DEFAULT_SETTINGS;
  return {
    schedulerIntervalSeconds: s.schedulerIntervalSeconds ?? d.schedulerIntervalSeconds,
    scaleIntervalSeconds: s.scaleIntervalSeconds ?? d.scaleIntervalSeconds,
    fifoBackfill: s.fifoBackfill ?? d.fifoBackfill,
    instanceReadySeconds: dist("instanceReadySeconds"),
    gpuInstanceReadySeconds: dist("gpuInstanceReadySeconds"),
    jobStartingSeconds: dist("jobStartingSeconds"),
    fargateStartingSeconds: dist("fargateStartingSeconds"),
    fargateSpotInterruptionBucket:
      s.fargateSpotInterruptionBucket ?? d.fargateSpotInterruptionBucket,
    instanceBillingDelaySeconds: s.instanceBillingDelaySeconds ?? d.instanceBillingDelaySeconds,
    scaleInIdleSeconds: s.scaleInIdleSeconds ?? d.scaleInIdleSeconds,
    ecsMemoryOverheadPercent: s.ecsMemoryOverheadPercent ?? d.ecsMemoryOverheadPercent,
    ecsMemoryOverheadMiB: s.ecsMemoryOverheadMiB ?? d.ecsMemoryOverheadMiB,
    shareDecayZeroSeconds: s.shareDecayZeroSeconds ?? d.shareDecayZeroSeconds,
    retryRequeue: s.retryRequeue ?? d.retryRequeue,
    timeoutKillSeconds: s.timeoutKillSeconds ?? d.timeoutKillSeconds,
    oomKillFraction: s.oomKillFraction ?? d.oomKillFraction,
    poolCapacity: s.poolCapacity ?? d.poolCapacity,
    spotNoticeSeconds: s.spotNoticeSeconds ?? d.spotNoticeSeconds,
  };
}

/**
 * The settings as JSON for summary.json → `assumptions`, keys in the order of the §13 table;
 * a fixed distribution is a plain number of seconds, others a readable mapping.
 */
export function settingsAsAssumptions(settings: Settings): Record<string, unknown> {
  return {
    schedulerIntervalSeconds: settings.schedulerIntervalSeconds,
    scaleIntervalSeconds: settings.scaleIntervalSeconds,
    fifoBackfill: settings.fifoBackfill,
    instanceReadySeconds: distributionToJson(settings.instanceReadySeconds),
    gpuInstanceReadySeconds: distributionToJson(settings.gpuInstanceReadySeconds),
    jobStartingSeconds: distributionToJson(settings.jobStartingSeconds),
    fargateStartingSeconds: distributionToJson(settings.fargateStartingSeconds),
    instanceBillingDelaySeconds: settings.instanceBillingDelaySeconds,
    scaleInIdleSeconds: settings.scaleInIdleSeconds,
    ecsMemoryOverheadPercent: settings.ecsMemoryOverheadPercent,
    ecsMemoryOverheadMiB: settings.ecsMemoryOverheadMiB,
    poolCapacity: Object.fromEntries(
      Object.entries(settings.poolCapacity).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ),
    shareDecayZeroSeconds: settings.shareDecayZeroSeconds,
    retryRequeue: settings.retryRequeue,
    spotNoticeSeconds: settings.spotNoticeSeconds,
    fargateSpotInterruptionBucket: settings.fargateSpotInterruptionBucket,
    timeoutKillSeconds: settings.timeoutKillSeconds,
    oomKillFraction: settings.oomKillFraction,
  };
}

/**
 * Reports each `settings.poolCapacity` key that is not an instance type of the merged catalog. Reads the
 * raw `settings:` so an unknown type is reported even when another value there is wrong (zod reports that).
 */
export function checkPoolCapacity(ctx: BuildContext, rawSettings: unknown, catalog: Catalog): void {
  const pool = isMapping(rawSettings) ? rawSettings.poolCapacity : undefined;
  if (!isMapping(pool)) return;
  for (const name of Object.keys(pool)) {
    if (catalog.byName.has(name)) continue;
    ctx.problems.push(
      atKey(
        ["settings", "poolCapacity", name],
        `unknown instance type ${name}${didYouMean(name, catalog.byName.keys())}`,
      ),
    );
  }
}
