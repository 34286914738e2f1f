/** The short summary printed on stdout after a run (pure: a Summary in, text out). */
import { formatDuration, formatPercent, formatUsd } from "./format.ts";
import type { Summary } from "./summary-types.ts";

/** Aligns columns: the first left-aligned, the others right-aligned when `rightAlign`. */
function table(rows: readonly (readonly string[])[], rightAlign = true): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) =>
        i === 0 || !rightAlign ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd(),
  );
}

/** The summary table: jobs, wait and response times, utilization, cost, per-queue lines, run folder. */
export function formatSummaryTable(summary: Summary, runFolder: string): string {
  const j = summary.jobs;
  const w = summary.waitSeconds;
  const r = summary.responseSeconds;
  const c = summary.cost;
  const head = table(
    [
      [
        "  jobs",
        `${j.submitted} submitted, ${j.succeeded} succeeded, ${j.failed} failed, ${j.unfinished} unfinished`,
      ],
      ...unfinishedLine(summary),
      ...incidents(summary),
      [
        "  wait",
        `p50 ${formatDuration(w.p50)}, p90 ${formatDuration(w.p90)}, p99 ${formatDuration(w.p99)}, max ${formatDuration(w.max)}`,
      ],
      ["  response", `mean ${formatDuration(r.mean)}, p90 ${formatDuration(r.p90)}`],
      ["  utilization", formatPercent(summary.utilization.ratio)],
      [
        "  cost",
        `${formatUsd(c.totalUsd)} total, ${formatUsd(c.idleUsd)} idle, ${formatUsd(c.wastedUsd)} wasted`,
      ],
      ...purchaseOptions(summary),
      ...spotLine(summary),
      ["  simulated", formatDuration(summary.simulatedSeconds)],
    ],
    false,
  );
  return [
    summary.scenario.name,
    ...head,
    ...queueTable(summary),
    "",
    `run folder: ${runFolder}`,
    "",
  ].join("\n");
}

/** Cost by purchase option when there is more than one, or Spot savings to show; else nothing. */
function purchaseOptions(summary: Summary): string[][] {
  const c = summary.cost;
  const used = Object.entries(c.byPurchaseOption).filter(
    (e): e is [string, number] => e[1] !== null,
  );
  if (used.length < 2 && c.savingsVsOnDemandUsd === null) return [];
  const parts = used.map(([option, usd]) => `${option} ${formatUsd(usd)}`).join(", ");
  const saved =
    c.savingsVsOnDemandUsd === null
      ? ""
      : `; ${formatUsd(c.savingsVsOnDemandUsd)} saved vs On-Demand`;
  return [["  by option", `${parts}${saved}`]];
}

/** Spot reclaims, when the scenario has Spot. */
function spotLine(summary: Summary): string[][] {
  const spot = summary.spot;
  if (spot === null) return [];
  const n = spot.interruptions;
  const k = spot.jobsInterrupted;
  return [
    [
      "  spot",
      `${n} ${n === 1 ? "interruption" : "interruptions"}, ${k} ${k === 1 ? "attempt" : "attempts"} killed`,
    ],
  ];
}

/** What went wrong, counted: the non-zero ones of retries … rejected, on one line; none when all are 0. */
function incidents(summary: Summary): string[][] {
  const j = summary.jobs;
  const parts = (
    [
      [j.retries, "retry", "retries"],
      [j.timeouts, "timeout", "timeouts"],
      [j.oomKills, "OOM kill", "OOM kills"],
      [j.cancelled, "cancelled", "cancelled"],
      [j.terminated, "terminated", "terminated"],
      [j.rejected, "rejected", "rejected"],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return parts.length === 0 ? [] : [["  incidents", parts.join(", ")]];
}

/** Words for why RUNNABLE jobs wait (summary.json jobs.runnableAtEnd). */
const WAITING_FOR: Readonly<Record<keyof Summary["jobs"]["runnableAtEnd"], string>> = {
  SHARE_ORDER: "behind other shares",
  RESERVATION: "held back by computeReservation",
  SCALING: "waiting for scale-out",
  AT_MAX: "at maxvCpus",
  NO_ROOM: "no room",
  CAPACITY: "no capacity",
  BLOCKED: "blocked",
  IN_LINE: "in line",
};

/** Unfinished jobs by status, RUNNABLE ones by why they waited (when any job is unfinished). */
function unfinishedLine(summary: Summary): string[][] {
  const j = summary.jobs;
  if (j.unfinished === 0) return [];
  const parts = (["SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING"] as const)
    .filter((status) => j.byStatus[status] > 0)
    .map((status) => {
      const n = j.byStatus[status];
      if (status !== "RUNNABLE") return `${n} ${status}`;
      const why = Object.entries(j.runnableAtEnd)
        .filter(([, count]) => count > 0)
        .map(([reason, count]) => `${count} ${WAITING_FOR[reason as keyof typeof WAITING_FOR]}`);
      return why.length > 0 ? `${n} RUNNABLE (${why.join(", ")})` : `${n} RUNNABLE`;
    });
  return [["  unfinished", parts.join(", ")]];
}

/** One line per queue (after a blank line), or nothing when there is no queue. */
function queueTable(summary: Summary): string[] {
  const rows = Object.entries(summary.byQueue).map(([name, q]) => [
    `  ${name}`,
    String(q.jobs.submitted),
    String(q.jobs.succeeded),
    String(q.jobs.failed),
    String(q.jobs.unfinished),
    formatDuration(q.waitSeconds.p50),
    formatDuration(q.waitSeconds.p90),
  ]);
  if (rows.length === 0) return [];
  const header = [
    "  queue",
    "submitted",
    "succeeded",
    "failed",
    "unfinished",
    "wait p50",
    "wait p90",
  ];
  return ["", ...table([header, ...rows]), ...blockedLines(summary)];
}

/** A line per queue still blocked at the end: its jobs cannot run as configured (§13.3). */
function blockedLines(summary: Summary): string[] {
  return Object.entries(summary.byQueue).flatMap(([name, q]) =>
    q.blocked === null
      ? []
      : [
          `  ${name} is blocked from ${formatDuration(q.blocked.sinceSeconds)} to the end by ${q.blocked.jobId} (${q.blocked.jobName}): ${q.blocked.statusReason}`,
        ],
  );
}
