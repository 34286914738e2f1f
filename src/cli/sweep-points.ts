/**
 * The files of a sweep: sweep.json, sweep.csv and runs.csv of the whole sweep, and DIR/points/I/
 * (point.json, runs.csv) of one point run with --index. `batchsim sweep merge` rebuilds the whole
 * sweep's files from the points, byte for byte what a full sweep writes: both go through sweepFiles.
 */
import {
  HEADLINE_METRICS,
  type MetricValues,
  type SweepPointRows,
  sweepCsv,
  sweepRunsCsv,
} from "../report/index.ts";
import { pointCount, pointValues, type SweepDefinition } from "./sweep-plan.ts";

/** point.json of DIR/points/I/. */
export interface PointFile {
  /** The definition's hash: points of one sweep share it. */
  readonly sweep: string;
  readonly definition: SweepDefinition;
  readonly point: number;
  readonly points: number;
  readonly parameters: readonly { readonly path: string; readonly value: string }[];
  readonly seeds: readonly string[];
  /** The headline metrics `values` are of, in order. */
  readonly metrics: readonly string[];
  /** One row per replication: the headline metrics (null where one does not apply). */
  readonly values: readonly MetricValues[];
}

/** JSON text with a final newline. */
function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The files of a whole sweep (sweep.json, sweep.csv, runs.csv), from every point in order. */
export function sweepFiles(
  hash: string,
  definition: SweepDefinition,
  points: readonly SweepPointRows[],
): Record<string, string> {
  const parameters = definition.parameters.map((p) => p.path);
  return {
    "sweep.json": json({ sweep: hash, definition, points: points.length }),
    "sweep.csv": sweepCsv(parameters, points),
    "runs.csv": sweepRunsCsv(parameters, points),
  };
}

/** The files of DIR/points/I/ (point.json, runs.csv). */
export function pointFiles(
  hash: string,
  definition: SweepDefinition,
  point: SweepPointRows,
): Record<string, string> {
  const file: PointFile = {
    sweep: hash,
    definition,
    point: point.point,
    points: pointCount(definition.parameters),
    parameters: definition.parameters.map((p, i) => ({
      path: p.path,
      value: point.parameterValues[i] ?? "",
    })),
    seeds: point.seeds,
    metrics: HEADLINE_METRICS,
    values: point.values,
  };
  const parameters = definition.parameters.map((p) => p.path);
  return { "point.json": json(file), "runs.csv": sweepRunsCsv(parameters, [point]) };
}

/** A point folder as read by merge: its name and point.json's text (or why it could not be read). */
export interface PointFolder {
  readonly name: string;
  readonly text: string | { readonly error: string };
}

/** What merging found: the sweep's files, or every reason it cannot be merged. */
export type MergeResult =
  | { readonly ok: true; readonly files: Record<string, string>; readonly points: number }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Checks the point folders of DIR/points and, if they are exactly the points 0..P−1 of one sweep,
 * returns the whole sweep's files. The sweep is the definition most points have (ties: the lowest
 * point's); `hashOf` recomputes a definition's hash.
 */
export function mergePoints(
  folders: readonly PointFolder[],
  hashOf: (definition: SweepDefinition) => string,
): MergeResult {
  const problems: string[] = [];
  const read: PointFile[] = [];
  for (const folder of folders) {
    const point = readPoint(folder, hashOf);
    if (typeof point === "string") problems.push(point);
    else read.push(point);
  }
  const sweep = majority(read);
  if (sweep === undefined) {
    if (problems.length === 0)
      problems.push("points/ holds no points (run batchsim sweep --index I first)");
    return { ok: false, problems };
  }
  const total = pointCount(sweep.definition.parameters);
  const byIndex = new Map<number, PointFile>();
  for (const p of read) {
    if (p.sweep !== sweep.sweep) {
      problems.push(
        `point ${p.point} is from a different sweep (${difference(sweep.definition, p.definition)})`,
      );
    } else if (p.point >= total) {
      problems.push(`point ${p.point} is outside the sweep (points 0 to ${total - 1})`);
    } else {
      const expected = pointValues(sweep.definition.parameters, p.point);
      if (p.parameters.some((q, i) => q.value !== expected[i]))
        problems.push(
          `point ${p.point}: its parameters are not those of point ${p.point} of the sweep`,
        );
      else byIndex.set(p.point, p);
    }
  }
  const present = new Set(read.map((p) => p.point));
  const missing: number[] = [];
  for (let i = 0; i < total; i++) if (!present.has(i)) missing.push(i);
  if (missing.length > 0) problems.push(`missing ${listPoints(missing)} (of ${total})`);
  if (problems.length > 0) return { ok: false, problems };
  const rows: SweepPointRows[] = [];
  for (let i = 0; i < total; i++) {
    const p = byIndex.get(i) as PointFile;
    rows.push({
      point: i,
      parameterValues: p.parameters.map((q) => q.value),
      seeds: p.seeds,
      values: p.values,
    });
  }
  return { ok: true, files: sweepFiles(sweep.sweep, sweep.definition, rows), points: total };
}

