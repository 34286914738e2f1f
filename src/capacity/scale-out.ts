import { fitCount, fits, type Room, type Shape, shapeOf } from "../model/shape.ts";
import type { ComputeEnvironmentState, PoolFull } from "./compute-environment.ts";
import type { Instance } from "./instance.ts";
import type { TypeOption } from "./instance-choice.ts";

/** How many more instances of a type settings.poolCapacity allows now (Infinity: no limit). */
export interface Pool {
  left(instanceType: string): number;
}
const UNLIMITED: Pool = { left: () => Number.POSITIVE_INFINITY };

/** RUNNABLE jobs of one shape in one queue, waiting for capacity. */
export interface Demand {
  /** The queue's CEs in ascending `order`. */
  readonly computeEnvironments: readonly ComputeEnvironmentState[];
  readonly shape: Shape;
  readonly count: number;
}

/** One instance to launch. */
export interface Launch {
  readonly ce: ComputeEnvironmentState;
  readonly option: TypeOption;
}

/**
 * One scaling cycle's scale-out (aws-batch-model.md §13.5): demand, in queue priority order, is
 * packed first onto the free room of launched instances (booting or ready) and then onto new
 * instances, CE by CE in the queue's order (a CE takes what it can before the rest spills to the
 * next), never past maxvCpus (or its one-instance overshoot). Packing is a what-if on copies of the
 * instances' free room; the only state it sets is a BEST_FIT CE's kept type.
 */
export function planScaleOut(demands: readonly Demand[], pool: Pool = UNLIMITED): Launch[] {
  if (demands.length === 0) return [];
  keepBestFitTypes(demands);
  const planned0 = new Map<string, number>();
  const poolFull: PoolFull = (o) =>
    pool.left(o.type.instanceType) - (planned0.get(o.type.instanceType) ?? 0) <= 0;
  const onLaunch = (o: TypeOption) =>
    planned0.set(o.type.instanceType, (planned0.get(o.type.instanceType) ?? 0) + 1);
  const rooms = new PlanRooms();
  const planned = new Map<ComputeEnvironmentState, { vcpus: number; rooms: Room[] }>();
  const launches: Launch[] = [];
  for (const demand of demands) {
    let left = demand.count;
    for (const ce of demand.computeEnvironments) {
      if (left === 0) break;
      if (!ce.enabled || !ce.canEverFit(demand.shape)) continue;
      if (ce.fargate) continue; // Fargate has nothing to launch ahead: tasks start with their jobs
      let plan = planned.get(ce);
      if (!plan) {
        plan = { vcpus: 0, rooms: [] };
        planned.set(ce, plan);
      }
      if (demand.shape.nodes > 0) {
        left = planGangs(ce, demand.shape, left, rooms, plan, launches, poolFull, onLaunch);
        continue;
      }
      left = packOntoLive(ce, demand.shape, left, rooms);
      left = packOntoPlanned(plan.rooms, demand.shape, left);
      left = launchFor(ce, demand.shape, left, plan, launches, poolFull, onLaunch);
    }
  }
  return launches;
}

/**
 * The free room of launched instances as one plan has used it so far (a copy per instance it
 * touched). Kept on the instances, marked with the plan's stamp, not in a Map keyed by instance: a
 * plan looks up every instance of a CE per demand, and the hash lookups were most of its time.
 */
class PlanRooms {
  private static plans = 0;
  private readonly stamp = ++PlanRooms.plans;

  get(inst: Instance): Room | undefined {
    return inst.planStamp === this.stamp ? (inst.planRoom ?? undefined) : undefined;
  }

  has(inst: Instance): boolean {
    return inst.planStamp === this.stamp;
  }

  set(inst: Instance, room: Room): void {
    inst.planStamp = this.stamp;
    inst.planRoom = room;
  }
}

function packOntoLive(
  ce: ComputeEnvironmentState,
  shape: Shape,
  count: number,
  rooms: PlanRooms,
): number {
  let left = count;
  for (const inst of ce.instances) {
    if (left === 0) break;
    let room = rooms.get(inst);
    if (!room) {
      // Most instances are full: skip them without copying their room (takeFrom would take 0).
      if (!fits(inst, shape)) continue;
      room = {
        freeVcpus: inst.freeVcpus,
        freeMemoryMiB: inst.freeMemoryMiB,
        freeGpus: inst.freeGpus,
      };
      rooms.set(inst, room);
    }
    left -= takeFrom(room, shape, left);
  }
  return left;
}

