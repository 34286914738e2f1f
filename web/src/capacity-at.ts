/**
 * vCPU provisioned and in use per compute environment, live instances and attempts running, at any
 * instant, computed from the report's tables with timeseries.csv's definitions (timeseries.ts):
 * - provisioned: each instance's `vcpu` from `launchedAt` while t < `terminatedAt` (null: to the end);
 * - in use: each attempt's job's `vcpus` from `startingAt` (STARTING) while t < `endAt` (null: still
 *   running when the run ended: until `endSeconds`, when every instance is gone), in its instance's
 *   compute environment.
 * The series of the report cannot give these at an instant once reduced (series-reducer.ts keeps each
 * time bucket's maximum, series by series, so vcpuInUse and vcpuProvisioned no longer agree).
 * Built once per run: sorted change times with running sums, so each lookup is a binary search.
 * Instances are never left out of a report, so provisioned and live instances are always exact; in
 * use and attempts running are exact only when no job or attempt was left out (`exactInUse`).
 */
import { bisectRight } from "d3";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";

/** A step function built from +/− changes: its value at t is the sum of the changes at times ≤ t. */
export class StepFunction {
  /** Distinct change times, increasing. */
  readonly times: Float64Array;
  /** The value from times[i] until times[i + 1] (0 before times[0]). */
  readonly values: Float64Array;

  /** `times[k]` and `deltas[k]`: one change; any order, equal times allowed. */
  constructor(times: ArrayLike<number>, deltas: ArrayLike<number>) {
    const n = times.length;
    const order = new Uint32Array(n);
    let sorted = true;
    for (let k = 0; k < n; k++) {
      order[k] = k;
      if (k > 0 && times[k]! < times[k - 1]!) sorted = false;
    }
    if (!sorted) order.sort((a, b) => times[a]! - times[b]!);
    const outT = new Float64Array(n);
    const outV = new Float64Array(n);
    let m = 0;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      sum += deltas[i]!;
      const t = times[i]!;
      if (k + 1 < n && times[order[k + 1]!]! === t) continue; // coalesce changes at one instant
      outT[m] = t;
      // vCPU sums are dyadic (0.25 steps) in practice; rounding keeps float noise out of the display
      outV[m] = Math.round(sum * 1e9) / 1e9;
      m++;
    }
    this.times = outT.slice(0, m);
    this.values = outV.slice(0, m);
  }

  /** The value at `t`. */
  at(t: number): number {
    const i = bisectRight(this.times, t) - 1;
    return i < 0 ? 0 : this.values[i]!;
  }

  /**
   * How many rows timeseries.csv writes for this function: one at time 0 (the value then), then one
   * at each later instant where the value changes.
   */
  changePoints(): number {
    let rows = 1;
    let last = 0;
    for (let i = 0; i < this.times.length; i++) {
      const v = this.values[i]!;
      if (this.times[i]! > 0 && v !== last) rows++;
      last = v;
    }
    return rows;
  }
}

/** The exact state functions of one run. */
export interface CapacityIndex {
  /** Per compute environment (ViewerData.computeEnvironments order): vCPU provisioned. */
  readonly provisioned: readonly StepFunction[];
  /** Per compute environment: vCPU in use of the attempts in the report. */
  readonly inUse: readonly StepFunction[];
  /** Instances launched and not yet terminated. */
  readonly liveInstances: StepFunction;
  /** Attempts STARTING or RUNNING, among those in the report. */
  readonly runningAttempts: StepFunction;
  /**
   * True when the report holds every job and attempt of the run (and every attempt's job and
   * instance can be found): `inUse` and `runningAttempts` are then the run's, not a part of it.
   */
  readonly exactInUse: boolean;
}

const cache = new WeakMap<ViewerData, CapacityIndex>();

/** The run's CapacityIndex, built on first use and kept for the data object. */
export function capacityIndex(data: ViewerData): CapacityIndex {
  let index = cache.get(data);
  if (!index) {
    index = buildCapacityIndex(data);
    cache.set(data, index);
  }
  return index;
}

