/** Problems found in a scenario, and where they point. */

/** One problem with a scenario, located at a line and column of its file (both 1-based). */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Dotted path with [index] for list items, e.g. `computeEnvironments[0].computeResources.maxvCpus`; `$` for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** Formats a problem as the contract's one line: `file:line:col error path: message`. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col} error ${p.path}: ${p.message}`;
}

/** A path into the scenario document: map keys and list indexes. */
export type DocPath = readonly (string | number)[];

/**
 * What part of the document a problem points at (scenario-format.md "Where an error points"):
 * `value` the value at the path (or, if absent, the mapping that lacks it — its first key);
 * `key` the key of the last path segment (unknown, misspelt, duplicate, not supported keys).
 */
export type Anchor = "value" | "key";

/** A problem before it is located in the file. */
export interface RawProblem {
  readonly path: DocPath;
  readonly message: string;
  readonly anchor: Anchor;
  /** An exact position, when the path alone cannot say it (the later of two duplicate keys). */
  readonly pos?: { readonly line: number; readonly col: number };
  /** Another file the position is in (a line of a trace the scenario replays), with `pos`. */
  readonly file?: string;
  /** The key is wrong (unknown, not supported, not supported yet): the checks between fields run without it. */
  readonly drop?: boolean;
}

/** Shorthand constructor for a raw problem at a value. */
export function atValue(path: DocPath, message: string): RawProblem {
  return { path, message, anchor: "value" };
}

/** Shorthand constructor for a raw problem at a key. */
export function atKey(path: DocPath, message: string): RawProblem {
  return { path, message, anchor: "key" };
}

/** Renders a path as `a.b[0].c` (`$` when empty). */
export function pathToString(path: DocPath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out === "" ? "$" : out;
}

/** Orders problems by file, line, column, then path and message (a total order, so output is stable). */
export function compareProblems(a: Problem, b: Problem): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.col - b.col ||
    cmp(a.path, b.path) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
