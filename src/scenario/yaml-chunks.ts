/**
 * Reading a large file in pieces. Most of a large scenario is a long list or a few (its explicit
 * jobs), and a list's items do not depend on each other, so the file is read as its skeleton — the
 * text with each of those lists made `[]` and blank lines, every line keeping its number — and each list in chunks of
 * whole items, each chunk read alone by js-yaml as a block sequence of its own. A problem then costs
 * a re-read of one chunk, not of the file: a duplicate key is renamed and its chunk read again
 * (yaml-duplicates.ts), and after a syntax error the reading goes on at the next item, so every item
 * with a syntax error is reported, as the full read reports them. What js-yaml might read otherwise
 * than yaml but stays within a piece (a tab, a tag, a prototype-like key: yaml-fast.ts) is read by
 * yaml's exact read — just that item, or the skeleton. Items with an anchor, alias or merge key are
 * read by yaml together with the skeleton (yaml-tied.ts). What the pieces say is gathered in
 * yaml-piece-notes.ts. Anything unexpected gives undefined, and the caller falls back to yaml's full
 * read of the file.
 */

import { type Anchor, atKey, type DocPath, type RawProblem } from "./problem.ts";
import { type Piece, readPiece, restoreDuplicates, type StandIn } from "./yaml-duplicates.ts";
import { crossEligible, localEligible, namesAnchors } from "./yaml-fast.ts";
import type { FastLocator, LongList } from "./yaml-locate.ts";
import { compactToFile, PieceNotes, type SyntaxAt } from "./yaml-piece-notes.ts";
import { anchoredOnTheWay, readTied, refusedEarly, tiedItems } from "./yaml-tied.ts";

/** About this many characters of list items are read at a time. */
const CHUNK_CHARS = 512 * 1024;
/** Lists shorter than this stay in the skeleton. */
const MIN_LIST_CHARS = 64 * 1024;
/** Syntax problems past this many are not looked for (problem lines are capped at 50). */
const MAX_SYNTAX = 50;

/** A large file read in pieces: its value (undefined when it has syntax errors), its syntax problems and key problems. */
export interface LargeRead {
  readonly value: unknown;
  readonly syntax: readonly SyntaxAt[];
  /** Duplicate and forbidden keys, each with its place when known. */
  readonly keyProblems: readonly RawProblem[];
  /**
   * The place of a path inside a list item read with the skeleton (it has an anchor or alias: the
   * full read places what an alias stands for at the anchored node), else undefined.
   */
  readonly locateTied?:
    | ((path: DocPath, anchor: Anchor) => { line: number; col: number } | undefined)
    | undefined;
}

/** Reads a large file in pieces; undefined leaves it to the full read. */
export function readLarge(
  text: string,
  locator: FastLocator,
  chunkChars = CHUNK_CHARS,
): LargeRead | undefined {
  return new PieceReader(text, locator, chunkChars).read();
}

/** One reading of a file in pieces, gathering what each piece says. */
class PieceReader {
  private readonly found: StandIn[] = [];
  private readonly known = new Set<number>();
  /** The text, its line walk, and what its pieces said. */
  private readonly notes: PieceNotes;
  private readonly chunkChars: number;

  constructor(text: string, locator: FastLocator, chunkChars: number) {
    this.notes = new PieceNotes(text, locator);
    this.chunkChars = chunkChars;
  }

  private get text(): string {
    return this.notes.text;
  }

  private get locator(): FastLocator {
    return this.notes.locator;
  }

  read(): LargeRead | undefined {
    const lists = this.locator.longLists(MIN_LIST_CHARS).filter((l) => l.path.length > 0);
    // The items with an anchor, alias or merge key (tied: they may name each other or the rest) are
    // read by yaml with the skeleton, in one piece; a directive in a list is the full read's.
    const notes = this.notes;
    const tied: number[][] = [];
    let naming: boolean | undefined;
    const named = (): boolean => {
      naming ??= namesAnchors(this.text);
      return naming;
    };
    for (const l of lists) {
      const t = tiedItems(notes, l, named);
      if (t === undefined) return undefined;
      tied.push(t);
    }
    const withTies = tied.some((t) => t.length > 0);
    const refused = withTies ? refusedEarly(notes, lists, tied) : undefined;
    if (refused !== undefined) return { value: undefined, syntax: [refused], keyProblems: [] };
    const top = withTies ? readTied(notes, lists, tied) : this.readSkeleton(lists);
    if (top === undefined) return undefined;
    const values: unknown[][] = [];
    for (const [k, list] of lists.entries()) {
      const taken = top === "syntax" ? [] : listAt(top.value, list.path);
      if (taken === undefined || (top !== "syntax" && taken.length !== tied[k]!.length))
        return undefined;
      const items = this.readList(list, tied[k]!, taken);
      if (items === undefined) return undefined;
      values.push(items);
    }
    if (notes.syntax.size > 0) {
      const all = [...notes.syntax.values()].sort((a, b) => a.line - b.line || a.col - b.col);
      return { value: undefined, syntax: all, keyProblems: [] };
    }
    // yaml refuses alias bombs in its conversion, which it makes only when nothing has a syntax error.
    if (notes.refusal !== null)
      return { value: undefined, syntax: [notes.refusal], keyProblems: [] };
    if (top === "syntax") return undefined;
    for (const [k, list] of lists.entries()) {
      // In place: an alias of something that holds the list shares its array.
      const at = listAt(top.value, list.path)!;
      at.length = 0;
      for (const v of values[k]!) at.push(v);
    }
    const duplicates = restoreDuplicates(top.value, this.found).map((d) => ({
      ...atKey(d.path, `duplicate key ${d.key} (first at line ${d.firstLine})`),
      pos: { line: d.line, col: d.col },
    }));
    return {
      value: top.value,
      syntax: [],
      keyProblems: [...duplicates, ...notes.keyProblems],
      locateTied: "locateTied" in top ? top.locateTied : undefined,
    };
  }

