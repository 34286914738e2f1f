/** Money in summary.json: exact sums (d3 Adder, as fsum) by CE and purchase option. */
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

/** Where an instance's bill goes. */
export interface BillTarget {
  readonly computeEnvironment: string;
  readonly purchaseOption: PurchaseOption;
}

/** Running money totals of a run. */
export interface Money {
  readonly total: Adder;
  readonly idle: Adder;
  readonly wasted: Adder;
  readonly byCe: Map<string, Adder>;
  readonly byOption: Map<PurchaseOption, Adder | null>;
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
  };
}

/** Adds one instance's bill (InstanceTerminated) to the totals. */
export function addBill(
  money: Money,
  inst: BillTarget | undefined,
  billedUsd: number,
  idleUsd: number,
): void {
  money.total.add(billedUsd);
  money.idle.add(idleUsd);
  if (!inst) return;
  const ce = money.byCe.get(inst.computeEnvironment) ?? new Adder();
  money.byCe.set(inst.computeEnvironment, ce.add(billedUsd));
  const option = money.byOption.get(inst.purchaseOption) ?? new Adder();
  money.byOption.set(inst.purchaseOption, option.add(billedUsd));
}

/** summary.json → cost. */
export function moneySummary(money: Money): Summary["cost"] {
  const option = (o: PurchaseOption): number | null => {
    const a = money.byOption.get(o);
    return a ? +a : null;
  };
  return {
    totalUsd: +money.total,
    byComputeEnvironment: Object.fromEntries([...money.byCe].map(([name, a]) => [name, +a])),
    byPurchaseOption: {
      ON_DEMAND: option("ON_DEMAND"),
      SPOT: option("SPOT"),
      FARGATE: option("FARGATE"),
      FARGATE_SPOT: option("FARGATE_SPOT"),
    },
    idleUsd: +money.idle,
    wastedUsd: +money.wasted,
  };
}
