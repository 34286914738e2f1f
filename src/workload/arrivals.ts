/**
 * Arrival processes: lazy iterators of submission instants (seconds since scenario start), in
 * ascending order. Nothing is materialised beyond the scenario's own `at:` list, so a stream of a
 * million arrivals costs O(1) memory. Every instant is < the scenario's `until` when one is given.
 */
import type { Rng } from "../engine/rng.ts";
import type { Arrivals } from "../scenario/types.ts";

const SECONDS_PER_HOUR = 3600;
const HOURS_PER_DAY = 24;

/**
 * The submission instants of `arrivals`, ascending, lazily. Poisson and diurnal draw one uniform
 * of `rng` per arrival (plus, for poisson, the one that overshoots the end); fixed and `at` draw
 * none. Instants at or past `untilSeconds` (when not null) are dropped: the run ends there.
 * Throws when a poisson or fixed process has no bound at all (validation rejects that).
 */
export function arrivalTimes(
  arrivals: Arrivals,
  rng: Rng,
  untilSeconds: number | null,
): IterableIterator<number> {
  return instantsOf(arrivalClock(arrivals, rng, untilSeconds));
}

function* instantsOf(next: () => number): IterableIterator<number> {
  for (let t = next(); t < Number.POSITIVE_INFINITY; t = next()) yield t;
}

/**
 * The same instants as arrivalTimes() (the same draws, in the same order), as a function that
 * returns the next one on each call and Infinity once there is none: the workload source calls it
 * once per arrival, and a generator's resumption and result object cost more than the draw.
 */
export function arrivalClock(
  arrivals: Arrivals,
  rng: Rng,
  untilSeconds: number | null,
): () => number {
  const until = untilSeconds ?? Number.POSITIVE_INFINITY;
  switch (arrivals.process) {
    case "poisson":
      assertBounded(arrivals, untilSeconds);
      return poissonClock(arrivals, rng, until);
    case "fixed":
      assertBounded(arrivals, untilSeconds);
      return fixedClock(arrivals, until);
    case "at":
      return listedClock(arrivals.atSeconds, until);
    case "diurnal": {
      const times = diurnalTimes(arrivals.ratePerHour, arrivals.days, rng, until);
      return () => {
        const r = times.next();
        return r.done === true ? Number.POSITIVE_INFINITY : r.value;
      };
    }
  }
}

type Bounded = Extract<Arrivals, { process: "poisson" | "fixed" }>;

function assertBounded(a: Bounded, untilSeconds: number | null): void {
  if (a.toSeconds === null && a.count === null && untilSeconds === null) {
    throw new Error(`${a.process} arrivals need a bound: to, count or the scenario's until`);
  }
  if (a.process === "fixed" && !(a.everySeconds > 0) && a.count === null) {
    throw new Error(`fixed arrivals with every = ${a.everySeconds} need a count`);
  }
}

/** The end (exclusive) of a bounded process: the earlier of its `to` and the run's end. */
function endOf(a: Bounded, until: number): number {
  return Math.min(a.toSeconds ?? Number.POSITIVE_INFINITY, until);
}

function poissonClock(
  a: Extract<Arrivals, { process: "poisson" }>,
  rng: Rng,
  until: number,
): () => number {
  const meanGapSeconds = SECONDS_PER_HOUR / a.ratePerHour;
  const end = endOf(a, until);
  const count = a.count ?? Number.POSITIVE_INFINITY;
  let t = a.fromSeconds;
  // After the last instant (or none at all), every call returns Infinity without drawing.
  let left = a.ratePerHour > 0 ? count : 0;
  return () => {
    if (left <= 0) return Number.POSITIVE_INFINITY;
    left--;
    t += -meanGapSeconds * Math.log1p(-rng.next());
    if (t < end) return t;
    left = 0;
    return Number.POSITIVE_INFINITY;
  };
}

function fixedClock(a: Extract<Arrivals, { process: "fixed" }>, until: number): () => number {
  const end = endOf(a, until);
  const count = a.count ?? Number.POSITIVE_INFINITY;
  let n = 0;
  return () => {
    if (n >= count) return Number.POSITIVE_INFINITY;
    // from + n·every rather than a running sum, so no rounding error accumulates.
    const t = a.fromSeconds + n * a.everySeconds;
    if (!(t < end)) {
      n = count;
      return Number.POSITIVE_INFINITY;
    }
    n++;
    return t;
  };
}

function listedClock(atSeconds: readonly number[], until: number): () => number {
  // Array.prototype.sort is stable; equal instants are all kept (repeats submit several jobs).
  const sorted = [...atSeconds].sort((x, y) => x - y);
  let i = 0;
  return () => {
    const t = i < sorted.length ? sorted[i]! : Number.POSITIVE_INFINITY;
    if (!(t < until)) {
      i = sorted.length;
      return Number.POSITIVE_INFINITY;
    }
    i++;
    return t;
  };
}

/**
 * Non-homogeneous Poisson with a piecewise-constant rate (one per hour of simulated time, hour h
 * using ratePerHour[h mod 24], from time 0 for `days` days), by exact inversion of the cumulative
 * rate: draw a unit-exponential amount of "hazard" and walk hour by hour until it is spent. Exact
 * (no thinning rejections) and one uniform per arrival. Hours count from the scenario's time 0,
 * not the wall-clock hour of `start:`.
 */
function* diurnalTimes(
  ratePerHour: readonly number[],
  days: number,
  rng: Rng,
  until: number,
): IterableIterator<number> {
  if (ratePerHour.length !== HOURS_PER_DAY) {
    throw new Error(`diurnal arrivals need 24 hourly rates, got ${ratePerHour.length}`);
  }
  const hours = days * HOURS_PER_DAY;
  let t = 0;
  let hazard = -Math.log1p(-rng.next());
  for (let h = 0; h < hours; h++) {
    const ratePerSecond = ratePerHour[h % HOURS_PER_DAY]! / SECONDS_PER_HOUR;
    const hourEnd = (h + 1) * SECONDS_PER_HOUR;
    while (ratePerSecond > 0 && t + hazard / ratePerSecond < hourEnd) {
      t += hazard / ratePerSecond;
      if (!(t < until)) return;
      yield t;
      hazard = -Math.log1p(-rng.next());
    }
    // Clamped: rounding must never carry a negative remainder (an arrival before the hour).
    if (ratePerSecond > 0) hazard = Math.max(0, hazard - ratePerSecond * (hourEnd - t));
    t = hourEnd;
  }
}

/**
 * How many instants `arrivalTimes` yields, without keeping them — or, past `max`, `max + 1`: a
 * caller that only needs to know whether there are more than `max` stops walking there.
 */
export function countArrivals(
  arrivals: Arrivals,
  rng: Rng,
  untilSeconds: number | null,
  max = Number.POSITIVE_INFINITY,
): number {
  const next = arrivalClock(arrivals, rng, untilSeconds);
  let n = 0;
  while (n <= max && next() < Number.POSITIVE_INFINITY) n++;
  return n;
}
