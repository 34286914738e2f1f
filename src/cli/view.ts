/**
 * `batchsim view DIR [DIR…] [--port N] [--host H] [--out FILE] [--no-serve]`: serves the viewer with
 * the given folders on 127.0.0.1 until Ctrl-C, or writes that page to a file. A folder is a run
 * folder (its data is read back from its report.html; two runs: side by side), a `batchsim compare`
 * folder (comparison.json) or a `batchsim sweep` folder (sweep.csv, and sweep.json when present);
 * comparisons and sweeps are shown above the runs.
 */
import * as path from "node:path";
import type { ViewerData } from "../report/index.ts";
import { VIEWER_DATA_FORMAT } from "../report/index.ts";
import type { ExperimentView, MeanCi, ViewerPayload } from "../report/viewer-data-types.ts";
import { parseCommandArgs } from "./args.ts";
import { createCsvReader } from "./csv-reader.ts";
import { CliError, describeSystemError, EXIT, systemErrorCode, usageError } from "./errors.ts";
import { openFileSink, pathExists, readFileBytes, writeStderr, writeStdout } from "./io.ts";
import { servePage, waitForStopSignal } from "./serve.ts";
import {
  loadViewerTemplate,
  readEmbeddedRuns,
  viewerPageText,
  writeViewerPage,
} from "./viewer-page.ts";

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  out: { type: "string" },
  "no-serve": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Usage of `batchsim view`. */
export const VIEW_USAGE =
  "usage: batchsim view DIR [DIR...] [--port N] [--host H] [--out FILE] [--no-serve]";

/** The port tried first (Vite's), then the next free one. */
export const DEFAULT_PORT = 5173;
const DEFAULT_HOST = "127.0.0.1";

/** Runs `batchsim view`; returns the exit code (130/143 when stopped by SIGINT/SIGTERM). */
export async function viewCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("view", args, OPTIONS);
  if (values.help) {
    writeStdout(`${VIEW_USAGE}\n`);
    return EXIT.ok;
  }
  if (positionals.length === 0)
    throw usageError(
      `batchsim view: expected one or more run, compare or sweep folders; ${VIEW_USAGE}`,
    );
  const port = parsePort(values.port);
  const host = values.host ?? DEFAULT_HOST;
  const labels = uniqueLabels(positionals.map(folderName));
  const payload = readFolders(positionals, labels);
  const template = loadViewerTemplate();
  if (values.out !== undefined) {
    writePageFile(values.out, () => {
      const sink = openFileSink(values.out as string);
      writeViewerPage(template, payload, (text) => sink.write(text));
      sink.close();
    });
    return EXIT.ok;
  }
  if (values["no-serve"]) {
    writeViewerPage(template, payload, writeStdout);
    return EXIT.ok;
  }
  const server = await listenOn(viewerPageText(template, payload), host, port);
  writeStdout(`${server.url}\n`);
  writeStderr(`batchsim view: serving ${labels.join(", ")}; press Ctrl-C to stop\n`);
  const signal = await waitForStopSignal();
  await server.close();
  return signal === "SIGINT" ? EXIT.sigint : EXIT.sigterm;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    throw usageError(`batchsim view: --port must be a port number 0-65535 (got "${value}")`);
  return port;
}

/**
 * The page's payload: each folder, by what it holds, as a run (payload.runs) or an experiment
 * (payload.experiments), each list in argument order. A folder that is none of them, or whose files
 * cannot be read, is an input error (exit 2).
 */
export function readFolders(dirs: readonly string[], labels: readonly string[]): ViewerPayload {
  const runs: { label: string; data: ViewerData }[] = [];
  const experiments: ExperimentView[] = [];
  dirs.forEach((dir, i) => {
    const label = labels[i] as string;
    const kind = folderKind(dir);
    if (kind === "comparison") experiments.push(readComparison(dir, label));
    else if (kind === "sweep") experiments.push(readSweep(dir, label));
    else runs.push({ label, data: readRun(dir) });
  });
  return experiments.length > 0 ? { runs, experiments } : { runs };
}

/** What a folder holds: comparison.json, sweep.csv or (else) a run; exit 2 when it is none. */
function folderKind(dir: string): "run" | "comparison" | "sweep" {
  if (!pathExists(dir)) throw usageError(`batchsim view: ${dir}: no such folder`);
  if (pathExists(path.join(dir, "comparison.json"))) return "comparison";
  if (pathExists(path.join(dir, "sweep.csv"))) return "sweep";
  if (pathExists(path.join(dir, "summary.json"))) return "run";
  if (pathExists(path.join(dir, "points")))
    throw usageError(
      `batchsim view: ${dir} has no sweep.csv (its points were run one at a time): run batchsim sweep merge ${dir}`,
    );
  throw usageError(
    `batchsim view: ${dir} is not a run, compare or sweep folder (no summary.json, comparison.json or sweep.csv)`,
  );
}

