/**
 * The list items of a large file that have an anchor, alias or merge key ("tied" items: they may name
 * each other and the rest of the file). yaml reads them together with the skeleton (each long list
 * left out but for them), in one piece, each line mapped back to the file's; the others hold none, so
 * yaml's alias-bomb limit counts what it counts in the whole file, and an alias can only name an
 * anchor in that piece. yaml-chunks.ts reads the other items in pieces.
 */
import type { Document } from "yaml";
import { isCollection } from "yaml";
import type { Anchor, DocPath } from "./problem.ts";
import { readsWithoutSyntaxError } from "./yaml-duplicates.ts";
import {
  ALIAS_REFUSAL,
  isAliasProblem,
  locate,
  MAX_ALIAS_COUNT,
  readFullYaml,
} from "./yaml-exact.ts";
import { crossEligible, crossKind, localEligible } from "./yaml-fast.ts";
import type { LongList } from "./yaml-locate.ts";
import { compactToFile, type PieceNotes, type SyntaxAt } from "./yaml-piece-notes.ts";

/** With more tied items than this (characters), an alias bomb is looked for in the first ones alone. */
const EARLY_REFUSAL_CHARS = 64 * 1024;
/** An alias where a node can begin, and its anchor's name (as yaml-fast.ts's CROSS finds them). */
const ALIAS_TOKEN = /(?:^|[\s[{,:?-])\*([^\s,[\]{}]+)/gm;

/** What yaml read of the skeleton and the tied items, and where a path inside a tied item is. */
export interface Tied {
  readonly value: unknown;
  readonly locateTied: (path: DocPath, anchor: Anchor) => { line: number; col: number } | undefined;
}

/**
 * The indexes of a list's items that hold an anchor, alias or merge key; undefined for a directive.
 * In a file where nothing names an anchor (`namesAnchors()`: false), anchors tie nothing: a generator
 * that anchors every job is read in pieces.
 */
export function tiedItems(
  notes: PieceNotes,
  list: LongList,
  namesAnchors: () => boolean,
): number[] | undefined {
  const { items } = list;
  const from = notes.locator.offsetOfLine(items[0]!.line);
  const text = notes.text.slice(from, notes.locator.offsetOfLine(list.end));
  if (crossEligible(text)) return [];
  if (crossKind(text) !== "directive" && !namesAnchors()) return [];
  const out: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const kind = crossKind(notes.itemText(list, i));
    if (kind === "directive") return undefined;
    if (kind === "tie") out.push(i);
  }
  return out;
}

/**
 * yaml's refusal of the file as an alias bomb, found from its beginning when its tied items are many
 * (an anchor named in every job, say: reading them all costs about the full read). yaml counts
 * aliases as it converts, in document order, so if it refuses the skeleton up to the first list with
 * that list's first tied items (the items between hold no alias; as many as name one anchor more
 * than 1,000 times), it refuses the file — unless the file has a syntax error, which is said
 * instead: js-yaml reading the whole file without one, and nothing in it that js-yaml might read
 * otherwise (localEligible), says there is none.
 */
export function refusedEarly(
  notes: PieceNotes,
  lists: readonly LongList[],
  tied: readonly (readonly number[])[],
): SyntaxAt | undefined {
  let size = 0;
  for (const [k, l] of lists.entries())
    for (const i of tied[k]!) size += notes.itemText(l, i).length;
  const first = lists[0];
  if (first === undefined || size < EARLY_REFUSAL_CHARS) return undefined;
  // The first list's tied items up to the one where some anchor is named for the 1,001st time (a
  // count of the text's aliases: one in a comment or a string only makes the piece longer).
  const parts = [notes.text.slice(0, notes.locator.offsetOfLine(first.items[0]!.line))];
  const uses = new Map<string, number>();
  let over = false;
  for (const i of tied[0]!) {
    const item = notes.itemText(first, i);
    parts.push(item);
    for (const m of item.matchAll(ALIAS_TOKEN)) {
      const n = (uses.get(m[1]!) ?? 0) + 1;
      uses.set(m[1]!, n);
      if (n > MAX_ALIAS_COUNT) over = true;
    }
    if (over) break;
  }
  if (!over) return undefined;
  const refusal = readFullYaml(parts.join("")).syntaxProblems[0];
  if (refusal?.message !== ALIAS_REFUSAL) return undefined;
  if (!localEligible(notes.text) || !readsWithoutSyntaxError(notes.text)) return undefined;
  return refusal;
}

/**
 * yaml's exact read of the skeleton with the tied items of each list (the others left out, a list
 * without any made `[]`), each line mapped back to the file's: "syntax" when it has a syntax error
 * (noted); undefined when a list or what holds it has an anchor (an alias of it would lack the
 * items left out). Its cost is yaml's read of what it holds: with every item tied, about the full
 * read's.
 */
export function readTied(
  notes: PieceNotes,
  lists: readonly LongList[],
  tied: readonly (readonly number[])[],
): Tied | "syntax" | undefined {
  const parts: string[] = [];
  const starts: { tied: number; file: number }[] = []; // 1-based first lines of each part
  let line = 1;
  const add = (fromLine: number, toLine: number): void => {
    const part = notes.text.slice(
      notes.locator.offsetOfLine(fromLine),
      notes.locator.offsetOfLine(toLine),
    );
    starts.push({ tied: line, file: fromLine + 1 });
    parts.push(part);
    line += toLine - fromLine;
  };
  let at = 0;
  for (const [k, l] of lists.entries()) {
    add(at, l.items[0]!.line);
    const ids = tied[k]!;
    if (ids.length === 0) {
      starts.push({ tied: line, file: l.items[0]!.line + 1 });
      parts.push(`${" ".repeat(l.col + 1)}[]\n`);
      line++;
    }
    for (const i of ids)
      add(l.items[i]!.line, i + 1 < l.items.length ? l.items[i + 1]!.line : l.end);
    at = l.end;
  }
  add(at, notes.locator.lineCount);
  const shift = (l: number): number => {
    // The last part starting at or before line l (binary search: a problem per tied item is possible).
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]!.tied <= l) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo]!.file + (l - starts[lo]!.tied);
  };
  // A path into the k-th list's item: the list, and the item's index there (file or piece).
  const intoList = (path: DocPath): { k: number; n: number; item: number } | undefined => {
    for (const [k, l] of lists.entries()) {
      const n = l.path.length;
      if (path.length > n && l.path.every((seg, i) => path[i] === seg))
        return { k, n, item: path[n] as number };
    }
    return undefined;
  };
  const withItem = (path: DocPath, n: number, item: number): DocPath => [
    ...path.slice(0, n),
    item,
    ...path.slice(n + 1),
  ];
  // What yaml read here as the file's path, and back.
  const toFile = (path: DocPath): DocPath => {
    const at = intoList(path);
    return at ? withItem(path, at.n, tied[at.k]![at.item]!) : path;
  };
  const whole = readFullYaml(parts.join(""));
  const problem = whole.syntaxProblems[0];
  if (problem !== undefined && !isAliasProblem(problem.message)) {
    // Past a syntax error, yaml's lines here could name the item after it here, not in the file:
    // each tied item and the skeleton are read alone instead (their syntax: an alias there may
    // name an anchor elsewhere), as the other pieces are.
    return tiedSyntax(notes, lists, tied) ? "syntax" : undefined;
  }
  const read = notes.take(whole, shift, toFile, false);
  if (read === "other") return undefined;
  if (read === "syntax") return read;
  if (lists.some((l) => anchoredOnTheWay(read.source.doc, l.path))) return undefined;
  const toTied = (path: DocPath): DocPath | undefined => {
    const at = intoList(path);
    const item = at ? indexIn(tied[at.k]!, at.item) : -1;
    return at && item >= 0 ? withItem(path, at.n, item) : undefined;
  };
  const locateTied = (path: DocPath, anchor: Anchor) => {
    const p = toTied(path);
    if (p === undefined) return undefined;
    const at = locate(read.source, p, anchor);
    return { line: shift(at.line), col: at.col };
  };
  return { value: read.value, locateTied };
}