/**
 * Spans of time (from ≤ t < to; `to` null: never ends), each with a key (-1: none) and an amount.
 * Their changes are sorted once, then dealt out in order to a StepFunction per key (of the amounts)
 * and one of the number of spans, which so never sort again.
 */
class Spans {
  private readonly t: number[] = [];
  /** Span index × 2, + 1 for its end. */
  private readonly ev: number[] = [];
  private readonly keys: number[] = [];
  private readonly amounts: number[] = [];

  add(from: number, to: number | null, key: number, amount: number): void {
    if (to !== null && to <= from) return; // held at no instant
    const span = this.keys.length;
    this.keys.push(key);
    this.amounts.push(amount);
    this.t.push(from);
    this.ev.push(2 * span);
    if (to !== null) {
      this.t.push(to);
      this.ev.push(2 * span + 1);
    }
  }

  build(keyCount: number): { byKey: StepFunction[]; count: StepFunction } {
    const { t, ev, keys, amounts } = this;
    const n = t.length;
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => t[a]! - t[b]! || a - b);
    const byKey = Array.from({ length: keyCount }, () => ({
      t: [] as number[],
      d: [] as number[],
    }));
    const countT = new Float64Array(n);
    const countD = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const e = ev[i]!;
      const span = e >> 1;
      const sign = e & 1 ? -1 : 1;
      countT[k] = t[i]!;
      countD[k] = sign;
      const target = byKey[keys[span]!];
      if (target) {
        target.t.push(t[i]!);
        target.d.push(sign * amounts[span]!);
      }
    }
    return {
      byKey: byKey.map((c) => new StepFunction(c.t, c.d)),
      count: new StepFunction(countT, countD),
    };
  }
}

function finite(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** A usable end time: a finite number, or null (not ended) for anything else. */
function endOf(v: unknown): number | null {
  return finite(v) ? v : null;
}

function buildCapacityIndex(data: ViewerData): CapacityIndex {
  const ceCount = data.computeEnvironments.length;
  const validCe = (ce: unknown): ce is number =>
    Number.isInteger(ce) && (ce as number) >= 0 && (ce as number) < ceCount;
  const inst = data.instances;
  const instances = new Spans();
  for (let i = 0; i < inst.launchedAt.length; i++) {
    const from = inst.launchedAt[i];
    if (!finite(from)) continue;
    const ce = inst.ce[i];
    const vcpu = inst.vcpu[i];
    const ok = validCe(ce) && finite(vcpu);
    instances.add(from, endOf(inst.terminatedAt[i]), ok ? ce : -1, ok ? vcpu : 0);
  }

  const a = data.attempts;
  const jobVcpus = data.jobs.vcpus;
  const attempts = new Spans();
  let resolved = true;
  for (let k = 0; k < a.startingAt.length; k++) {
    const from = a.startingAt[k];
    if (!finite(from)) {
      resolved = false;
      continue;
    }
    const vcpus = jobVcpus[a.job[k]!];
    const ce = inst.ce[a.instance[k]!];
    const ok = finite(vcpus) && validCe(ce);
    if (!ok) resolved = false;
    // Still running when the run ended (`until`): it stops with the run, as its instance does.
    attempts.add(from, endOf(a.endAt[k]) ?? data.endSeconds, ok ? ce : -1, ok ? vcpus : 0);
  }

  const provisioned = instances.build(ceCount);
  const inUse = attempts.build(ceCount);
  return {
    provisioned: provisioned.byKey,
    inUse: inUse.byKey,
    liveInstances: provisioned.count,
    runningAttempts: inUse.count,
    exactInUse: resolved && data.limits.attemptsDropped === 0 && data.limits.jobsDropped === 0,
  };
}

/**
 * Whether the report's vcpuProvisioned / vcpuInUse series were reduced (a series with more than
 * `limits.seriesPoints` change points keeps each time bucket's maximum): told from the change points
 * the tables give (for in use, those of the attempts in the report when some were left out).
 */
export function capacitySeriesReduced(data: ViewerData): boolean {
  const index = capacityIndex(data);
  const max = data.limits.seriesPoints;
  if (!(max > 0)) return false;
  return [...index.provisioned, ...index.inUse].some((f) => f.changePoints() > max);
}
