/**
 * Weight-entitled shares of a fair-share queue over time: while a set of shares is active (has jobs
 * RUNNABLE, STARTING or RUNNING), share s is entitled to the fraction (1/w_s) / Σ_active (1/w_j) of
 * the queue's capacity (aws-batch-model.md §6: vCPU in inverse proportion to weightFactor), where a
 * prefix share's weight is its weightFactor × the number of its active ids. The fractions change
 * only when a share becomes active or inactive, so they cost nothing per job.
 */

/** How a share's weight is found. */
export interface ShareWeights {
  /** The policy's weightFactor for the share (1 when unlisted). */
  readonly weightFactor: (share: string) => number;
  /** The prefix entry (`UserA*`) the share falls under, or null. */
  readonly prefixOf: (share: string) => string | null;
}

/** Tracks one queue's active shares and states their entitled fractions when the set changes. */
export class Entitlement {
  private readonly jobs = new Map<string, number>();
  private readonly weights: ShareWeights;
  private readonly emit: (share: string, fraction: number) => void;

  constructor(weights: ShareWeights, emit: (share: string, fraction: number) => void) {
    this.weights = weights;
    this.emit = emit;
  }

  /** One job of `share` became active (delta +1) or ended (−1). */
  change(share: string, delta: 1 | -1): void {
    const before = this.jobs.get(share) ?? 0;
    const after = before + delta;
    this.jobs.set(share, after);
    if (before > 0 !== after > 0) this.restate();
  }

  private restate(): void {
    const active = [...this.jobs].filter(([, n]) => n > 0).map(([s]) => s);
    const perPrefix = new Map<string, number>();
    for (const s of active) {
      const p = this.weights.prefixOf(s);
      if (p !== null) perPrefix.set(p, (perPrefix.get(p) ?? 0) + 1);
    }
    const inverse = new Map<string, number>();
    for (const s of active) {
      const p = this.weights.prefixOf(s);
      inverse.set(s, 1 / (this.weights.weightFactor(s) * (p === null ? 1 : perPrefix.get(p)!)));
    }
    let total = 0;
    for (const v of inverse.values()) total += v;
    for (const s of [...this.jobs.keys()].sort())
      this.emit(s, inverse.has(s) ? inverse.get(s)! / total : 0);
  }
}
