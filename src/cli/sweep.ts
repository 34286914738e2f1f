/**
 * `batchsim sweep <scenario> --set PATH=v1,v2 …`: every point of the cartesian product of the --set
 * values, each replicated N times (the same replication seeds at every point), simulated in worker
 * threads; writes sweep.json, sweep.csv and runs.csv. `--index I` (or AWS_BATCH_JOB_ARRAY_INDEX, or
 * JOB_COMPLETION_INDEX) runs only point I into DIR/points/I/, and `batchsim sweep merge DIR` builds
 * the sweep's files from the points.
 */
import * as path from "node:path";
import {
  estimateMetrics,
  formatSweepTable,
  replicationSeeds,
  type SweepPointRows,
} from "../report/index.ts";
import type { LoadOptions } from "../scenario/index.ts";
import { parseCommandArgs } from "./args.ts";
import { EXIT, usageError } from "./errors.ts";
import { environmentVariable, pathExists, stderrIsTty, writeStderr, writeStdout } from "./io.ts";
import { createCountProgress } from "./progress.ts";
import {
  parseReplications,
  parseWholeNumber,
  parseWorkers,
  type ReplicationTask,
  simulateAll,
} from "./replications.ts";
import { readScenarioSource } from "./scenario-file.ts";
import { mergeCommand } from "./sweep-merge.ts";
import {
  definitionHash,
  describePoint,
  parseSweepSets,
  pointCount,
  pointOptions,
  pointValues,
  sweepDefinition,
  validatePoints,
} from "./sweep-plan.ts";
import { pointFiles, sweepFiles } from "./sweep-points.ts";
import { writeFolder } from "./write-folder.ts";

const OPTIONS = {
  set: { type: "string", multiple: true },
  replications: { type: "string" },
  workers: { type: "string" },
  out: { type: "string" },
  index: { type: "string" },
  seed: { type: "string" },
  force: { type: "boolean" },
  quiet: { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Usage of `batchsim sweep`. */
export const SWEEP_USAGE =
  "usage: batchsim sweep <scenario> --set PATH=v1,v2... [--set ...] [--replications N] [--workers W] [--out DIR] [--index I] [--seed S] [--force] [--quiet] [--debug]";

/** Usage of `batchsim sweep merge`. */
export const SWEEP_MERGE_USAGE = "usage: batchsim sweep merge <DIR> [--force] [--quiet] [--debug]";

/** Where an array job's index comes from when --index is not given, in this order. */
export const INDEX_VARIABLES = ["AWS_BATCH_JOB_ARRAY_INDEX", "JOB_COMPLETION_INDEX"] as const;

/** Runs `batchsim sweep` (or `batchsim sweep merge`); returns the exit code. */
export async function sweepCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("sweep", args, OPTIONS);
  if (values.help) {
    writeStdout(`${SWEEP_USAGE}\n${SWEEP_MERGE_USAGE}\n`);
    return EXIT.ok;
  }
  if (positionals[0] === "merge" && positionals.length === 2) {
    const extra = (["set", "replications", "workers", "out", "index", "seed"] as const).find(
      (flag) => values[flag] !== undefined,
    );
    if (extra)
      throw usageError(`batchsim sweep merge: --${extra} does not apply; ${SWEEP_MERGE_USAGE}`);
    return mergeCommand(positionals[1] as string, {
      force: values.force === true,
      quiet: values.quiet === true,
    });
  }
  if (positionals.length !== 1)
    throw usageError(`batchsim sweep: expected one scenario file; ${SWEEP_USAGE}`);
  const file = positionals[0] as string;
  const n = parseReplications("sweep", values.replications, 1);
  const workers = parseWorkers("sweep", values.workers);
  const requestedIndex = parseIndex(values.index);
  const source = readScenarioSource(file);
  const parameters = parseSweepSets(values.set ?? []);
  const total = pointCount(parameters);
  if (requestedIndex && requestedIndex.index >= total)
    throw usageError(
      `batchsim sweep: ${requestedIndex.from} ${requestedIndex.index} is outside the sweep (points 0 to ${total - 1})`,
    );
  const index = requestedIndex?.index ?? null;
  const base: LoadOptions = values.seed === undefined ? {} : { seed: values.seed };
  const valid = validatePoints(source, parameters, base);
  if (!values.quiet) for (const note of valid.notices) writeStderr(`${file}: note: ${note}\n`);
  const definition = sweepDefinition(valid.name, source.sha256, values.seed, n, parameters);
  const hash = definitionHash(definition);
  const dir = values.out ?? path.join("runs", `sweep-${valid.name}`);
  const out = index === null ? dir : path.join(dir, "points", String(index));
  if (pathExists(out) && !values.force)
    throw usageError(`batchsim: output folder exists (use --force): ${out}`);
  const points = index === null ? Array.from({ length: total }, (_, i) => i) : [index];
  const tasks: ReplicationTask[] = points.flatMap((p) =>
    replicationSeeds(valid.seeds[p] ?? "", n).map((seed) => ({
      source: 0,
      options: pointOptions(parameters, p, base),
      seed,
    })),
  );
  const progress = pointProgress(!values.quiet && stderrIsTty(), points.length, n);
  const results = await simulateAll({ sources: [source] }, tasks, {
    workers,
    onDone: progress.onDone,
  });
  progress.done();
  if (typeof results === "number") return results;
  const rows: SweepPointRows[] = points.map((p, k) => ({
    point: p,
    parameterValues: pointValues(parameters, p),
    seeds: replicationSeeds(valid.seeds[p] ?? "", n),
    values: results.slice(k * n, (k + 1) * n),
  }));
  const files =
    index === null
      ? sweepFiles(hash, definition, rows)
      : pointFiles(hash, definition, rows[0] as SweepPointRows);
  writeFolder(out, values.force === true, files);
  if (!values.quiet) {
    const table = formatSweepTable(
      parameters.map((p) => p.path),
      rows.map((r) => ({ ...r, estimates: estimateMetrics(r.values) })),
      n,
    );
    const where =
      index === null
        ? `folder: ${out}`
        : `point ${index} of ${total} (${describePoint(parameters, index)}): ${out}`;
    writeStdout(`${table}\n${where}\n`);
  }
  return EXIT.ok;
}

/** The point to run alone: --index, else the first of INDEX_VARIABLES that is set; null: every point. */
function parseIndex(flag: string | undefined): { index: number; from: string } | null {
  if (flag !== undefined)
    return { index: parseWholeNumber("sweep", "--index", flag, 0), from: "--index" };
  for (const name of INDEX_VARIABLES) {
    const value = environmentVariable(name);
    if (value !== undefined)
      return { index: parseWholeNumber("sweep", name, value, 0), from: name };
  }
  return null;
}

/** The progress line: points done (all their replications) of `points`, and runs. */
function pointProgress(
  enabled: boolean,
  points: number,
  n: number,
): { onDone: (index: number) => void; done: () => void } {
  const progress = createCountProgress(enabled, points, "points");
  const left = new Array<number>(points).fill(n);
  let pointsDone = 0;
  let runs = 0;
  const onDone = (index: number): void => {
    runs += 1;
    const p = Math.floor(index / n);
    left[p] = (left[p] ?? 1) - 1;
    if (left[p] === 0) pointsDone += 1;
    progress.update(pointsDone, runs / (points * n), `${runs}/${points * n} runs`);
  };
  return { onDone, done: () => progress.done() };
}
