/**
 * computeReservation of fair-share queues (aws-batch-model.md §6): while N of a fair-share queue's
 * shares are active, (computeReservation/100)^N of the queue's maximum vCPU is held back for shares
 * not active yet. A share counts as active at t when its entitledShare series is > 0 at t (the
 * report's entitlement: from its first job RUNNABLE to the end of its last job; the scheduler also
 * keeps a share active for shareDecaySeconds after that, which the report's series do not show).
 * Pure functions of ViewerData.
 */
import type { Series, ViewerData } from "../../src/report/viewer-data-types.ts";
import { findSeries, hasPoints, stepValueAt, unionTimes } from "./series.ts";

/** Shares grouped by the queue their jobs were submitted to (first job seen decides). */
export function sharesByQueue(data: ViewerData): Map<number, number[]> {
  const queueOf = new Map<number, number>();
  for (let j = 0; j < data.jobs.id.length; j++) {
    const s = data.jobs.share[j]!;
    if (s >= 0 && !queueOf.has(s)) queueOf.set(s, data.jobs.queue[j]!);
  }
  // With a single fair-share queue, a share no job in the report names (jobs left out) is its.
  const fairShare = fairShareQueues(data);
  const only = fairShare.length === 1 ? fairShare[0]! : -1;
  const out = new Map<number, number[]>();
  data.shares.forEach((_, s) => {
    const q = queueOf.get(s) ?? only;
    out.set(q, [...(out.get(q) ?? []), s]);
  });
  return out;
}

/** Indexes of the queues with a scheduling policy (fair share), in queue order. */
export function fairShareQueues(data: ViewerData): number[] {
  const out: number[] = [];
  data.jobQueues.forEach((q, i) => {
    if (q.schedulingPolicy !== null && q.schedulingPolicy !== undefined) out.push(i);
  });
  return out;
}

/**
 * The shares of fair-share queue `q` (indexes into data.shares): every share when it is the run's
 * only fair-share queue, else those whose jobs were submitted to it (the jobs table).
 */
export function sharesOfQueue(data: ViewerData, q: number): number[] {
  const fairShare = fairShareQueues(data);
  if (fairShare.length === 1 && fairShare[0] === q) return data.shares.map((_, s) => s);
  return sharesByQueue(data).get(q) ?? [];
}

/** The computeReservation of queue `q` as a number in (0, 99], or null when it reserves nothing. */
export function reservationPercent(data: ViewerData, q: number): number | null {
  const queue = data.jobQueues[q];
  if (!queue || queue.schedulingPolicy === null || queue.schedulingPolicy === undefined)
    return null;
  const cr = queue.computeReservation;
  return typeof cr === "number" && Number.isFinite(cr) && cr > 0 ? cr : null;
}

/** (cr/100)^N; null while no share is active (nothing to hold back from). */
export function reservedFraction(computeReservation: number, activeShares: number): number | null {
  return activeShares > 0 ? (computeReservation / 100) ** activeShares : null;
}

export interface QueueReservation {
  readonly queue: string;
  readonly policy: string;
  /** computeReservation, percent; null when the policy has none. */
  readonly computeReservation: number | null;
  /** Shares active at t (entitledShare > 0). */
  readonly activeShares: number;
  /** (cr/100)^N of the queue's maximum vCPU; null when cr is 0/null or no share is active. */
  readonly reserved: number | null;
}

/** The reserved part of each fair-share queue at any instant: a few binary searches per query. */
export class ReservationIndex {
  private readonly queues: {
    readonly queue: string;
    readonly policy: string;
    readonly cr: number | null;
    readonly entitled: readonly Series[];
  }[];

  constructor(data: ViewerData) {
    this.queues = fairShareQueues(data).map((q) => ({
      queue: data.jobQueues[q]!.name,
      policy: data.jobQueues[q]!.schedulingPolicy!,
      cr: reservationPercent(data, q),
      entitled: entitledSeries(data, q),
    }));
  }

  /** One row per fair-share queue at t. */
  at(t: number): QueueReservation[] {
    return this.queues.map((q) => {
      const n = activeAt(q.entitled, t);
      return {
        queue: q.queue,
        policy: q.policy,
        computeReservation: q.cr,
        activeShares: n,
        reserved: q.cr === null ? null : reservedFraction(q.cr, n),
      };
    });
  }
}

/**
 * The reserved part of queue `q` over time, for a step curve: [t, (cr/100)^N] at each instant N
 * changes (NaN while no share is active), ending at endSeconds. Empty when the queue reserves
 * nothing (no policy, computeReservation 0 or null) or no share has an entitledShare series.
 */
export function reservedPoints(data: ViewerData, q: number): [number, number][] {
  const cr = reservationPercent(data, q);
  if (cr === null) return [];
  const entitled = entitledSeries(data, q);
  if (entitled.length === 0) return [];
  const out: [number, number][] = [];
  for (const t of unionTimes(entitled, data.endSeconds)) {
    const r = reservedFraction(cr, activeAt(entitled, t)) ?? Number.NaN;
    const last = out[out.length - 1];
    if (last && (last[1] === r || (Number.isNaN(last[1]) && Number.isNaN(r)))) continue;
    out.push([t, r]);
  }
  const last = out[out.length - 1];
  if (last && last[0] < data.endSeconds) out.push([data.endSeconds, last[1]]);
  return out;
}

/** The reserved part of queue `q` at t ((cr/100)^N), or null (nothing reserved, or none active). */
export function reservedAt(data: ViewerData, q: number, t: number): number | null {
  const cr = reservationPercent(data, q);
  return cr === null ? null : reservedFraction(cr, activeAt(entitledSeries(data, q), t));
}

function entitledSeries(data: ViewerData, q: number): Series[] {
  return sharesOfQueue(data, q)
    .map((s) => findSeries(data, "entitledShare", data.shares[s]!))
    .filter(hasPoints);
}

function activeAt(entitled: readonly Series[], t: number): number {
  let n = 0;
  for (const s of entitled) if (stepValueAt(s, t) > 0) n++;
  return n;
}
