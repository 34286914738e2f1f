/**
 * A sweep's definition: its parameters (one per `--set PATH=v1,v2,…`), its points (the cartesian
 * product of their values, in the order of the flags, the last varying fastest, numbered from 0),
 * the validation of every point before anything runs, and the definition's hash, which tells the
 * points of one sweep from another's when they are merged.
 */
import { createHash } from "node:crypto";
import { isSeq, parseDocument, stringify } from "yaml";
import { formatProblem, type LoadOptions, loadScenario } from "../scenario/index.ts";
import { usageError } from "./errors.ts";
import { builtInCatalog, type ScenarioSource } from "./scenario-file.ts";
import { readTrace } from "./trace-file.ts";
import { BATCHSIM_VERSION } from "./version.ts";
import { workloadSizeProblem } from "./workload-size.ts";

/** One `--set` of a sweep: PATH and its values, each as YAML text (one value: a fixed override). */
export interface SweepParameter {
  readonly path: string;
  readonly values: readonly string[];
}

/** Everything that decides a sweep's results (hashed into `sweep` of point.json). */
export interface SweepDefinition {
  readonly format: "batchsim-sweep/1";
  readonly batchsimVersion: string;
  readonly scenario: { readonly name: string; readonly sha256: string };
  /** `--seed`, or null: the file's seed. */
  readonly seed: string | null;
  readonly replications: number;
  readonly parameters: readonly SweepParameter[];
}

/** Sweeps larger than this are refused (a typo is likelier than a wish for more). */
export const MAX_POINTS = 1_000_000;

/** Alias expansions allowed in one --set value (as in scenario files). */
const MAX_ALIASES = 1000;

/**
 * Parses the `--set` flags of a sweep. VALUE is a YAML flow list (`[v1, v2]`: its items are the
 * values) or else split on commas, each piece parsed as YAML. Each value is kept as canonical YAML
 * text (so `0x10` is `16`, and a quoted number stays a string). Every problem is a usage error
 * located at `--set:k:col` (k counts --set flags from 1, col is where the value starts).
 */
export function parseSweepSets(args: readonly string[]): SweepParameter[] {
  const problems: string[] = [];
  const parameters: SweepParameter[] = [];
  const seen = new Map<string, number>();
  args.forEach((arg, i) => {
    const parameter = parseSweepSet(arg, i + 1, seen);
    if ("problem" in parameter) problems.push(parameter.problem);
    else parameters.push(parameter);
  });
  if (problems.length > 0) throw usageError("", problems);
  const points = pointCount(parameters);
  if (points > MAX_POINTS)
    throw usageError(
      `batchsim sweep: ${points} points is more than ${MAX_POINTS.toLocaleString("en-US")}`,
    );
  return parameters;
}

/** The k-th --set as a parameter, or its problem line (`seen`: the paths so far, by flag number). */
function parseSweepSet(
  arg: string,
  k: number,
  seen: Map<string, number>,
): SweepParameter | { problem: string } {
  const at = (col: number, path: string, message: string) => ({
    problem: formatProblem({ file: "--set", line: k, col, path, message }),
  });
  const eq = arg.indexOf("=");
  if (eq <= 0) return at(1, "$", `expected PATH=VALUE, got ${arg}`);
  const path = arg.slice(0, eq);
  const first = seen.get(path);
  if (first !== undefined) return at(1, path, `${path} is already swept by --set ${first}`);
  seen.set(path, k);
  const parsed = parseValues(arg.slice(eq + 1));
  if ("message" in parsed) return at(eq + 2 + parsed.offset, path, parsed.message);
  return { path, values: parsed.values };
}

type Parsed = { values: string[] } | { offset: number; message: string };

/** The values of one VALUE text, or the first problem and its offset in the text. */
function parseValues(text: string): Parsed {
  if (text.trimStart().startsWith("[")) {
    const doc = parseDocument(text, { schema: "core", uniqueKeys: true });
    const error = doc.errors[0];
    if (error)
      return {
        offset: error.pos[0],
        message: `VALUE is not a valid YAML list: ${firstLine(error.message)}`,
      };
    if (!isSeq(doc.contents)) return { offset: 0, message: "VALUE is not a YAML list" };
    const items = toJs(doc, 0);
    if ("message" in items) return items;
    if (!Array.isArray(items.value) || items.value.length === 0)
      return { offset: 0, message: "no values to sweep ([] is an empty list)" };
    return { values: items.value.map(canonical) };
  }
  const values: string[] = [];
  let offset = 0;
  for (const piece of text.split(",")) {
    const lead = piece.length - piece.trimStart().length;
    const doc = parseDocument(piece.trim(), { schema: "core", uniqueKeys: true });
    const error = doc.errors[0];
    if (error)
      return {
        offset: offset + lead,
        message: `"${piece.trim()}" is not valid YAML (${firstLine(error.message)}); to sweep values that contain commas, write PATH=[v1, v2]`,
      };
    const value = toJs(doc, offset + lead);
    if ("message" in value) return value;
    values.push(canonical(value.value));
    offset += piece.length + 1;
  }
  return { values };
}

