import type { InstanceType } from "../model/catalog.ts";
import type { Room, Shape } from "../model/shape.ts";
import { PriceCurve } from "./price-curve.ts";

/**
 * Usable memory of an instance type for jobs, MiB (aws-batch-model.md §13.7):
 * nominal × (1 − overheadPercent/100) − overheadMiB, rounded down.
 * AWS: the ECS agent registers less than the nominal memory and the AMI reserves 32 MiB.
 */
export function usableMemoryMiB(
  type: InstanceType,
  overheadPercent: number,
  overheadMiB: number,
): number {
  return Math.max(0, Math.floor(type.memoryGiB * 1024 * (1 - overheadPercent / 100) - overheadMiB));
}

/**
 * One EC2 instance (or an UNMANAGED fleet member, or a Fargate task sized to its one job) while it
 * exists.
 */
export class Instance implements Room {
  freeVcpus: number;
  freeMemoryMiB: number;
  freeGpus: number;
  /** Ready to take jobs (booted). */
  ready = false;
  /** Jobs placed on it now (STARTING or RUNNING). */
  jobCount = 0;
  /** When it last had no job (valid while jobCount is 0). */
  idleSince: number;
  /** Billed seconds with no job so far (up to idleSince when idle). */
  idleBilledSeconds = 0;
  /** The same time in money, at the price of each moment (used when the price changes over time). */
  idleBilledUsd = 0;
  readyAt = Number.NaN;
  /** A Spot interruption notice came: no new placements; it is reclaimed after the notice period. */
  reclaiming = false;
  /** Some job has been placed on it (scalingPolicy's delay applies only then). */
  hasRunJob = false;
  /** A Fargate task: made for one job attempt, gone when it ends; billed in full to that attempt. */
  task = false;
  /** What it pays over time (the market price for Spot; constant otherwise). */
  price: PriceCurve;
  /**
   * Keys of the jobs on it, in no particular order (a reclaim must end them): a list, as a Set's
   * storage is remade as it empties and fills, job after job.
   */
  readonly occupants: number[] = [];
  /** The group of its CE's room index it is in (room-index.ts), or null: not eligible for placements. */
  roomGroup: object | null = null;
  /**
   * Scale-out planning's copy of its free room (scale-out.ts), valid while planStamp is the stamp of
   * the plan being made.
   */
  planStamp = 0;
  planRoom: Room | null = null;

  /** Dense index for the event queue payload. */
  readonly index: number;
  readonly instanceId: string;
  readonly ceIndex: number;
  readonly type: InstanceType;
  readonly vcpus: number;
  readonly memoryMiB: number;
  /** The price per hour at launch. */
  readonly usdPerHour: number;
  readonly launchedAt: number;
  readonly billingStartsAt: number;

  constructor(
    index: number,
    instanceId: string,
    ceIndex: number,
    type: InstanceType,
    vcpus: number,
    memoryMiB: number,
    usdPerHour: number,
    launchedAt: number,
    billingStartsAt: number,
  ) {
    this.index = index;
    this.instanceId = instanceId;
    this.ceIndex = ceIndex;
    this.type = type;
    this.vcpus = vcpus;
    this.memoryMiB = memoryMiB;
    this.usdPerHour = usdPerHour;
    this.price = PriceCurve.constant(usdPerHour);
    this.launchedAt = launchedAt;
    this.billingStartsAt = billingStartsAt;
    this.freeVcpus = vcpus;
    this.freeMemoryMiB = memoryMiB;
    this.freeGpus = type.gpu;
    this.idleSince = launchedAt;
  }

  /** Takes room for job `jobId` at `time` (seconds); throws if it does not fit (a scheduler bug). */
  take(shape: Shape, time: number, jobId: string): void {
    if (
      !this.ready ||
      this.freeVcpus < shape.vcpus ||
      this.freeMemoryMiB < shape.memoryMiB ||
      this.freeGpus < shape.gpus
    ) {
      throw this.noRoom(shape, time, jobId);
    }
    if (this.jobCount === 0) this.addIdle(this.idleSince, time);
    this.hasRunJob = true;
    this.freeVcpus -= shape.vcpus;
    this.freeMemoryMiB -= shape.memoryMiB;
    this.freeGpus -= shape.gpus;
    this.jobCount++;
  }

  /** Counts [from, to] as billed time with no job (the part in the billing window). */
  addIdle(from: number, to: number): void {
    this.idleBilledSeconds += billedOverlap(this, from, to);
    if (!this.price.constant) this.idleBilledUsd += billedUsdBetween(this, from, to);
  }

  /** Gives back the room of job `jobId` at `time` (seconds). */
  release(shape: Shape, time: number, jobId: string): void {
    this.freeVcpus += shape.vcpus;
    this.freeMemoryMiB += shape.memoryMiB;
    this.freeGpus += shape.gpus;
    this.jobCount--;
    if (
      this.jobCount < 0 ||
      this.freeVcpus > this.vcpus ||
      this.freeMemoryMiB > this.memoryMiB ||
      this.freeGpus > this.type.gpu
    ) {
      throw this.overReleased(time, jobId);
    }
    if (this.jobCount === 0) this.idleSince = time;
  }

  // The invariant errors are made apart from take() and release(): V8 inlines a function into its
  // callers only while the inlined bytecode fits a budget, and a message template would count in it
  // (docs/design.md, performance notes).
  private noRoom(shape: Shape, time: number, jobId: string): Error {
    return new Error(
      `invariant: instance ${this.instanceId} at ${time} s: job ${jobId} placed on it needs ` +
        `${shape.vcpus} vCPU / ${shape.memoryMiB} MiB / ${shape.gpus} GPU but ${this.type.instanceType} has ` +
        `${this.freeVcpus} vCPU / ${this.freeMemoryMiB} MiB / ${this.freeGpus} GPU free${this.ready ? "" : " and is not ready"}`,
    );
  }

  private overReleased(time: number, jobId: string): Error {
    return new Error(
      `invariant: instance ${this.instanceId} at ${time} s: job ${jobId} released more than was placed on it`,
    );
  }

  /** Whether the instance has room for at least something. */
  /** Takes a job's key out of occupants. */
  removeOccupant(key: number): void {
    const o = this.occupants;
    const i = o.indexOf(key);
    if (i < 0) return;
    const last = o.pop() as number;
    if (i < o.length) o[i] = last;
  }

  hasRoom(): boolean {
    return this.freeVcpus > 0 && this.freeMemoryMiB > 0;
  }
}

/** Seconds of [from, to] that fall in the instance's billing window (from billingStartsAt on). */
export function billedOverlap(instance: Instance, from: number, to: number): number {
  return Math.max(0, to - Math.max(from, instance.billingStartsAt));
}

/** What the part of [from, to] in the instance's billing window cost. */
export function billedUsdBetween(instance: Instance, from: number, to: number): number {
  return instance.price.usd(Math.max(from, instance.billingStartsAt), to);
}
