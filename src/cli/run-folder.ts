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
  foldRoutes,
  type RowFold,
  type RunMeta,
  reportContext,
  routeFact,
  type Summary,
} from "../report/index.ts";
import type { Scenario } from "../scenario/index.ts";
import {
  type Fact,
  factKindIndex,
  InvariantChecker,
  type JobStateChanged,
  simulate,
} from "../sim/index.ts";
import { type FileSink, openFileSink, writeTextFile } from "./io.ts";
import { type ViewerTemplate, writeViewerPage } from "./viewer-page.ts";

/**
 * Which files a worker writes. A large run on a machine with two or more cores is written by two
 * workers that each run the (deterministic) simulation: "jobs" writes jobs.csv, attempts.csv and
 * summary.json; "series" writes events.jsonl and, with compact events, timeseries.csv,
 * instances.csv, decisions.csv and report.html too. Full EventBridge events cost about as much as
 * every other file together, so with them those four files go with "jobs" instead. "all" writes
 * everything in one worker.
 */
export type RunPart = "all" | "jobs" | "series";

/** Everything the worker needs to write a run folder. */
export interface RunPlan {
  readonly scenario: Scenario;
  readonly meta: RunMeta;
  readonly eventsMode: EventsMode;
  /** The (temporary) folder to write into; it exists and is empty. */
  readonly folder: string;
  /** The built viewer page report.html is made of, or null: no report.html (`--report none`). */
  readonly viewer: ViewerTemplate | null;
  readonly part: RunPart;
}

/** Facts between two progress reports. */
const PROGRESS_EVERY_FACTS = 1 << 16;

/**
 * Facts handed to the folds at once. The folds' time is measured per batch (a clock read per fact
 * would cost more than some folds); facts are immutable snapshots, so the delay changes nothing.
 */
const BATCH_FACTS = 4096;
/** factKindIndex("JobStateChanged"). */
const JOB_STATE_CHANGED = factKindIndex("JobStateChanged");

/** Simulated seconds reached and jobs finished so far. */
export type ProgressReport = (simSeconds: number, jobsDone: number) => void;

/** What writing (a part of) a run folder measured (for `--profile`). */
export interface RunStats {
  readonly jobs: number;
  readonly events: number;
  readonly facts: number;
  /**
   * Wall time of the simulation alone: simulate() less the time its facts spent in the invariant
   * checks and in the folds.
   */
  readonly simulateMs: number;
  /** Wall time of the invariant checks on the facts (0 in the part that does not check them). */
  readonly checkMs: number;
  /** Wall time of the report folds, file writes excluded. */
  readonly reportsMs: number;
  /** Wall time of writing files. */
  readonly writeMs: number;
}

/** A simulated (part of a) run folder: the summary ("all", "jobs") and what remains to write. */
export interface SimulatedPart {
  readonly summary: Summary | null;
  /** finish() needs the run's summary from the other part (this part writes report.html without it). */
  readonly needsSummary: boolean;
  /** Writes report.html (if this part has it) with the run's summary; returns the final stats. */
  finish(summary: Summary | null): RunStats;
}

/**
 * Simulates the scenario, streaming its facts to the folds of `plan.part`, each writing its file;
 * writes summary.json ("all", "jobs"). report.html waits for finish(), since the "series" part
 * needs the summary of the "jobs" part.
 */
