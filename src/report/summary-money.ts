/** Money in summary.json: exact sums (d3 Adder, as fsum) by CE, purchase option and instance type. */
import { Adder } from "d3-array";
import type { PurchaseOption } from "../sim/index.ts";
import type { ReportContext } from "./context.ts";
import type { Summary } from "./summary-types.ts";

const PURCHASE_OPTIONS: readonly PurchaseOption[] = [
  "ON_DEMAND",
  "SPOT",
  "FARGATE",
  "FARGATE_SPOT",
];

/** Where an instance's bill goes, and what it paid (InstanceLaunched). */
export interface BillTarget {
  readonly computeEnvironment: string;
  readonly purchaseOption: PurchaseOption;
  readonly instanceType: string;
  readonly usdPerHour: number;
  /** The On-Demand price of the same capacity (EC2 type, or Fargate size). */
  readonly onDemandUsdPerHour: number;
}

/** One instance's bill (InstanceTerminated). */
export interface Bill {
  readonly billedSeconds: number;
  readonly billedUsd: number;
  readonly idleUsd: number;
}

/** Running money totals of a run. */
export interface Money {
  readonly total: Adder;
  readonly idle: Adder;
  readonly wasted: Adder;
  readonly byCe: Map<string, Adder>;
  readonly byOption: Map<PurchaseOption, Adder | null>;
  readonly byType: Map<string, Adder>;
  /** null when the scenario has no SPOT or FARGATE_SPOT CE. */
  readonly savings: Adder | null;
}

/** Zero totals; an option no CE of the scenario uses stays null. */
export function newMoney(ctx: ReportContext): Money {
  const used = new Set(ctx.computeEnvironments.map((ce) => ce.purchaseOption));
  return {
    total: new Adder(),
    idle: new Adder(),
    wasted: new Adder(),
    byCe: new Map(ctx.computeEnvironments.map((ce) => [ce.name, new Adder()])),
    byOption: new Map(PURCHASE_OPTIONS.map((o) => [o, used.has(o) ? new Adder() : null])),
    byType: new Map(),
    savings: used.has("SPOT") || used.has("FARGATE_SPOT") ? new Adder() : null,
  };
}

/** Adds one instance's bill (InstanceTerminated) to the totals. */
export function addBill(money: Money, inst: BillTarget | undefined, bill: Bill): void {
  money.total.add(bill.billedUsd);
  money.idle.add(bill.idleUsd);
  if (!inst) return;
  const ce = money.byCe.get(inst.computeEnvironment) ?? new Adder();
  money.byCe.set(inst.computeEnvironment, ce.add(bill.billedUsd));
  const option = money.byOption.get(inst.purchaseOption) ?? new Adder();
  money.byOption.set(inst.purchaseOption, option.add(bill.billedUsd));
  const type = money.byType.get(inst.instanceType) ?? new Adder();
  money.byType.set(inst.instanceType, type.add(bill.billedUsd));
  if ((inst.purchaseOption === "SPOT" || inst.purchaseOption === "FARGATE_SPOT") && money.savings) {
    // The same billed seconds On-Demand, less what was paid (a Spot price may have moved).
    money.savings.add((bill.billedSeconds * inst.onDemandUsdPerHour) / 3600 - bill.billedUsd);
  }
}

/** What the ratios of summary.json → cost divide by. */
export interface CostBases {
  readonly provisionedVcpuSeconds: number;
  readonly succeededJobs: number;
}

/** summary.json → cost. */
export function moneySummary(money: Money, bases: CostBases): Summary["cost"] {
  const option = (o: PurchaseOption): number | null => {
    const a = money.byOption.get(o);
    return a ? +a : null;
  };
  const total = +money.total;
  const vcpuHours = bases.provisionedVcpuSeconds / 3600;
  const types = [...money.byType.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    totalUsd: total,
    byComputeEnvironment: Object.fromEntries([...money.byCe].map(([name, a]) => [name, +a])),
    byPurchaseOption: {
      ON_DEMAND: option("ON_DEMAND"),
      SPOT: option("SPOT"),
      FARGATE: option("FARGATE"),
      FARGATE_SPOT: option("FARGATE_SPOT"),
    },
    idleUsd: +money.idle,
    wastedUsd: +money.wasted,
    byInstanceType: Object.fromEntries(types.map((t) => [t, +(money.byType.get(t) as Adder)])),
    savingsVsOnDemandUsd: money.savings ? +money.savings : null,
    usdPerVcpuHour: vcpuHours > 0 ? total / vcpuHours : null,
    usdPerSucceededJob: bases.succeededJobs > 0 ? total / bases.succeededJobs : null,
  };
}