/** A run folder's viewer data, from its report.html; anything else is an input error (exit 2). */
function readRun(dir: string): ViewerData {
  const report = path.join(dir, "report.html");
  if (!pathExists(report))
    throw usageError(
      `batchsim view: ${dir} has no report.html (written with --report none, or by an older batchsim): run it again`,
    );
  const html = readText(report);
  const embedded = readEmbeddedRuns(html);
  if (!embedded.ok && embedded.problem === "format") {
    const found = typeof embedded.format === "number" ? `${embedded.format}` : "unknown";
    throw usageError(
      `batchsim view: ${dir} was written by an incompatible batchsim version (viewer data format ${found}, this version reads ${VIEWER_DATA_FORMAT}): run it again`,
    );
  }
  if (!embedded.ok || embedded.runs.length !== 1)
    throw usageError(`batchsim view: ${report} holds no run data batchsim can read: run it again`);
  return (embedded.runs[0] as { data: ViewerData }).data;
}

/** A file's text; a file that cannot be read is an input error. */
function readText(file: string): string {
  try {
    return readFileBytes(file).toString("utf8");
  } catch (error) {
    throw usageError(`batchsim view: cannot read ${file}: ${describeSystemError(error)}`);
  }
}

/** A file's JSON; a file that is not JSON is an input error. */
function readJson(file: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw usageError(`batchsim view: ${file} is not JSON (${(error as Error).message})`);
  }
}

/** An input error about a malformed experiment file. */
function malformed(file: string, why: string) {
  return usageError(`batchsim view: ${file} is malformed: ${why}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 1;
}

/**
 * A `batchsim compare` folder's comparison.json: `{replications, a?, b?, metrics: {path: {a, b,
 * delta}}}`, each of a, b and delta a `{mean, ci95: [lo, hi] | null}` or null. A and B are named
 * "A" and "B" when the file does not name them.
 */
function readComparison(dir: string, label: string): ExperimentView {
  const file = path.join(dir, "comparison.json");
  const value = readJson(file);
  if (!isRecord(value)) throw malformed(file, "it is not a JSON object");
  if (!isCount(value.replications))
    throw malformed(file, '"replications" is not a whole number of at least 1');
  const name = (key: "a" | "b", fallback: string): string => {
    const v = value[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "string") throw malformed(file, `"${key}" is not a scenario name`);
    return v;
  };
  if (!isRecord(value.metrics)) throw malformed(file, '"metrics" is not an object');
  const metrics: Record<string, { a: MeanCi | null; b: MeanCi | null; delta: MeanCi | null }> = {};
  for (const [metric, entry] of Object.entries(value.metrics)) {
    if (!isRecord(entry)) throw malformed(file, `metrics["${metric}"] is not an object`);
    const part = (key: "a" | "b" | "delta"): MeanCi | null => {
      const v = entry[key] ?? null;
      const m = meanCi(v);
      if (m === undefined)
        throw malformed(
          file,
          `metrics["${metric}"].${key} is not {"mean", "ci95": [lo, hi]} or null`,
        );
      return m;
    };
    metrics[metric] = { a: part("a"), b: part("b"), delta: part("delta") };
  }
  return {
    kind: "comparison",
    label,
    a: name("a", "A"),
    b: name("b", "B"),
    replications: value.replications,
    metrics,
  };
}

/** A `{mean, ci95}` object as a MeanCi, null for null, undefined when it is neither. */
function meanCi(v: unknown): MeanCi | null | undefined {
  if (v === null) return null;
  if (!isRecord(v) || !isFiniteNumber(v.mean)) return undefined;
  const ci = v.ci95 ?? null;
  if (ci === null) return { mean: v.mean, ci95: null };
  if (!Array.isArray(ci) || ci.length !== 2 || !ci.every(isFiniteNumber)) return undefined;
  const [lo, hi] = ci as [number, number];
  return lo <= hi ? { mean: v.mean, ci95: [lo, hi] } : undefined;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/**
 * A `batchsim sweep` folder: sweep.csv (`point`, one column per --set path, then `M.mean`,
 * `M.ci95_lo`, `M.ci95_hi` per metric M; an empty cell is null) and, when present, sweep.json's
 * `replications` (else the payload says 0: not known). sweep.json's `replications` and `parameters`
 * are read at its top level or in its `definition`; parameters are --set paths or `{path}` objects.
 */
function readSweep(dir: string, label: string): ExperimentView {
  const json = path.join(dir, "sweep.json");
  let replications = 0;
  let declared: string[] | null = null;
  if (pathExists(json)) {
    const value = readJson(json);
    if (!isRecord(value)) throw malformed(json, "it is not a JSON object");
    const definition = isRecord(value.definition) ? value.definition : {};
    const count = value.replications ?? definition.replications;
    if (count !== undefined) {
      if (!isCount(count))
        throw malformed(json, '"replications" is not a whole number of at least 1');
      replications = count;
    }
    const list = value.parameters ?? definition.parameters;
    if (list !== undefined) {
      const paths = Array.isArray(list) ? list.map((p) => (isRecord(p) ? p.path : p)) : null;
      if (paths === null || !paths.every((p) => typeof p === "string"))
        throw malformed(json, '"parameters" is not a list of --set paths');
      declared = paths as string[];
    }
  }
  const csv = path.join(dir, "sweep.csv");
  const sweep = parseSweepCsv(readText(csv), (why) => malformed(csv, why));
  if (declared !== null && declared.join("\n") !== sweep.parameters.join("\n"))
    throw malformed(
      json,
      `its parameters (${declared.join(", ")}) are not sweep.csv's (${sweep.parameters.join(", ")})`,
    );
  return { kind: "sweep", label, replications, ...sweep };
}

