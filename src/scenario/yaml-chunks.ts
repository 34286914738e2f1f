/**
 * Reading a large file in pieces. Most of a large scenario is a long list or a few (its explicit
 * jobs), and a list's items do not depend on each other, so the file is read as its skeleton — the
 * text with each of those lists made `[]` and blank lines, every line keeping its number — and each list in chunks of
 * whole items, each chunk read alone by js-yaml as a block sequence of its own. A problem then costs
 * a re-read of one chunk, not of the file: a duplicate key is renamed and its chunk read again
 * (yaml-duplicates.ts), and after a syntax error the reading goes on at the next item, so every item
 * with a syntax error is reported, as the full read reports them. What js-yaml might read otherwise
 * than yaml but stays within a piece (a tab, a tag, a prototype-like key: yaml-fast.ts) is read by
 * yaml's exact read — just that item, or the skeleton. Items with an anchor, alias or merge key may
 * name each other and the skeleton: yaml reads them together with the skeleton, in one piece, each
 * line mapped back to the file's (and the alias-bomb limit counts them as in the whole file, since
 * the others hold none). Anything unexpected gives undefined, and the caller falls back to yaml's
 * full read of the file.
 */

import type { Document } from "yaml";
import { isCollection } from "yaml";
import { type Anchor, atKey, type DocPath, type RawProblem } from "./problem.ts";
import {
  type Piece,
  readPiece,
  readsWithoutSyntaxError,
  restoreDuplicates,
  type StandIn,
} from "./yaml-duplicates.ts";
import {
  ALIAS_REFUSAL,
  isAliasProblem,
  locate,
  MAX_ALIAS_COUNT,
  readFullYaml,
  syntaxProblemsOf,
  type YamlSource,
} from "./yaml-exact.ts";
import { crossEligible, crossKind, localEligible } from "./yaml-fast.ts";
import type { FastLocator, LongList } from "./yaml-locate.ts";

