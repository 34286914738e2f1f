import { billInstance } from "../capacity/billing.ts";
import { ComputeEnvironmentState } from "../capacity/compute-environment.ts";
import { Instance } from "../capacity/instance.ts";
import { BUCKET_MIDPOINT, type TypeOption } from "../capacity/instance-choice.ts";
import { PriceCurve } from "../capacity/price-curve.ts";
import { EventQueue } from "../engine/event-queue.ts";
import { LiveMap } from "../engine/live-map.ts";
import type { Rng } from "../engine/rng.ts";
import {
  compareStrings,
  type InstanceType,
  type SpotInterruptionBucket,
} from "../model/catalog.ts";
import { fargateSizeLabel, fargateUsdPerHour } from "../model/fargate.ts";
import type { JobSpec, Scenario } from "../scenario/types.ts";
import { sampleDistribution } from "../workload/distributions.ts";
import type { FactSink, PurchaseOption } from "./facts.ts";
import { type Job, makeInstanceId, makeTaskId, ORDER_STRIDE } from "./job.ts";
import { JobList } from "./job-list.ts";
import { LiveJobs } from "./live-jobs.ts";
import { EVENT } from "./priorities.ts";
import { QueueState } from "./queue-state.ts";
import { FairShareState } from "./share-state.ts";

const MAX_SCHEDULING_PRIORITY = 9999;
/** Queue positions of one priority level: room for 2^38 / ORDER_STRIDE ≈ 16.7 M submissions. */
const PRIORITY_STRIDE = 2 ** 38;

/**
 * The state of a simulated AWS Batch account and the mechanics of its instances. Jobs' mechanics
 * are in lifecycle.ts and arrays.ts; decisions (queue order, placement, scale-out) live in
 * scheduler/ and capacity/, called by the cycles in cycles.ts.
 */
export class World {
  readonly events = new EventQueue();
  readonly ces: ComputeEnvironmentState[];
  readonly queues: QueueState[];
  readonly queueByName: Map<string, QueueState>;
  /** Queues in the order a cycle visits them: descending priority, then name (§13.1). */
  queuesByPriority: QueueState[];
  /** Live jobs by key (the event payload). */
  readonly liveJobs = new LiveJobs();
  readonly liveInstances = new Map<number, Instance>();
  /** Jobs that a later submission or action names (dependsOn, cancelJob…), kept after they end. */
  readonly namedJobs = new LiveMap<string, Job>();
  /** jobNames of rejected submissions that later submissions may name. */
  readonly rejectedNames = new Set<string>();
  /** jobNames that actions name: never forgotten. */
  readonly actionTargets = new Set<string>();
  /** Jobs submitted since the last cycle, in submission order. */
  readonly submitted = new JobList();
  /** PENDING jobs whose dependencies resolved (all succeeded, or one failed) since the last cycle. */
  readonly resolved = new JobList();
  now = 0;
  /** Time of the last fact: the run's natural end when nothing more happens. */
  lastFactTime = 0;
  /** Top-level jobs submitted (numbers their jobIds). */
  jobCount = 0;
  /** Keys of every job, children included. */
  keyCount = 0;
  /** Queue positions handed out, in units of ORDER_STRIDE. */
  orderCount = 0;
  cyclePending = false;
  /**
   * When the requested scheduler cycle runs (NaN: none is kept here). simulate() runs it in its place
   * in the event order, as if it were in the heap: a plain queue asks for about two cycles per job,
   * two of its five events, and this saves their pushes and pops.
   */
  cycleAt = Number.NaN;
  scalePending = false;
  private instanceCount = 0;
  readonly rng: Rng;
  private readonly readyRng: Map<ComputeEnvironmentState, Rng>;
  private readonly spotRng = new Map<ComputeEnvironmentState, Rng>();
  /** Spot prices over time, by instance type (catalog.spot.prices); absent: the catalog price. */
  readonly spotCurves = new Map<string, PriceCurve>();
  /** Every Spot price change, by time then type (the SPOT_PRICE events' payloads index it). */
  readonly spotPriceChanges: { atSeconds: number; instanceType: string; usdPerHour: number }[] = [];
  /** The pseudo instance types of Fargate task sizes, by label. */
  private readonly taskTypes = new Map<string, InstanceType>();
  /** Live instances by type (settings.poolCapacity limits them). */
  private readonly liveByType = new Map<string, number>();
  /** Instance types a capacityUnavailable action took away, until when. */
  readonly unavailableUntil = new Map<string, number>();
  /** How many more instances of a type the pool allows now. */
  readonly pool = {
    left: (instanceType: string): number => {
      if ((this.unavailableUntil.get(instanceType) ?? Number.NEGATIVE_INFINITY) > this.now)
        return 0;
      const cap = this.scenario.settings.poolCapacity[instanceType];
      return cap === undefined
        ? Number.POSITIVE_INFINITY
        : cap - (this.liveByType.get(instanceType) ?? 0);
    },
  };
  /** Whether the pool of an option's type is full now. */
  readonly poolFull = (option: TypeOption): boolean =>
    this.pool.left(option.type.instanceType) <= 0;
  readonly scenario: Scenario;
  readonly sink: FactSink;
  /** No `until`, and no submission or action is left: only the jobs already submitted can change. */
  workDone = false;
  /** Some CE launches instances (MANAGED EC2/Spot): without one, no scaling cycle is ever needed. */
  readonly canScaleOut: boolean;

