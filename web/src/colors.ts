/** The viewer's colors: fixed for known names so two runs (and two reports) color alike. */
import { hsl, schemeTableau10 } from "d3";

const PURCHASE_OPTION_COLORS: Readonly<Record<string, string>> = {
  ON_DEMAND: "#4e79a7",
  SPOT: "#f28e2b",
  FARGATE: "#59a14f",
  FARGATE_SPOT: "#b07aa1",
};

/** A CE's color: its purchase option's hue, lighter or darker for the option's 2nd, 3rd… CE. */
export function ceColor(purchaseOption: string, indexWithinOption: number): string {
  const base = hsl(PURCHASE_OPTION_COLORS[purchaseOption] ?? "#888888");
  const shift = [0, 0.6, -0.6, 1.1, -1.1][indexWithinOption % 5]!;
  return (shift >= 0 ? base.brighter(shift) : base.darker(-shift)).formatHex();
}

/** A purchase option's color. */
export function purchaseOptionColor(purchaseOption: string): string {
  return PURCHASE_OPTION_COLORS[purchaseOption] ?? "#888888";
}

const CAUSE_COLORS: Readonly<Record<string, string>> = {
  exited: "#59a14f",
  succeeded: "#59a14f",
  failed: "#e15759",
  timeout: "#b07aa1",
  oom: "#9c755f",
  interrupted: "#f28e2b",
  terminated: "#79706e",
  cancelled: "#79706e",
  running: "#4e79a7",
};

/** Failed exits (an `exited` attempt with a non-zero exit code) are drawn as `failed`. */
export function causeKey(cause: string, exitCode: number | null): string {
  return cause === "exited" && exitCode !== null && exitCode !== 0 ? "failed" : cause;
}

/** An attempt's bar color by its cause key (causeKey). */
export function causeColor(key: string): string {
  return CAUSE_COLORS[key] ?? categorical(key);
}

/** A stable color for any name (queue, share, reason): a hash into Tableau 10. */
export function categorical(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return schemeTableau10[h % schemeTableau10.length]!;
}

/** Colors for a list of names in order (distinct while there are ≤ 10). */
export function ordinalColors(names: readonly string[]): Map<string, string> {
  return new Map(names.map((n, i) => [n, schemeTableau10[i % schemeTableau10.length]!]));
}
