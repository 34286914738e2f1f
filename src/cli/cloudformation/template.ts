/**
 * Reading a CloudFormation template (YAML or JSON: JSON is YAML) into a tree that keeps every
 * node's line and column. The short-form tags (`!Ref X`, `!GetAtt A.B`, `!Sub …`) become their long
 * form (`{Ref: X}`, `{"Fn::GetAtt": [A, B]}`, `{"Fn::Sub": …}`), positioned at the tag. Pure.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";

/** A 1-based line and column of the template. */
export interface Pos {
  readonly line: number;
  readonly col: number;
}

/** A node of the template with its position; `opaque` and `novalue` only come out of evaluation. */
export type TNode =
  | { readonly kind: "scalar"; readonly value: string | number | boolean | null; readonly pos: Pos }
  | { readonly kind: "seq"; readonly items: readonly TNode[]; readonly pos: Pos }
  | { readonly kind: "map"; readonly entries: readonly TEntry[]; readonly pos: Pos }
  | OpaqueNode
  | { readonly kind: "novalue"; readonly pos: Pos };

/**
 * A value only AWS knows once the stack exists (a subnet's id, a role's ARN, an exported value):
 * `text` is a placeholder for it, `why` says what it is.
 */
export interface OpaqueNode {
  readonly kind: "opaque";
  readonly text: string;
  readonly why: string;
  readonly pos: Pos;
}

/** One key of a mapping, with the key's own position. */
export interface TEntry {
  readonly key: string;
  readonly keyPos: Pos;
  readonly value: TNode;
}

/** A located problem of the template. */
export interface TemplateProblem {
  readonly pos: Pos;
  /** Where in the template, as `Resources.MyCE.Properties.Type` (`$` for the whole file). */
  readonly path: string;
  readonly message: string;
}

/** The short-form tags CloudFormation's YAML has, and the function each stands for. */
export const SHORT_FORMS: Readonly<Record<string, string>> = {
  "!Ref": "Ref",
  "!Condition": "Condition",
  "!GetAtt": "Fn::GetAtt",
  "!Sub": "Fn::Sub",
  "!Join": "Fn::Join",
  "!Select": "Fn::Select",
  "!Split": "Fn::Split",
  "!If": "Fn::If",
  "!Equals": "Fn::Equals",
  "!And": "Fn::And",
  "!Or": "Fn::Or",
  "!Not": "Fn::Not",
  "!FindInMap": "Fn::FindInMap",
  "!GetAZs": "Fn::GetAZs",
  "!ImportValue": "Fn::ImportValue",
  "!Base64": "Fn::Base64",
  "!Cidr": "Fn::Cidr",
  "!Length": "Fn::Length",
  "!ToJsonString": "Fn::ToJsonString",
  "!Transform": "Fn::Transform",
};

/**
 * The short forms, declared to yaml so it accepts them (as scalars, sequences or mappings) without
 * an "unresolved tag" warning. Each keeps its node as parsed: `toTree` turns a tagged node into the
 * long form, so that the long form keeps the tag's position.
 */
const CUSTOM_TAGS = Object.keys(SHORT_FORMS).flatMap((tag) => [
  { tag, resolve: (text: string) => text },
  { tag, collection: "seq" as const, resolve: (value: unknown) => value },
  { tag, collection: "map" as const, resolve: (value: unknown) => value },
]);

/** Alias expansions beyond this are refused (a "billion laughs" template). */
export const MAX_ALIAS_EXPANSIONS = 1000;
/** Nesting deeper than this is refused. */
export const MAX_TEMPLATE_DEPTH = 100;

/** A template read into a tree, or the problems that stopped it. */
export type ReadTemplateResult =
  | { readonly ok: true; readonly root: TNode }
  | { readonly ok: false; readonly problems: readonly TemplateProblem[] };

