/** Headline numbers of a run (from summary.json) and its assumptions table. */
import type { Summary } from "../../src/report/summary-types.ts";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { el, table } from "./dom.ts";
import { formatDuration, formatNumber, formatPercent, formatUsd, formatValue } from "./format.ts";

export type MetricKind = "count" | "seconds" | "usd" | "ratio";

export interface Metric {
  readonly label: string;
  readonly kind: MetricKind;
  readonly value: number | null;
}

/** The headline metrics, in display order (also the rows of the differences table). */
export function headlineMetrics(s: Summary): Metric[] {
  const m = (label: string, kind: MetricKind, value: number | null | undefined): Metric => ({
    label,
    kind,
    value: value ?? null,
  });
  return [
    m("jobs submitted", "count", s.jobs?.submitted),
    m("jobs succeeded", "count", s.jobs?.succeeded),
    m("jobs failed", "count", s.jobs?.failed),
    m("jobs unfinished", "count", s.jobs?.unfinished),
    m("attempts", "count", s.jobs?.attempts),
    m("wait p50", "seconds", s.waitSeconds?.p50),
    m("wait p90", "seconds", s.waitSeconds?.p90),
    m("wait p99", "seconds", s.waitSeconds?.p99),
    m("wait mean", "seconds", s.waitSeconds?.mean),
    m("makespan", "seconds", s.makespanSeconds),
    m("cost", "usd", s.cost?.totalUsd),
    m("idle cost", "usd", s.cost?.idleUsd),
    m("wasted cost", "usd", s.cost?.wastedUsd),
    m("utilization", "ratio", s.utilization?.ratio),
    m("Spot interruptions", "count", s.spot ? s.spot.interruptions : null),
  ];
}

/** A metric's value as text. */
export function formatMetric(kind: MetricKind, value: number | null): string {
  if (value === null) return "—";
  switch (kind) {
    case "count":
      return formatNumber(value);
    case "seconds":
      return formatDuration(value);
    case "usd":
      return formatUsd(value);
    case "ratio":
      return formatPercent(value);
  }
}

/** Renders the run's title, headline cards and the collapsible assumptions table. */
export function renderHeadline(cell: HTMLElement, label: string, data: ViewerData): void {
  const s = data.summary;
  const card = (title: string, value: string, sub?: string) =>
    el("div", "card", [
      el("div", "card-title", [title]),
      el("div", "card-value", [value]),
      sub ? el("div", "card-sub", [sub]) : null,
    ]);
  const jobs = s.jobs;
  cell.append(
    el("h2", "run-label", [label]),
    el("p", "hint", [
      `scenario ${s.scenario?.name ?? "?"} · seed ${s.seed ?? "?"} · batchsim ${s.batchsimVersion ?? "?"} · ${formatDuration(data.endSeconds)} simulated`,
    ]),
    el("div", "cards", [
      card(
        "jobs",
        formatNumber(jobs?.submitted),
        jobs
          ? `${formatNumber(jobs.succeeded)} succeeded · ${formatNumber(jobs.failed)} failed · ${formatNumber(jobs.unfinished)} unfinished`
          : undefined,
      ),
      card(
        "wait p50 / p90 / p99",
        [s.waitSeconds?.p50, s.waitSeconds?.p90, s.waitSeconds?.p99]
          .map(formatDuration)
          .join(" / "),
      ),
      card(
        "cost",
        formatUsd(s.cost?.totalUsd),
        s.cost
          ? `idle ${formatUsd(s.cost.idleUsd)} · wasted ${formatUsd(s.cost.wastedUsd)}`
          : undefined,
      ),
      card("utilization", formatPercent(s.utilization?.ratio), "vCPU allocated / provisioned"),
      card(
        "Spot interruptions",
        s.spot ? formatNumber(s.spot.interruptions) : "—",
        s.spot ? `${formatNumber(s.spot.jobsInterrupted)} jobs interrupted` : "no Spot capacity",
      ),
    ]),
  );
  const assumptions = Object.entries(s.assumptions ?? {});
  const details = el("details", "assumptions", [
    el("summary", null, [`Assumptions (${assumptions.length})`]),
    assumptions.length > 0
      ? table(
          ["assumption", "value"],
          assumptions.map(([k, v]) => [k, formatValue(v)]),
        )
      : el("p", "note", ["summary.json lists no assumptions."]),
  ]);
  cell.append(details);
}
