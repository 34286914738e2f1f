/**
 * Cumulative cost over time split by compute environment, purchase option or instance type, computed
 * from the instances table (pure). Each instance's bill (billedUsd) accrues evenly from its billing
 * start to its end (terminatedAt, or the end of the run), and the 60 s minimum's top-up is added at
 * its end, as timeseries.ts accrues costUsd:
 * - billing start: an EC2 instance's launch + summary.assumptions.instanceBillingDelaySeconds
 *   (pending is not billed); an instance ready at its launch (an UNMANAGED fleet's) and a Fargate task
 *   (purchase option FARGATE/FARGATE_SPOT, or a type label "fargate.…"): its launch. Without the
 *   delay in the assumptions: readyAt ?? launchedAt (an approximation).
 * - a Spot price change within an instance's life is spread evenly over it (the bill's average rate).
 * So in between the curve can differ slightly from costUsd; at the end each group's value is the sum
 * of its instances' bills and the stack's top is summary.json's totalUsd.
 */
import { bisectLeft, bisectRight, schemeTableau10 } from "d3";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { ceColor, purchaseOptionColor } from "./colors.ts";

export type CostGrouping = "ce" | "option" | "type";

export const COST_GROUPINGS: readonly { readonly value: CostGrouping; readonly label: string }[] = [
  { value: "ce", label: "compute environment" },
  { value: "option", label: "purchase option" },
  { value: "type", label: "instance type" },
];

/** The EC2 and Fargate minimum billed time, seconds (capacity/billing.ts). */
const MINIMUM_BILLED_SECONDS = 60;
/** At most this many points per stacked band. */
export const MAX_STACK_POINTS = 1000;
/** Instance types beyond this many (by cost) are summed as one "other types" band. */
const MAX_TYPE_GROUPS = 10;
const OPTION_ORDER = ["ON_DEMAND", "SPOT", "FARGATE", "FARGATE_SPOT"];

/** How each instance accrues: [start, end) at usdPerSecond, then the rest of its bill at end. */
export interface Accruals {
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly usdPerSecond: Float64Array;
  readonly billedUsd: Float64Array;
  /** True when the billing starts come from the billing delay; false: readyAt ?? launchedAt. */
  readonly exactStarts: boolean;
  /** The billing delay used for EC2 instances, or null when the report does not record it. */
  readonly billingDelaySeconds: number | null;
}

/** Each instance's accrual from the instances table. */
export function accruals(data: ViewerData): Accruals {
  const inst = data.instances;
  const n = inst.id.length;
  const raw = data.summary.assumptions?.instanceBillingDelaySeconds;
  const delay = typeof raw === "number" && Number.isFinite(raw) && raw >= 0 ? raw : null;
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const usdPerSecond = new Float64Array(n);
  const billedUsd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const launched = inst.launchedAt[i]!;
    const ready = inst.readyAt[i] ?? null;
    const e = Math.min(inst.terminatedAt[i] ?? data.endSeconds, data.endSeconds);
    let s: number;
    if (isTask(data, i) || ready === launched) s = launched;
    else if (delay !== null) s = launched + delay;
    else s = ready ?? launched;
    s = Math.min(s, e);
    const billed = inst.billedUsd[i] ?? 0;
    const actual = e - s;
    start[i] = s;
    end[i] = e;
    billedUsd[i] = billed;
    usdPerSecond[i] = actual > 0 ? billed / Math.max(MINIMUM_BILLED_SECONDS, actual) : 0;
  }
  return {
    start,
    end,
    usdPerSecond,
    billedUsd,
    exactStarts: delay !== null,
    billingDelaySeconds: delay,
  };
}

function isTask(data: ViewerData, i: number): boolean {
  const option = data.computeEnvironments[data.instances.ce[i]!]?.purchaseOption;
  if (option === "FARGATE" || option === "FARGATE_SPOT") return true;
  return (data.instances.types[data.instances.type[i]!] ?? "").startsWith("fargate.");
}

export interface CostGroups {
  /** Band names, bottom of the stack first. */
  readonly names: readonly string[];
  readonly colors: readonly string[];
  /** The band of each instance. */
  readonly of: Int32Array;
}

