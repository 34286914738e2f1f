/**
 * What reading a large file in pieces (yaml-chunks.ts, yaml-tied.ts) has found so far — syntax
 * problems, key problems, an alias bomb's refusal — and yaml's exact read of one piece, its lines and
 * paths made the file's.
 */
import type { DocPath, RawProblem } from "./problem.ts";
import { ALIAS_REFUSAL, readFullYaml, syntaxProblemsOf, type YamlSource } from "./yaml-exact.ts";
import type { FastLocator, LongList } from "./yaml-locate.ts";

/** A syntax problem at its 1-based line and column, as a problem line says it. */
export interface SyntaxAt {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** The text being read, and what its pieces said. */
export class PieceNotes {
  readonly syntax = new Map<string, SyntaxAt>();
  readonly keyProblems: RawProblem[] = [];
  /** yaml's refusal of an alias bomb: said only if nothing has a syntax error. */
  refusal: SyntaxAt | null = null;

  readonly text: string;
  readonly locator: FastLocator;

  constructor(text: string, locator: FastLocator) {
    this.text = text;
    this.locator = locator;
  }

  /** The text of a list's item i (to the next item's line, or the list's end). */
  itemText(list: LongList, i: number): string {
    const to = i + 1 < list.items.length ? list.items[i + 1]!.line : list.end;
    return this.text.slice(
      this.locator.offsetOfLine(list.items[i]!.line),
      this.locator.offsetOfLine(to),
    );
  }

  /** The skeleton with each list one line `[]` (its lines are mapped back by compactToFile). */
  compactSkeleton(lists: readonly LongList[]): string {
    let text = "";
    let at = 0;
    for (const l of lists) {
      text += this.text.slice(at, this.locator.offsetOfLine((l.items[0] as { line: number }).line));
      text += `${" ".repeat(l.col + 1)}[]\n`;
      at = this.locator.offsetOfLine(l.end);
    }
    return text + this.text.slice(at);
  }

  /** Adds yaml's errors around a line js-yaml refused; false when they cannot be found that way. */
  noteSyntax(line: number): boolean {
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
  exact(
    piece: string,
    shift: (line: number) => number,
    toFile: (path: DocPath) => DocPath,
    oneItem: boolean,
    parseOnly = false,
  ): { value: unknown; source: YamlSource } | "syntax" | "other" {
    return this.take(readFullYaml(piece, parseOnly), shift, toFile, oneItem, parseOnly, piece);
  }

  /** What exact() notes of yaml's read of a piece (`piece`, its text, when one item: for its tabs). */
  take(
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
export function compactToFile(lists: readonly LongList[]): (line: number) => number {
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
