/**
 * The page: one column per run (two runs side by side share every axis), sections in rows so the
 * same chart of each run lines up, a scrubber that moves every time chart's cursor and the state
 * panels, and the job panel wired to the Gantt chart.
 */
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { capacitySeriesReduced } from "./capacity-at.ts";
import { capacityExtent, renderCapacity } from "./capacity-chart.ts";
import { renderDifferences } from "./compare.ts";
import { costExtent, renderCost } from "./cost-chart.ts";
import { el, note, reveal } from "./dom.ts";
import { renderExperiments } from "./experiments-view.ts";
import { renderFairShare } from "./fair-share-chart.ts";
import { formatNumber } from "./format.ts";
import { type GanttChart, renderGantt } from "./gantt-chart.ts";
import { renderHeadline } from "./headline.ts";
import { type JobPanel, renderJobPanel } from "./job-panel.ts";
import { type PayloadResult, SUPPORTED_FORMAT } from "./payload.ts";
import { renderQueueDepth, runnableExtent } from "./queue-chart.ts";
import { createScrubber, type Scrubber } from "./scrubber.ts";
import { renderStatePanel } from "./state-panel.ts";
import type { Domains, TimeView } from "./view-types.ts";
import { renderWaits } from "./wait-chart.ts";
import { waitExtent } from "./waits.ts";

export interface RunView {
  readonly label: string;
  readonly data: ViewerData;
  readonly views: TimeView[];
  gantt: GanttChart | null;
  jobs: JobPanel | null;
}

export interface App {
  readonly scrubber: Scrubber | null;
  readonly runs: readonly RunView[];
}

/** Renders the page for a read payload into `root` (replacing its content). */
export function renderApp(root: HTMLElement, result: PayloadResult): App {
  root.replaceChildren();
  if (result.kind !== "ok") {
    root.append(el("div", "message", [message(result)]));
    return { scrubber: null, runs: [] };
  }
  const runs: RunView[] = result.runs.map((r) => ({
    label: r.label,
    data: r.data,
    views: [],
    gantt: null,
    jobs: null,
  }));
  const domains = sharedDomains(runs.map((r) => r.data));
  const header = el("header", "top", [el("h1", null, ["batchsim report"])]);
  const main = el("main", `runs cols-${runs.length}`);
  root.append(header, main);
  if (typeof document !== "undefined")
    document.title = `batchsim · ${
      result.experiments.length > 0
        ? [...result.experiments, ...runs].map((r) => r.label).join(", ")
        : runs.map((r) => r.label).join(" vs ")
    }`;
  for (const p of result.problems) main.append(note(p));
  renderExperiments(main, result.experiments);
  if (runs.length === 0) {
    if (result.experiments.length === 0) main.append(note("No run loaded."));
    return { scrubber: null, runs };
  }

  const row = (
    title: string,
    hint: string | null,
    fill: (cell: HTMLElement, run: RunView) => void,
  ) => {
    const cells = el("div", "cells");
    main.append(
      el("section", "row", [el("h2", null, [title]), hint ? el("p", "hint", [hint]) : null, cells]),
    );
    runs.forEach((run, i) => {
      const cell = el("div", "cell", [], { "data-run": String(i) });
      cells.append(cell);
      guarded(cell, () => fill(cell, run));
    });
  };

  row("Run", null, (cell, run) => renderHeadline(cell, run.label, run.data));
  if (runs.length === 2) {
    const section = el("section", "row differences", [el("h2", null, ["Differences (B − A)"])]);
    main.append(section);
    guarded(section, () => renderDifferences(section, runs[0]!, runs[1]!));
  } else if (runs.length > 2)
    main.append(note("The differences table compares two runs; open two to see it."));
  row("State at t", "The scrubbed instant (top of the page).", (cell, run) =>
    run.views.push(renderStatePanel(cell, run.data)),
  );
  row(
    "Capacity over time",
    `vCPU provisioned per compute environment, stacked by purchase option (light), with the part in use (dark): the light remainder is paid for and idle.${reducedNote(runs)}`,
    (cell, run) => run.views.push(renderCapacity(cell, run.data, domains)),
  );
  row("Queue depth", "Jobs RUNNABLE in each job queue.", (cell, run) =>
    run.views.push(renderQueueDepth(cell, run.data, domains)),
  );
  row(
    "Wait times",
    "Distribution of each finished job's time RUNNABLE (summary.json's waitSeconds), summed over its attempts: the share of jobs that waited at most x. Its percentiles match summary.json's, per queue and per share.",
    (cell, run) => renderWaits(cell, run.data, domains),
  );
  row(
    "Cost",
    "Burn rate of the instances being billed, money accrued so far (in total, then by compute environment, purchase option or instance type), and where it went.",
    (cell, run) => run.views.push(...renderCost(cell, run.data, domains)),
  );
  row("Instances and attempts", null, (cell, run) => {
    run.gantt = renderGantt(cell, run.data, {
      endSeconds: domains.endSeconds,
      onSelectAttempt: (a) => {
        run.jobs?.showAttempt(a);
        if (run.jobs) reveal(run.jobs.element);
      },
      onUserZoom: ([t0, t1]) => {
        for (const other of runs) if (other !== run) other.gantt?.showDomain(t0, t1);
      },
    });
    if (run.gantt) run.views.push(run.gantt);
  });
  row("Jobs", null, (cell, run) => {
    run.jobs = renderJobPanel(cell, run.data, (a) => {
      run.gantt?.select(a, true);
      if (run.gantt) reveal(run.gantt.canvas);
    });
  });
  row(
    "Fair share",
    "Each share's part of its queue's vCPU in use (solid) against the part its weight entitles it to among the shares active at that moment (dashed); the grey band from the top is what the queue's computeReservation holds back for shares not yet active.",
    (cell, run) => run.views.push(...renderFairShare(cell, run.data, domains)),
  );

  const scrubber = createScrubber(domains.endSeconds, runs[0]!.data.startEpochMs, (t) => {
    for (const run of runs) for (const v of run.views) v.setTime(t);
  });
  header.append(scrubber.element);
  return { scrubber, runs };
}

