/**
 * timeseries.csv, long format `time,metric,key,value`: change points only. At equal times only the
 * last value is written (changes at one instant are coalesced) and a row is written only when a value
 * differs from the one last written for that series. Rows at one time follow the order in which their
 * series first changed at that time. Series:
 * - vcpuProvisioned/<CE>: vCPU of the CE's instances, launch to termination;
 * - vcpuInUse/<CE>: vCPU of attempts placed in the CE, STARTING to attempt end;
 * - runnableJobs/<queue>: jobs RUNNABLE in the queue;
 * - vcpuInUseByShare/<share>: like vcpuInUse, per shareIdentifier (only jobs that have one);
 * - vcpuInUseByQueue/<queue>: like vcpuInUse, per job queue;
 * - entitledShare/<share>: the fraction of its queue's capacity the share's weight entitles it to
 *   among the shares active now (entitlement.ts), written when the set of active shares changes;
 *   compare it with vcpuInUseByShare / vcpuInUseByQueue. Share ids are taken to be distinct across queues.
 * - costUsdPerHour: total price per hour of instances being billed (from billingStartsAt);
 * - costUsd: money accrued so far (the integral of costUsdPerHour, plus each instance's 60 s minimum
 *   top-up when it is terminated), written at every rate change and at the end; linear in between.
 * Every CE and queue series, costUsdPerHour and costUsd start with a 0 row at time 0.
 * The same change points can be handed to a listener as they are written (the viewer's series).
 */
import { Adder } from "d3-array";
import { LiveMap } from "../engine/live-map.ts";
import type { Fact, InstanceLaunched } from "../sim/index.ts";
import type { ReportContext } from "./context.ts";
import { type CsvOut, type CsvWriter, cellBytes, createCsvWriter, seconds, usd } from "./csv.ts";
import { Entitlement } from "./entitlement.ts";
import type { RowFold } from "./jobs-csv.ts";

/** timeseries.csv columns. */
export const TIMESERIES_CSV_COLUMNS = ["time", "metric", "key", "value"] as const;

interface JobInfo {
  readonly vcpus: number;
  readonly jobQueue: string;
  readonly shareIdentifier: string | null;
  /** Its series runnableJobs/<queue>, vcpuInUseByQueue/<queue> and vcpuInUseByShare/<share>. */
  readonly runnable: Slot;
  readonly inUseByQueue: Slot;
  readonly inUseByShare: Slot | null;
  /** Counted in its queue's entitlement (RUNNABLE once, until it ends). */
  active: boolean;
}

interface Instance {
  readonly computeEnvironment: string;
  readonly instanceType: string;
  readonly spot: boolean;
  readonly vcpu: number;
  /** The price now (a Spot price may change). */
  usdPerHour: number;
  /** Since when it accrues at usdPerHour (billingStartsAt, or the last price change). */
  rateSince: number;
  /** What it accrued before rateSince (already in settledUsd). */
  accruedUsd: number;
  billing: boolean;
}

/**
 * Receives each change point as timeseries.csv writes it, in file order: time in seconds and value
 * as written (rounded to the millisecond and, for money, to the nano-dollar).
 */
export type SeriesPointListener = (
  timeSeconds: number,
  metric: string,
  key: string,
  value: number,
) => void;

/**
 * Creates the timeseries.csv fold; the header is written at once. `onPoint`, if given, also gets
 * every row (so the viewer's series are the file's, computed once).
 */
export function createTimeseriesFold(
  ctx: ReportContext,
  write: CsvOut,
  onPoint?: SeriesPointListener,
): RowFold {
  return new TimeseriesFold(ctx, write, onPoint);
}

class TimeseriesFold implements RowFold {
  private readonly csv: CsvWriter;
  private readonly series = new Series();
  private readonly jobs = new LiveMap<number, JobInfo>();
  private readonly instances = new Map<string, Instance>();
  /** Instances launched but not billed yet, by billingStartsAt then launch order. */
  private notBilling: { id: string; at: number }[] = [];
  private readonly settledUsd = new Adder();
  private readonly rate = new Adder();
  /** Σ usdPerHour × rateSince over instances being billed. */
  private readonly rateStart = new Adder();
  private now = 0;
  private readonly entitlements = new Map<string, Entitlement>();
  private readonly ctx: ReportContext;
  private readonly onPoint: SeriesPointListener | undefined;

  constructor(ctx: ReportContext, write: CsvOut, onPoint?: SeriesPointListener) {
    this.ctx = ctx;
    this.onPoint = onPoint;
    this.csv = createCsvWriter(TIMESERIES_CSV_COLUMNS, write);
    for (const ce of ctx.computeEnvironments) this.series.set("vcpuProvisioned", ce.name, 0);
    for (const ce of ctx.computeEnvironments) this.series.set("vcpuInUse", ce.name, 0);
    for (const q of ctx.jobQueues) this.series.set("runnableJobs", q.name, 0);
    this.series.set("costUsdPerHour", "", 0);
    this.series.set("costUsd", "", 0);
  }

