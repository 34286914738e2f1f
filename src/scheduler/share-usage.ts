/**
 * A share's decayed usage (aws-batch-model.md §13.10): D = ∫ r(s) · max(0, 1 − (now − s)/W) ds over
 * the last W seconds, where r(s) is the share's vCPU in use (STARTING or RUNNING) at time s. The
 * rate is piecewise constant; with the running integrals A(t) = ∫ r and B(t) = ∫ s·r(s) ds kept at
 * each change point, D(now) = (A(now) − A(L))(1 − now/W) + (B(now) − B(L))/W with L = now − W, found
 * with one binary search among the change points of the window: O(log k), never a scan.
 */
export class ShareUsage {
  /** Change points in the window (plus the last one before it): time, A, B at that time, rate after. */
  private times: number[] = [0];
  private as: number[] = [0];
  private bs: number[] = [0];
  private rates: number[] = [0];
  private first = 0;
  /** vCPU in use now (the R of §13.10). */
  rate = 0;
  /** integralsAt's answer. */
  private atA = 0;
  private atB = 0;
  readonly windowSeconds: number;

  constructor(windowSeconds: number) {
    this.windowSeconds = windowSeconds;
  }

  /** The share's vCPU in use changes by `delta` at `time` (time never goes back). */
  change(time: number, delta: number): void {
    const last = this.times.length - 1;
    const t0 = this.times[last]!;
    const r0 = this.rates[last]!;
    const a = this.as[last]! + r0 * (time - t0);
    const b = this.bs[last]! + (r0 * (time * time - t0 * t0)) / 2;
    this.rate = r0 + delta;
    if (time === t0) {
      this.rates[last] = this.rate;
    } else {
      this.times.push(time);
      this.as.push(a);
      this.bs.push(b);
      this.rates.push(this.rate);
    }
    this.forget(time - this.windowSeconds);
  }

  /** D at `now`: vCPU-seconds of the window, each weighted by 1 − age/W. 0 when W is 0. */
  decayed(now: number): number {
    const w = this.windowSeconds;
    if (w <= 0) return 0;
    this.integralsAt(now);
    const aNow = this.atA;
    const bNow = this.atB;
    this.integralsAt(now - w);
    return Math.max(0, (aNow - this.atA) * (1 - now / w) + (bNow - this.atB) / w);
  }

  /** usage = weight × (D + R·W/2), or weight × R when W is 0 (§13.10). */
  usage(now: number, weight: number): number {
    const w = this.windowSeconds;
    return weight * (w > 0 ? this.decayed(now) + (this.rate * w) / 2 : this.rate);
  }

  /** A(t) and B(t) into atA and atB (fields, not a pair: this runs per share and cycle). */
  private integralsAt(t: number): void {
    let lo = this.first;
    let hi = this.times.length - 1;
    if (t <= this.times[lo]!) {
      // Before the first kept point: the rate before it was 0 (or the point is older than the window).
      this.atA = this.as[lo]!;
      this.atB = this.bs[lo]!;
      return;
    }
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.times[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    const t0 = this.times[lo]!;
    const r = this.rates[lo]!;
    this.atA = this.as[lo]! + r * (t - t0);
    this.atB = this.bs[lo]! + (r * (t * t - t0 * t0)) / 2;
  }

  /** Drops change points no evaluation can need again (all but the last one at or before `limit`). */
  private forget(limit: number): void {
    while (this.first + 1 < this.times.length && this.times[this.first + 1]! <= limit) this.first++;
    if (this.first > 1024 && this.first * 2 > this.times.length) {
      this.times = this.times.slice(this.first);
      this.as = this.as.slice(this.first);
      this.bs = this.bs.slice(this.first);
      this.rates = this.rates.slice(this.first);
      this.first = 0;
    }
  }
}
