/** The state of a run at one instant, read from its tables and series (pure). */
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { type CapacityIndex, capacityIndex } from "./capacity-at.ts";
import { type QueueReservation, ReservationIndex } from "./reservation.ts";
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
  /** Each fair-share queue's part of its maximum vCPU held back for shares not yet active. */
  readonly reservations: readonly QueueReservation[];
  readonly costUsd: number;
  readonly costUsdPerHour: number;
  /** Instances launched and not yet terminated. */
  readonly liveInstances: number;
  /** Attempts STARTING or RUNNING (among those in the report). */
  readonly runningAttempts: number;
  /**
   * True when the report holds only part of the run (jobs or attempts were left out): vCPU in use is
   * then read from the vcpuInUse series (each time bucket's maximum once reduced) and attempts
   * running counts only the attempts in the report. False: both are exact, from the tables.
   * vCPU provisioned and live instances are always exact (instances are never left out).
   */
  readonly approximate: boolean;
}

/**
 * The state at any instant. vCPU per compute environment and the counts come from sorted change
 * times built once (capacity-at.ts), so each instant is a few binary searches.
 */
export class StateIndex {
  private readonly data: ViewerData;
  private readonly capacity: CapacityIndex;
  private readonly reservations: ReservationIndex;

  constructor(data: ViewerData) {
    this.data = data;
    this.capacity = capacityIndex(data);
    this.reservations = new ReservationIndex(data);
  }

  /** The state at simulated time t. */
  at(t: number): StateAt {
    const d = this.data;
    const c = this.capacity;
    const exact = c.exactInUse;
    const entitledSeries = (s: string) => findSeries(d, "entitledShare", s);
    return {
      t,
      computeEnvironments: d.computeEnvironments.map((ce, i) => ({
        name: ce.name,
        purchaseOption: ce.purchaseOption,
        vcpuInUse: exact ? c.inUse[i]!.at(t) : stepValueAt(findSeries(d, "vcpuInUse", ce.name), t),
        vcpuProvisioned: c.provisioned[i]!.at(t),
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
      reservations: this.reservations.at(t),
      costUsd: linearValueAt(findSeries(d, "costUsd", ""), t),
      costUsdPerHour: stepValueAt(findSeries(d, "costUsdPerHour", ""), t),
      liveInstances: c.liveInstances.at(t),
      runningAttempts: c.runningAttempts.at(t),
      approximate: !exact,
    };
  }
}
