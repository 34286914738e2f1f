/**
 * `batchsim run <scenario> [--out DIR] [--seed S] [--set PATH=VALUE]… [--until DUR] [--force] [--quiet]
 * [--events MODE] [--report html|none] [--replications N [--workers W]]`
 */
import * as os from "node:os";
import * as path from "node:path";
import { createRng } from "../engine/rng.ts";
import { type EventsMode, formatSummaryTable, type Summary } from "../report/index.ts";
import { type LoadOptions, type Scenario, settingsAsAssumptions } from "../scenario/index.ts";
import { countSubmissions, estimateJobs } from "../workload/index.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError, describeSystemError, EXIT, systemErrorCode, usageError } from "./errors.ts";
import {
  commitFolder,
  createTempFolder,
  pathExists,
  peakRssMiB,
  removeFolder,
  stderrIsTty,
  writeStderr,
  writeStdout,
} from "./io.ts";
import { createProgress, type ProgressTotals } from "./progress.ts";
import { parseReplications, parseWorkers } from "./replications.ts";
import type { RunPart, RunPlan, RunStats } from "./run-folder.ts";
import type { WorkerMessage } from "./run-messages.ts";
import { type PartStats, runParts, SPLIT_MIN_JOBS } from "./run-parts.ts";
import {
  type ReplicationsPlan,
  startOtherReplications,
  writeReplications,
} from "./run-replications.ts";
import { loadScenarioSource, readScenarioSource } from "./scenario-file.ts";
import { BATCHSIM_VERSION } from "./version.ts";
import { loadViewerTemplate } from "./viewer-page.ts";
import { holdSignals } from "./workers.ts";
import { BYTES_PER_JOB, MEMORY_FRACTION } from "./workload-size.ts";

const OPTIONS = {
  out: { type: "string" },
  seed: { type: "string" },
  set: { type: "string", multiple: true },
  until: { type: "string" },
  force: { type: "boolean" },
  quiet: { type: "boolean" },
  events: { type: "string" },
  report: { type: "string" },
  replications: { type: "string" },
  workers: { type: "string" },
  debug: { type: "boolean" },
  profile: { type: "boolean" },
  lenient: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `--events auto` writes full events up to this many submissions, compact ones above. */
export const FULL_EVENTS_MAX_SUBMISSIONS = 100_000;

/** Usage of `batchsim run`. */
export const RUN_USAGE =
  "usage: batchsim run <scenario> [--out DIR] [--seed S] [--set PATH=VALUE]... [--until DUR] [--force] [--quiet] [--events full|compact|none|auto] [--report html|none] [--replications N] [--workers W] [--lenient] [--profile] [--debug]";

/** Runs `batchsim run`; returns the exit code. */
export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", args, OPTIONS);
  if (values.help) return printUsage();
  if (positionals.length !== 1)
    throw usageError(`batchsim run: expected one scenario file; ${RUN_USAGE}`);
  const file = positionals[0] as string;
  const startedMs = performance.now();
  const requestedEvents = parseEventsFlag(values.events);
  const report = parseReportFlag(values.report);
  const replications =
    values.replications === undefined ? null : parseReplications("run", values.replications, 1);
  const workers = parseWorkers("run", values.workers);
  const source = readScenarioSource(file);
  const options = loadOptions(values);
  const loaded = loadScenarioSource(source, options);
  if (!values.quiet) for (const note of loaded.notices) writeStderr(`${file}: note: ${note}\n`);
  const scenario = loaded.scenario;
  const loadedMs = performance.now();
  const out = values.out ?? path.join("runs", scenario.name);
  if (pathExists(out) && !values.force)
    throw usageError(`batchsim: output folder exists (use --force): ${out}`);
  // Before anything is written: a missing viewer build fails the run with nothing left behind.
  const viewer = report === "html" ? loadViewerTemplate() : null;
  const progress = !values.quiet && stderrIsTty();
  // The progress line's ETA walks every arrival once; --events auto alone walks them only until
  // the count is past FULL_EVENTS_MAX_SUBMISSIONS (~40 ms less before a million-job run starts).
  const totalJobs = progress ? countSubmissions(scenario, createRng(scenario.seed)) : null;
  const eventsMode =
    requestedEvents === "auto"
      ? autoEventsMode(
          totalJobs ??
            countSubmissions(scenario, createRng(scenario.seed), FULL_EVENTS_MAX_SUBMISSIONS),
        )
      : requestedEvents;
  const meta = {
    scenarioSha256: loaded.sha256,
    batchsimVersion: BATCHSIM_VERSION,
    assumptions: settingsAsAssumptions(scenario.settings),
    outputs: { events: eventsMode },
  };
  const summary = await writeAtomically(
    out,
    values.force === true,
    (folder, part) => ({ scenario, meta, eventsMode, folder, viewer, part }),
    {
      progress,
      split: splitRun(scenario, workers, values.workers !== undefined, replications),
      totals: { totalJobs, untilSeconds: scenario.untilSeconds },
      replications:
        replications === null
          ? null
          : { n: replications, workers, source, options, seed: scenario.seed, progress },
    },
  );
  if (typeof summary === "number") return summary;
  if (!values.quiet) {
    writeStdout(formatSummaryTable(summary.summary, out));
    if (summary.replicationTable) writeStdout(`\n${summary.replicationTable}`);
  }
  if (values.profile) writeStderr(profileLine(summary.stats, loadedMs - startedMs, startedMs));
  return EXIT.ok;
}