/** `points 3, 7, 9` (the first 20, then how many more), `point 3` for one. */
function listPoints(points: readonly number[]): string {
  const shown = points.slice(0, 20).join(", ");
  const more = points.length > 20 ? ` and ${points.length - 20} more` : "";
  return `point${points.length === 1 ? "" : "s"} ${shown}${more}`;
}

/** The definition most points share (ties: the one of the lowest point). */
function majority(points: readonly PointFile[]): PointFile | undefined {
  const counts = new Map<string, { count: number; first: PointFile }>();
  for (const p of [...points].sort((a, b) => a.point - b.point)) {
    const entry = counts.get(p.sweep);
    if (entry) entry.count += 1;
    else counts.set(p.sweep, { count: 1, first: p });
  }
  let best: { count: number; first: PointFile } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best?.first;
}

/** What differs between two sweep definitions, in words. */
function difference(ours: SweepDefinition, theirs: SweepDefinition): string {
  if (theirs.scenario.sha256 !== ours.scenario.sha256)
    return `scenario ${theirs.scenario.name} ${theirs.scenario.sha256.slice(0, 12)}… instead of ${ours.scenario.name} ${ours.scenario.sha256.slice(0, 12)}…`;
  if (theirs.batchsimVersion !== ours.batchsimVersion)
    return `batchsim ${theirs.batchsimVersion} instead of ${ours.batchsimVersion}`;
  if (theirs.seed !== ours.seed)
    return `--seed ${theirs.seed ?? "(none)"} instead of ${ours.seed ?? "(none)"}`;
  if (theirs.replications !== ours.replications)
    return `${theirs.replications} replications instead of ${ours.replications}`;
  return "other --set values";
}

/** Reads one point folder's point.json, or says what is wrong with it. */
function readPoint(
  folder: PointFolder,
  hashOf: (definition: SweepDefinition) => string,
): PointFile | string {
  const where = `points/${folder.name}`;
  if (!/^(0|[1-9]\d*)$/.test(folder.name)) return `${where} is not a point folder (not a number)`;
  if (typeof folder.text !== "string") return `${where}/point.json: ${folder.text.error}`;
  let value: unknown;
  try {
    value = JSON.parse(folder.text);
  } catch {
    return `${where}/point.json is not valid JSON`;
  }
  const p = value as Partial<PointFile> | null;
  const shaped =
    p !== null &&
    typeof p === "object" &&
    typeof p.sweep === "string" &&
    typeof p.definition === "object" &&
    p.definition !== null &&
    Array.isArray(p.definition.parameters) &&
    p.point === Number(folder.name) &&
    Array.isArray(p.parameters) &&
    Array.isArray(p.seeds) &&
    Array.isArray(p.values) &&
    p.values.every((row) => Array.isArray(row) && row.length === HEADLINE_METRICS.length) &&
    p.values.length === p.definition.replications &&
    p.seeds.length === p.values.length;
  if (!shaped) return `${where}/point.json is not a point of a sweep (or is damaged)`;
  const file = p as PointFile;
  if (JSON.stringify(file.metrics) !== JSON.stringify(HEADLINE_METRICS))
    return `${where}/point.json was written by another batchsim version (its metrics differ)`;
  if (hashOf(file.definition) !== file.sweep)
    return `${where}/point.json was edited (its definition does not match its hash)`;
  return file;
}
