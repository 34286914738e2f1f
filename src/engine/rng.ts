import seedrandom from "seedrandom";

/** A seeded stream of uniform numbers in [0, 1), forkable by label. The only module that uses seedrandom. */
export interface Rng {
  /** Next uniform draw in [0, 1). */
  next(): number;
  /** An independent stream for one purpose, e.g. `fork("runtime/renders")`: same seed + label ⇒ same numbers. */
  fork(label: string): Rng;
  /** The label path of this stream (for messages). */
  readonly label: string;
}

/**
 * Creates the root stream of a run. Each fork is seeded from the root seed and its full label path,
 * not from draws of its parent, so adding a draw in one stream never reshuffles another (common
 * random numbers across what-if variants).
 */
export function createRng(seed: string | number, label = ""): Rng {
  const prng = seedrandom.alea(`${seed}\u0000${label}`);
  return {
    label,
    // seedrandom's generator itself (it keeps its state in its closure, not in `this`): a wrapper
    // arrow per stream was one call more per draw.
    next: prng,
    fork: (child: string) => createRng(seed, label === "" ? child : `${label}/${child}`),
  };
}
