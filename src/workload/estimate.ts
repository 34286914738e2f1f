/**
 * How many jobs a workload creates, estimated from its parameters alone: O(streams), never walking
 * the arrivals (countSubmissions walks them one by one, which takes minutes for a billion). The
 * CLI refuses, before anything runs, a scenario whose estimate would not fit in memory.
 */
import type { Arrivals, JobSpec, Scenario, WorkloadStream } from "../scenario/types.ts";

const SECONDS_PER_HOUR = 3600;
const HOURS_PER_DAY = 24;

/** One stream's share of the estimate. */
export interface StreamEstimate {
  /** The stream's index in `scenario.workload` (its `workload[i]`). */
  readonly index: number;
  /** Expected jobs (array parents and children, pipeline steps, all counted). */
  readonly jobs: number;
}

/** The expected number of jobs of a whole workload, and of each stream (in file order). */
export interface WorkloadEstimate {
  readonly totalJobs: number;
  readonly streams: readonly StreamEstimate[];
}

/**
 * The expected number of jobs `scenario.workload` creates, as countSubmissions would count them
 * (an array submission 1 + arraySize, a pipeline arrival the jobs of all its steps), analytically:
 * poisson ratePerHour × its window (at most `count`), fixed one per `every` in its window (at most
 * `count`), diurnal the hourly rates summed over its days, `at` and `jobs:` their entries, a trace
 * its replayed rows. A window ends at the earlier of the process's `to` and the scenario's `until`.
 * Random processes give their mean, not the count of a given seed.
 */
export function estimateJobs(scenario: Scenario): WorkloadEstimate {
  const streams = scenario.workload.map((stream, index) => ({
    index,
    jobs: streamJobs(stream, scenario.untilSeconds),
  }));
  let totalJobs = 0;
  for (const s of streams) totalJobs += s.jobs;
  return { totalJobs, streams };
}

function streamJobs(stream: WorkloadStream, untilSeconds: number | null): number {
  switch (stream.kind) {
    case "arrivals":
      return estimateArrivals(stream.arrivals, untilSeconds) * jobsOf(stream.spec);
    case "pipeline": {
      let perArrival = 0;
      for (const step of stream.steps) perArrival += jobsOf(step.spec);
      return perArrival === 0 ? 0 : estimateArrivals(stream.arrivals, untilSeconds) * perArrival;
    }
    case "jobs": {
      const until = untilSeconds ?? Number.POSITIVE_INFINITY;
      let total = 0;
      for (const job of stream.jobs) if (job.atSeconds < until) total += jobsOf(job.spec);
      return total;
    }
    case "trace":
      // The rows were cut at `until` (and maxJobs) when the scenario was loaded.
      return stream.trace.rows.length;
  }
}

/** Jobs one submission of `spec` creates: 1, or for an array the parent and its children. */
function jobsOf(spec: JobSpec): number {
  return spec.arraySize === null ? 1 : 1 + spec.arraySize;
}

/**
 * The expected number of instants `arrivalTimes(arrivals, rng, untilSeconds)` yields. Infinity
 * for a poisson or fixed process with no bound at all (validation rejects it).
 */
export function estimateArrivals(arrivals: Arrivals, untilSeconds: number | null): number {
  const until = untilSeconds ?? Number.POSITIVE_INFINITY;
  switch (arrivals.process) {
    case "poisson": {
      if (!(arrivals.ratePerHour > 0)) return 0;
      const windowSeconds = windowOf(arrivals, until);
      return atMost(arrivals.count, (arrivals.ratePerHour * windowSeconds) / SECONDS_PER_HOUR);
    }
    case "fixed": {
      // Every instant is at from + n·every: the first at `from` itself.
      const windowSeconds = windowOf(arrivals, until);
      if (!(arrivals.everySeconds > 0)) {
        return windowSeconds > 0 ? (arrivals.count ?? Number.POSITIVE_INFINITY) : 0;
      }
      return atMost(arrivals.count, Math.ceil(windowSeconds / arrivals.everySeconds));
    }
    case "at": {
      let n = 0;
      for (const t of arrivals.atSeconds) if (t < until) n++;
      return n;
    }
    case "diurnal":
      return diurnalMean(arrivals.ratePerHour, arrivals.days, until);
  }
}

/** The length of [from, min(to, until)), 0 when empty. */
function windowOf(a: Extract<Arrivals, { process: "poisson" | "fixed" }>, until: number): number {
  const end = Math.min(a.toSeconds ?? Number.POSITIVE_INFINITY, until);
  return end > a.fromSeconds ? end - a.fromSeconds : 0;
}

function atMost(count: number | null, n: number): number {
  return count === null ? n : Math.min(count, n);
}

/** The integral of the piecewise-constant hourly rate over [0, min(days·24 h, until)). */
function diurnalMean(ratePerHour: readonly number[], days: number, until: number): number {
  const hours = Math.min(days * HOURS_PER_DAY, until / SECONDS_PER_HOUR);
  if (!(hours > 0)) return 0;
  let perDay = 0;
  for (const r of ratePerHour) perDay += r;
  const fullDays = Math.floor(hours / HOURS_PER_DAY);
  let total = fullDays * perDay;
  // The last, partial day: whole hours, then the fraction of the hour the run ends in.
  let left = hours - fullDays * HOURS_PER_DAY;
  for (let h = 0; left > 0 && h < HOURS_PER_DAY; h++) {
    total += (ratePerHour[h] ?? 0) * Math.min(1, left);
    left -= 1;
  }
  return total;
}
