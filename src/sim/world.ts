import { attemptCostUsd, billInstance } from "../capacity/billing.ts";
import { ComputeEnvironmentState } from "../capacity/compute-environment.ts";
import { Instance } from "../capacity/instance.ts";
import type { TypeOption } from "../capacity/instance-choice.ts";
import { EventQueue } from "../engine/event-queue.ts";
import type { Rng } from "../engine/rng.ts";
import { compareStrings } from "../model/catalog.ts";
import { shapeOf } from "../model/shape.ts";
import type { Scenario } from "../scenario/types.ts";
import { sampleDistribution } from "../workload/distributions.ts";
import type { Submission } from "../workload/types.ts";
import type { FactSink, JobStatus } from "./facts.ts";
import { Job, makeInstanceId, makeJobId } from "./job.ts";
import { EVENT } from "./priorities.ts";
import { QueueState } from "./queue-state.ts";

/** "Essential container in task exited": the statusReason of an ordinary container exit (§1). */
export const CONTAINER_EXITED = "Essential container in task exited";
export const DEPENDENT_JOB_FAILED = "Dependent Job failed";

/**
 * The state of a simulated AWS Batch account and the mechanics that change it. Decisions (queue
 * order, placement, scale-out) live in scheduler/ and capacity/; the cycles in cycles.ts call them.
 */
export class World {
  readonly events = new EventQueue();
  readonly ces: ComputeEnvironmentState[];
  readonly queues: QueueState[];
  /** Queues in the order a cycle visits them: descending priority, then name (§13.1). */
  readonly queuesByPriority: QueueState[];
  readonly liveJobs = new Map<number, Job>();
  readonly liveInstances = new Map<number, Instance>();
  /** Explicit jobs by jobName (dependsOn targets), kept after they end. */
  readonly namedJobs = new Map<string, Job>();
  /** Jobs submitted since the last cycle, in submission order. */
  submitted: Job[] = [];
  /** PENDING jobs whose dependencies resolved (all succeeded, or one failed) since the last cycle. */
  resolved: Job[] = [];
  now = 0;
  /** Time of the last fact: the run's natural end when nothing more happens. */
  lastFactTime = 0;
  jobCount = 0;
  cyclePending = false;
  scalePending = false;
  /** jobNames that some explicit job depends on (kept in namedJobs). */
  readonly dependencyTargets = new Set<string>();
  private instanceCount = 0;
  private readonly readyRng: Map<ComputeEnvironmentState, Rng>;
  readonly scenario: Scenario;
  readonly sink: FactSink;

  constructor(scenario: Scenario, sink: FactSink, rng: Rng) {
    this.scenario = scenario;
    this.sink = sink;
    this.ces = scenario.computeEnvironments.map(
      (def, i) => new ComputeEnvironmentState(i, def, scenario),
    );
    const ceByName = new Map(this.ces.map((ce) => [ce.name, ce]));
    this.queues = scenario.jobQueues.map(
      (def, i) =>
        new QueueState(
          i,
          def,
          def.computeEnvironments.map((n) => ceByName.get(n)!),
        ),
    );
    this.queuesByPriority = [...this.queues].sort(
      (a, b) => b.def.priority - a.def.priority || compareStrings(a.name, b.name),
    );
    for (const stream of scenario.workload) {
      if (stream.kind !== "jobs") continue;
      for (const job of stream.jobs)
        for (const name of job.dependsOn) this.dependencyTargets.add(name);
    }
    this.readyRng = new Map(this.ces.map((ce) => [ce, rng.fork(`instanceReady/${ce.name}`)]));
  }

  // ---- jobs -------------------------------------------------------------------------------

