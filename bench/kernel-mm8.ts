/**
 * A bare event-heap kernel for the M/M/8 queue of bench/mm8.yaml: the floor that batchsim's
 * simulate() is measured against (issue 9: simulateMs ÷ kernel ms ≤ 10, stretch ≤ 3).
 *
 * Written plainly on purpose: a binary min-heap of event times (Float64Array) with a parallel
 * Int32Array of event kinds, a ring of waiting jobs' arrival times, an inline mulberry32 PRNG and
 * no object per event, no facts and no outputs. Poisson arrivals at 36/h, exponential service with
 * mean 600 s, 8 servers, first come first served; the mean wait should be close to Erlang C's
 * 107.1 s (ρ = 0.75).
 *
 *   npx tsx bench/kernel-mm8.ts [jobs]     # default 1,000,000; prints one JSON line
 */
import { pathToFileURL } from "node:url";

const SERVERS = 8;
const ARRIVALS_PER_SECOND = 36 / 3600;
const MEAN_SERVICE_SECONDS = 600;
const ARRIVAL = 0;
const DEPARTURE = 1;

/** What one kernel run measured: jobs served, wall seconds, and the mean queue wait in seconds. */
export interface KernelResult {
  jobs: number;
  seconds: number;
  meanWait: number;
}

/** Runs the M/M/8 queue for `n` jobs (seeded, so the same n and seed give the same mean wait). */
export function runKernel(n: number, seed = 1): KernelResult {
  const started = performance.now();
  // mulberry32: a 32-bit state, a uniform in (0, 1).
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };

  // The event heap: at most one arrival and one departure per server are pending.
  const capacity = SERVERS + 1;
  const times = new Float64Array(capacity);
  const kinds = new Int32Array(capacity);
  let size = 0;
  const push = (time: number, kind: number): void => {
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime <= time) break;
      times[i] = parentTime;
      kinds[i] = kinds[parent] as number;
      i = parent;
    }
    times[i] = time;
    kinds[i] = kind;
  };
  // Removes the root; the caller has read times[0] and kinds[0].
  const pop = (): void => {
    size--;
    const time = times[size] as number;
    const kind = kinds[size] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && (times[child + 1] as number) < (times[child] as number)) child++;
      if ((times[child] as number) >= time) break;
      times[i] = times[child] as number;
      kinds[i] = kinds[child] as number;
      i = child;
    }
    times[i] = time;
    kinds[i] = kind;
  };

  // Waiting jobs' arrival times, first come first served (every job fits: n slots).
  const waiting = new Float64Array(Math.max(n, 1));
  let head = 0;
  let tail = 0;
  let freeServers = SERVERS;
  let arrived = 0;
  let served = 0;
  let totalWait = 0;

  if (n > 0) push(-Math.log(uniform()) / ARRIVALS_PER_SECOND, ARRIVAL);
  while (size > 0) {
    const now = times[0] as number;
    const kind = kinds[0] as number;
    pop();
    if (kind === ARRIVAL) {
      arrived++;
      if (arrived < n) push(now - Math.log(uniform()) / ARRIVALS_PER_SECOND, ARRIVAL);
      if (freeServers > 0) {
        freeServers--;
        push(now - Math.log(uniform()) * MEAN_SERVICE_SECONDS, DEPARTURE);
      } else {
        waiting[tail++] = now;
      }
    } else {
      served++;
      if (head < tail) {
        totalWait += now - (waiting[head++] as number);
        push(now - Math.log(uniform()) * MEAN_SERVICE_SECONDS, DEPARTURE);
      } else {
        freeServers++;
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { jobs: served, seconds, meanWait: served > 0 ? totalWait / served : 0 };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = process.argv[2] === undefined ? 1_000_000 : Number(process.argv[2]);
  const r = runKernel(n);
  console.log(
    JSON.stringify({
      jobs: r.jobs,
      seconds: Number(r.seconds.toFixed(4)),
      jobsPerSecond: Math.round(r.jobs / r.seconds),
      meanWait: Number(r.meanWait.toFixed(2)),
      erlangC: 107.1,
    }),
  );
}