export function simulatePart(plan: RunPlan, onProgress: ProgressReport): SimulatedPart {
  const ctx = reportContext(plan.scenario, plan.meta);
  const clock = { writeMs: 0 };
  const sinks: FileSink[] = [];
  const open = (name: string): FileSink => {
    const sink = timed(openFileSink(path.join(plan.folder, name)), clock);
    sinks.push(sink);
    return sink;
  };
  const full = plan.eventsMode === "full";
  const jobFiles = plan.part !== "series";
  const seriesFiles = plan.part === "all" || (plan.part === "jobs") === full;
  const eventsFile = plan.part !== "jobs";
  // One ledger of live jobs for every fold (fed first, below): memory is paid once, not per file.
  const keepAttempts = eventsFile && full;
  const ledger = jobFiles || keepAttempts ? createJobLedger({ keepAttempts }) : null;
  const summary = jobFiles && ledger ? createSummaryFold(ctx, ledger) : null;
  // The viewer's series are timeseries.csv's change points, handed over as the file is written.
  const viewer =
    seriesFiles && plan.viewer ? createViewerDataFold(ctx, { externalSeries: true }) : null;
  const folds: RowFold[] = [];
  if (ledger) folds.push({ onFact: (f) => ledger.onFact(f), finish() {} });
  if (summary) folds.push({ onFact: (f) => summary.onFact(f), finish() {} });
  if (jobFiles && ledger) {
    folds.push(createJobsCsvFold(open("jobs.csv"), ledger));
    folds.push(createAttemptsCsvFold(open("attempts.csv"), ledger));
  }
  // decisions.csv balances the parts: since the seventh session's changes to the folds, the "jobs"
  // part is the longer one with it.
  if (seriesFiles) folds.push(createDecisionsCsvFold(open("decisions.csv")));
  if (seriesFiles) {
    folds.push(createInstancesCsvFold(open("instances.csv")));
    folds.push(createTimeseriesFold(ctx, open("timeseries.csv"), viewer?.onPoint));
    if (viewer) folds.push({ onFact: (f) => viewer.onFact(f), finish() {} });
  }
  if (eventsFile) {
    folds.push(createEventsFold(ctx, plan.eventsMode, open("events.jsonl"), ledger ?? undefined));
  }
  let facts = 0;
  let jobsDone = 0;
  let foldMs = 0;
  let checkMs = 0;
  // Every fact passes the invariant checks (sim/invariants.ts) before any fold sees it: here, batch
  // by batch, so that their time is measured apart from the simulation's. Split in two parts, only
  // the "series" worker checks: both simulate the very same facts.
  const checker = plan.part === "jobs" ? null : new InvariantChecker(plan.scenario.startEpochMs);
  // A new batch after each flush, made at its full size: an array kept from batch to batch ends up
  // in the old generation, and each fact stored in it then paid the write barrier's remembered-set
  // entry (a young object referenced from an old one); a young array's stores do not.
  const newBatch = (): Fact[] => new Array<Fact>(BATCH_FACTS);
  let batch = newBatch();
  let n = 0;
  const routes = foldRoutes(folds);
  const flush = (): void => {
    if (n === 0) return;
    if (checker) {
      const c = performance.now();
      for (let i = 0; i < n; i++) checker.check(batch[i]!);
      checkMs += performance.now() - c;
    }
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      const fact = batch[i]!;
      if (routeFact(routes, fact) === JOB_STATE_CHANGED) {
        const to = (fact as JobStateChanged).to;
        if (to === "SUCCEEDED" || to === "FAILED") jobsDone += 1;
      }
    }
    const before = facts;
    facts += n;
    if (Math.floor(facts / PROGRESS_EVERY_FACTS) > Math.floor(before / PROGRESS_EVERY_FACTS))
      onProgress(batch[n - 1]!.time, jobsDone);
    n = 0;
    batch = newBatch();
    foldMs += performance.now() - t;
  };
  const started = performance.now();
  const result = simulate(
    plan.scenario,
    (fact: Fact) => {
      batch[n++] = fact;
      if (n === BATCH_FACTS) flush();
    },
    { invariants: false },
  );
  flush();
  checker?.checkCreated(result.jobsSubmitted);
  const simulatedAt = performance.now();
  for (const fold of folds) fold.finish();
  for (const sink of sinks) sink.close();
  const done = summary?.finish() ?? null;
  if (done) {
    const t = performance.now();
    writeTextFile(path.join(plan.folder, "summary.json"), `${JSON.stringify(done, null, 2)}\n`);
    clock.writeMs += performance.now() - t;
  }
  const folded = foldMs + (performance.now() - simulatedAt);
  const simulateMs = simulatedAt - started - foldMs - checkMs;
  return {
    summary: done,
    needsSummary: done === null && viewer !== null,
    finish(runSummary) {
      const t = performance.now();
      if (viewer && plan.viewer && runSummary) {
        const page = timed(openFileSink(path.join(plan.folder, "report.html")), clock);
        const runs = [{ label: ctx.scenarioName, data: viewer.finish(runSummary) }];
        writeViewerPage(plan.viewer, { runs }, (text) => page.write(text));
        page.close();
      }
      const reportsMs = folded + (performance.now() - t) - clock.writeMs;
      const { jobsSubmitted: jobs, eventsProcessed: events } = result;
      return { jobs, events, facts, simulateMs, checkMs, reportsMs, writeMs: clock.writeMs };
    },
  };
}

/**
 * Writes every file of the run folder in this thread: jobs.csv, attempts.csv, instances.csv,
 * timeseries.csv, decisions.csv, events.jsonl, then summary.json, then report.html (unless
 * plan.viewer is null).
 */
export function writeRunFolder(
  plan: RunPlan,
  onProgress: ProgressReport,
): { summary: Summary; stats: RunStats } {
  const part = simulatePart({ ...plan, part: "all" }, onProgress);
  const summary = part.summary as Summary;
  return { summary, stats: part.finish(summary) };
}

/** `sink` with the time spent in its writes and close added to `clock.writeMs`. */
function timed(sink: FileSink, clock: { writeMs: number }): FileSink {
  const time = <T>(step: () => T): T => {
    const t = performance.now();
    try {
      return step();
    } finally {
      clock.writeMs += performance.now() - t;
    }
  };
  return {
    write: (text) => time(() => sink.write(text)),
    writeBytes: (bytes, length) => time(() => sink.writeBytes(bytes, length)),
    close: () => time(() => sink.close()),
  };
}