  /** The text with the lists' lines blanked, read; "syntax" when it has a syntax error (noted). */
  private readSkeleton(lists: readonly LongList[]): { value: unknown } | "syntax" | undefined {
    // Each list becomes `[]` on its first line (more indented than its items, so it is the value
    // where they were) and blank lines (yaml refuses a key more than 1024 characters after an empty
    // value's key, blank lines included).
    const cuts = lists.map((l) => {
      const first = (l.items[0] as { line: number }).line;
      const from = this.locator.offsetOfLine(first);
      const lines = l.end - first;
      const blank = `${" ".repeat(l.col + 1)}[]${"\n".repeat(lines)}`;
      return { from, to: this.locator.offsetOfLine(l.end), blank };
    });
    let text = "";
    let at = 0;
    for (const c of cuts) {
      text += `${this.text.slice(at, c.from)}${c.blank}`;
      at = c.to;
    }
    text += this.text.slice(at);
    if (!localEligible(text) || !crossEligible(text)) {
      // A file with no long list is the full read's.
      if (lists.length === 0) return undefined;
      // yaml reads it exactly, each list one `[]` line (yaml takes ~1 ms per 1,000 blank lines).
      const exact = this.notes.exact(
        this.notes.compactSkeleton(lists),
        compactToFile(lists),
        (p) => p,
        false,
      );
      if (exact === "other") return undefined;
      if (exact !== "syntax" && lists.some((l) => anchoredOnTheWay(exact.source.doc, l.path)))
        return undefined;
      return exact;
    }
    const piece: Piece = {
      text,
      firstLine: 0,
      toPiece: (o) => {
        let shift = 0;
        for (const c of cuts) if (o >= c.from) shift += c.to - c.from - c.blank.length;
        return o - shift;
      },
    };
    const read = readPiece(piece, this.locator, this.found, this.known);
    if (read === undefined) return undefined;
    if ("syntaxLine" in read) return this.notes.noteSyntax(read.syntaxLine) ? "syntax" : undefined;
    return read;
  }

  /**
   * A list's items, read in chunks of about `chunkChars`; an item js-yaml might read otherwise is read
   * by yaml alone. After a syntax error the reading goes on at the next item, and only syntax
   * errors are looked for. Undefined: the full read.
   */
  private readList(
    list: LongList,
    tied: readonly number[],
    tiedValues: readonly unknown[],
  ): unknown[] | undefined {
    const { items } = list;
    const lineOf = (i: number): number => (items[i] as { line: number }).line;
    const offset = (i: number): number =>
      this.locator.offsetOfLine(i < items.length ? lineOf(i) : list.end);
    const values: unknown[] = [];
    let i = 0;
    let t = 0; // the next tied item
    while (i < items.length && this.notes.syntax.size < MAX_SYNTAX) {
      if (tied[t] === i) {
        // Read with the skeleton (readTied).
        values.push(tiedValues[t++]);
        i++;
        continue;
      }
      const start = offset(i);
      const stop = tied[t] ?? items.length;
      let j = i + 1;
      while (j < stop && offset(j) - start < this.chunkChars) j++;
      if (!localEligible(this.text.slice(start, offset(j)))) {
        // Only the items that need it go to yaml: read up to the first of them, or it alone.
        const itemText = (k: number) => this.text.slice(offset(k), offset(k + 1));
        if (!localEligible(itemText(i))) {
          const at = i;
          const toFile = (p: DocPath) => [...list.path, at, ...p.slice(1)];
          const first = lineOf(i);
          const exact = this.notes.exact(itemText(i), (l) => l + first, toFile, true);
          if (exact === "other") return undefined;
          if (exact !== "syntax" && this.notes.syntax.size === 0)
            values.push((exact.value as unknown[])[0]);
          i++;
          continue;
        }
        let m = i + 1;
        while (m < j && localEligible(itemText(m))) m++;
        j = m;
      }
      const chunk: Piece = {
        text: this.text.slice(start, offset(j)),
        firstLine: lineOf(i),
        toPiece: (o) => o - start,
      };
      const read = readPiece(
        chunk,
        this.locator,
        this.found,
        this.known,
        this.notes.syntax.size > 0,
      );
      if (read === undefined) return undefined;
      if ("syntaxLine" in read) {
        if (!this.notes.noteSyntax(read.syntaxLine)) return undefined;
        // Read on from the item after the one that holds the error.
        let k = i;
        while (k + 1 < j && lineOf(k + 1) <= read.syntaxLine) k++;
        i = k + 1;
        continue;
      }
      if (this.notes.syntax.size === 0) {
        if (!Array.isArray(read.value) || read.value.length !== j - i) return undefined;
        for (const v of read.value) values.push(v);
      }
      i = j;
    }
    return values;
  }
}

/** The array at `path` in the skeleton's value (where a list's stand-in is), if there is one. */
function listAt(root: unknown, path: DocPath): unknown[] | undefined {
  let parent: unknown = root;
  for (const seg of path.slice(0, -1)) {
    parent = (parent as Record<string | number, unknown> | null)?.[seg as string | number];
  }
  const last = path[path.length - 1] as string | number;
  if (parent === null || typeof parent !== "object") return undefined;
  const obj = parent as Record<string | number, unknown>;
  const at = obj[last];
  return Object.hasOwn(obj, last) && Array.isArray(at) ? at : undefined;
}