  onFact(f: Fact): void {
    this.advance(f.time);
    switch (f.kind) {
      case "JobSubmitted": {
        // The job's series are looked up once here, not at each of its changes (a slot that is
        // only looked up writes nothing).
        const share = f.shareIdentifier;
        this.jobs.set(f.jobKey, {
          vcpus: f.vcpus,
          jobQueue: f.jobQueue,
          shareIdentifier: share,
          runnable: this.series.slot("runnableJobs", f.jobQueue),
          inUseByQueue: this.series.slot("vcpuInUseByQueue", f.jobQueue),
          inUseByShare: share === null ? null : this.series.slot("vcpuInUseByShare", share),
          active: false,
        });
        return;
      }
      case "JobStateChanged":
        this.onStateChanged(f);
        return;
      case "JobAttemptEnded": {
        const job = this.jobs.get(f.jobKey);
        if (job) this.inUse(job, f.computeEnvironment, -1);
        return;
      }
      case "InstanceLaunched":
        this.onLaunched(f);
        return;
      case "InstanceTerminated":
        this.onTerminated(f.instanceId, f.billedUsd);
        return;
      case "SpotPriceChanged":
        this.onPriceChanged(f.instanceType, f.usdPerHour);
        return;
      case "RunEnded":
        this.series.set("costUsd", "", this.costAt(f.time));
        this.flush();
        return;
      default:
        return;
    }
  }

  finish(): void {
    this.flush();
    this.csv.flush();
  }

  private onStateChanged(f: Extract<Fact, { kind: "JobStateChanged" }>): void {
    const job = this.jobs.get(f.jobKey);
    if (!job) return;
    if (f.from === "RUNNABLE") this.series.addTo(job.runnable, -1);
    if (f.to === "RUNNABLE") this.series.addTo(job.runnable, 1);
    if (f.to === "STARTING") this.inUse(job, f.computeEnvironment, 1);
    if (job.shareIdentifier !== null && f.to === "RUNNABLE" && !job.active) {
      job.active = true;
      this.entitlement(job.jobQueue).change(job.shareIdentifier, 1);
    }
    if (f.to === "SUCCEEDED" || f.to === "FAILED") {
      if (job.active && job.shareIdentifier !== null)
        this.entitlement(job.jobQueue).change(job.shareIdentifier, -1);
      this.jobs.delete(f.jobKey);
    }
  }

  private entitlement(queue: string): Entitlement {
    let e = this.entitlements.get(queue);
    if (!e) {
      const weights = {
        weightFactor: this.ctx.weightFactor ?? (() => 1),
        prefixOf: this.ctx.prefixOf ?? (() => null),
      };
      e = new Entitlement(weights, (share, fraction) =>
        this.series.set("entitledShare", share, fraction),
      );
      this.entitlements.set(queue, e);
    }
    return e;
  }

  private inUse(job: JobInfo, ce: string | null, sign: 1 | -1): void {
    if (ce !== null) this.series.add("vcpuInUse", ce, sign * job.vcpus);
    this.series.addTo(job.inUseByQueue, sign * job.vcpus);
    if (job.inUseByShare !== null) this.series.addTo(job.inUseByShare, sign * job.vcpus);
  }