/**
 * Whether two run workers write the folder (run-parts.ts): never with replications (their pool has
 * the cores) or one worker; with `--workers W` (W ≥ 2) always; by default when the machine has two
 * cores or more, the run is large enough to gain from it, and two copies of its jobs fit in the
 * memory a run may take (each worker simulates the whole run).
 */
function splitRun(
  scenario: Scenario,
  workers: number,
  workersGiven: boolean,
  replications: number | null,
): boolean {
  if (replications !== null || workers < 2) return false;
  if (workersGiven) return true;
  const jobs = estimateJobs(scenario).totalJobs;
  return jobs >= SPLIT_MIN_JOBS && 2 * jobs * BYTES_PER_JOB <= MEMORY_FRACTION * os.totalmem();
}

function printUsage(): number {
  writeStdout(`${RUN_USAGE}\n`);
  return EXIT.ok;
}

function loadOptions(values: {
  seed?: string;
  until?: string;
  set?: string[];
  lenient?: boolean;
}): LoadOptions {
  return {
    ...(values.seed === undefined ? {} : { seed: values.seed }),
    ...(values.until === undefined ? {} : { until: values.until }),
    ...(values.set === undefined ? {} : { sets: values.set }),
    ...(values.lenient === true ? { lenient: true } : {}),
  };
}

const EVENT_MODES = ["full", "compact", "none", "auto"] as const;

function parseEventsFlag(value: string | undefined): EventsMode | "auto" {
  if (value === undefined) return "auto";
  const mode = EVENT_MODES.find((m) => m === value);
  if (!mode)
    throw usageError(
      `batchsim run: --events must be one of ${EVENT_MODES.join(", ")} (got "${value}")`,
    );
  return mode;
}

const REPORT_MODES = ["html", "none"] as const;

/** `--report`: html (the default) writes report.html, none does not. */
function parseReportFlag(value: string | undefined): (typeof REPORT_MODES)[number] {
  if (value === undefined) return "html";
  const mode = REPORT_MODES.find((m) => m === value);
  if (!mode)
    throw usageError(
      `batchsim run: --report must be one of ${REPORT_MODES.join(", ")} (got "${value}")`,
    );
  return mode;
}

/** full when the run submits at most FULL_EVENTS_MAX_SUBMISSIONS jobs, else compact. */
function autoEventsMode(submissions: number): EventsMode {
  return submissions <= FULL_EVENTS_MAX_SUBMISSIONS ? "full" : "compact";
}

/**
 * Writes the run folder into a temporary sibling in a worker, then renames it to `out`. With
 * `replications`, replications 2..N are simulated alongside and their results added to the folder
 * before the rename. On a write failure, a crash or a signal the temporary folder is removed;
 * returns the summary (and the replications table) or an exit code.
 */
interface WriteOptions {
  progress: boolean;
  /** Two run workers (run-parts.ts). */
  split: boolean;
  totals: ProgressTotals;
  replications: ReplicationsPlan | null;
}

/** The run's summary, what it measured and the replications table, or an exit code. */
type WriteOutcome = { summary: Summary; stats: RunStats; replicationTable: string | null } | number;