/** About this many characters of list items are read at a time. */
const CHUNK_CHARS = 512 * 1024;
/** Lists shorter than this stay in the skeleton. */
const MIN_LIST_CHARS = 64 * 1024;
/** With more tied items than this (characters), an alias bomb is looked for in the first ones alone. */
const EARLY_REFUSAL_CHARS = 64 * 1024;
/** An alias where a node can begin, and its anchor's name (as yaml-fast.ts's CROSS finds them). */
const ALIAS_TOKEN = /(?:^|[\s[{,:?-])\*([^\s,[\]{}]+)/gm;
/** Syntax problems past this many are not looked for (problem lines are capped at 50). */
const MAX_SYNTAX = 50;

/** A syntax problem at its 1-based line and column, as a problem line says it. */
export interface SyntaxAt {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

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
  private readonly syntax = new Map<string, SyntaxAt>();
  private readonly keyProblems: RawProblem[] = [];
  /** yaml's refusal of the tied items' aliases: said only if nothing has a syntax error. */
  private refusal: SyntaxAt | null = null;
  private locateTied: LargeRead["locateTied"];

  private readonly text: string;
  private readonly locator: FastLocator;
  private readonly chunkChars: number;

  constructor(text: string, locator: FastLocator, chunkChars: number) {
    this.text = text;
    this.locator = locator;
    this.chunkChars = chunkChars;
  }

  read(): LargeRead | undefined {
    const lists = this.locator.longLists(MIN_LIST_CHARS).filter((l) => l.path.length > 0);
    // The items with an anchor, alias or merge key (tied: they may name each other or the rest) are
    // read by yaml with the skeleton, in one piece; a directive in a list is the full read's.
    const tied: number[][] = [];
    for (const l of lists) {
      const t = this.tiedItems(l);
      if (t === undefined) return undefined;
      tied.push(t);
    }
    const withTies = tied.some((t) => t.length > 0);
    const refused = withTies ? this.refusedEarly(lists, tied) : undefined;
    if (refused !== undefined) return { value: undefined, syntax: [refused], keyProblems: [] };
    const top = withTies ? this.readTied(lists, tied) : this.readSkeleton(lists);
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
    if (this.syntax.size > 0) {
      const all = [...this.syntax.values()].sort((a, b) => a.line - b.line || a.col - b.col);
      return { value: undefined, syntax: all, keyProblems: [] };
    }
    // yaml refuses alias bombs in its conversion, which it makes only when nothing has a syntax error.
    if (this.refusal !== null) return { value: undefined, syntax: [this.refusal], keyProblems: [] };
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
      keyProblems: [...duplicates, ...this.keyProblems],
      locateTied: this.locateTied,
    };
  }

  /** The indexes of a list's items that hold an anchor, alias or merge key; undefined for a directive. */
  private tiedItems(list: LongList): number[] | undefined {
    const { items } = list;
    const offset = (i: number): number =>
      this.locator.offsetOfLine(i < items.length ? items[i]!.line : list.end);
    if (crossEligible(this.text.slice(offset(0), offset(items.length)))) return [];
    const out: number[] = [];
    for (let i = 0; i < items.length; i++) {
      const kind = crossKind(this.text.slice(offset(i), offset(i + 1)));
      if (kind === "directive") return undefined;
      if (kind === "tie") out.push(i);
    }
    return out;
  }

  /**
   * The syntax errors of the tied items, each read alone, and of the skeleton (its lists `[]`);
   * false when they have none (the error was in how they meet: the full read).
   */
  private tiedSyntax(lists: readonly LongList[], tied: readonly (readonly number[])[]): boolean {
    const before = this.syntax.size;
    for (const [k, l] of lists.entries()) {
      for (const i of tied[k]!) {
        const first = l.items[i]!.line;
        const to = i + 1 < l.items.length ? l.items[i + 1]!.line : l.end;
        const text = this.text.slice(
          this.locator.offsetOfLine(first),
          this.locator.offsetOfLine(to),
        );
        const toFile = (p: DocPath) => [...l.path, i, ...p.slice(1)];
        this.exact(text, (line) => line + first, toFile, true, true);
      }
    }
    const skeleton = this.compactSkeleton(lists);
    this.exact(skeleton, compactToFile(lists), (p) => p, false, true);
    return this.syntax.size > before;
  }

  /**
   * yaml's refusal of the file as an alias bomb, found from its beginning when its tied items are many
   * (an anchor named in every job, say: reading them all costs about the full read). yaml counts
   * aliases as it converts, in document order, so if it refuses the skeleton up to the first list with
   * that list's first tied items (the items between hold no alias; as many as name one anchor more
   * than 1,000 times), it refuses the file — unless the
   * file has a syntax error, which is said instead: js-yaml reading the whole file without one, and
   * nothing in it that js-yaml might read otherwise (localEligible), says there is none.
   */
  private refusedEarly(
    lists: readonly LongList[],
    tied: readonly (readonly number[])[],
  ): SyntaxAt | undefined {
    const itemText = (l: LongList, i: number): string =>
      this.text.slice(
        this.locator.offsetOfLine(l.items[i]!.line),
        this.locator.offsetOfLine(i + 1 < l.items.length ? l.items[i + 1]!.line : l.end),
      );
    let size = 0;
    for (const [k, l] of lists.entries()) for (const i of tied[k]!) size += itemText(l, i).length;
    const first = lists[0];
    if (first === undefined || size < EARLY_REFUSAL_CHARS) return undefined;
    // The first list's tied items up to the one where some anchor is named for the 1,001st time (a
    // count of the text's aliases: one in a comment or a string only makes the piece longer).
    const parts = [this.text.slice(0, this.locator.offsetOfLine(first.items[0]!.line))];
    const uses = new Map<string, number>();
    let over = false;
    for (const i of tied[0]!) {
      const item = itemText(first, i);
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
    if (!localEligible(this.text) || !readsWithoutSyntaxError(this.text)) return undefined;
    return refusal;
  }

  /**
   * yaml's exact read of the skeleton with the tied items of each list (the others left out, a list
   * without any made `[]`), each line mapped back to the file's: "syntax" when it has a syntax error
   * (noted); undefined when a list or what holds it has an anchor (an alias of it would lack the
   * items left out). Its cost is yaml's read of what it holds: with every item tied, about the full
   * read's.
   */
  private readTied(
    lists: readonly LongList[],
    tied: readonly (readonly number[])[],
  ): { value: unknown } | "syntax" | undefined {
    const parts: string[] = [];
    const starts: { tied: number; file: number }[] = []; // 1-based first lines of each part
    let line = 1;
    const add = (fromLine: number, toLine: number): void => {
      const part = this.text.slice(
        this.locator.offsetOfLine(fromLine),
        this.locator.offsetOfLine(toLine),
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
    add(at, this.locator.lineCount);
    const shift = (l: number): number => {
      let s = 0;
      while (s + 1 < starts.length && starts[s + 1]!.tied <= l) s++;
      return starts[s]!.file + (l - starts[s]!.tied);
    };
    const toFile = (path: DocPath): DocPath => {
      for (const [k, l] of lists.entries()) {
        const n = l.path.length;
        if (path.length > n && l.path.every((seg, i) => path[i] === seg)) {
          return [...l.path, tied[k]![path[n] as number]!, ...path.slice(n + 1)];
        }
      }
      return path;
    };
    const whole = readFullYaml(parts.join(""));
    const problem = whole.syntaxProblems[0];
    if (problem !== undefined && !isAliasProblem(problem.message)) {
      // Past a syntax error, yaml's lines here could name the item after it here, not in the file:
      // each tied item and the skeleton are read alone instead (their syntax: an alias there may
      // name an anchor elsewhere), as the other pieces are.
      return this.tiedSyntax(lists, tied) ? "syntax" : undefined;
    }
    const read = this.take(whole, shift, toFile, false);
    if (read === "other") return undefined;
    if (read === "syntax") return read;
    if (lists.some((l) => anchoredOnTheWay(read.source.doc, l.path))) return undefined;
    // A path inside a tied item, as a path of what yaml read.
    const toTied = (path: DocPath): DocPath | undefined => {
      for (const [k, l] of lists.entries()) {
        const n = l.path.length;
        if (path.length > n && l.path.every((seg, i) => path[i] === seg)) {
          const at = tied[k]!.indexOf(path[n] as number);
          return at < 0 ? undefined : [...l.path, at, ...path.slice(n + 1)];
        }
      }
      return undefined;
    };
    this.locateTied = (path, anchor) => {
      const p = toTied(path);
      if (p === undefined) return undefined;
      const at = locate(read.source, p, anchor);
      return { line: shift(at.line), col: at.col };
    };
    return { value: read.value };
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
      const exact = this.exact(this.compactSkeleton(lists), compactToFile(lists), (p) => p, false);
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
    if ("syntaxLine" in read) return this.noteSyntax(read.syntaxLine) ? "syntax" : undefined;
    return read;
  }

  /** The skeleton with each list one line `[]` (its lines are mapped back by compactToFile). */
  private compactSkeleton(lists: readonly LongList[]): string {
    let text = "";
    let at = 0;
    for (const l of lists) {
      text += this.text.slice(at, this.locator.offsetOfLine((l.items[0] as { line: number }).line));
      text += `${" ".repeat(l.col + 1)}[]\n`;
      at = this.locator.offsetOfLine(l.end);
    }
    return text + this.text.slice(at);
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
    while (i < items.length && this.syntax.size < MAX_SYNTAX) {
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
          const exact = this.exact(itemText(i), (l) => l + first, toFile, true);
          if (exact === "other") return undefined;
          if (exact !== "syntax" && this.syntax.size === 0)
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
      const read = readPiece(chunk, this.locator, this.found, this.known, this.syntax.size > 0);
      if (read === undefined) return undefined;
      if ("syntaxLine" in read) {
        if (!this.noteSyntax(read.syntaxLine)) return undefined;
        // Read on from the item after the one that holds the error.
        let k = i;
        while (k + 1 < j && lineOf(k + 1) <= read.syntaxLine) k++;
        i = k + 1;
        continue;
      }
      if (this.syntax.size === 0) {
        if (!Array.isArray(read.value) || read.value.length !== j - i) return undefined;
        for (const v of read.value) values.push(v);
      }
      i = j;
    }
    return values;
  }

  /** Adds yaml's errors around a line js-yaml refused; false when they cannot be found that way. */
  private noteSyntax(line: number): boolean {
    const near = this.locator.syntaxNear(line);
    if (near === undefined) return false;
    for (const s of syntaxProblemsOf(near)) this.syntax.set(`${s.line}:${s.col}:${s.message}`, s);
    return true;
  }

  /**
   * yaml's exact read of a piece, its 1-based lines made the file's by `shift` and its key problems'
   * paths by `toFile`: its value, or "syntax" when it has syntax errors
   * (noted), or "other" when an item's piece is not one item.
   */
  private exact(
    piece: string,
    shift: (line: number) => number,
    toFile: (path: DocPath) => DocPath,
    oneItem: boolean,
    parseOnly = false,
  ): { value: unknown; source: YamlSource } | "syntax" | "other" {
    return this.take(readFullYaml(piece, parseOnly), shift, toFile, oneItem, parseOnly, piece);
  }

  /** What exact() notes of yaml's read of a piece (`piece`, its text, when one item: for its tabs). */
  private take(
    read: ReturnType<typeof readFullYaml>,
    shift: (line: number) => number,
    toFile: (path: DocPath) => DocPath,
    oneItem: boolean,
    parseOnly = false,
    piece = "",
  ): { value: unknown; source: YamlSource } | "syntax" | "other" {
    const refused = read.syntaxProblems[0];
    if (refused?.message === ALIAS_REFUSAL && !oneItem) {
      this.refusal = refused;
      return "syntax";
    }
    if (read.syntaxProblems.length > 0) {
      const tabs = oneItem ? tabIndentations(piece) : [];
      for (const s of tabs.length > 0 ? tabs : read.syntaxProblems) {
        // A refusal of the whole piece (nested too deeply) is said at 1:1, as for a whole file.
        const at = s.message.startsWith("refused:") ? s : { ...s, line: shift(s.line) };
        this.syntax.set(`${at.line}:${at.col}:${at.message}`, at);
      }
      return "syntax";
    }
    if (parseOnly) return { value: undefined, source: read.source };
    if (oneItem && (!Array.isArray(read.value) || read.value.length !== 1)) return "other";
    for (const p of read.keyProblems) {
      const message = p.message.replace(
        /\(first at line (\d+)\)$/,
        (_, n) => `(first at line ${shift(Number(n))})`,
      );
      const pos = p.pos ? { pos: { line: shift(p.pos.line), col: p.pos.col } } : {};
      this.keyProblems.push({ ...p, path: toFile(p.path), message, ...pos });
    }
    return { value: read.value, source: read.source };
  }
}

/** A line of the compact skeleton (1-based) as the file's line: each list took one line for its many. */
function compactToFile(lists: readonly LongList[]): (line: number) => number {
  return (line) => {
    let shift = 0;
    for (const l of lists) {
      const first = (l.items[0] as { line: number }).line + 1 - shift; // its `[]` line, compacted
      if (line > first) shift += l.end - (l.items[0] as { line: number }).line - 1;
    }
    return line + shift;
  };
}

/**
 * A tab in a line's indentation, which YAML forbids: said as the full read says it first, at the tab.
 * An item read alone cannot say it so (the tab line that ends the list in the file's structure is
 * just a bad line of the item), and its other errors there would only follow from it.
 */
function tabIndentations(piece: string): SyntaxAt[] {
  const out: SyntaxAt[] = [];
  piece.split("\n").forEach((line, i) => {
    const tab = /^ *\t/.exec(line);
    if (tab && i > 0) {
      const message = "not valid YAML: Tabs are not allowed as indentation";
      out.push({ line: i + 1, col: tab[0].length, message });
    }
  });
  return out;
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

/**
 * Whether a node on the way to `path` (it included) has an anchor: an alias of it would stand for
 * the stand-in of the list, not the list. (The lists' own items have none: those are tied items.)
 */
function anchoredOnTheWay(doc: Document.Parsed, path: DocPath): boolean {
  let node: unknown = doc.contents;
  for (let i = 0; ; i++) {
    if ((node as { anchor?: string } | null)?.anchor) return true;
    if (i === path.length || !isCollection(node)) return false;
    node = node.get(path[i], true);
  }
}
