/**
 * A price per hour that changes at known times (a Spot price series, `catalog.spot.prices`), and what
 * it costs over an interval: the integral of the rate. A constant price is the common case and uses
 * the plain rate × seconds formula.
 */
export class PriceCurve {
  /** Breakpoint times, ascending; times[0] = 0 (or −∞ for a constant). */
  private readonly times: readonly number[];
  /** USD per hour from times[i] to times[i + 1]. */
  private readonly rates: readonly number[];
  /** USD accrued from times[0] to times[i]. */
  private readonly accrued: readonly number[];
  /**
   * Whether the price never changes: a field, read at every attempt's end and instance billing (a
   * getter on times.length was two dependent loads).
   */
  readonly constant: boolean;

  private constructor(times: number[], rates: number[]) {
    this.times = times;
    this.constant = times.length === 1;
    this.rates = rates;
    const accrued = [0];
    for (let i = 1; i < times.length; i++) {
      accrued.push(accrued[i - 1]! + (rates[i - 1]! * (times[i]! - times[i - 1]!)) / 3600);
    }
    this.accrued = accrued;
  }

  /** The same price for ever. */
  static constant(usdPerHour: number): PriceCurve {
    return new PriceCurve([Number.NEGATIVE_INFINITY], [usdPerHour]);
  }

  /**
   * `initial` until the first point, then each point's price from its time on (points ascending by
   * atSeconds; a point at 0 replaces the initial price).
   */
  static steps(
    initial: number,
    points: readonly { readonly atSeconds: number; readonly usdPerHour: number }[],
  ): PriceCurve {
    if (points.length === 0) return PriceCurve.constant(initial);
    const times = [0];
    const rates = [initial];
    for (const p of points) {
      if (p.atSeconds <= times[times.length - 1]!) rates[rates.length - 1] = p.usdPerHour;
      else {
        times.push(p.atSeconds);
        rates.push(p.usdPerHour);
      }
    }
    return new PriceCurve(times, rates);
  }

  /** The price per hour in effect at `t`. */
  rateAt(t: number): number {
    return this.rates[this.segment(t)]!;
  }

  /** USD for one whole unit (an instance) from `from` to `to` (to ≥ from). */
  usd(from: number, to: number): number {
    if (to <= from) return 0;
    if (this.constant) return (this.rates[0]! * (to - from)) / 3600;
    return this.accruedAt(to) - this.accruedAt(from);
  }

  /** The times after `t` at which the price changes. */
  changesAfter(t: number): number[] {
    return this.times.filter((time) => time > t);
  }

  private accruedAt(t: number): number {
    const i = this.segment(t);
    return this.accrued[i]! + (this.rates[i]! * (t - this.times[i]!)) / 3600;
  }

  /** The last breakpoint at or before t (0 for times before the first). */
  private segment(t: number): number {
    let lo = 0;
    let hi = this.times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.times[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
