/** The differences table of two runs: each headline metric for A, B and B − A. */
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { el, table } from "./dom.ts";
import { formatNumber } from "./format.ts";
import { formatMetric, headlineMetrics, type MetricKind } from "./headline.ts";

/** B − A as text, signed ("+", "−"); ratios in percentage points. */
export function formatDifference(kind: MetricKind, a: number | null, b: number | null): string {
  if (a === null || b === null) return "—";
  const d = b - a;
  if (d === 0) return "0";
  const sign = d > 0 ? "+" : "−";
  if (kind === "ratio") return `${sign}${formatNumber(Math.abs(d) * 100, 1)} pp`;
  return `${sign}${formatMetric(kind, Math.abs(d)).replace(/^−/, "")}`;
}

/** Renders the table comparing run A with run B. */
export function renderDifferences(
  parent: HTMLElement,
  a: { label: string; data: ViewerData },
  b: { label: string; data: ViewerData },
): void {
  const ma = headlineMetrics(a.data.summary);
  const mb = headlineMetrics(b.data.summary);
  parent.append(
    table(
      ["metric", `A: ${a.label}`, `B: ${b.label}`, "B − A"],
      ma.map((m, i) => {
        const other = mb[i]!;
        return [
          m.label,
          formatMetric(m.kind, m.value),
          formatMetric(other.kind, other.value),
          el("span", "diff", [formatDifference(m.kind, m.value, other.value)]),
        ];
      }),
      "data differences",
    ),
  );
}
