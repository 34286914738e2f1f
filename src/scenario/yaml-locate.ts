/**
 * Positions in a large file without yaml's full read. yaml reads about 1 MB/s (a 10 MB file: 8 s),
 * so a large file read by js-yaml (yaml-fast.ts) is not read again in full to place its problems.
 * Instead the block structure is followed line by line — a block mapping's keys and a block
 * sequence's `- ` items sit at one indentation — down to the entry the path names, and once that
 * entry is small, yaml reads just its lines, at their offsets in the file, and the ordinary
 * `locateOffset` finishes the path. Anything the line walk does not recognise (a quoted or complex
 * key, text at an unexpected indentation, an entry yaml cannot read alone) gives undefined, and the
 * caller falls back to the full read. test/scenario/yaml-locate.test.ts compares both answers on
 * every path of example and generated scenarios.
 */
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Anchor, DocPath } from "./problem.ts";
import { locateOffset } from "./yaml-path.ts";

/** Deeper nesting than this is refused (no scenario needs it; it keeps every walk bounded). */
export const MAX_DEPTH = 64;

/** Entries up to this many characters are handed to yaml (a few ms each). */
const SMALL_CHARS = 8 * 1024;

/** A block node: its content starts at line `line` (0-based), column `col` (0-based); its lines end before `end`. */
interface Block {
  readonly line: number;
  readonly col: number;
  readonly end: number;
}

/** A long list of a file: its path, its items' lines (0-based; each ends before `end`) and where it ends. */
export interface LongList {
  readonly path: DocPath;
  /** The column of its items' `-`. */
  readonly col: number;
  readonly items: readonly { readonly line: number; readonly end: number }[];
  readonly end: number;
}

/** A duplicate key: the later one's path and place (1-based), its first's line, its text's offset and length. */
export interface DuplicateKey {
  readonly path: DocPath;
  readonly key: string;
  readonly line: number;
  readonly col: number;
  readonly firstLine: number;
  readonly offset: number;
  readonly length: number;
}

/** An entry of a block collection: where it starts (the key, or the `- `), where its value starts, where it ends. */
interface Entry {
  readonly key: string | undefined;
  readonly line: number;
  readonly col: number;
  /** The column after the key's `:` or the item's `-` (where valueOf looks for the value). */
  readonly rest: number;
  readonly end: number;
}

const SPACE = 32;
const TAB = 9;
const NL = 10;
const CR = 13;
const HASH = 35;
const DASH = 45;
/** A plain key as scenario files write them (no quotes, nothing yaml could read as another type). */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.$/-]*$/;
const NOT_STRING_KEYS = new Set([
  "true",
  "false",
  "null",
  "True",
  "False",
  "Null",
  "TRUE",
  "FALSE",
]);

/** Finds positions of paths in one text; entries walked once are kept for the next path. */
export class FastLocator {
  private readonly starts: number[] = [0];
  private readonly entries = new Map<string, Entry[] | null>();
  private readonly text: string;
  private readonly small: number;

