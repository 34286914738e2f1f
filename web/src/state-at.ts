/** The state of a run at one instant, read from its series and tables (pure). */
import { bisectRight } from "d3";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { findSeries, linearValueAt, stepValueAt } from "./series.ts";

export interface StateAt {
  readonly t: number;
  readonly computeEnvironments: readonly {
    name: string;
    purchaseOption: string;
    vcpuInUse: number;
    vcpuProvisioned: number;
  }[];
  readonly queues: readonly { name: string; runnableJobs: number }[];
  readonly shares: readonly { name: string; vcpuInUse: number; entitled: number | null }[];
  readonly costUsd: number;
  readonly costUsdPerHour: number;
  /** Instances launched and not yet terminated. */
  readonly liveInstances: number;
  /** Attempts STARTING or RUNNING (among those in the report). */
  readonly runningAttempts: number;
}

/** Sorted start and end times, so counts at t are two binary searches. */
export class StateIndex {
  private readonly data: ViewerData;
  private readonly launched: Float64Array;
  private readonly terminated: Float64Array;
  private readonly started: Float64Array;
  private readonly ended: Float64Array;

  constructor(data: ViewerData) {
    this.data = data;
    const inst = data.instances;
    this.launched = Float64Array.from(inst.launchedAt).sort();
    this.terminated = Float64Array.from(
      inst.terminatedAt.filter((t): t is number => t !== null),
    ).sort();
    this.started = Float64Array.from(data.attempts.startingAt).sort();
    this.ended = Float64Array.from(
      data.attempts.endAt.filter((t): t is number => t !== null),
    ).sort();
  }

  /** The state at simulated time t. */
  at(t: number): StateAt {
    const d = this.data;
    const entitledSeries = (s: string) => findSeries(d, "entitledShare", s);
    return {
      t,
      computeEnvironments: d.computeEnvironments.map((ce) => ({
        name: ce.name,
        purchaseOption: ce.purchaseOption,
        vcpuInUse: stepValueAt(findSeries(d, "vcpuInUse", ce.name), t),
        vcpuProvisioned: stepValueAt(findSeries(d, "vcpuProvisioned", ce.name), t),
      })),
      queues: d.jobQueues.map((q) => ({
        name: q.name,
        runnableJobs: stepValueAt(findSeries(d, "runnableJobs", q.name), t),
      })),
      shares: d.shares.map((s) => {
        const e = entitledSeries(s);
        return {
          name: s,
          vcpuInUse: stepValueAt(findSeries(d, "vcpuInUseByShare", s), t),
          entitled: e ? stepValueAt(e, t) : null,
        };
      }),
      costUsd: linearValueAt(findSeries(d, "costUsd", ""), t),
      costUsdPerHour: stepValueAt(findSeries(d, "costUsdPerHour", ""), t),
      liveInstances: bisectRight(this.launched, t) - bisectRight(this.terminated, t),
      runningAttempts: bisectRight(this.started, t) - bisectRight(this.ended, t),
    };
  }
}
