/** Descriptive statistics used by summary.json. */
import { fsum } from "d3-array";

/** mean / p50 / p90 / p99 / max of a set of values; every field null for an empty set. */
export interface Stats {
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/**
 * Nearest-rank percentile of values sorted ascending: the smallest value such that at least p% of
 * the values are ≤ it, i.e. sorted[ceil(p/100 × n) − 1] (p = 0 gives the minimum). Undefined for an empty array.
 */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Stats of `values` (not modified): exact mean (fsum / n) and nearest-rank percentiles. */
export function describe(values: ArrayLike<number>): Stats {
  const n = values.length;
  if (n === 0) return { mean: null, p50: null, p90: null, p99: null, max: null };
  const sorted = Float64Array.from(values).sort();
  return {
    mean: fsum(sorted) / n,
    p50: nearestRank(sorted, 50) ?? null,
    p90: nearestRank(sorted, 90) ?? null,
    p99: nearestRank(sorted, 99) ?? null,
    max: sorted[n - 1] ?? null,
  };
}

/**
 * Jain's fairness index (Σx)² / (n·Σx²): 1 when every x is equal, 1/n when one gets everything.
 * null for no values or when every x is 0 (nothing was shared out).
 */
export function jainIndex(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const sumSquares = fsum(xs, (x) => x * x);
  if (sumSquares === 0) return null;
  const sum = fsum(xs);
  return (sum * sum) / (xs.length * sumSquares);
}

/** A growable list of numbers kept in a Float64Array (8 bytes a value: a million waits is 8 MB). */
export class NumberList {
  private data = new Float64Array(1024);
  private size = 0;

  /** Appends one value. */
  push(value: number): void {
    if (this.size === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = value;
  }

  /** A view of the values pushed so far (shares memory with the list). */
  values(): Float64Array {
    return this.data.subarray(0, this.size);
  }
}
