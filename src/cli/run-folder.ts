/**
 * Writes a run folder: streams the facts of simulate() to every report fold at once, each fold
 * writing its own file, then writes summary.json and, last, report.html (the viewer page with the
 * run's data). Runs inside the run worker.
 */
import * as path from "node:path";
import {
  createAttemptsCsvFold,
  createDecisionsCsvFold,
  createEventsFold,
  createInstancesCsvFold,
  createJobLedger,
  createJobsCsvFold,
  createSummaryFold,
  createTimeseriesFold,
  createViewerDataFold,
  type EventsMode,
  type RowFold,
  type RunMeta,
  reportContext,
  type Summary,
} from "../report/index.ts";
import type { Scenario } from "../scenario/index.ts";
import { type Fact, simulate } from "../sim/index.ts";
import { type FileSink, openFileSink, writeTextFile } from "./io.ts";
import { type ViewerTemplate, writeViewerPage } from "./viewer-page.ts";

/** Everything the worker needs to write a run folder. */
export interface RunPlan {
  readonly scenario: Scenario;
  readonly meta: RunMeta;
  readonly eventsMode: EventsMode;
  /** The (temporary) folder to write into; it exists and is empty. */
  readonly folder: string;
  /** The built viewer page report.html is made of, or null: no report.html (`--report none`). */
  readonly viewer: ViewerTemplate | null;
}

/** Facts between two progress reports. */
const PROGRESS_EVERY_FACTS = 1 << 16;

/** Simulated seconds reached and jobs finished so far. */
export type ProgressReport = (simSeconds: number, jobsDone: number) => void;

/** What writing a run folder measured (for `--profile`). */
export interface RunStats {
  readonly jobs: number;
  readonly events: number;
  readonly facts: number;
  /** Wall time of simulate() with every fold and file write it drives. */
  readonly simulateMs: number;
}

/**
 * Writes jobs.csv, attempts.csv, instances.csv, timeseries.csv, decisions.csv, events.jsonl, then
 * summary.json, then report.html (unless plan.viewer is null).
 */
export function writeRunFolder(
  plan: RunPlan,
  onProgress: ProgressReport,
): { summary: Summary; stats: RunStats } {
  const ctx = reportContext(plan.scenario, plan.meta);
  const sinks: FileSink[] = [];
  const open = (name: string): FileSink => {
    const sink = openFileSink(path.join(plan.folder, name));
    sinks.push(sink);
    return sink;
  };
  // One ledger of live jobs for every fold (fed first, below): memory is paid once, not per file.
  const ledger = createJobLedger({ keepAttempts: plan.eventsMode === "full" });
  const summary = createSummaryFold(ctx, ledger);
  // The viewer's series are timeseries.csv's change points, handed over as the file is written.
  const viewer = plan.viewer && createViewerDataFold(ctx, { externalSeries: true });
  const folds: RowFold[] = [
    createJobsCsvFold(open("jobs.csv"), ledger),
    createAttemptsCsvFold(open("attempts.csv"), ledger),
    createInstancesCsvFold(open("instances.csv")),
    createTimeseriesFold(ctx, open("timeseries.csv"), viewer?.onPoint),
    createDecisionsCsvFold(open("decisions.csv")),
    createEventsFold(ctx, plan.eventsMode, open("events.jsonl"), ledger),
  ];
  let facts = 0;
  let jobsDone = 0;
  const started = performance.now();
  const result = simulate(plan.scenario, (fact: Fact) => {
    ledger.onFact(fact);
    summary.onFact(fact);
    for (const fold of folds) fold.onFact(fact);
    viewer?.onFact(fact);
    if (fact.kind === "JobStateChanged" && (fact.to === "SUCCEEDED" || fact.to === "FAILED"))
      jobsDone += 1;
    if (++facts % PROGRESS_EVERY_FACTS === 0) onProgress(fact.time, jobsDone);
  });
  for (const fold of folds) fold.finish();
  for (const sink of sinks) sink.close();
  const simulateMs = performance.now() - started;
  const done = summary.finish();
  writeTextFile(path.join(plan.folder, "summary.json"), `${JSON.stringify(done, null, 2)}\n`);
  if (viewer && plan.viewer) {
    const page = openFileSink(path.join(plan.folder, "report.html"));
    const runs = [{ label: ctx.scenarioName, data: viewer.finish(done) }];
    writeViewerPage(plan.viewer, { runs }, (text) => page.write(text));
    page.close();
  }
  const stats = { jobs: result.jobsSubmitted, events: result.eventsProcessed, facts, simulateMs };
  return { summary: done, stats };
}
