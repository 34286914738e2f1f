/**
 * Reading a large file in pieces. Most of a large scenario is a long list or a few (its explicit
 * jobs), and a list's items do not depend on each other, so the file is read as its skeleton — the
 * text with those lists' lines blanked, every line keeping its number — and each list in chunks of
 * whole items, each chunk read alone by js-yaml as a block sequence of its own. A problem then costs
 * a re-read of one chunk, not of the file: a duplicate key is renamed and its chunk read again
 * (yaml-duplicates.ts), and after a syntax error the reading goes on at the next item, so every item
 * with a syntax error is reported, as the full read reports them. Anything unexpected gives
 * undefined, and the caller falls back to yaml's full read.
 */
import type { DocPath } from "./problem.ts";
import { type Piece, readPiece, restoreDuplicates, type StandIn } from "./yaml-duplicates.ts";
import type { DuplicateKey, FastLocator, LongList } from "./yaml-locate.ts";

/** About this many characters of list items are read at a time. */
const CHUNK_CHARS = 512 * 1024;
/** Lists shorter than this stay in the skeleton. */
const MIN_LIST_CHARS = 64 * 1024;
/** Syntax error regions past this many are not looked for (problem lines are capped at 50). */
const MAX_SYNTAX_REGIONS = 50;

/** A syntax problem at its 1-based line and column, in yaml's words. */
export interface SyntaxAt {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** js-yaml's read of a large file: its value (undefined when it has syntax errors), its syntax errors and duplicate keys. */
export interface LargeRead {
  readonly value: unknown;
  readonly syntax: readonly SyntaxAt[];
  readonly duplicates: readonly DuplicateKey[];
}

/** Reads a large file (eligible for js-yaml: yaml-fast.ts) in pieces; undefined leaves it to the full read. */
export function readLarge(
  text: string,
  locator: FastLocator,
  chunkChars = CHUNK_CHARS,
): LargeRead | undefined {
  const found: StandIn[] = [];
  const known = new Set<number>();
  const syntax = new Map<string, SyntaxAt>();
  /** Adds yaml's errors around a line js-yaml refused; false when they cannot be found that way. */
  const noteSyntax = (line: number): boolean => {
    const near = locator.syntaxNear(line);
    if (near === undefined) return false;
    for (const s of near) syntax.set(`${s.line}:${s.col}:${s.message}`, s);
    return true;
  };
  const lists = locator.longLists(MIN_LIST_CHARS).filter((l) => l.path.length > 0);
  if (lists.length === 0) {
    const whole = readPiece({ text, firstLine: 0, toPiece: (o) => o }, locator, found, known);
    if (whole === undefined) return undefined;
    if ("syntaxLine" in whole) {
      return noteSyntax(whole.syntaxLine)
        ? { value: undefined, syntax: [...syntax.values()], duplicates: [] }
        : undefined;
    }
    return { value: whole.value, syntax: [], duplicates: restoreDuplicates(whole.value, found) };
  }

  // The skeleton: each list's lines blanked (in file order, as longLists gives them).
  const cuts = lists.map((l) => {
    const from = locator.offsetOfLine((l.items[0] as { line: number }).line);
    const to = locator.offsetOfLine(l.end);
    const lines = l.end - (l.items[0] as { line: number }).line;
    return { from, to, lines };
  });
  let skeletonText = "";
  let at = 0;
  for (const c of cuts) {
    skeletonText += `${text.slice(at, c.from)}${"\n".repeat(c.lines)}`;
    at = c.to;
  }
  skeletonText += text.slice(at);
  const skeleton: Piece = {
    text: skeletonText,
    firstLine: 0,
    toPiece: (o) => {
      let shift = 0;
      for (const c of cuts) if (o >= c.from) shift += c.to - c.from - c.lines;
      return o - shift;
    },
  };
  const top = readPiece(skeleton, locator, found, known);
  if (top === undefined) return undefined;
  if ("syntaxLine" in top && !noteSyntax(top.syntaxLine)) return undefined;

  const values: unknown[][] = [];
  for (const list of lists) {
    const items = readList(list, text, locator, found, known, syntax, noteSyntax, chunkChars);
    if (items === undefined) return undefined;
    values.push(items);
  }
  if (syntax.size > 0) {
    const all = [...syntax.values()].sort((a, b) => a.line - b.line || a.col - b.col);
    return { value: undefined, syntax: all, duplicates: [] };
  }
  if (!("value" in top)) return undefined;
  for (const [k, list] of lists.entries()) {
    if (!putAt(top.value, list.path, values[k] as unknown[])) return undefined;
  }
  return { value: top.value, syntax: [], duplicates: restoreDuplicates(top.value, found) };
}

/**
 * A list's items, read in chunks of about `chunkChars`; after a syntax error (noted in `syntax`), the
 * reading goes on at the next item and only syntax errors are looked for. Undefined: the full read.
 */
function readList(
  list: LongList,
  text: string,
  locator: FastLocator,
  found: StandIn[],
  known: Set<number>,
  syntax: ReadonlyMap<string, SyntaxAt>,
  noteSyntax: (line: number) => boolean,
  chunkChars: number,
): unknown[] | undefined {
  const { items } = list;
  const lineOf = (i: number): number => (items[i] as { line: number }).line;
  const offset = (i: number): number =>
    locator.offsetOfLine(i < items.length ? lineOf(i) : list.end);
  const values: unknown[] = [];
  let i = 0;
  while (i < items.length && syntax.size < MAX_SYNTAX_REGIONS) {
    const start = offset(i);
    let j = i + 1;
    while (j < items.length && offset(j) - start < chunkChars) j++;
    const chunk: Piece = {
      text: text.slice(start, offset(j)),
      firstLine: lineOf(i),
      toPiece: (o) => o - start,
    };
    const read = readPiece(chunk, locator, found, known, syntax.size > 0);
    if (read === undefined) return undefined;
    if ("syntaxLine" in read) {
      if (!noteSyntax(read.syntaxLine)) return undefined;
      // Read on from the item after the one that holds the error.
      let k = i;
      while (k + 1 < j && lineOf(k + 1) <= read.syntaxLine) k++;
      i = k + 1;
      continue;
    }
    if (syntax.size === 0) {
      if (!Array.isArray(read.value) || read.value.length !== j - i) return undefined;
      for (const v of read.value) values.push(v);
    }
    i = j;
  }
  return values;
}

/** Puts the list's items at `path` in the skeleton's value, where its blanked lines left null. */
function putAt(root: unknown, path: DocPath, values: unknown[]): boolean {
  let parent: unknown = root;
  for (const seg of path.slice(0, -1)) {
    parent = (parent as Record<string | number, unknown> | null)?.[seg as string | number];
  }
  const last = path[path.length - 1] as string | number;
  if (parent === null || typeof parent !== "object") return false;
  const obj = parent as Record<string | number, unknown>;
  if (!Object.hasOwn(obj, last) || obj[last] !== null) return false;
  obj[last] = values;
  return true;
}