/** Parses a template's text. Problems of the YAML or JSON itself are located; nothing throws. */
export function readTemplate(text: string): ReadTemplateResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    schema: "core",
    customTags: CUSTOM_TAGS,
    prettyErrors: true,
  });
  const at = (offset: number): Pos => lineCounter.linePos(offset);
  const problems: TemplateProblem[] = doc.errors.map((e) => ({
    pos: e.linePos?.[0] ?? { line: 1, col: 1 },
    path: "$",
    message: e.message.includes("call stack")
      ? "refused: nested too deeply"
      : `not valid YAML or JSON: ${(e.message.split("\n")[0] ?? e.code).replace(/ at line \d+, column \d+:?$/, "")}`,
  }));
  if (problems.length > 0) return { ok: false, problems };
  if (!doc.contents) {
    return {
      ok: false,
      problems: [{ pos: { line: 1, col: 1 }, path: "$", message: "the template is empty" }],
    };
  }
  let expansions = 0;
  const toTree = (node: unknown, path: string, depth: number): TNode => {
    if (depth > MAX_TEMPLATE_DEPTH) throw located(node, path, "refused: nested too deeply");
    if (isAlias(node)) {
      expansions += 1;
      if (expansions > MAX_ALIAS_EXPANSIONS)
        throw located(
          node,
          path,
          `refused: too many alias expansions (more than ${MAX_ALIAS_EXPANSIONS})`,
        );
      return toTree(node.resolve(doc), path, depth + 1);
    }
    const plain = plainTree(node, path, depth);
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag === undefined || !tag.startsWith("!")) return plain;
    const fn = SHORT_FORMS[tag];
    const pos = tagPos(node, tag);
    if (fn === undefined)
      throw new ReadError({
        pos,
        path,
        message: `unknown tag ${tag} (not a CloudFormation short form)`,
      });
    let value = plain;
    // `!GetAtt Resource.Attribute`: split at the first dot, as CloudFormation does.
    if (fn === "Fn::GetAtt" && plain.kind === "scalar" && typeof plain.value === "string") {
      const dot = plain.value.indexOf(".");
      const parts =
        dot < 0 ? [plain.value] : [plain.value.slice(0, dot), plain.value.slice(dot + 1)];
      value = {
        kind: "seq",
        items: parts.map((p) => ({ kind: "scalar", value: p, pos: plain.pos })),
        pos: plain.pos,
      };
    }
    return { kind: "map", entries: [{ key: fn, keyPos: pos, value }], pos };
  };
  const plainTree = (node: unknown, path: string, depth: number): TNode => {
    const pos = posOf(node);
    if (isScalar(node)) {
      const v = node.value;
      const value =
        v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean"
          ? v
          : String(v);
      return { kind: "scalar", value, pos };
    }
    if (isSeq(node)) {
      return {
        kind: "seq",
        items: node.items.map((item, i) => toTree(item, `${path}[${i}]`, depth + 1)),
        pos,
      };
    }
    if (isMap(node)) {
      const entries: TEntry[] = [];
      for (const pair of node.items) {
        if (!isScalar(pair.key) || pair.key.value === null || typeof pair.key.value === "object")
          throw located(pair.key ?? node, path, "a key must be a plain string");
        const key = String(pair.key.value);
        const keyPos = posOf(pair.key);
        const child = childPath(path, key);
        if (FORBIDDEN_KEYS.has(key))
          throw new ReadError({ pos: keyPos, path: child, message: `key ${key} is not allowed` });
        const value: TNode = pair.value
          ? toTree(pair.value, child, depth + 1)
          : { kind: "scalar", value: null, pos: keyPos };
        entries.push({ key, keyPos, value });
      }
      return { kind: "map", entries, pos };
    }
    return { kind: "scalar", value: null, pos };
  };
  const posOf = (node: unknown): Pos => {
    const range = (node as Node | null)?.range;
    return range ? at(range[0]) : { line: 1, col: 1 };
  };
  /** The tag's own position: the nearest `!Tag` before the node's value. */
  const tagPos = (node: unknown, tag: string): Pos => {
    const range = (node as Node | null)?.range;
    if (!range) return { line: 1, col: 1 };
    const found = text.lastIndexOf(tag, range[0]);
    return at(found >= 0 && range[0] - found < 200 ? found : range[0]);
  };
  const located = (node: unknown, path: string, message: string): ReadError =>
    new ReadError({ pos: posOf(node), path, message });
  try {
    return { ok: true, root: toTree(doc.contents, "$", 0) };
  } catch (error) {
    if (error instanceof ReadError) return { ok: false, problems: [error.problem] };
    // yaml may overflow the stack on absurd nesting before our depth check.
    if (error instanceof RangeError)
      return {
        ok: false,
        problems: [{ pos: { line: 1, col: 1 }, path: "$", message: "refused: nested too deeply" }],
      };
    throw error;
  }
}

/** A problem that stops reading (thrown inside the walk, caught by readTemplate). */
class ReadError extends Error {
  readonly problem: TemplateProblem;
  constructor(problem: TemplateProblem) {
    super(problem.message);
    this.problem = problem;
  }
}

/** Keys refused anywhere: they could reach an object prototype. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** The entry of a mapping node with this key, if any. */
export function entryOf(node: TNode, key: string): TEntry | undefined {
  return node.kind === "map" ? node.entries.find((e) => e.key === key) : undefined;
}

/** A plain JavaScript value of a tree without intrinsic functions (opaque nodes become their text). */
export function plainValue(node: TNode): unknown {
  switch (node.kind) {
    case "scalar":
      return node.value;
    case "seq":
      return node.items.filter((i) => i.kind !== "novalue").map(plainValue);
    case "map": {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) {
        if (e.value.kind !== "novalue") out[e.key] = plainValue(e.value);
      }
      return out;
    }
    case "opaque":
      return node.text;
    case "novalue":
      return undefined;
  }
}

/** Joins a template path and a key or index (`$` is the root). */
export function childPath(path: string, segment: string | number): string {
  if (typeof segment === "number") return `${path}[${segment}]`;
  return path === "$" ? segment : `${path}.${segment}`;
}
