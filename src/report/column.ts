/**
 * A growable column of numbers in a typed array: 8 bytes a row (4 for an index column) and no
 * garbage per row, where a plain array of times would hold a heap number each. NaN stands for null.
 */
export class NumberColumn {
  private data: Float64Array | Int32Array;
  length = 0;

  /** `int`: 32-bit integers (indexes into a names list, -1 for none), else doubles. */
  constructor(int = false) {
    this.data = int ? new Int32Array(1024) : new Float64Array(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger =
        this.data instanceof Int32Array
          ? new Int32Array(this.data.length * 2)
          : new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  get(row: number): number {
    return this.data[row] as number;
  }

  set(row: number, value: number): void {
    this.data[row] = value;
  }

  /** The values as a plain array (NaN kept). */
  toArray(): number[] {
    return Array.from(this.data.subarray(0, this.length));
  }

  /** The values as a plain array, NaN as null. */
  toNullableArray(): (number | null)[] {
    const out = new Array<number | null>(this.length);
    for (let i = 0; i < this.length; i++) {
      const v = this.data[i] as number;
      out[i] = Number.isNaN(v) ? null : v;
    }
    return out;
  }
}