  private onLaunched(f: InstanceLaunched): void {
    const inst: Instance = {
      computeEnvironment: f.computeEnvironment,
      instanceType: f.instanceType,
      spot: f.purchaseOption === "SPOT",
      vcpu: f.vcpu,
      usdPerHour: f.usdPerHour,
      rateSince: f.billingStartsAt,
      accruedUsd: 0,
      billing: false,
    };
    this.instances.set(f.instanceId, inst);
    this.series.add("vcpuProvisioned", f.computeEnvironment, f.vcpu);
    if (f.billingStartsAt <= f.time) this.startBilling(inst);
    else {
      // After every entry due at or before it (what a stable sort of the appended entry gives).
      const list = this.notBilling;
      const at = f.billingStartsAt;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((list[mid] as { at: number }).at <= at) lo = mid + 1;
        else hi = mid;
      }
      if (lo === list.length) list.push({ id: f.instanceId, at });
      else list.splice(lo, 0, { id: f.instanceId, at });
    }
  }

  private onTerminated(instanceId: string, billedUsd: number): void {
    const inst = this.instances.get(instanceId);
    if (!inst) return;
    this.instances.delete(instanceId);
    // Only instances not billed yet wait in notBilling.
    if (!inst.billing) this.notBilling = this.notBilling.filter((p) => p.id !== instanceId);
    this.series.add("vcpuProvisioned", inst.computeEnvironment, -inst.vcpu);
    if (inst.billing) this.changeRate(inst, -1);
    this.settledUsd.add(billedUsd - inst.accruedUsd);
    this.series.set("costUsd", "", this.costAt(this.now));
  }

  /** Spot instances of the type accrue at the new price from now on. */
  private onPriceChanged(instanceType: string, usdPerHour: number): void {
    for (const inst of this.instances.values()) {
      if (!inst.spot || inst.instanceType !== instanceType) continue;
      if (inst.billing) {
        this.changeRate(inst, -1);
        const accrued = (inst.usdPerHour * (this.now - inst.rateSince)) / 3600;
        inst.accruedUsd += accrued;
        this.settledUsd.add(accrued);
        inst.rateSince = this.now;
        inst.usdPerHour = usdPerHour;
        this.changeRate(inst, 1);
      } else inst.usdPerHour = usdPerHour;
    }
  }

  private startBilling(inst: Instance): void {
    inst.billing = true;
    this.changeRate(inst, 1);
  }

  private changeRate(inst: Instance, sign: 1 | -1): void {
    this.rate.add(sign * inst.usdPerHour);
    this.rateStart.add(sign * inst.usdPerHour * inst.rateSince);
    this.series.set("costUsdPerHour", "", +this.rate);
    this.series.set("costUsd", "", this.costAt(this.now));
  }

  /** Money accrued at `time`: settled bills plus what live billed instances have accrued. */
  private costAt(time: number): number {
    return +this.settledUsd + (+this.rate * time - +this.rateStart) / 3600;
  }

  /** Moves the clock to `time`, starting the billing of instances whose billingStartsAt has come. */
  private advance(time: number): void {
    for (let next = this.notBilling[0]; next && next.at <= time; next = this.notBilling[0]) {
      this.notBilling.shift();
      this.moveTo(next.at);
      const inst = this.instances.get(next.id);
      if (inst) this.startBilling(inst);
    }
    this.moveTo(time);
  }

  private moveTo(time: number): void {
    if (time <= this.now) return;
    this.flush();
    this.now = time;
  }

  private flush(): void {
    const n = this.series.takeChanges();
    if (n === 0) return;
    const time = seconds(this.now) as number;
    const changes = this.series.taken;
    for (let i = 0; i < n; i++) {
      const slot = changes[i]!;
      const written = slot.money ? (usd(slot.value) as number) : slot.value;
      const csv = this.csv;
      csv.seconds(this.now);
      csv.encodedCells(slot.cells, 2);
      csv.num(written);
      csv.end();
      this.onPoint?.(time, slot.metric, slot.key, written);
    }
  }
}

/** Current values of every series, and which ones changed since the last takeChanges(). */
class Series {
  /** Slots by metric, then key: no string is built per change. */
  private readonly slots = new Map<string, Map<string, Slot>>();
  /**
   * Slots changed since the last takeChanges(), in the order of their first change: the first
   * `changedCount`. Both lists keep their storage: emptied with `length = 0`, an array drops its
   * store (V8), and the next pushes made a new one — at every change of simulated time.
   */
  private readonly changed: Slot[] = [];
  private changedCount = 0;
  /** What takeChanges() took: its first n (reused from call to call). */
  readonly taken: Slot[] = [];

  set(metric: string, key: string, value: number): void {
    this.setTo(this.slot(metric, key), value);
  }

  add(metric: string, key: string, delta: number): void {
    const slot = this.slot(metric, key);
    this.setTo(slot, slot.value + delta);
  }

  /** set() for a slot already looked up. */
  setTo(slot: Slot, value: number): void {
    slot.value = value;
    if (!slot.queued) {
      slot.queued = true;
      if (this.changedCount < this.changed.length) this.changed[this.changedCount] = slot;
      else this.changed.push(slot);
      this.changedCount++;
    }
  }

  /** add() for a slot already looked up. */
  addTo(slot: Slot, delta: number): void {
    this.setTo(slot, slot.value + delta);
  }

  /**
   * Takes the series whose value differs from the one last taken, in the order of their first
   * change since then, each marked as written: returns n, and they are taken[0] … taken[n − 1]
   * until the next call.
   */
  takeChanges(): number {
    const changed = this.changed;
    const taken = this.taken;
    let n = 0;
    for (let i = 0; i < this.changedCount; i++) {
      const slot = changed[i]!;
      slot.queued = false;
      if (slot.written === slot.value) continue;
      slot.written = slot.value;
      if (n < taken.length) taken[n] = slot;
      else taken.push(slot);
      n++;
    }
    this.changedCount = 0;
    return n;
  }

  /** The series metric/key, created (at 0, never written) if new. */
  slot(metric: string, key: string): Slot {
    let byKey = this.slots.get(metric);
    if (!byKey) {
      byKey = new Map();
      this.slots.set(metric, byKey);
    }
    let slot = byKey.get(key);
    if (!slot) {
      const money = metric === "costUsd" || metric === "costUsdPerHour";
      const cells = cellBytes([metric, key]);
      slot = { metric, key, cells, money, value: 0, written: undefined, queued: false };
      byKey.set(key, slot);
    }
    return slot;
  }
}

/** One series' current value, the value last written, and whether it waits in `changed`. */
interface Slot {
  readonly metric: string;
  readonly key: string;
  /** The row's metric and key cells, encoded once. */
  readonly cells: Uint8Array;
  /** Written rounded to the nano-dollar (costUsd, costUsdPerHour). */
  readonly money: boolean;
  value: number;
  written: number | undefined;
  queued: boolean;
}