  /** `small`: entries up to this many characters go to yaml (tests set 0 to walk every level by lines). */
  constructor(text: string, small = SMALL_CHARS) {
    this.text = text;
    this.small = small;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  /** The 1-based line and column of `path` (as `locate` gives them), or undefined to ask yaml's full read. */
  locate(path: DocPath, anchor: Anchor): { line: number; col: number } | undefined {
    const first = this.nextContent(0, this.starts.length);
    if (first < 0) return undefined;
    let block: Block = { line: first, col: this.indent(first), end: this.starts.length };
    let key: { line: number; col: number } | undefined;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i] as string | number;
      const entries = this.entriesOf(block);
      if (entries === null) return undefined;
      const isSeq = entries.length > 0 && entries[0]?.key === undefined;
      const entry = isSeq
        ? typeof seg === "number"
          ? entries[seg]
          : undefined
        : entries.find((e) => e.key === String(seg));
      // Absent: a mapping points at its first key, a sequence at its start (as locate does).
      if (entry === undefined) return this.pos(block.line, block.col);
      const value = this.isSmall(entry) ? undefined : this.valueOf(entry);
      if (value === undefined) {
        // Hand the entry alone to yaml: a one-key mapping or a one-item sequence, at its offsets.
        return this.precise(entry, [isSeq ? 0 : seg, ...path.slice(i + 1)], anchor);
      }
      key = isSeq ? undefined : { line: entry.line, col: entry.col };
      block = value;
    }
    if (anchor === "key" && key) return this.pos(key.line, key.col);
    return this.pos(block.line, block.col);
  }

  /** The number of lines of the text. */
  get lineCount(): number {
    return this.starts.length;
  }

  /** The offset in the text where 0-based line `line` starts (the text's length past the last line). */
  offsetOfLine(line: number): number {
    return line < this.starts.length ? this.starts[line]! : this.text.length;
  }

  /**
   * The long lists of the file (the explicit jobs of a large scenario): block sequences of many small
   * items, each item starting its own line, found by going down into every entry of at least
   * `minChars` characters; a list is not looked into. Each with its path, its items' lines and the
   * line where it ends. Parts the walk cannot read, and keys said twice, are left out (they stay in
   * what is read whole).
   */
  longLists(minChars: number): LongList[] {
    const out: LongList[] = [];
    const visit = (block: Block, path: DocPath, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      const entries = this.entriesOf(block);
      if (entries === null || entries.length === 0) return;
      const total = this.chars(block.line, block.end);
      if (total < minChars) return;
      const isSeq = entries[0]?.key === undefined;
      if (isSeq && entries.length >= 2 && this.indent(block.line) === block.col) {
        let big = 0;
        for (const e of entries) big = Math.max(big, this.chars(e.line, e.end));
        if (big * 4 <= total) {
          out.push({ path, col: block.col, items: entries, end: block.end });
          return;
        }
      }
      entries.forEach((e, i) => {
        if (this.chars(e.line, e.end) < minChars) return;
        if (!isSeq && entries.some((o) => o !== e && o.key === e.key)) return;
        const value = this.valueOf(e);
        if (value !== undefined) visit(value, [...path, e.key ?? i], depth + 1);
      });
    };
    const first = this.nextContent(0, this.starts.length);
    if (first >= 0) visit({ line: first, col: this.indent(first), end: this.starts.length }, [], 0);
    return out;
  }

  /** The entries of a block collection (cached), or null when its lines are not the plain kind this walk reads. */
  private entriesOf(block: Block): Entry[] | null {
    const id = `${block.line}:${block.col}`;
    let found = this.entries.get(id);
    if (found === undefined) {
      found = this.readEntries(block);
      this.entries.set(id, found);
    }
    return found;
  }

  private readEntries(block: Block): Entry[] | null {
    const { col } = block;
    const seq = this.isDash(block.line, col);
    // Each entry ends where the next begins (its `end` is set then), the last at the block's end.
    const out: { key: string | undefined; line: number; col: number; rest: number; end: number }[] =
      [];
    for (let l = block.line; l < block.end; l++) {
      const ind = l === block.line ? col : this.indent(l, col + 1);
      if (ind < 0 || ind > col) continue;
      // A tab in a line's indentation: a continuation of a scalar, or an error (tabs cannot indent);
      // either way not an entry of this block.
      if (this.text.charCodeAt(this.starts[l]! + ind) === TAB) continue;
      if (ind < col) return null; // less indented inside the block: not the structure assumed
      const dash = this.isDash(l, col);
      let key: string | undefined;
      let rest = col + 1;
      if (seq) {
        if (!dash) return null;
      } else {
        if (dash) continue; // a sequence at its key's indentation: part of the previous key's value
        const k = this.keyAt(l, col);
        if (k === null) return null;
        key = k.key;
        rest = k.rest;
      }
      const previous = out[out.length - 1];
      if (previous) previous.end = l;
      out.push({ key, line: l, col, rest, end: block.end });
    }
    return out;
  }

  /** An entry's value as a block to walk (on the following lines, or a collection begun on its line). */
  private valueOf(entry: Entry): Block | undefined {
    return this.valueBlock(entry.line, entry.rest, entry.end);
  }

  /** The value after a key's `:` or an item's `-`, when it is a block on the following lines. */
  private valueBlock(line: number, from: number, end: number): Block | undefined {
    const t = this.text;
    let i = this.starts[line]! + from;
    while (t.charCodeAt(i) === SPACE) i++;
    const c = t.charCodeAt(i);
    if (Number.isNaN(c) || c === NL || c === CR || c === HASH) {
      const next = this.nextContent(line + 1, end);
      return next < 0 ? undefined : { line: next, col: this.indent(next), end };
    }
    // The value starts on this line: a block collection there (`- key: v`, `- - x`) is walked too.
    const col = i - this.starts[line]!;
    if (this.isDash(line, col) || this.keyAt(line, col) !== null) return { line, col, end };
    return undefined;
  }

  /**
   * The entries holding 0-based line `line`, level by level from the root, each with its block's
   * entries, its index there and its block's path; the walk stops at a small entry (yaml reads those
   * alone) or where the lines are not the plain kind it reads.
   */
  private *levelsAround(
    line: number,
  ): Generator<{ entries: readonly Entry[]; i: number; at: Entry; path: DocPath }> {
    const first = this.nextContent(0, this.starts.length);
    if (first < 0) return;
    let block: Block = { line: first, col: this.indent(first), end: this.starts.length };
    let path: DocPath = [];
    // No scenario nests deeper than MAX_DEPTH: past that, the full read refuses the file anyway.
    for (let depth = 0; depth <= MAX_DEPTH; depth++) {
      const entries = this.entriesOf(block);
      if (entries === null) return;
      let i = entries.length - 1;
      while (i >= 0 && (entries[i] as Entry).line > line) i--;
      const at = entries[i];
      if (at === undefined) return;
      yield { entries, i, at, path };
      if (this.isSmall(at)) return;
      const value = this.valueOf(at);
      if (value === undefined) return;
      block = value;
      path = [...path, at.key ?? i];
    }
  }

  private isSmall(entry: Entry): boolean {
    return this.chars(entry.line, entry.end) <= this.small;
  }

  /**
   * yaml's syntax problems near 0-based line `line` (where js-yaml gave up), from the smallest entry
   * holding it — or the entry before, where an unclosed bracket began — read alone; undefined when no
   * small entry holds it or yaml finds nothing wrong there (then the full read decides).
   */
  syntaxNear(line: number): { line: number; col: number; message: string }[] | undefined {
    for (const { entries, i, at } of this.levelsAround(line)) {
      for (const e of [at, entries[i - 1]]) {
        if (e === undefined || !this.isSmall(e)) continue;
        const found = this.errorsAlone(e);
        if (found.length > 0) return found;
      }
    }
    return undefined;
  }

  /**
   * The duplicate keys around 0-based line `line` (where js-yaml found one), skipping those at offsets
   * in `known`: the entry's own key when an earlier entry of its block has it, else every duplicate in
   * the smallest entry holding the line, read alone by yaml. Undefined when none is found that way.
   */
  duplicatesNear(line: number, known: ReadonlySet<number>): DuplicateKey[] | undefined {
    for (const { entries, i, at, path } of this.levelsAround(line)) {
      if (at.key !== undefined) {
        const offset = this.starts[at.line]! + at.col;
        const earlier = entries.find((e) => e.key === at.key);
        if (earlier !== at && earlier !== undefined && !known.has(offset)) {
          return [
            {
              path: [...path, at.key],
              key: at.key,
              line: at.line + 1,
              col: at.col + 1,
              firstLine: earlier.line + 1,
              offset,
              length: at.key.length,
            },
          ];
        }
      }
      if (this.isSmall(at)) {
        const found = this.duplicatesAlone(at, path, at.key ?? i).filter(
          (d) => !known.has(d.offset),
        );
        return found.length > 0 ? found : undefined;
      }
    }
    return undefined;
  }

  /** Every duplicate key in one entry read alone (`path`: its block's path; `seg`: its key or index). */
  private duplicatesAlone(entry: Entry, path: DocPath, seg: string | number): DuplicateKey[] {
    const doc = parseDocument(this.piece(entry), { schema: "core", uniqueKeys: false });
    if (doc.errors.length > 0) return [];
    const base = this.starts[entry.line]!;
    const out: DuplicateKey[] = [];
    const walk = (node: unknown, at: DocPath, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      if (isSeq(node)) {
        node.items.forEach((item, i) => {
          walk(item, [...at, i], depth + 1);
        });
        return;
      }
      if (!isMap(node)) return;
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const range = pair.key.range;
        if (!range) continue;
        const offset = base + range[0];
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          const pos = this.posOfOffset(offset);
          out.push({
            path: [...at, key],
            key,
            ...pos,
            firstLine: this.posOfOffset(earlier).line,
            offset,
            length: range[1] - range[0],
          });
        } else seen.set(key, offset);
        walk(pair.value, [...at, key], depth + 1);
      }
    };
    // The piece is a one-key mapping or a one-item sequence: its entry is the first item.
    const root = doc.contents;
    if (isSeq(root)) walk(root.items[0], [...path, seg], path.length + 1);
    else walk(root, path, path.length);
    return out;
  }

  /** yaml's errors in one entry read alone, at their places in the file. */
  private errorsAlone(entry: Entry): { line: number; col: number; message: string }[] {
    let doc: ReturnType<typeof parseDocument>;
    try {
      doc = parseDocument(this.piece(entry), {
        schema: "core",
        uniqueKeys: false,
        prettyErrors: true,
      });
    } catch (e) {
      // Deep block nesting overflows yaml's parser itself: said as yaml says it of flow nesting.
      if (e instanceof RangeError) return [{ line: 1, col: 1, message: "call stack exceeded" }];
      throw e;
    }
    return doc.errors.map((e) => ({
      line: entry.line + (e.linePos?.[0].line ?? 1),
      col: e.linePos?.[0].col ?? 1,
      message: e.message,
    }));
  }

  /** An entry's lines as a text of their own: what precedes it on its first line blanked, offsets kept. */
  private piece(entry: Entry): string {
    const start = this.starts[entry.line]!;
    const stop = entry.end < this.starts.length ? this.starts[entry.end]! : this.text.length;
    return " ".repeat(entry.col) + this.text.slice(start + entry.col, stop);
  }

  /** A plain `key:` at (line, col): the key and the column after its colon; null if not one. */
  private keyAt(line: number, col: number): { key: string; rest: number } | null {
    const start = this.starts[line]! + col;
    const stop = this.lineEnd(line);
    const t = this.text;
    for (let i = start; i < stop; i++) {
      if (t.charCodeAt(i) !== 58) continue; // ':'
      const after = t.charCodeAt(i + 1);
      if (i + 1 < stop && after !== SPACE) continue;
      const key = t.slice(start, i);
      if (!PLAIN_KEY.test(key) || NOT_STRING_KEYS.has(key) || /^[\d.+-]/.test(key)) return null;
      return { key, rest: i + 1 - this.starts[line]! };
    }
    return null;
  }

  /** yaml's answer for `path` inside one entry, read alone with its offsets kept; undefined if yaml cannot read it alone. */
  private precise(
    entry: Entry,
    path: DocPath,
    anchor: Anchor,
  ): { line: number; col: number } | undefined {
    const doc = parseDocument(this.piece(entry), { schema: "core", uniqueKeys: false });
    if (doc.errors.length > 0) return undefined;
    const at = locateOffset(doc, path, anchor);
    return at < 0 ? undefined : this.posOfOffset(this.starts[entry.line]! + at);
  }

  private posOfOffset(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo]! + 1 };
  }

  private pos(line: number, col: number): { line: number; col: number } {
    return { line: line + 1, col: col + 1 };
  }

  /** Characters of lines [from, to). */
  private chars(from: number, to: number): number {
    const stop = to < this.starts.length ? this.starts[to]! : this.text.length;
    return stop - this.starts[from]!;
  }

  private lineEnd(line: number): number {
    let e = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    if (this.text.charCodeAt(e - 1) === CR) e--;
    return e;
  }

  /** Whether `- ` (or a lone `-`) starts at (line, col). */
  private isDash(line: number, col: number): boolean {
    const i = this.starts[line]! + col;
    if (this.text.charCodeAt(i) !== DASH) return false;
    const c = this.text.charCodeAt(i + 1);
    return c === SPACE || c === NL || c === CR || Number.isNaN(c);
  }

  /** Leading spaces of a line (counted up to `max`: deeper is just deeper); -1 for a blank or comment-only line. */
  private indent(line: number, max = Number.MAX_SAFE_INTEGER): number {
    const t = this.text;
    const s = this.starts[line]!;
    let i = s;
    while (t.charCodeAt(i) === SPACE && i - s <= max) i++;
    if (i - s > max) return max;
    const c = t.charCodeAt(i);
    return Number.isNaN(c) || c === NL || c === CR || c === HASH ? -1 : i - s;
  }

  /** The first line in [from, to) with content, or -1. */
  private nextContent(from: number, to: number): number {
    for (let l = from; l < to; l++) if (this.indent(l) >= 0) return l;
    return -1;
  }
}