  /** SubmitJob: the job exists, SUBMITTED, and waits for the next cycle (§13.1). */
  submit(sub: Submission): void {
    const queue = this.queues.find((q) => q.name === sub.spec.jobQueue);
    if (!queue) throw new Error(`invariant: unknown queue ${sub.spec.jobQueue}`);
    const order = this.jobCount++;
    const { spec } = sub;
    const job = new Job(
      order,
      makeJobId(order),
      sub.jobName,
      queue,
      spec,
      shapeOf(spec.vcpus, spec.memoryMiB, spec.gpus),
      this.now,
      sub.runtimeSeconds,
      sub.exitCode,
      sub.startingSeconds,
    );
    const dependsOn = sub.dependsOn.map((name) => this.linkDependency(job, name));
    if (this.dependencyTargets.has(sub.jobName)) this.namedJobs.set(job.jobName, job);
    this.liveJobs.set(order, job);
    this.fact({
      kind: "JobSubmitted",
      time: this.now,
      jobId: job.jobId,
      jobName: job.jobName,
      jobQueue: queue.name,
      jobDefinition: spec.jobDefinition,
      shareIdentifier: spec.shareIdentifier,
      schedulingPriority: spec.schedulingPriority,
      arrayJobId: null,
      arrayIndex: null,
      arraySize: null,
      vcpus: spec.vcpus,
      memoryMiB: spec.memoryMiB,
      gpus: spec.gpus,
      dependsOn,
      stream: sub.stream,
    });
    this.submitted.push(job);
    this.requestCycle();
  }

  private linkDependency(job: Job, name: string): string {
    const dep = this.namedJobs.get(name);
    if (!dep)
      throw new Error(`invariant: ${job.jobName} depends on ${name}, not submitted before it`);
    if (dep.status === "FAILED") job.depFailed = true;
    else if (dep.status !== "SUCCEEDED") {
      job.depsLeft++;
      if (dep.dependents) dep.dependents.push(job);
      else dep.dependents = [job];
    }
    return dep.jobId;
  }

  /** Moves a job to a new status with one JobStateChanged fact. */
  transition(job: Job, to: JobStatus, statusReason = ""): void {
    const from = job.status;
    job.status = to;
    job.statusReason = statusReason;
    const placed = to === "STARTING";
    this.fact({
      kind: "JobStateChanged",
      time: this.now,
      jobId: job.jobId,
      from,
      to,
      statusReason,
      attempt: job.attempt,
      instanceId: placed ? (job.instance?.instanceId ?? null) : null,
      computeEnvironment: placed ? (job.ce?.name ?? null) : null,
    });
    if (to === "RUNNABLE") job.queue.runnable.add(job);
    if (to === "SUCCEEDED" || to === "FAILED") this.finish(job);
  }

  /** RUNNABLE → STARTING on `instance` (§1: an ECS task is created). */
  place(job: Job, ce: ComputeEnvironmentState, instance: Instance): void {
    instance.take(job.shape, this.now);
    ce.updateRoom(instance);
    job.attempt++;
    job.instance = instance;
    job.ce = ce;
    job.startingAt = this.now;
    job.startedAt = Number.NaN;
    this.transition(job, "STARTING");
    this.events.push(this.now + job.startingSeconds, EVENT.JOB_RUNNING, job.order);
  }

  /** STARTING → RUNNING; the container runs for its drawn runtime. */
  onRunning(job: Job): void {
    job.startedAt = this.now;
    this.transition(job, "RUNNING");
    this.events.push(this.now + job.runtimeSeconds, EVENT.JOB_ATTEMPT_END, job.order);
  }

  /** The container exited: the attempt ends, the job succeeds or fails on its exit code. */
  onAttemptEnd(job: Job): void {
    const instance = job.instance!;
    const ce = job.ce!;
    instance.release(job.shape, this.now);
    ce.updateRoom(instance);
    const succeeded = job.exitCode === 0;
    this.fact({
      kind: "JobAttemptEnded",
      time: this.now,
      jobId: job.jobId,
      attempt: job.attempt,
      startingAt: job.startingAt,
      startedAt: job.startedAt,
      exitCode: job.exitCode,
      statusReason: CONTAINER_EXITED,
      reason: "",
      succeeded,
      instanceId: instance.instanceId,
      computeEnvironment: ce.name,
      instanceType: instance.type.instanceType,
      costUsd: attemptCostUsd(job.spec.vcpus, instance, job.startingAt, this.now),
    });
    this.transition(job, succeeded ? "SUCCEEDED" : "FAILED", CONTAINER_EXITED);
    if (instance.jobCount === 0) this.scheduleScaleIn(instance);
    this.requestCycle();
  }