function toJs(
  doc: ReturnType<typeof parseDocument>,
  offset: number,
): { value: unknown } | { offset: number; message: string } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIASES }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return { offset, message: "VALUE refused: too many alias expansions" };
  }
}

/** A value as one line of YAML (flow style for lists and mappings). */
function canonical(value: unknown): string {
  return stringify(value, { collectionStyle: "flow", lineWidth: 0, singleQuote: true }).trimEnd();
}

/** The number of points: the product of the numbers of values. */
export function pointCount(parameters: readonly SweepParameter[]): number {
  return parameters.reduce((n, p) => n * p.values.length, 1);
}

/** The values of point `index` (mixed radix, the last parameter varying fastest). */
export function pointValues(parameters: readonly SweepParameter[], index: number): string[] {
  const out = new Array<string>(parameters.length);
  let rest = index;
  for (let i = parameters.length - 1; i >= 0; i--) {
    const values = parameters[i]?.values ?? [];
    out[i] = values[rest % values.length] ?? "";
    rest = Math.floor(rest / values.length);
  }
  return out;
}

/** The load options of point `index`: the sweep's base options and one `--set PATH=VALUE` per parameter. */
export function pointOptions(
  parameters: readonly SweepParameter[],
  index: number,
  base: LoadOptions,
): LoadOptions {
  const values = pointValues(parameters, index);
  return { ...base, sets: parameters.map((p, i) => `${p.path}=${values[i]}`) };
}

/** What validating every point found: each point's seed (a --set may set `seed`), the first's name and notices. */
export interface ValidSweep {
  readonly name: string;
  readonly notices: readonly string[];
  readonly seeds: readonly string[];
}

/** Points named in the summary line of invalid points. */
const NAMED_POINTS = 3;

/**
 * Loads every point's scenario before anything runs. Problems are reported once each (the same
 * problem in many points is one line), then a line naming the invalid points: a usage error.
 */
export function validatePoints(
  source: ScenarioSource,
  parameters: readonly SweepParameter[],
  base: LoadOptions,
): ValidSweep {
  const total = pointCount(parameters);
  const problems = new Set<string>();
  const invalid: number[] = [];
  const seeds: string[] = [];
  let first: { name: string; notices: readonly string[] } | undefined;
  const catalog = builtInCatalog();
  for (let i = 0; i < total; i++) {
    const result = loadScenario(
      source.text,
      source.file,
      catalog,
      pointOptions(parameters, i, base),
      { readTrace },
    );
    const size = result.ok ? workloadSizeProblem(source, result.scenario) : null;
    if (!result.ok || size) {
      invalid.push(i);
      for (const p of result.ok ? [size!] : result.problems) problems.add(formatProblem(p));
      continue;
    }
    seeds.push(result.scenario.seed);
    first ??= { name: result.scenario.name, notices: result.notices };
  }
  if (invalid.length > 0) {
    const named = invalid
      .slice(0, NAMED_POINTS)
      .map((i) => `point ${i} (${describePoint(parameters, i)})`)
      .join("; ");
    const more = invalid.length > NAMED_POINTS ? `; and ${invalid.length - NAMED_POINTS} more` : "";
    const which =
      invalid.length === total
        ? `every point is invalid`
        : `${invalid.length} of ${total} points are invalid`;
    throw usageError(`batchsim sweep: ${which}: ${named}${more}; nothing was run`, [...problems]);
  }
  return { name: first?.name ?? "", notices: first?.notices ?? [], seeds };
}

/** `PATH=VALUE, PATH=VALUE` of a point. */
export function describePoint(parameters: readonly SweepParameter[], index: number): string {
  const values = pointValues(parameters, index);
  return parameters.map((p, i) => `${p.path}=${values[i]}`).join(", ") || "no parameters";
}

/** The definition of a sweep. */
export function sweepDefinition(
  name: string,
  sha256: string,
  seed: string | undefined,
  replications: number,
  parameters: readonly SweepParameter[],
): SweepDefinition {
  return {
    format: "batchsim-sweep/1",
    batchsimVersion: BATCHSIM_VERSION,
    scenario: { name, sha256 },
    seed: seed ?? null,
    replications,
    parameters: parameters.map((p) => ({ path: p.path, values: [...p.values] })),
  };
}

/** sha256 (hex) of the definition's JSON (its keys are always in the same order). */
export function definitionHash(definition: SweepDefinition): string {
  return createHash("sha256").update(JSON.stringify(definition)).digest("hex");
}

/** The first line of a yaml error message, without the colon that introduces its excerpt. */
function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/:$/, "");
}
