/**
 * summary.json's groups of jobs — all jobs, each queue's, each share's: their counts and samples,
 * and what summary.json says of them (byQueue, byShare, the Jain index over shares).
 */
import { Adder } from "d3-array";
import { compareStrings } from "../model/catalog.ts";
import type { ReportContext } from "./context.ts";
import { describe, jainIndex, NumberList, type Stats } from "./stats.ts";
import type { BlockedQueue, JobCounts, Summary } from "./summary-types.ts";

/** The jobs of one group: counts, and the samples of the finished ones. */
export class Group {
  readonly jobs: JobCounts = { submitted: 0, succeeded: 0, failed: 0, unfinished: 0, attempts: 0 };
  readonly waits = new NumberList();
  readonly responses = new NumberList();
  readonly vcpuSeconds = new Adder();
}

/** The group of `key` (a queue or share), made on first use. */
export function groupOf(groups: Map<string, Group>, key: string): Group {
  let group = groups.get(key);
  if (!group) {
    group = new Group();
    groups.set(key, group);
  }
  return group;
}

/** All jobs' samples and their stats. */
export interface AllJobs {
  readonly group: Group;
  readonly waits: Stats;
  readonly responses: Stats;
}

/**
 * describe() of a group's samples — or all jobs' stats when the group holds every job: a queue's or
 * share's samples are a subset of all jobs' (every terminal job is pushed to both), so the same count
 * means the same values, and describe() depends on the values only (an exact sum, ranks). A run with
 * one queue then describes its million waits once, not twice.
 */
function describeGroup(samples: NumberList, allSamples: NumberList, allStats: Stats): Stats {
  return samples.length === allSamples.length ? allStats : describe(samples.values());
}

export function queueSummaries(
  queues: ReadonlyMap<string, Group>,
  blocked: ReadonlyMap<string, BlockedQueue>,
  all: AllJobs,
): Summary["byQueue"] {
  return Object.fromEntries(
    [...queues].map(([name, g]) => [
      name,
      {
        jobs: g.jobs,
        waitSeconds: describeGroup(g.waits, all.group.waits, all.waits),
        responseSeconds: describeGroup(g.responses, all.group.responses, all.responses),
        blocked: blocked.get(name) ?? null,
      },
    ]),
  );
}

export function shareSummaries(
  shares: ReadonlyMap<string, Group>,
  all: AllJobs,
): Summary["byShare"] {
  if (shares.size === 0) return null;
  const names = [...shares.keys()].sort(compareStrings);
  return Object.fromEntries(
    names.map((name) => {
      const g = shares.get(name) as Group;
      return [
        name,
        {
          jobs: g.jobs,
          waitSeconds: describeGroup(g.waits, all.group.waits, all.waits),
          vcpuSeconds: +g.vcpuSeconds,
        },
      ];
    }),
  );
}

export function fairness(shares: ReadonlyMap<string, Group>, ctx: ReportContext): number | null {
  const weight = ctx.weightFactor ?? (() => 1);
  const names = [...shares.keys()].sort(compareStrings);
  return jainIndex(names.map((name) => +(shares.get(name) as Group).vcpuSeconds * weight(name)));
}
