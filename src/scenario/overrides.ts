/**
 * Command-line overrides applied to the parsed document before validation: `--seed`, `--until` and
 * `--set PATH=VALUE` (VALUE parsed as YAML; PATH must be a field of the schema, present in the file or not).
 *
 * Where their problems point: a problem in the value of the k-th `--set` (k from 1, counting only
 * `--set` flags) is reported at `--set:k:1`; a malformed or unknown PATH too. `--seed` / `--until`
 * problems are at `--seed:1:1` / `--until:1:1`.
 */
import { parseDocument } from "yaml";
import { closest } from "./did-you-mean.ts";
import type { DocPath } from "./problem.ts";
import { scenarioSchema } from "./schema.ts";
import { knownKeys, schemaAt } from "./schema-walk.ts";
import { FORBIDDEN_KEYS, MAX_ALIAS_COUNT } from "./yaml-source.ts";

/** Where values that did not come from the file came from: problems under `path` point at `file:line:1`. */
export interface OverrideOrigin {
  readonly path: DocPath;
  readonly file: string;
  readonly line: number;
}

/** A problem of the overrides themselves (bad PATH, VALUE that is not YAML). */
export interface OverrideProblem {
  readonly origin: OverrideOrigin;
  readonly path: string;
  readonly message: string;
}

/** What applying the overrides gave. */
export interface OverrideResult {
  readonly origins: OverrideOrigin[];
  readonly problems: OverrideProblem[];
}

/** Applies --seed, --until and each --set to `doc` (mutated), in that order. */
export function applyOverrides(
  doc: Record<string, unknown>,
  options: {
    seed?: string | undefined;
    until?: string | undefined;
    sets?: readonly string[] | undefined;
  },
): OverrideResult {
  const origins: OverrideOrigin[] = [];
  const problems: OverrideProblem[] = [];
  if (options.seed !== undefined) {
    doc.seed = options.seed;
    origins.push({ path: ["seed"], file: "--seed", line: 1 });
  }
  if (options.until !== undefined) {
    // A number-looking --until is seconds, as in the file.
    doc.until = /^\d+(\.\d+)?$/.test(options.until) ? Number(options.until) : options.until;
    origins.push({ path: ["until"], file: "--until", line: 1 });
  }
  (options.sets ?? []).forEach((arg, i) => {
    const origin = { path: [], file: "--set", line: i + 1 };
    const result = applySet(doc, arg);
    if ("message" in result)
      problems.push({ origin, path: result.pathText, message: result.message });
    else origins.push({ ...origin, path: result.path });
  });
  return { origins, problems };
}

/** Applies one `PATH=VALUE`: the path set, or why it could not be. */
function applySet(
  doc: Record<string, unknown>,
  arg: string,
): { path: DocPath } | { pathText: string; message: string } {
  const eq = arg.indexOf("=");
  if (eq < 0) return { pathText: "$", message: `expected PATH=VALUE, got ${arg}` };
  const pathText = arg.slice(0, eq);
  const path = parsePath(pathText);
  if (!path) {
    return {
      pathText: pathText || "$",
      message: "malformed PATH (expected e.g. computeEnvironments[0].computeResources.maxvCpus)",
    };
  }
  const bad = invalidSegment(path);
  if (bad !== undefined) return { pathText, message: bad };
  const value = parseValue(arg.slice(eq + 1));
  if (!value.ok) return { pathText, message: value.message };
  const placed = place(doc, path, value.value);
  return placed === undefined ? { path } : { pathText, message: placed };
}

/** `a.b[0].c` → ["a", "b", 0, "c"]; undefined if malformed. */
export function parsePath(text: string): DocPath | undefined {
  const out: (string | number)[] = [];
  for (const part of text.split(".")) {
    const m = /^([A-Za-z_][A-Za-z0-9_-]*)((?:\[\d+\])*)$/.exec(part);
    if (!m?.[1]) return undefined;
    out.push(m[1]);
    for (const idx of (m[2] ?? "").matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** Why a path is not a field of the scenario schema, or undefined if it is. */
function invalidSegment(path: DocPath): string | undefined {
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (typeof seg === "string" && FORBIDDEN_KEYS.has(seg)) return `key ${seg} is not allowed`;
    if (schemaAt(scenarioSchema, path.slice(0, i + 1))) continue;
    const parent = schemaAt(scenarioSchema, path.slice(0, i));
    if (typeof seg === "number") return `${String(path[i - 1] ?? "")} is not a list`;
    const hint = parent ? closest(seg ?? "", knownKeys(parent)) : undefined;
    return `${seg} is not a field of the scenario${hint ? ` (did you mean ${hint}?)` : ""}`;
  }
  return undefined;
}

function parseValue(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const doc = parseDocument(text, { schema: "core", uniqueKeys: true });
  const first = doc.errors[0];
  if (first)
    return { ok: false, message: `VALUE is not valid YAML: ${first.message.split("\n")[0]}` };
  try {
    return { ok: true, value: strip(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), 0) };
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    return { ok: false, message: "VALUE refused: too many alias expansions" };
  }
}

function strip(value: unknown, depth: number): unknown {
  if (depth > 64) return null;
  if (Array.isArray(value)) return value.map((v) => strip(v, depth + 1));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (!FORBIDDEN_KEYS.has(k)) out[k] = strip(v, depth + 1);
    return out;
  }
  return value;
}

/** Sets `value` at `path`, creating missing mappings and lists; a message if the document is in the way. */
function place(doc: Record<string, unknown>, path: DocPath, value: unknown): string | undefined {
  let node: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] ?? "";
    const last = i === path.length - 1;
    const fresh = (): unknown => (last ? value : typeof path[i + 1] === "number" ? [] : {});
    if (typeof seg === "number") {
      if (!Array.isArray(node)) return `${String(path[i - 1])} is not a list in the file`;
      if (seg > node.length)
        return `${String(path[i - 1])} has ${node.length} items: index ${seg} is past the end`;
      if (last || node[seg] === undefined || node[seg] === null) node[seg] = last ? value : fresh();
      node = node[seg];
    } else {
      if (node === null || typeof node !== "object" || Array.isArray(node)) {
        return `${String(path[i - 1])} is not a mapping in the file`;
      }
      const map = node as Record<string, unknown>;
      if (last || map[seg] === undefined || map[seg] === null) map[seg] = last ? value : fresh();
      node = map[seg];
    }
  }
  return undefined;
}