/** A sweep's metric columns: its name and the columns of its mean and interval bounds. */
interface MetricColumns {
  readonly name: string;
  readonly mean: number;
}

/**
 * Reads sweep.csv's text. The metric columns are the triples `M.mean`, `M.ci95_lo`, `M.ci95_hi`
 * (a bare `M` for the mean is read too); the columns between `point` and the first triple are the
 * parameters. `fail(why)` makes the error to throw.
 */
export function parseSweepCsv(
  text: string,
  fail: (why: string) => Error,
): Pick<Extract<ExperimentView, { kind: "sweep" }>, "parameters" | "points"> {
  const records: string[][] = [];
  try {
    const reader = createCsvReader((cells) => records.push(cells));
    reader.push(text.replace(/^\uFEFF/, ""));
    reader.end();
  } catch (error) {
    throw fail((error as Error).message);
  }
  const header = records.shift();
  if (header?.[0] !== "point") throw fail('its first column is not "point"');
  const metrics: MetricColumns[] = [];
  let parameterEnd = -1;
  for (let i = 1; i < header.length; ) {
    const cell = header[i] as string;
    const bare = cell.endsWith(".mean") ? cell.slice(0, -".mean".length) : null;
    const name = [bare, cell].find(
      (m) => m !== null && header[i + 1] === `${m}.ci95_lo` && header[i + 2] === `${m}.ci95_hi`,
    );
    if (name === undefined || name === null) {
      if (parameterEnd >= 0)
        throw fail(
          `column "${cell}" is not a metric's mean or interval bound (M.mean, M.ci95_lo, M.ci95_hi)`,
        );
      i++;
      continue;
    }
    if (parameterEnd < 0) parameterEnd = i;
    metrics.push({ name, mean: i });
    i += 3;
  }
  if (parameterEnd < 0) parameterEnd = header.length;
  const parameters = header.slice(1, parameterEnd);
  if (parameters.length === 0) throw fail("it has no parameter column");
  const seen = new Set<string>();
  for (const name of [...parameters, ...metrics.map((m) => m.name)]) {
    if (seen.has(name)) throw fail(`column "${name}" occurs twice`);
    seen.add(name);
  }
  const points = records.map((cells, r) => {
    const line = r + 2;
    if (cells.length !== header.length)
      throw fail(`line ${line} has ${cells.length} cells, the header ${header.length}`);
    if (!/^\d+$/.test(cells[0] as string))
      throw fail(`line ${line}: point "${cells[0]}" is not a point number`);
    const number = (i: number): number | null => {
      const cell = (cells[i] as string).trim();
      if (cell === "") return null;
      const n = Number(cell);
      if (!Number.isFinite(n))
        throw fail(`line ${line}: ${header[i]} "${cells[i]}" is not a number`);
      return n;
    };
    const values: Record<string, MeanCi | null> = {};
    for (const m of metrics) {
      const [mean, lo, hi] = [number(m.mean), number(m.mean + 1), number(m.mean + 2)];
      if (mean === null && lo === null && hi === null) values[m.name] = null;
      else if (mean === null || (lo === null) !== (hi === null) || (lo !== null && hi! < lo))
        throw fail(
          `line ${line}: ${m.name} has an interval without a mean, half an interval, or one whose low bound is above its high`,
        );
      else values[m.name] = { mean, ci95: lo === null ? null : [lo, hi as number] };
    }
    return { values: cells.slice(1, parameterEnd), metrics: values };
  });
  return { parameters, points };
}

/** The folder's own name (`runs/a/` → `a`; `.` → the current folder's name). */
function folderName(dir: string): string {
  return path.basename(path.resolve(dir));
}

/** Labels made unique in order: a repeated one becomes `name (2)`, `name (3)`… */
export function uniqueLabels(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let label = name;
    for (let n = 2; used.has(label); n++) label = `${name} (${n})`;
    used.add(label);
    return label;
  });
}

function writePageFile(file: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if (systemErrorCode(error) === undefined) throw error;
    throw new CliError(
      `batchsim view: cannot write ${file}: ${describeSystemError(error)}`,
      EXIT.failed,
    );
  }
}

async function listenOn(page: string, host: string, port: number) {
  try {
    return await servePage(page, host, port);
  } catch (error) {
    throw usageError(
      `batchsim view: cannot listen on ${host}:${port}: ${describeSystemError(error)}`,
    );
  }
}
