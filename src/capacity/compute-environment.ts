import { expandInstanceTypes, type InstanceType } from "../model/catalog.ts";
import type { Shape } from "../model/shape.ts";
import type { ComputeEnvironment, Scenario } from "../scenario/types.ts";
import { type Instance, usableMemoryMiB } from "./instance.ts";
import { firstFitting, strategyOrder, type TypeOption, typeFits } from "./instance-choice.ts";
import { RoomIndex } from "./room-index.ts";

/** Whether settings.poolCapacity allows no more instances of a type now. */
export type PoolFull = (option: TypeOption) => boolean;
const NEVER_FULL: PoolFull = () => false;

/** The live state of one compute environment: its instances and what it may launch. */
export class ComputeEnvironmentState {
  readonly name: string;
  readonly managed: boolean;
  /** Current values (UpdateComputeEnvironment may change them during a run). */
  minvCpus: number;
  maxvCpus: number;
  desiredvCpus: number;
  state: "ENABLED" | "DISABLED";
  /** EC2 BEST_FIT never exceeds maxvCpus; every other strategy may overshoot by one instance (§13.5). */
  readonly overshootAllowed: boolean;
  /** A SPOT compute environment (instances are Spot, priced and interrupted as such). */
  readonly spot: boolean;
  /**
   * A FARGATE or FARGATE_SPOT compute environment: no instances to choose or scale — each job
   * attempt runs as a task sized to the job, and maxvCpus caps the sum of the tasks' vCPU (§7).
   */
  readonly fargate: boolean;
  /** FARGATE_SPOT: tasks are priced and interrupted as Fargate Spot. */
  readonly fargateSpot: boolean;
  /** Allowed types whose Spot price is above bidPercentage: not launched while it is. */
  overBid: readonly TypeOption[];
  /** Types it may launch, in the order its allocation strategy prefers them. */
  launchOrder: readonly TypeOption[];
  /** bidPercentage (SPOT): the most it pays, as a percentage of each type's On-Demand price. */
  private readonly bid: number;
  readonly strategy: string;
  /** Live instances (booting or ready), in launch order. */
  readonly instances = new Set<Instance>();
  /** The same instances grouped by free room, for best fit without a scan. */
  private readonly roomIndex = new RoomIndex();
  /** vCPU of live instances (booting count toward maxvCpus). */
  launchedVcpus = 0;
  /**
   * BEST_FIT: the cheapest type that fits the largest job waiting when the CE had no instances, kept
   * while it has instances (§13.6). Model: a job it cannot hold gets the cheapest type that fits it
   * instead of waiting forever.
   */
  keptType: TypeOption | null = null;
  private readonly everFits = new Map<Shape, boolean>();
  readonly index: number;
  readonly def: ComputeEnvironment;

  constructor(index: number, def: ComputeEnvironment, scenario: Scenario) {
    this.index = index;
    this.def = def;
    this.name = def.computeEnvironmentName;
    const cr = def.computeResources;
    this.managed = def.type === "MANAGED" && cr !== null;
    this.minvCpus = cr?.minvCpus ?? 0;
    this.maxvCpus = cr?.maxvCpus ?? Number.POSITIVE_INFINITY;
    this.desiredvCpus = cr?.desiredvCpus ?? 0;
    this.state = def.state;
    this.strategy = cr?.allocationStrategy ?? "BEST_FIT";
    this.fargate = cr?.type === "FARGATE" || cr?.type === "FARGATE_SPOT";
    this.fargateSpot = cr?.type === "FARGATE_SPOT";
    this.overshootAllowed = !(cr?.type === "EC2" && this.strategy === "BEST_FIT") && !this.fargate;
    const { ecsMemoryOverheadPercent: pct, ecsMemoryOverheadMiB: mib } = scenario.settings;
    const types = cr
      ? expandInstanceTypes(cr.instanceTypes, scenario.catalog)
      : def.fleet.map((f) => scenario.catalog.byName.get(f.instanceType)!);
    this.spot = cr?.type === "SPOT";
    this.bid = cr?.bidPercentage ?? 100;
    const all: TypeOption[] = [];
    types.forEach((type, listIndex) => {
      const usdPerHour = this.spot ? type.spotUsdPerHour : type.onDemandUsdPerHour;
      if (usdPerHour === null) return; // no Spot market for it (validation reports such entries)
      all.push({ type, usableMemoryMiB: usableMemoryMiB(type, pct, mib), usdPerHour, listIndex });
    });
    this.launchOrder = [];
    this.overBid = [];
    this.arrange(all);
  }

