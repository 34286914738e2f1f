/**
 * yaml's exact read of a YAML text: every node's position, syntax errors in yaml's words, duplicate
 * and forbidden keys, hostile-input limits. Small files are read this way whole; large ones
 * (yaml-source.ts) only in the pieces js-yaml might read differently (yaml-chunks.ts), or whole when
 * they use what crosses pieces (anchors and aliases).
 */
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from "yaml";
import { type Anchor, atKey, type DocPath, type RawProblem } from "./problem.ts";
import { MAX_DEPTH } from "./yaml-locate.ts";
import { locateOffset, startOf } from "./yaml-path.ts";

/** yaml's guard against alias bombs ("billion laughs"): more alias expansions than this is refused. */
export const MAX_ALIAS_COUNT = 1000;
export { MAX_DEPTH };
/** Keys refused anywhere: they could reach an object prototype. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);

/** A parsed YAML source with its positions. */
export interface YamlSource {
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/** The result of reading a YAML text: the source (for positions), its plain value, and problems found. */
export interface ReadResult {
  readonly source: YamlSource;
  readonly value: unknown;
  /** Located problems of the YAML layer itself (syntax, aliases), each at a line and column. */
  readonly syntaxProblems: readonly { line: number; col: number; message: string }[];
  /** Duplicate, forbidden and too-deep keys, by path. */
  readonly keyProblems: readonly RawProblem[];
  /** The line and column of a path (see `locate`). */
  locate(path: DocPath, anchor: Anchor): { line: number; col: number };
}

/**
 * yaml's full read of a text: its document, with every position. `parseOnly`: its syntax problems
 * alone (no value, nothing an alias can cause).
 */
export function readFullYaml(text: string, parseOnly = false): ReadResult {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      lineCounter,
      uniqueKeys: false, // duplicates are found below, with the earlier key's line in the message
      schema: "core",
      prettyErrors: true,
    });
  } catch (e) {
    // Deep block nesting overflows yaml's parser itself (flow nesting becomes an ordinary error below).
    if (!isStackOverflow(e)) throw e;
    return refused(parseDocument(""), new LineCounter(), TOO_DEEP);
  }
  const source = { doc, lineCounter };
  const syntaxProblems = syntaxProblemsOf(
    doc.errors.map((e) => ({
      line: e.linePos?.[0].line ?? 1,
      col: e.linePos?.[0].col ?? 1,
      message: e.message,
    })),
  );
  if (syntaxProblems.length > 0 || parseOnly)
    return withLocate({ source, value: undefined, syntaxProblems, keyProblems: [] });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (isStackOverflow(e)) return refused(doc, lineCounter, TOO_DEEP);
    // yaml throws a ReferenceError for an alias of no anchor before it, and for alias bombs;
    // anything else is a bug and propagates.
    if (!(e instanceof ReferenceError)) throw e;
    const unresolved = unresolvedAlias(doc);
    if (unresolved !== undefined) {
      const { line, col } = lineCounter.linePos(unresolved.offset);
      const message = `${UNRESOLVED_ALIAS} *${unresolved.name} names no anchor before it (an anchor &${unresolved.name} must come first)`;
      return withLocate({
        source,
        value: undefined,
        syntaxProblems: [{ line, col, message }],
        keyProblems: [],
      });
    }
    return refused(doc, lineCounter, ALIAS_REFUSAL);
  }
  const keyProblems: RawProblem[] = [];
  if (doc.contents) walkKeys(doc.contents, [], source, keyProblems);
  return withLocate({ source, value: sanitize(value, 0), syntaxProblems: [], keyProblems });
}

const UNRESOLVED_ALIAS = "not valid YAML: alias";

/** Whether a problem of readFullYaml comes from its aliases (an alias bomb, or no anchor for one), not from its syntax. */
export function isAliasProblem(message: string): boolean {
  return message.startsWith(UNRESOLVED_ALIAS) || message === ALIAS_REFUSAL;
}

/** yaml's refusal of an alias bomb, as a problem line says it. */
export const ALIAS_REFUSAL = `refused: too many alias expansions (more than ${MAX_ALIAS_COUNT})`;

