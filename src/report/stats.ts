/** Descriptive statistics used by summary.json. */
import { Adder, fsum } from "d3-array";

/**
 * d3's fsum() of a Float64Array (the same Adder, the same skipped zeros and NaNs), by index: fsum's
 * iteration is generic, and over a million values its iterator results were ~110 MB of garbage.
 */
function exactSum(a: Float64Array): number {
  const adder = new Adder();
  for (let i = 0; i < a.length; i++) {
    const value = a[i]!;
    if (value) adder.add(value);
  }
  return +adder;
}

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

/**
 * Stats of `values` (not modified): exact mean (fsum / n) and nearest-rank percentiles. The
 * percentiles are found by selection (O(n)) rather than by sorting a copy: the same values, since
 * the k-th smallest is the same element either way — except with NaN or −0, which `<` does not
 * order as a sort does; those sets are sorted.
 */
export function describe(values: ArrayLike<number>): Stats {
  const n = values.length;
  if (n === 0) return { mean: null, p50: null, p90: null, p99: null, max: null };
  const a = Float64Array.from(values);
  const mean = exactSum(a) / n; // exact, so the order of the terms does not matter
  const k50 = rankIndex(n, 50);
  const k90 = rankIndex(n, 90);
  const k99 = rankIndex(n, 99);
  if (!orderedByLessThan(a)) {
    a.sort();
    return {
      mean,
      p50: a[k50] as number,
      p90: a[k90] as number,
      p99: a[k99] as number,
      max: a[n - 1] as number,
    };
  }
  select(a, k50, 0, n - 1);
  select(a, k90, k50, n - 1);
  select(a, k99, k90, n - 1);
  let max = a[k99] as number;
  for (let i = k99 + 1; i < n; i++) if ((a[i] as number) > max) max = a[i] as number;
  return { mean, p50: a[k50] as number, p90: a[k90] as number, p99: a[k99] as number, max };
}

/** The index nearestRank reads in a sorted array of n > 0 values. */
function rankIndex(n: number, p: number): number {
  return Math.min(Math.max(1, Math.ceil((p / 100) * n)), n) - 1;
}

/** Whether `<` orders the values as a typed-array sort does: no NaN and no −0. */
function orderedByLessThan(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    if (Number.isNaN(x) || Object.is(x, -0)) return false;
  }
  return true;
}

/**
 * Quickselect (Hoare partition, median-of-three pivot): rearranges a[lo..hi] so that a[k] holds the
 * value it would hold were a[lo..hi] sorted, with no greater value before it and no smaller after.
 */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < (a[lo] as number)) swap(a, mid, lo);
    if ((a[hi] as number) < (a[lo] as number)) swap(a, hi, lo);
    if ((a[hi] as number) < (a[mid] as number)) swap(a, hi, mid);
    const pivot = a[mid] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // a[lo..j] ≤ pivot ≤ a[i..hi], and everything strictly between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
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

  /** Values pushed so far. */
  get length(): number {
    return this.size;
  }

  /** A view of the values pushed so far (shares memory with the list). */
  values(): Float64Array {
    return this.data.subarray(0, this.size);
  }
}