  /** §13.14: a Spot instance launches only while its price ≤ bidPercentage % of On-Demand. */
  aboveBid(type: InstanceType, usdPerHour: number): boolean {
    return this.spot && usdPerHour > (this.bid / 100) * type.onDemandUsdPerHour;
  }

  /** Splits options into launchable (in strategy order) and over the bid. */
  private arrange(all: readonly TypeOption[]): void {
    this.launchOrder = all
      .filter((o) => !this.aboveBid(o.type, o.usdPerHour))
      .sort(strategyOrder(this.strategy));
    this.overBid = all.filter((o) => this.aboveBid(o.type, o.usdPerHour));
  }

  /**
   * A SPOT CE sees a new market price for `instanceType` (catalog.spot.prices): launch order and the
   * bid check use it from now on. Returns whether the CE offers that type at all.
   */
  reprice(instanceType: string, usdPerHour: number): boolean {
    if (!this.spot) return false;
    const all = [...this.launchOrder, ...this.overBid].sort((a, b) => a.listIndex - b.listIndex);
    const i = all.findIndex((o) => o.type.instanceType === instanceType);
    if (i < 0) return false;
    const option = { ...all[i]!, usdPerHour };
    all[i] = option;
    this.arrange(all);
    if (this.keptType?.type === option.type) {
      this.keptType = this.aboveBid(option.type, option.usdPerHour) ? null : option;
    }
    this.forgetFits();
    return true;
  }

  /** Whether some type would fit the shape but its Spot price is above bidPercentage (a capacity reason). */
  overBidFits(shape: Shape): boolean {
    return this.overBid.some((o) => typeFits(o, shape));
  }

  get enabled(): boolean {
    return this.state === "ENABLED";
  }

  /** Whether a job of this shape could ever run here (a launchable type fits it, and vCPU ≤ maxvCpus). */
  canEverFit(shape: Shape): boolean {
    // The last shape asked about is answered without the Map: a queue's jobs mostly share one.
    if (shape === this.lastFitShape) return this.lastFitAnswer;
    let ok = this.everFits.get(shape);
    if (ok === undefined) {
      ok = this.fargate
        ? shape.nodes === 0 && shape.gpus === 0 && shape.vcpus <= this.maxvCpus
        : shape.nodes > 0
          ? this.gangCanEverFit(shape)
          : this.jobCanEverFit(shape);
      this.everFits.set(shape, ok);
    }
    this.lastFitShape = shape;
    this.lastFitAnswer = ok;
    return ok;
  }
  private lastFitShape: Shape | null = null;
  private lastFitAnswer = false;

  private jobCanEverFit(shape: Shape): boolean {
    // A type that fits must also be launchable: within maxvCpus, or as the one-instance overshoot.
    return (
      shape.vcpus <= this.maxvCpus &&
      this.launchOrder.some(
        (o) => typeFits(o, shape) && (o.type.vcpu <= this.maxvCpus || this.overshootAllowed),
      )
    );
  }

  /** A gang needs `nodes` instances of one type that fits its largest node, within maxvCpus (§13.17). */
  private gangCanEverFit(shape: Shape): boolean {
    const option = this.gangType(shape);
    if (!option) return false;
    const all = shape.nodes * option.type.vcpu;
    return (
      all <= this.maxvCpus || (this.overshootAllowed && all - option.type.vcpu < this.maxvCpus)
    );
  }

  /** The one type every node of a gang uses: the job's instanceType, or the strategy's choice. */
  gangType(shape: Shape): TypeOption | undefined {
    if (shape.instanceType === null) return firstFitting(this.launchOrder, shape);
    const option = this.launchOrder.find((o) => o.type.instanceType === shape.instanceType);
    return option && typeFits(option, shape) ? option : undefined;
  }

