/**
 * Encodes many short-lived texts (a job's parts of its full events) into shared slabs.
 */

const ENCODER = new TextEncoder();

/** Slabs of SlabEncoder; texts longer than a quarter of one get their own array. */
const SLAB_BYTES = 1 << 16;

/**
 * encoded() for many short-lived texts (a job's parts of its full events): each result is a view of
 * a shared 64 KiB slab instead of an array of its own — TextEncoder.encode() allocates a new
 * ArrayBuffer per call, which cost more than the encoding. A slab is freed with its last view.
 */
export class SlabEncoder {
  private slab = new Uint8Array(SLAB_BYTES);
  private used = 0;

  encode(s: string): Uint8Array {
    const n = s.length;
    if (n * 3 > SLAB_BYTES / 4) return ENCODER.encode(s);
    if (this.used + n * 3 > SLAB_BYTES) {
      this.slab = new Uint8Array(SLAB_BYTES);
      this.used = 0;
    }
    const slab = this.slab;
    const start = this.used;
    let p = start;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) {
        p += ENCODER.encodeInto(s.slice(i), slab.subarray(p)).written;
        break;
      }
      slab[p++] = c;
    }
    this.used = p;
    return slab.subarray(start, p);
  }
}