async function writeAtomically(
  out: string,
  replace: boolean,
  plan: (folder: string, part: RunPart) => RunPlan,
  options: WriteOptions,
): Promise<WriteOutcome> {
  const release = holdSignals();
  try {
    return await writeAtomicallyHeld(out, replace, plan, options);
  } finally {
    release();
  }
}

async function writeAtomicallyHeld(
  out: string,
  replace: boolean,
  plan: (folder: string, part: RunPart) => RunPlan,
  options: WriteOptions,
): Promise<WriteOutcome> {
  const temp = guardWrite(out, () => createTempFolder(out));
  const abort = new AbortController();
  const others = options.replications && startOtherReplications(options.replications, abort.signal);
  // With replications the line counts replications; without, it follows the one run.
  const progress = createProgress(options.progress && others === null, options.totals);
  const outcome = await runParts(
    (part) => plan(temp, part),
    options.split,
    (m) => progress.update(m.simSeconds, m.jobsDone),
  );
  progress.done();
  const ok = outcome.kind === "message" && outcome.message.type === "done";
  if (ok) others?.firstDone();
  else abort.abort();
  const rest = others && (await others.outcome);
  others?.finish();
  if (!ok || (rest && rest.kind !== "done")) removeFolder(temp);
  if (outcome.kind === "signal") return outcome.signal === "SIGINT" ? EXIT.sigint : EXIT.sigterm;
  if (outcome.kind === "crash") throw outcome.error;
  const message = outcome.message;
  if (message.type === "failed" && message.kind === "write") {
    throw new CliError(`batchsim: cannot write ${out}: ${message.message}`, EXIT.failed);
  }
  if (message.type !== "done") throw workerError(message);
  const summary = message.summary;
  if (summary === null) throw new Error("the run worker finished without the run's summary");
  if (rest?.kind === "crash") throw rest.error;
  if (rest?.kind === "stopped") return rest.exitCode;
  let replicationTable: string | null = null;
  if (rest?.kind === "done") {
    replicationTable = guardWrite(
      out,
      () => writeReplications(temp, summary, rest.values).table,
      () => removeFolder(temp),
    );
  }
  guardWrite(
    out,
    () => commitFolder(temp, out, replace),
    () => removeFolder(temp),
  );
  return { summary, stats: message.stats, replicationTable };
}

/**
 * `--profile`: one JSON line on stderr with where the wall time went — parseMs (reading and checking
 * the scenario), simulateMs (the simulation alone), checkMs (the invariant checks on its facts),
 * reportsMs (the report folds: rows, series, summary, viewer data), writeMs (file writes), totalMs
 * — and the process's peak RSS. With two run workers (`workers: 2`) the simulation ran in each,
 * side by side (simulateMs is the longer), only one checking, and reportsMs/writeMs add up both.
 */
function profileLine(stats: RunStats, loadMs: number, startedMs: number): string {
  const parts = (stats as PartStats).parts?.map(({ part, stats: s }) => ({
    part,
    simulateMs: Math.round(s.simulateMs),
    checkMs: Math.round(s.checkMs),
    reportsMs: Math.round(s.reportsMs),
    writeMs: Math.round(s.writeMs),
  }));
  const profile = {
    ...stats,
    ...(parts ? { parts } : {}),
    parseMs: Math.round(loadMs),
    loadMs: Math.round(loadMs),
    simulateMs: Math.round(stats.simulateMs),
    checkMs: Math.round(stats.checkMs),
    reportsMs: Math.round(stats.reportsMs),
    writeMs: Math.round(stats.writeMs),
    totalMs: Math.round(performance.now() - startedMs),
    peakRssMiB: peakRssMiB(),
  };
  return `profile: ${JSON.stringify(profile)}\n`;
}

function workerError(message: WorkerMessage): Error {
  const error = new Error(
    message.type === "failed" ? message.message : `unexpected message ${message.type}`,
  );
  if (message.type === "failed" && message.stack) error.stack = message.stack;
  return error;
}

/** Runs a file-system step; a system error becomes `cannot write <out>: <reason>` (exit 1). */
function guardWrite<T>(out: string, step: () => T, cleanUp?: () => void): T {
  try {
    return step();
  } catch (error) {
    cleanUp?.();
    if (systemErrorCode(error) === undefined) throw error;
    throw new CliError(`batchsim: cannot write ${out}: ${describeSystemError(error)}`, EXIT.failed);
  }
}