  constructor(scenario: Scenario, sink: FactSink, rng: Rng) {
    this.scenario = scenario;
    this.sink = sink;
    this.ces = scenario.computeEnvironments.map(
      (def, i) => new ComputeEnvironmentState(i, def, scenario),
    );
    this.canScaleOut = this.ces.some((ce) => ce.managed && !ce.fargate);
    const ceByName = new Map(this.ces.map((ce) => [ce.name, ce]));
    this.queues = scenario.jobQueues.map(
      (def, i) =>
        new QueueState(
          i,
          def,
          def.computeEnvironments.map((n) => ceByName.get(n)!),
        ),
    );
    this.queueByName = new Map(this.queues.map((q) => [q.name, q]));
    for (const queue of this.queues) {
      const policy = scenario.schedulingPolicies.find((p) => p.name === queue.def.schedulingPolicy);
      if (policy) queue.fair = new FairShareState(policy, scenario.settings.shareDecayZeroSeconds);
    }
    this.queuesByPriority = [];
    this.sortQueues();
    for (const action of scenario.actions) {
      if (action.kind === "cancelJob" || action.kind === "terminateJob") {
        this.actionTargets.add(action.jobName);
      }
    }
    for (const series of scenario.spotPrices) {
      const initial = scenario.catalog.byName.get(series.instanceType)?.spotUsdPerHour ?? 0;
      this.spotCurves.set(series.instanceType, PriceCurve.steps(initial, series.points));
      for (const p of series.points)
        this.spotPriceChanges.push({ ...p, instanceType: series.instanceType });
    }
    this.spotPriceChanges.sort(
      (a, b) => a.atSeconds - b.atSeconds || compareStrings(a.instanceType, b.instanceType),
    );
    this.rng = rng;
    this.readyRng = new Map(this.ces.map((ce) => [ce, rng.fork(`instanceReady/${ce.name}`)]));
  }

  /**
   * A new queue position for a job of `spec` (submission, or a retry sent to the back): FIFO order;
   * in a fair-share queue higher schedulingPriority first, then FIFO (§13.10).
   */
  nextOrder(spec: JobSpec): number {
    const base = this.orderCount++ * ORDER_STRIDE;
    const priority = spec.shareIdentifier !== null ? (spec.schedulingPriority ?? 0) : 0;
    return (MAX_SCHEDULING_PRIORITY - priority) * PRIORITY_STRIDE + base;
  }

  /** Re-sorts the queues by descending priority, then name (after an updateJobQueue). */
  sortQueues(): void {
    this.queuesByPriority = [...this.queues].sort(
      (a, b) => b.priority - a.priority || compareStrings(a.name, b.name),
    );
  }

  /** Forgets every cached "can this ever run here" answer (after a CE or queue update). */
  configurationChanged(): void {
    for (const ce of this.ces) ce.forgetFits();
    for (const queue of this.queues) {
      queue.forgetNever();
      queue.blockedBy = null;
    }
    this.requestCycle();
  }

  // ---- instances --------------------------------------------------------------------------

  /** Launches one instance of `option` in `ce` now; it becomes ready after its boot latency. */
  launch(ce: ComputeEnvironmentState, option: TypeOption): Instance {
    const { settings } = this.scenario;
    const inst = this.newInstance(ce, option, this.now + settings.instanceBillingDelaySeconds);
    const latency =
      option.type.gpu > 0 ? settings.gpuInstanceReadySeconds : settings.instanceReadySeconds;
    const readyIn = sampleDistribution(latency, this.readyRng.get(ce)!);
    this.events.push(this.now + readyIn, EVENT.INSTANCE_READY, inst.index);
    if (ce.spot) {
      const lifetime = this.spotLifetime(ce, option.type.spotInterruptionBucket);
      this.events.push(this.now + lifetime, EVENT.SPOT_NOTICE, inst.index);
    }
    return inst;
  }