/** The axis ranges every column shares: the maximum over the runs. */
export function sharedDomains(runs: readonly ViewerData[]): Domains {
  const max = (f: (d: ViewerData) => number) =>
    runs.reduce(
      (m, d) =>
        Math.max(
          m,
          safe(() => f(d)),
        ),
      0,
    );
  return {
    endSeconds: max((d) => d.endSeconds),
    vcpuMax: max(capacityExtent),
    runnableMax: max(runnableExtent),
    waitMaxSeconds: max(waitExtent),
    burnUsdPerHourMax: max((d) => costExtent(d)[0]),
    costUsdMax: max((d) => costExtent(d)[1]),
  };
}

/**
 * " (series over N change points are drawn from each time bucket's maximum)" when a run's capacity
 * series were reduced (its limits.seriesPoints), else "".
 */
function reducedNote(runs: readonly RunView[]): string {
  const reduced = runs.find((r) => {
    try {
      return capacitySeriesReduced(r.data);
    } catch {
      return false; // a malformed run: its own charts report it
    }
  });
  return reduced
    ? ` (series over ${formatNumber(reduced.data.limits.seriesPoints)} change points are drawn from each time bucket's maximum)`
    : "";
}

function safe(f: () => number): number {
  try {
    const v = f();
    return Number.isFinite(v) ? v : 0;
  } catch {
    // a malformed part of one run: its own chart reports it; the axes ignore it
    return 0;
  }
}

/** Runs a section's renderer; a failure becomes a note in its cell instead of breaking the page. */
function guarded(cell: HTMLElement, render: () => void): void {
  try {
    render();
  } catch (e) {
    cell.append(
      note(`This part could not be drawn: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
}

function message(result: Exclude<PayloadResult, { kind: "ok" }>): string {
  switch (result.kind) {
    case "empty":
      return "No run loaded.";
    case "incompatible":
      return `This report was written by an incompatible version of batchsim (data format ${JSON.stringify(result.format) ?? "missing"}; this viewer reads format ${SUPPORTED_FORMAT}). Open it with the batchsim version that wrote it, or run the scenario again.`;
    case "invalid":
      return `This report's data could not be read: ${result.message}.`;
  }
}