/**
 * The syntax errors of the tied items, each read alone, and of the skeleton (its lists `[]`);
 * false when they have none (the error was in how they meet: the full read).
 */
function tiedSyntax(
  notes: PieceNotes,
  lists: readonly LongList[],
  tied: readonly (readonly number[])[],
): boolean {
  const before = notes.syntax.size;
  for (const [k, l] of lists.entries()) {
    for (const i of tied[k]!) {
      const first = l.items[i]!.line;
      const to = i + 1 < l.items.length ? l.items[i + 1]!.line : l.end;
      const text = notes.text.slice(
        notes.locator.offsetOfLine(first),
        notes.locator.offsetOfLine(to),
      );
      const toFile = (p: DocPath) => [...l.path, i, ...p.slice(1)];
      notes.exact(text, (line) => line + first, toFile, true, true);
    }
  }
  const skeleton = notes.compactSkeleton(lists);
  notes.exact(skeleton, compactToFile(lists), (p) => p, false, true);
  return notes.syntax.size > before;
}

/** The index of `value` in an ascending list, or -1. */
function indexIn(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo] === value ? lo : -1;
}

/**
 * Whether a node on the way to `path` (it included) has an anchor: an alias of it would stand for
 * the stand-in of the list, not the list. (The lists' own items have none: those are tied items.)
 */
export function anchoredOnTheWay(doc: Document.Parsed, path: DocPath): boolean {
  let node: unknown = doc.contents;
  for (let i = 0; ; i++) {
    if ((node as { anchor?: string } | null)?.anchor) return true;
    if (i === path.length || !isCollection(node)) return false;
    node = node.get(path[i], true);
  }
}