  /**
   * A Fargate task for `job` in `ce` (§7, §13.19): sized to the job, present at once, billed from now
   * (STARTING) at the Fargate rates of the job's size and architecture; a FARGATE_SPOT task may be
   * interrupted with the hazard of settings.fargateSpotInterruptionBucket.
   */
  startTask(ce: ComputeEnvironmentState, job: Job): Instance {
    const { spec } = job;
    const option = ce.fargateSpot ? "FARGATE_SPOT" : "FARGATE";
    const label = fargateSizeLabel(spec.vcpus, spec.memoryMiB);
    const key = `${label}/${spec.cpuArchitecture}/${spec.ephemeralStorageGiB}`;
    let type = this.taskTypes.get(key);
    if (!type) {
      const price = (o: "FARGATE" | "FARGATE_SPOT") =>
        fargateUsdPerHour(
          o,
          spec.cpuArchitecture,
          spec.vcpus,
          spec.memoryMiB,
          spec.ephemeralStorageGiB,
        );
      type = {
        instanceType: label,
        family: "fargate",
        vcpu: spec.vcpus,
        memoryGiB: spec.memoryMiB / 1024,
        gpu: 0,
        gpuModel: "",
        arch: spec.cpuArchitecture === "ARM64" ? "arm64" : "x86_64",
        onDemandUsdPerHour: price("FARGATE"),
        spotUsdPerHour: price("FARGATE_SPOT"),
        spotInterruptionBucket: this.scenario.settings.fargateSpotInterruptionBucket,
      };
      this.taskTypes.set(key, type);
    }
    const usdPerHour = option === "FARGATE_SPOT" ? type.spotUsdPerHour! : type.onDemandUsdPerHour;
    const inst = this.newInstance(
      ce,
      { type, usableMemoryMiB: spec.memoryMiB, usdPerHour, listIndex: 0 },
      this.now,
    );
    inst.task = true;
    inst.ready = true;
    inst.readyAt = this.now;
    inst.idleSince = this.now;
    this.fact({ kind: "InstanceReady", time: this.now, instanceId: inst.instanceId });
    if (ce.fargateSpot) {
      const lifetime = this.spotLifetime(ce, type.spotInterruptionBucket);
      this.events.push(this.now + lifetime, EVENT.SPOT_NOTICE, inst.index);
    }
    return inst;
  }

  /** An UNMANAGED fleet member: present and ready from time 0, billed from 0. */
  addFleetInstance(ce: ComputeEnvironmentState, option: TypeOption): void {
    const inst = this.newInstance(ce, option, 0);
    this.onReady(inst);
  }

  private newInstance(
    ce: ComputeEnvironmentState,
    option: TypeOption,
    billingStartsAt: number,
  ): Instance {
    const index = this.instanceCount++;
    const inst = new Instance(
      index,
      ce.fargate ? makeTaskId(index) : makeInstanceId(index),
      ce.index,
      option.type,
      option.type.vcpu,
      option.usableMemoryMiB,
      option.usdPerHour,
      this.now,
      billingStartsAt,
    );
    if (ce.spot) inst.price = this.spotCurves.get(option.type.instanceType) ?? inst.price;
    this.liveInstances.set(index, inst);
    const type = option.type.instanceType;
    if (!ce.fargate) this.liveByType.set(type, (this.liveByType.get(type) ?? 0) + 1);
    ce.instances.add(inst);
    ce.launchedVcpus += inst.vcpus;
    this.fact({
      kind: "InstanceLaunched",
      time: this.now,
      instanceId: inst.instanceId,
      computeEnvironment: ce.name,
      instanceType: option.type.instanceType,
      purchaseOption: purchaseOptionOf(ce),
      vcpu: inst.vcpus,
      memoryMiB: inst.memoryMiB,
      gpu: option.type.gpu,
      usdPerHour: inst.usdPerHour,
      onDemandUsdPerHour: option.type.onDemandUsdPerHour,
      billingStartsAt,
    });
    return inst;
  }

  /**
   * Time from launch to a Spot instance's interruption notice (§13.13): exponential with the constant
   * hazard λ = −ln(1 − p) / 730 h, p = its interruption bucket's midpoint; drawn in launch order from
   * the CE's own `spot/<CE>` stream.
   */
  private spotLifetime(ce: ComputeEnvironmentState, bucket: SpotInterruptionBucket): number {
    let rng = this.spotRng.get(ce);
    if (!rng) {
      rng = this.rng.fork(`spot/${ce.name}`);
      this.spotRng.set(ce, rng);
    }
    const p = BUCKET_MIDPOINT[bucket];
    const hazardPerSecond = -Math.log(1 - p) / (730 * 3600);
    return -Math.log(1 - rng.next()) / hazardPerSecond;
  }