  /** `shape.nodes` ready, empty instances of the gang's type, oldest first — or undefined. */
  findGang(shape: Shape): Instance[] | undefined {
    const option = this.gangType(shape);
    if (!option) return undefined;
    const empty: Instance[] = [];
    for (const inst of this.instances) {
      // In the room index: ready, not being reclaimed, with room (updateRoom).
      if (inst.roomGroup !== null && inst.jobCount === 0 && inst.type === option.type)
        empty.push(inst);
    }
    if (empty.length < shape.nodes) return undefined;
    return empty.sort((a, b) => a.index - b.index).slice(0, shape.nodes);
  }

  /** Forgets cached fit answers (maxvCpus changed). */
  forgetFits(): void {
    this.everFits.clear();
    this.lastFitShape = null;
  }

  /** Whether some type fits the shape at all, ignoring maxvCpus (to tell the two blocked reasons apart). */
  anyTypeFits(shape: Shape): boolean {
    if (this.fargate) return shape.nodes === 0 && shape.gpus === 0;
    return this.launchOrder.some((o) => typeFits(o, shape));
  }

  /**
   * Best fit among ready instances with room (§13.7): least leftover memory, then vCPU; ties to the
   * oldest instance.
   */
  bestFit(shape: Shape): Instance | undefined {
    return this.roomIndex.bestFit(shape);
  }

  /**
   * The type to launch for a job of `shape` (§13.6), or undefined when none fits or every fitting
   * type's pool is full (`poolFull`, settings.poolCapacity). BEST_FIT waits for its kept type rather
   * than switching; the other strategies move on to the next type in their order.
   */
  chooseType(shape: Shape, poolFull: PoolFull = NEVER_FULL): TypeOption | undefined {
    if (shape.nodes > 0) {
      const gang = this.gangType(shape);
      return gang && !poolFull(gang) ? gang : undefined;
    }
    if (this.keptType && typeFits(this.keptType, shape)) {
      return poolFull(this.keptType) ? undefined : this.keptType;
    }
    for (const option of this.launchOrder)
      if (typeFits(option, shape) && !poolFull(option)) return option;
    return undefined;
  }

  /** BEST_FIT: picks the kept type for jobs up to `largest` (component-wise) when there is none. */
  keepTypeFor(largest: Shape): void {
    if (this.strategy !== "BEST_FIT" || this.keptType) return;
    this.keptType = firstFitting(this.launchOrder, largest) ?? null;
  }

  /** Forgets the kept type once the CE has no instances left. */
  noteInstanceGone(): void {
    if (this.instances.size === 0) this.keptType = null;
  }

  /** Whether launching one more instance of `option` stays within maxvCpus (or its one-instance overshoot). */
  canLaunch(option: TypeOption): boolean {
    if (!this.managed || !this.enabled || this.fargate) return false;
    if (this.launchedVcpus + option.type.vcpu <= this.maxvCpus) return true;
    return this.overshootAllowed && this.launchedVcpus < this.maxvCpus;
  }

  /**
   * Whether this CE could still scale out for a job of `shape`: "yes"; "pool" when only full pools
   * stand in the way (CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY); "no" (maxvCpus, disabled, nothing fits).
   */
  growthFor(shape: Shape, poolFull: PoolFull = NEVER_FULL): "yes" | "pool" | "no" {
    // What canLaunch() answers for any type: no type to look for.
    if (!this.managed || !this.enabled || this.fargate) return "no";
    const available = this.chooseType(shape, poolFull);
    if (available && this.canLaunch(available)) return "yes";
    const any = this.chooseType(shape);
    return any && this.canLaunch(any) ? "pool" : "no";
  }

  /** The instance is gone: out of every room structure. */
  forgetRoom(inst: Instance): void {
    this.roomIndex.update(inst, false);
  }

  /** Whether a Fargate task for a job of `vcpus` fits under maxvCpus now (no overshoot, §7). */
  canStartTask(vcpus: number): boolean {
    return this.fargate && this.enabled && this.launchedVcpus + vcpus <= this.maxvCpus + 1e-9;
  }

  /** Records a ready instance's room change (call after take/release/ready). */
  updateRoom(inst: Instance): void {
    if (inst.task) return; // a task holds its one job; nothing else is ever placed on it
    const eligible = inst.ready && !inst.reclaiming && inst.hasRoom();
    this.roomIndex.update(inst, eligible);
  }
}