  /** A terminal job leaves the hot structures and resolves its dependents. */
  private finish(job: Job): void {
    this.liveJobs.delete(job.order);
    for (const dependent of job.dependents ?? []) {
      if (job.status === "FAILED") dependent.depFailed = true;
      else dependent.depsLeft--;
      if (dependent.status === "PENDING" && (dependent.depFailed || dependent.depsLeft === 0)) {
        this.resolved.push(dependent);
      }
    }
    job.dependents = null;
    if (this.resolved.length > 0) this.requestCycle();
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
      makeInstanceId(index),
      ce.index,
      option.type,
      option.type.vcpu,
      option.usableMemoryMiB,
      option.type.onDemandUsdPerHour,
      this.now,
      billingStartsAt,
    );
    this.liveInstances.set(index, inst);
    ce.instances.add(inst);
    ce.launchedVcpus += inst.vcpus;
    this.fact({
      kind: "InstanceLaunched",
      time: this.now,
      instanceId: inst.instanceId,
      computeEnvironment: ce.name,
      instanceType: option.type.instanceType,
      purchaseOption: "ON_DEMAND",
      vcpu: inst.vcpus,
      memoryMiB: inst.memoryMiB,
      gpu: option.type.gpu,
      usdPerHour: inst.usdPerHour,
      billingStartsAt,
    });
    return inst;
  }

  /** The instance has booted and takes jobs. */
  onReady(inst: Instance): void {
    inst.ready = true;
    inst.readyAt = this.now;
    // Boot time was billed with no job on it: count it as idle, then idle time restarts now.
    inst.idleBilledSeconds += Math.max(
      0,
      this.now - Math.max(inst.idleSince, inst.billingStartsAt),
    );
    inst.idleSince = this.now;
    this.ces[inst.ceIndex]!.updateRoom(inst);
    this.fact({ kind: "InstanceReady", time: this.now, instanceId: inst.instanceId });
    this.scheduleScaleIn(inst);
    this.requestCycle();
  }

  /** Scale-in check at the first scaling cycle after `scaleInIdleSeconds` of idleness (§13.9). */
  scheduleScaleIn(inst: Instance): void {
    const ce = this.ces[inst.ceIndex]!;
    if (!ce.managed) return;
    const { scaleInIdleSeconds, scaleIntervalSeconds } = this.scenario.settings;
    const at = ceilTo(inst.idleSince + scaleInIdleSeconds, scaleIntervalSeconds);
    this.events.push(Math.max(at, this.now), EVENT.SCALE_IN_CHECK, inst.index);
  }

  /** Terminates the instance if it is still idle long enough and the CE stays at or above minvCpus. */
  onScaleInCheck(inst: Instance): void {
    const ce = this.ces[inst.ceIndex]!;
    if (inst.jobCount > 0 || !inst.ready) return;
    if (inst.idleSince + this.scenario.settings.scaleInIdleSeconds > this.now) return;
    if (ce.launchedVcpus - inst.vcpus < ce.minvCpus) return;
    this.terminate(inst, "scale-in");
  }

  /** The instance is gone: billed and removed. */
  terminate(inst: Instance, reason: string): void {
    const ce = this.ces[inst.ceIndex]!;
    const bill = billInstance(inst, this.now);
    this.liveInstances.delete(inst.index);
    ce.instances.delete(inst);
    ce.roomy.delete(inst);
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
    this.events.push(
      ceilTo(this.now, this.scenario.settings.schedulerIntervalSeconds),
      EVENT.SCHEDULER_CYCLE,
      0,
    );
  }

  /** Asks for a scaling cycle at the next multiple of scaleIntervalSeconds. */
  requestScale(): void {
    if (this.scalePending) return;
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