/** The bands of a grouping: only groups with instances, in a stable order. */
export function costGroups(data: ViewerData, grouping: CostGrouping): CostGroups {
  const inst = data.instances;
  const n = inst.id.length;
  const optionOf = (i: number) =>
    data.computeEnvironments[inst.ce[i]!]?.purchaseOption ?? "(unknown)";
  let keyOf: (i: number) => string;
  let order: (keys: string[]) => string[];
  let colorOf: (key: string, index: number) => string;
  if (grouping === "ce") {
    const ceRank = new Map<string, number>();
    const ceColors = new Map<string, string>();
    const perOption = new Map<string, number>();
    data.computeEnvironments
      .map((ce, index) => ({ ...ce, index }))
      .sort((a, b) => rank(a.purchaseOption) - rank(b.purchaseOption) || a.index - b.index)
      .forEach((ce, k) => {
        const within = perOption.get(ce.purchaseOption) ?? 0;
        perOption.set(ce.purchaseOption, within + 1);
        ceRank.set(ce.name, k);
        ceColors.set(ce.name, ceColor(ce.purchaseOption, within));
      });
    keyOf = (i) => data.computeEnvironments[inst.ce[i]!]?.name ?? "(unknown)";
    order = (keys) => keys.sort((a, b) => (ceRank.get(a) ?? 1e9) - (ceRank.get(b) ?? 1e9));
    colorOf = (key) => ceColors.get(key) ?? "#888888";
  } else if (grouping === "option") {
    keyOf = optionOf;
    order = (keys) => keys.sort((a, b) => rank(a) - rank(b));
    colorOf = (key) => purchaseOptionColor(key);
  } else {
    const totals = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const k = inst.types[inst.type[i]!] ?? "(unknown)";
      totals.set(k, (totals.get(k) ?? 0) + (inst.billedUsd[i] ?? 0));
    }
    // most expensive at the bottom; beyond MAX_TYPE_GROUPS the cheapest are summed as one band
    const byCost = [...totals.keys()].sort(
      (a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b),
    );
    const kept = new Set(
      byCost.length > MAX_TYPE_GROUPS ? byCost.slice(0, MAX_TYPE_GROUPS - 1) : byCost,
    );
    const other = `other types (${byCost.length - kept.size})`;
    keyOf = (i) => {
      const k = inst.types[inst.type[i]!] ?? "(unknown)";
      return kept.has(k) ? k : other;
    };
    order = (keys) =>
      keys.sort((a, b) =>
        a === other ? 1 : b === other ? -1 : byCost.indexOf(a) - byCost.indexOf(b),
      );
    colorOf = (key, index) =>
      key === other ? "#bab0ac" : schemeTableau10[index % schemeTableau10.length]!;
  }
  const keys = new Set<string>();
  for (let i = 0; i < n; i++) keys.add(keyOf(i));
  const names = order([...keys]);
  const index = new Map(names.map((k, g) => [k, g]));
  const of = new Int32Array(n);
  for (let i = 0; i < n; i++) of[i] = index.get(keyOf(i))!;
  return { names, colors: names.map((k, g) => colorOf(k, g)), of };
}

function rank(option: string): number {
  const i = OPTION_ORDER.indexOf(option);
  return i < 0 ? OPTION_ORDER.length : i;
}

export interface CostStack {
  readonly groups: CostGroups;
  /** A regular grid over [0, endSeconds] (at most MAX_STACK_POINTS points; the last is endSeconds). */
  readonly times: Float64Array;
  /** Each group's money accrued at each grid time (not stacked). */
  readonly values: readonly Float64Array[];
  readonly accruals: Accruals;
}

/** The grid of `points` regular times over [0, endSeconds]. */
export function regularGrid(endSeconds: number, points = MAX_STACK_POINTS): Float64Array {
  const end = Number.isFinite(endSeconds) && endSeconds > 0 ? endSeconds : 0;
  const n = end > 0 ? Math.max(2, Math.min(MAX_STACK_POINTS, Math.floor(points))) : 1;
  const grid = new Float64Array(n);
  for (let k = 0; k < n - 1; k++) grid[k] = (end * k) / (n - 1);
  grid[n - 1] = end;
  return grid;
}

/**
 * Each group's cumulative cost on a regular grid: per group two difference arrays (the slope of
 * instances accruing, and the constant part), so it is O(instances + points) per group.
 */
export function costStack(
  data: ViewerData,
  grouping: CostGrouping,
  points = MAX_STACK_POINTS,
): CostStack {
  const groups = costGroups(data, grouping);
  const acc = accruals(data);
  const times = regularGrid(data.endSeconds, points);
  const n = times.length;
  const slope = groups.names.map(() => new Float64Array(n + 1));
  const constant = groups.names.map(() => new Float64Array(n + 1));
  for (let i = 0; i < acc.start.length; i++) {
    const g = groups.of[i]!;
    const sl = slope[g]!;
    const co = constant[g]!;
    const s = acc.start[i]!;
    const e = acc.end[i]!;
    const r = acc.usdPerSecond[i]!;
    // accruing at grid times s < t < e: r·(t − s); from e on: the whole bill
    const kS = bisectRight(times, s);
    const kE = Math.min(n, bisectLeft(times, e));
    if (r > 0 && kS < kE) {
      sl[kS] = sl[kS]! + r;
      sl[kE] = sl[kE]! - r;
      co[kS] = co[kS]! - r * s;
      co[kE] = co[kE]! + r * s;
    }
    const kBill = Math.min(kE, n - 1);
    co[kBill] = co[kBill]! + acc.billedUsd[i]!;
  }
  const values = groups.names.map((_, g) => {
    const out = new Float64Array(n);
    let a = 0;
    let b = 0;
    for (let k = 0; k < n; k++) {
      a += slope[g]![k]!;
      b += constant[g]![k]!;
      out[k] = a * times[k]! + b;
    }
    return out;
  });
  return { groups, times, values, accruals: acc };
}

/** Each group's money accrued at t, exactly from the accruals (O(instances)). */
export function costByGroupAt(stack: CostStack, t: number): number[] {
  const { start, end, usdPerSecond, billedUsd } = stack.accruals;
  const out = stack.groups.names.map(() => 0);
  for (let i = 0; i < start.length; i++) {
    const g = stack.groups.of[i]!;
    if (t >= end[i]!) out[g] = out[g]! + billedUsd[i]!;
    else if (t > start[i]!) out[g] = out[g]! + usdPerSecond[i]! * (t - start[i]!);
  }
  return out;
}
