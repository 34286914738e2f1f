/**
 * `batchsim compare <A> <B>`: N replications of each scenario with common random numbers (replication
 * i of A and of B use the same seed, derived from A's), and per headline metric A, B and the paired
 * difference B − A with 95 % confidence intervals. Writes DIR/comparison.json and DIR/replications.csv.
 */
import * as path from "node:path";
import {
  compareMetrics,
  formatComparisonTable,
  type MetricValues,
  replicationSeeds,
  runsCsv,
} from "../report/index.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError, EXIT, usageError } from "./errors.ts";
import { pathExists, stderrIsTty, writeStderr, writeStdout } from "./io.ts";
import { createCountProgress } from "./progress.ts";
import { parseReplications, parseWorkers, simulateAll } from "./replications.ts";
import {
  type LoadedScenario,
  loadScenarioSource,
  readScenarioSource,
  type ScenarioSource,
} from "./scenario-file.ts";
import { writeFolder } from "./write-folder.ts";

const OPTIONS = {
  replications: { type: "string" },
  out: { type: "string" },
  seed: { type: "string" },
  workers: { type: "string" },
  force: { type: "boolean" },
  quiet: { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Replications of each scenario when --replications is not given. */
export const DEFAULT_COMPARE_REPLICATIONS = 10;

/** Usage of `batchsim compare`. */
export const COMPARE_USAGE =
  "usage: batchsim compare <scenarioA> <scenarioB> [--replications N] [--out DIR] [--seed S] [--workers W] [--force] [--quiet] [--debug]";

/** Runs `batchsim compare`; returns the exit code. */
export async function compareCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("compare", args, OPTIONS);
  if (values.help) {
    writeStdout(`${COMPARE_USAGE}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 2)
    throw usageError(`batchsim compare: expected two scenario files; ${COMPARE_USAGE}`);
  const [fileA, fileB] = positionals as [string, string];
  const n = parseReplications("compare", values.replications, DEFAULT_COMPARE_REPLICATIONS);
  const workers = parseWorkers("compare", values.workers);
  const sources = loadBothSources(fileA, fileB);
  const optionsA = values.seed === undefined ? {} : { seed: values.seed };
  const [a, b] = loadBoth(sources, optionsA);
  const seed = a.scenario.seed;
  if (!values.quiet) {
    for (const [file, loaded] of [
      [fileA, a],
      [fileB, b],
    ] as const)
      for (const note of loaded.notices) writeStderr(`${file}: note: ${note}\n`);
    if (b.scenario.seed !== seed)
      writeStderr(
        `${fileB}: note: seed ${b.scenario.seed} is not used: both scenarios run with the seeds of ${values.seed === undefined ? fileA : "--seed"} (${seed}, …), common random numbers\n`,
      );
  }
  const out = values.out ?? path.join("runs", `compare-${a.scenario.name}-vs-${b.scenario.name}`);
  if (pathExists(out) && !values.force)
    throw usageError(`batchsim: output folder exists (use --force): ${out}`);
  const seeds = replicationSeeds(seed, n);
  // A and B of each replication side by side, so both are done at about the same pace.
  const tasks = seeds.flatMap((s) => [
    { source: 0, options: optionsA, seed: s },
    { source: 1, options: {}, seed: s },
  ]);
  const progress = createCountProgress(!values.quiet && stderrIsTty(), n, "replications");
  const done = new Uint8Array(n);
  let pairs = 0;
  let runs = 0;
  const results = await simulateAll({ sources }, tasks, {
    workers,
    onDone: (index) => {
      runs += 1;
      const r = index >> 1;
      done[r] = (done[r] ?? 0) + 1;
      if (done[r] === 2) pairs += 1;
      progress.update(pairs, runs / tasks.length, `${runs}/${tasks.length} runs`);
    },
  });
  progress.done();
  if (typeof results === "number") return results;
  const aRows = results.filter((_, i) => i % 2 === 0);
  const bRows = results.filter((_, i) => i % 2 === 1);
  const metrics = compareMetrics(aRows, bRows);
  const comparison = { replications: n, a: a.scenario.name, b: b.scenario.name, metrics };
  writeComparison(out, values.force === true, comparison, seeds, aRows, bRows);
  if (!values.quiet) {
    const labels = {
      a: `${a.scenario.name} (${fileA})`,
      b: `${b.scenario.name} (${fileB})`,
    };
    writeStdout(`${formatComparisonTable(labels, metrics, n)}\nfolder: ${out}\n`);
  }
  return EXIT.ok;
}

/** Runs each step; the usage errors of all of them are reported together. */
function collectErrors<T>(steps: readonly (() => T)[]): T[] {
  const lines: string[] = [];
  const results: T[] = [];
  for (const step of steps) {
    try {
      results.push(step());
    } catch (error) {
      if (!(error instanceof CliError) || error.exitCode !== EXIT.usage) throw error;
      lines.push(...error.lines, ...(error.message === "" ? [] : [error.message]));
    }
  }
  if (lines.length > 0) throw usageError("", lines);
  return results;
}

function loadBothSources(fileA: string, fileB: string): [ScenarioSource, ScenarioSource] {
  const [a, b] = collectErrors([() => readScenarioSource(fileA), () => readScenarioSource(fileB)]);
  return [a as ScenarioSource, b as ScenarioSource];
}

/** Loads both scenarios; the problems of both files are reported together. */
function loadBoth(
  [a, b]: readonly [ScenarioSource, ScenarioSource],
  optionsA: { seed?: string },
): [LoadedScenario, LoadedScenario] {
  const [la, lb] = collectErrors([
    () => loadScenarioSource(a, optionsA),
    () => loadScenarioSource(b, {}),
  ]);
  return [la as LoadedScenario, lb as LoadedScenario];
}

/** Writes comparison.json and replications.csv into `out`, whole or not at all. */
function writeComparison(
  out: string,
  replace: boolean,
  comparison: {
    replications: number;
    /** The scenario names of A and B (for readers and the viewer). */
    a: string;
    b: string;
    metrics: ReturnType<typeof compareMetrics>;
  },
  seeds: readonly string[],
  aRows: readonly MetricValues[],
  bRows: readonly MetricValues[],
): void {
  const rows = [
    ...aRows.map((values, i) => ({ lead: ["a", i + 1, seeds[i]], values })),
    ...bRows.map((values, i) => ({ lead: ["b", i + 1, seeds[i]], values })),
  ];
  writeFolder(out, replace, {
    "comparison.json": `${JSON.stringify(comparison, null, 2)}\n`,
    "replications.csv": runsCsv(["scenario", "replication", "seed"], rows),
  });
}
