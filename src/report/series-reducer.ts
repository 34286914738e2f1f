/**
 * Reduces a step series to at most `maxPoints` change points as its points stream in, in memory
 * O(maxPoints) whatever the run's length. The rule, as a function of the whole series:
 * - n ≤ maxPoints points: all of them;
 * - otherwise the first point, then the points after it in B = maxPoints − 2 time buckets
 *   `floor((t − t₀) / w)`, w the smallest power of two ≥ 1 s that puts the last point in a bucket
 *   below B, keeping each bucket's largest value (the earliest on ties), then the last point.
 * Peaks stay visible (a chart of in-use vCPU shows its maxima) and the first and last values are exact.
 * Streaming gives the same answer as the rule: doubling w merges buckets 2j and 2j+1 into j.
 */
export class SeriesReducer {
  private readonly maxPoints: number;
  private readonly buckets: number;
  /** Every point while there are at most maxPoints; then only the first. */
  private readonly rawT: number[] = [];
  private readonly rawV: number[] = [];
  /** Each bucket's kept point (NaN: empty), once bucketed. */
  private bucketT: Float64Array | null = null;
  private bucketV: Float64Array | null = null;
  private widthSeconds = 1;
  private lastT = Number.NaN;
  private lastV = Number.NaN;

  /** maxPoints: at least 3 (the first, one bucket, the last). */
  constructor(maxPoints: number) {
    checkMaxPoints(maxPoints);
    this.maxPoints = maxPoints;
    this.buckets = maxPoints - 2;
  }

  /** Adds the next change point (times increasing). */
  push(t: number, v: number): void {
    this.lastT = t;
    this.lastV = v;
    if (this.bucketT === null) {
      this.rawT.push(t);
      this.rawV.push(v);
      if (this.rawT.length > this.maxPoints) this.startBuckets();
      return;
    }
    this.keep(t, v);
  }

  /** The reduced series, in time order. */
  points(): { t: number[]; v: number[] } {
    const bucketT = this.bucketT;
    const bucketV = this.bucketV;
    if (bucketT === null || bucketV === null) return { t: [...this.rawT], v: [...this.rawV] };
    const t = [this.rawT[0] as number];
    const v = [this.rawV[0] as number];
    for (let b = 0; b < this.buckets; b++) {
      const bt = bucketT[b] as number;
      if (Number.isNaN(bt)) continue;
      t.push(bt);
      v.push(bucketV[b] as number);
    }
    if (t[t.length - 1] !== this.lastT) {
      t.push(this.lastT);
      v.push(this.lastV);
    }
    return { t, v };
  }

  private startBuckets(): void {
    this.bucketT = new Float64Array(this.buckets).fill(Number.NaN);
    this.bucketV = new Float64Array(this.buckets).fill(Number.NaN);
    for (let i = 1; i < this.rawT.length; i++)
      this.keep(this.rawT[i] as number, this.rawV[i] as number);
    this.rawT.length = 1;
    this.rawV.length = 1;
  }

  private keep(t: number, v: number): void {
    const t0 = this.rawT[0] as number;
    let b = Math.floor((t - t0) / this.widthSeconds);
    while (b >= this.buckets) {
      this.mergePairs();
      b = Math.floor((t - t0) / this.widthSeconds);
    }
    const bucketT = this.bucketT as Float64Array;
    const bucketV = this.bucketV as Float64Array;
    if (Number.isNaN(bucketT[b] as number) || v > (bucketV[b] as number)) {
      bucketT[b] = t;
      bucketV[b] = v;
    }
  }

  /** Doubles the bucket width: bucket j takes the larger of 2j and 2j+1 (2j on ties: earlier). */
  private mergePairs(): void {
    const bucketT = this.bucketT as Float64Array;
    const bucketV = this.bucketV as Float64Array;
    const half = Math.ceil(this.buckets / 2);
    for (let j = 0; j < half; j++) {
      const a = 2 * j;
      const c = a + 1;
      const takeC =
        c < this.buckets &&
        !Number.isNaN(bucketT[c] as number) &&
        (Number.isNaN(bucketT[a] as number) || (bucketV[c] as number) > (bucketV[a] as number));
      const from = takeC ? c : a;
      bucketT[j] = bucketT[from] as number;
      bucketV[j] = bucketV[from] as number;
    }
    bucketT.fill(Number.NaN, half);
    bucketV.fill(Number.NaN, half);
    this.widthSeconds *= 2;
  }
}

/** Throws unless `maxPoints` is an integer ≥ 3 (the first point, one bucket, the last point). */
export function checkMaxPoints(maxPoints: number): void {
  if (!Number.isInteger(maxPoints) || maxPoints < 3)
    throw new Error(`report: seriesPoints must be an integer ≥ 3 (got ${maxPoints})`);
}
