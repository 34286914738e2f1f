import type { SchedulingPolicy } from "../scenario/types.ts";
import { RunnableQueue } from "../scheduler/runnable-queue.ts";
import { ShareUsage } from "../scheduler/share-usage.ts";
import type { Job } from "./job.ts";

/** One share identifier of a fair-share queue: its RUNNABLE jobs, its usage and whether it is active. */
export class ShareState {
  readonly shareIdentifier: string;
  readonly runnable = new RunnableQueue<Job>();
  readonly tracker: ShareUsage;
  /** Set at the start of each cycle; raised as the cycle places the share's jobs. */
  usage = 0;
  /** Jobs of the share in SUBMITTED…RUNNING. */
  live = 0;
  /** When its last job ended (it stays active for the decay window after). */
  lastEndAt = Number.NEGATIVE_INFINITY;
  /** The policy entry it falls under: exact, prefix (`UserA*`), or null (weight 1). */
  readonly entry: { readonly shareIdentifier: string; readonly weightFactor: number } | null;

  constructor(shareIdentifier: string, windowSeconds: number, policy: SchedulingPolicy) {
    this.shareIdentifier = shareIdentifier;
    this.tracker = new ShareUsage(windowSeconds);
    this.entry =
      policy.shareDistribution.find((e) => e.shareIdentifier === shareIdentifier) ??
      policy.shareDistribution.find(
        (e) =>
          e.shareIdentifier.endsWith("*") &&
          shareIdentifier.startsWith(e.shareIdentifier.slice(0, -1)),
      ) ??
      null;
  }

  /** Active (§13.11): jobs in SUBMITTED…RUNNING, or its last one ended within the decay window. */
  active(now: number): boolean {
    return this.live > 0 || now < this.lastEndAt + this.tracker.windowSeconds;
  }
}

/** A fair-share queue's policy and shares. */
export class FairShareState {
  readonly policy: SchedulingPolicy;
  /** W of §13.10: shareDecaySeconds, or settings.shareDecayZeroSeconds when that is 0. */
  readonly windowSeconds: number;
  readonly shares = new Map<string, ShareState>();

  constructor(policy: SchedulingPolicy, shareDecayZeroSeconds: number) {
    this.policy = policy;
    this.windowSeconds =
      policy.shareDecaySeconds > 0 ? policy.shareDecaySeconds : shareDecayZeroSeconds;
  }

  share(shareIdentifier: string): ShareState {
    let share = this.shares.get(shareIdentifier);
    if (!share) {
      share = new ShareState(shareIdentifier, this.windowSeconds, this.policy);
      this.shares.set(shareIdentifier, share);
    }
    return share;
  }

  /**
   * Effective weights now (§13.10): an exact entry's weightFactor; a prefix entry's weightFactor ×
   * the number of active ids it matches (the prefix is one weight shared by the group); else 1.
   */
  weights(now: number): Map<ShareState, number> {
    const activeByPrefix = new Map<string, number>();
    for (const s of this.shares.values()) {
      if (s.entry?.shareIdentifier.endsWith("*") && s.active(now)) {
        activeByPrefix.set(
          s.entry.shareIdentifier,
          (activeByPrefix.get(s.entry.shareIdentifier) ?? 0) + 1,
        );
      }
    }
    const out = new Map<ShareState, number>();
    for (const s of this.shares.values()) {
      const e = s.entry;
      const group = e?.shareIdentifier.endsWith("*")
        ? Math.max(1, activeByPrefix.get(e.shareIdentifier) ?? 0)
        : 1;
      out.set(s, (e?.weightFactor ?? 1) * group);
    }
    return out;
  }

  /** Number of active shares (the N of computeReservation, §13.11). */
  activeCount(now: number): number {
    let n = 0;
    for (const s of this.shares.values()) if (s.active(now)) n++;
    return n;
  }
}