function packOntoPlanned(rooms: readonly Room[], shape: Shape, count: number): number {
  let left = count;
  for (const room of rooms) {
    if (left === 0) break;
    left -= takeFrom(room, shape, left);
  }
  return left;
}

function launchFor(
  ce: ComputeEnvironmentState,
  shape: Shape,
  count: number,
  plan: { vcpus: number; rooms: Room[] },
  launches: Launch[],
  poolFull: PoolFull,
  onLaunch: (o: TypeOption) => void,
): number {
  let left = count;
  while (left > 0) {
    const option = ce.chooseType(shape, poolFull);
    if (!option || !canLaunchMore(ce, plan.vcpus, option)) break;
    const room: Room = {
      freeVcpus: option.type.vcpu,
      freeMemoryMiB: option.usableMemoryMiB,
      freeGpus: option.type.gpu,
    };
    const taken = takeFrom(room, shape, left);
    if (taken === 0) break;
    left -= taken;
    plan.vcpus += option.type.vcpu;
    plan.rooms.push(room);
    launches.push({ ce, option });
    onLaunch(option);
  }
  return left;
}

function canLaunchMore(
  ce: ComputeEnvironmentState,
  plannedVcpus: number,
  option: TypeOption,
): boolean {
  if (!ce.managed || !ce.enabled) return false;
  const launched = ce.launchedVcpus + plannedVcpus;
  if (launched + option.type.vcpu <= ce.maxvCpus) return true;
  return ce.overshootAllowed && launched < ce.maxvCpus;
}

/** Takes room for up to `count` jobs of `shape`; returns how many it took. */
function takeFrom(room: Room, shape: Shape, count: number): number {
  const n = Math.min(count, fitCount(room, shape));
  room.freeVcpus -= n * shape.vcpus;
  room.freeMemoryMiB -= n * shape.memoryMiB;
  room.freeGpus -= n * shape.gpus;
  return n;
}

/** BEST_FIT CEs with no kept type choose it for the largest job (component-wise) that may go there. */
function keepBestFitTypes(demands: readonly Demand[]): void {
  const largest = new Map<ComputeEnvironmentState, { v: number; m: number; g: number }>();
  for (const { computeEnvironments, shape } of demands) {
    for (const ce of computeEnvironments) {
      if (ce.strategy !== "BEST_FIT" || ce.keptType || !ce.canEverFit(shape)) continue;
      const l = largest.get(ce) ?? { v: 0, m: 0, g: 0 };
      largest.set(ce, {
        v: Math.max(l.v, shape.vcpus),
        m: Math.max(l.m, shape.memoryMiB),
        g: Math.max(l.g, shape.gpus),
      });
    }
  }
  for (const [ce, l] of largest) ce.keepTypeFor(shapeOf(l.v, l.m, l.g));
}

/**
 * Gangs (multi-node jobs): each needs `nodes` whole instances of one type. Empty live instances of
 * that type are claimed first, then new ones launched; a gang that cannot be completed in this CE
 * keeps what it claimed (conservative) and the rest of the demand spills on.
 */
function planGangs(
  ce: ComputeEnvironmentState,
  shape: Shape,
  count: number,
  rooms: PlanRooms,
  plan: { vcpus: number; rooms: Room[] },
  launches: Launch[],
  poolFull: PoolFull,
  onLaunch: (o: TypeOption) => void,
): number {
  const option = ce.gangType(shape);
  if (!option) return count;
  let left = count;
  while (left > 0) {
    let need = shape.nodes;
    for (const inst of ce.instances) {
      if (need === 0) break;
      if (inst.jobCount > 0 || inst.type !== option.type || rooms.has(inst)) continue;
      rooms.set(inst, { freeVcpus: 0, freeMemoryMiB: 0, freeGpus: 0 }); // claimed whole
      need--;
    }
    while (need > 0 && !poolFull(option) && canLaunchMore(ce, plan.vcpus, option)) {
      plan.vcpus += option.type.vcpu;
      launches.push({ ce, option });
      onLaunch(option);
      need--;
    }
    if (need > 0) break;
    left--;
  }
  return left;
}