  /** The instance has booted and takes jobs. */
  onReady(inst: Instance): void {
    inst.ready = true;
    inst.readyAt = this.now;
    // Boot time was billed with no job on it: count it as idle, then idle time restarts now.
    inst.addIdle(inst.idleSince, this.now);
    inst.idleSince = this.now;
    this.ces[inst.ceIndex]!.updateRoom(inst);
    this.fact({ kind: "InstanceReady", time: this.now, instanceId: inst.instanceId });
    this.scheduleScaleIn(inst);
    this.requestCycle();
  }

  /**
   * How long an idle instance is kept (§13.9): scalingPolicy.minScaleDownDelayMinutes after its last
   * job when the CE has one (not for instances that never ran a job), else scaleInIdleSeconds.
   */
  private idleLimit(ce: ComputeEnvironmentState, inst: Instance): number {
    const delay = ce.def.computeResources?.minScaleDownDelaySeconds ?? null;
    return delay !== null && inst.hasRunJob ? delay : this.scenario.settings.scaleInIdleSeconds;
  }

  /** Scale-in check at the first scaling cycle after `scaleInIdleSeconds` of idleness (§13.9). */
  scheduleScaleIn(inst: Instance): void {
    const ce = this.ces[inst.ceIndex]!;
    if (!ce.managed) return;
    const at = ceilTo(
      inst.idleSince + this.idleLimit(ce, inst),
      this.scenario.settings.scaleIntervalSeconds,
    );
    this.events.push(Math.max(at, this.now), EVENT.SCALE_IN_CHECK, inst.index);
  }

  /** Terminates the instance if it is still idle long enough and the CE stays at or above minvCpus. */
  onScaleInCheck(inst: Instance): void {
    const ce = this.ces[inst.ceIndex]!;
    if (inst.jobCount > 0 || !inst.ready || inst.reclaiming) return;
    if (inst.idleSince + this.idleLimit(ce, inst) > this.now) return;
    if (ce.launchedVcpus - inst.vcpus < ce.minvCpus) return;
    this.terminate(inst, "scale-in");
  }

  /** The instance is gone: billed and removed. */
  terminate(inst: Instance, reason: string): void {
    const ce = this.ces[inst.ceIndex]!;
    const bill = billInstance(inst, this.now);
    this.liveInstances.delete(inst.index);
    if (!ce.fargate) {
      this.liveByType.set(
        inst.type.instanceType,
        (this.liveByType.get(inst.type.instanceType) ?? 1) - 1,
      );
    }
    ce.instances.delete(inst);
    ce.forgetRoom(inst);
    ce.launchedVcpus -= inst.vcpus;
    ce.noteInstanceGone();
    this.fact({
      kind: "InstanceTerminated",
      time: this.now,
      instanceId: inst.instanceId,
      reason,
      ...bill,
    });
  }

  // ---- cycles -----------------------------------------------------------------------------

  /** Asks for a scheduler cycle at the next multiple of schedulerIntervalSeconds (now when 0). */
  requestCycle(): void {
    if (this.cyclePending) return;
    this.cyclePending = true;
    const at = ceilTo(this.now, this.scenario.settings.schedulerIntervalSeconds);
    // A second request while the first still waits (a cycle of an action ran and cleared
    // cyclePending) goes into the heap.
    if (Number.isNaN(this.cycleAt)) this.cycleAt = at;
    else this.events.push(at, EVENT.SCHEDULER_CYCLE, 0);
  }

  /** Asks for a scaling cycle at the next multiple of scaleIntervalSeconds. */
  requestScale(): void {
    if (this.scalePending || !this.canScaleOut) return;
    this.scalePending = true;
    this.events.push(
      ceilTo(this.now, this.scenario.settings.scaleIntervalSeconds),
      EVENT.SCALE_OUT,
      0,
    );
  }

  fact(f: Parameters<FactSink>[0]): void {
    this.lastFactTime = f.time;
    this.sink(f);
  }
}

/** The first multiple of `step` at or after `t` (t itself when step is 0). */
export function ceilTo(t: number, step: number): number {
  // The epsilon keeps float noise just above a multiple from skipping a whole cycle; max() keeps
  // the result from ever being before t (and turns -0 into 0).
  return step > 0 ? Math.max(t, Math.ceil(t / step - 1e-9) * step) : t;
}

/** What a CE's instances (or tasks) are bought as. */
export function purchaseOptionOf(ce: ComputeEnvironmentState): PurchaseOption {
  if (ce.fargate) return ce.fargateSpot ? "FARGATE_SPOT" : "FARGATE";
  return ce.spot ? "SPOT" : "ON_DEMAND";
}
