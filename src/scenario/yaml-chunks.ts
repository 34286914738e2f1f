/**
 * Reading a large file in pieces. Most of a large scenario is a long list or a few (its explicit
 * jobs), and a list's items do not depend on each other, so the file is read as its skeleton — the
 * text with each of those lists made `[]` and blank lines, every line keeping its number — and each list in chunks of
 * whole items, each chunk read alone by js-yaml as a block sequence of its own. A problem then costs
 * a re-read of one chunk, not of the file: a duplicate key is renamed and its chunk read again
 * (yaml-duplicates.ts), and after a syntax error the reading goes on at the next item, so every item
 * with a syntax error is reported, as the full read reports them. What js-yaml might read otherwise
 * than yaml but stays within a piece (a tab, a tag, a prototype-like key: yaml-fast.ts) is read by
 * yaml's exact read — just that item, or the skeleton. Anything unexpected gives undefined, and the
 * caller falls back to yaml's full read of the file.
 */
import { atKey, type DocPath, type RawProblem } from "./problem.ts";
import { type Piece, readPiece, restoreDuplicates, type StandIn } from "./yaml-duplicates.ts";
import { readFullYaml, syntaxProblemsOf } from "./yaml-exact.ts";
import { crossEligible, localEligible } from "./yaml-fast.ts";
import type { FastLocator, LongList } from "./yaml-locate.ts";

/** About this many characters of list items are read at a time. */
const CHUNK_CHARS = 512 * 1024;
/** Lists shorter than this stay in the skeleton. */
const MIN_LIST_CHARS = 64 * 1024;
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
}

/** Reads a large file (no anchors or aliases: yaml-fast.ts) in pieces; undefined leaves it to the full read. */
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
    // An anchor or alias in a list could tie it to another piece: the full read. In the skeleton
    // alone (a job definition's shared parts, say) yaml's exact read of the skeleton takes it.
    for (const l of lists) {
      const from = this.locator.offsetOfLine((l.items[0] as { line: number }).line);
      if (!crossEligible(this.text.slice(from, this.locator.offsetOfLine(l.end)))) return undefined;
    }
    const top = this.readSkeleton(lists);
    if (top === undefined) return undefined;
    const values: unknown[][] = [];
    for (const list of lists) {
      const items = this.readList(list);
      if (items === undefined) return undefined;
      values.push(items);
    }
    if (this.syntax.size > 0) {
      const all = [...this.syntax.values()].sort((a, b) => a.line - b.line || a.col - b.col);
      return { value: undefined, syntax: all, keyProblems: [] };
    }
    if (top === "syntax") return undefined;
    for (const [k, list] of lists.entries()) {
      if (!putAt(top.value, list.path, values[k] as unknown[])) return undefined;
    }
    const duplicates = restoreDuplicates(top.value, this.found).map((d) => ({
      ...atKey(d.path, `duplicate key ${d.key} (first at line ${d.firstLine})`),
      pos: { line: d.line, col: d.col },
    }));
    return { value: top.value, syntax: [], keyProblems: [...duplicates, ...this.keyProblems] };
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
      return exact === "other" ? undefined : exact;
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
  private readList(list: LongList): unknown[] | undefined {
    const { items } = list;
    const lineOf = (i: number): number => (items[i] as { line: number }).line;
    const offset = (i: number): number =>
      this.locator.offsetOfLine(i < items.length ? lineOf(i) : list.end);
    const values: unknown[] = [];
    let i = 0;
    while (i < items.length && this.syntax.size < MAX_SYNTAX) {
      const start = offset(i);
      let j = i + 1;
      while (j < items.length && offset(j) - start < this.chunkChars) j++;
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
  ): { value: unknown } | "syntax" | "other" {
    const read = readFullYaml(piece);
    if (read.syntaxProblems.length > 0) {
      const tabs = oneItem ? tabIndentations(piece) : [];
      for (const s of tabs.length > 0 ? tabs : read.syntaxProblems) {
        // A refusal of the whole piece (nested too deeply) is said at 1:1, as for a whole file.
        const at = s.message.startsWith("refused:") ? s : { ...s, line: shift(s.line) };
        this.syntax.set(`${at.line}:${at.col}:${at.message}`, at);
      }
      return "syntax";
    }
    if (oneItem && (!Array.isArray(read.value) || read.value.length !== 1)) return "other";
    for (const p of read.keyProblems) {
      const message = p.message.replace(
        /\(first at line (\d+)\)$/,
        (_, n) => `(first at line ${shift(Number(n))})`,
      );
      const pos = p.pos ? { pos: { line: shift(p.pos.line), col: p.pos.col } } : {};
      this.keyProblems.push({ ...p, path: toFile(p.path), message, ...pos });
    }
    return { value: read.value };
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

/** Puts a list's items at `path` in the skeleton's value, where its stand-in left `[]`. */
function putAt(root: unknown, path: DocPath, values: unknown[]): boolean {
  let parent: unknown = root;
  for (const seg of path.slice(0, -1)) {
    parent = (parent as Record<string | number, unknown> | null)?.[seg as string | number];
  }
  const last = path[path.length - 1] as string | number;
  if (parent === null || typeof parent !== "object") return false;
  const obj = parent as Record<string | number, unknown>;
  const at = obj[last];
  if (!Object.hasOwn(obj, last) || !Array.isArray(at) || at.length > 0) return false;
  obj[last] = values;
  return true;
}