/** The first alias (in document order) that names no anchor set before it, if any. */
function unresolvedAlias(doc: Document.Parsed): { name: string; offset: number } | undefined {
  const anchors = new Set<string>();
  let found: { name: string; offset: number } | undefined;
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      if (!anchors.has(node.source)) {
        found = { name: node.source, offset: startOf(node) };
        return visit.BREAK;
      }
    } else if ((node as { anchor?: string }).anchor)
      anchors.add((node as { anchor: string }).anchor);
    return undefined;
  });
  return found;
}

/** yaml's errors as problem lines: its own words without the position, a stack overflow said once at 1:1. */
export function syntaxProblemsOf(
  errors: readonly { line: number; col: number; message: string }[],
): { line: number; col: number; message: string }[] {
  const out: { line: number; col: number; message: string }[] = [];
  for (const { line, col, message } of errors) {
    // yaml turns a stack overflow on absurd nesting into an ordinary error, once per level it
    // unwinds: say once what it means, at line 1 (where the stack ran out depends on the machine and
    // the process, and a message must not).
    if (message.includes("call stack")) {
      if (!out.some((p) => p.message === TOO_DEEP))
        out.push({ line: 1, col: 1, message: TOO_DEEP });
      continue;
    }
    out.push({ line, col, message: `not valid YAML: ${plainYamlMessage(message)}` });
  }
  return out;
}

/** A full read's result with its `locate`. */
function withLocate(r: Omit<ReadResult, "locate">): ReadResult {
  return { ...r, locate: (path, anchor) => locate(r.source, path, anchor) };
}

const TOO_DEEP = "refused: nested too deeply";

/** A read refused as a whole (line 1, column 1). */
function refused(doc: Document.Parsed, lineCounter: LineCounter, message: string): ReadResult {
  return withLocate({
    source: { doc, lineCounter },
    value: undefined,
    syntaxProblems: [{ line: 1, col: 1, message }],
    keyProblems: [],
  });
}

/** A RangeError of a call stack that overflowed (the only error yaml's recursion can throw on deep input). */
function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** yaml's message without the position it repeats and the excerpt that follows it (the line already locates it). */
function plainYamlMessage(message: string): string {
  const first = message.split("\n")[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, "");
}

/** Finds duplicate keys (reported at the later one), forbidden keys and over-deep nesting. */
function walkKeys(node: Node, path: DocPath, src: YamlSource, out: RawProblem[]): void {
  if (path.length > MAX_DEPTH) {
    out.push({ path, message: `nested more than ${MAX_DEPTH} levels deep`, anchor: "value" });
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (item && typeof item === "object" && !isAlias(item))
        walkKeys(item as Node, [...path, i], src, out);
    });
    return;
  }
  if (!isMap(node)) return;
  const seen = new Map<string, number>();
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) continue;
    const keyPath = [...path, key];
    const pos = posOf(pair.key, src);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      out.push({ ...atKey(keyPath, `duplicate key ${key} (first at line ${earlier})`), pos });
    } else seen.set(key, pos.line);
    if (FORBIDDEN_KEYS.has(key)) out.push(atKey(keyPath, `key ${key} is not allowed`));
    else if (pair.value && !isAlias(pair.value)) walkKeys(pair.value as Node, keyPath, src, out);
  }
}

/** Rebuilds the plain value without forbidden keys and cut at MAX_DEPTH (reported by walkKeys). */
function sanitize(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH + 1) return null;
  if (Array.isArray(value)) return value.map((v) => sanitize(v, depth + 1));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (!FORBIDDEN_KEYS.has(k)) out[k] = sanitize(v, depth + 1);
    }
    return out;
  }
  return value;
}

function posOf(node: unknown, src: YamlSource): { line: number; col: number } {
  const at = startOf(node);
  return at >= 0 ? src.lineCounter.linePos(at) : { line: 1, col: 1 };
}

/**
 * Line and column of a path: the value (or the key, for `anchor: "key"`); when the path is absent,
 * the nearest enclosing mapping's first key (a missing required key points at the mapping that lacks it).
 */
export function locate(
  src: YamlSource,
  path: DocPath,
  anchor: Anchor,
): { line: number; col: number } {
  const at = locateOffset(src.doc, path, anchor);
  return at >= 0 ? src.lineCounter.linePos(at) : { line: 1, col: 1 };
}
