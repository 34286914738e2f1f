/**
 * Duplicate keys in a large file without yaml's full read. js-yaml refuses a duplicate key and stops
 * there, at the later key; every duplicate must be reported, and the value read as yaml reads it (the
 * later value, at the first key's place). So: find the duplicates around where js-yaml stopped
 * (FastLocator.duplicatesNear), give each later key a name of its own — private-use characters, as
 * many as the key's text, so no line or column moves — and let js-yaml read on; once the whole value
 * is read, put each later value back under its key (`restoreDuplicates`). A few rounds per piece at
 * most; anything unexpected (a duplicate not found, too many rounds) leaves it to the full read.
 */
import { CORE_SCHEMA, load } from "js-yaml";
import type { DuplicateKey, FastLocator } from "./yaml-locate.ts";

/** Rounds of js-yaml on one piece before the full read is cheaper. */
const MAX_ROUNDS = 8;
const PRIVATE_USE = /[\uE000-\uF8FF]/;

/** A later duplicate key and the name it was read under. */
export interface StandIn {
  readonly d: DuplicateKey;
  readonly name: string;
}

/** One piece of a file for `readPiece`: its text, its first line in the file, and where a file offset is in it. */
export interface Piece {
  readonly text: string;
  readonly firstLine: number;
  readonly toPiece: (fileOffset: number) => number;
}

/**
 * What js-yaml made of a piece: its value, or the 0-based file line of a syntax error (anything but a
 * duplicate key), or undefined to leave the file to the full read.
 */
export type PieceRead = { value: unknown } | { syntaxLine: number } | undefined;

/**
 * Reads a piece with js-yaml, reading on past duplicate keys: each is found with the locator, added
 * to `found` and renamed in the piece. `lenient` reads duplicates as JSON.parse does (the later
 * wins) without finding them: once the file has a syntax error only syntax errors are reported.
 */
export function readPiece(
  piece: Piece,
  locator: FastLocator,
  found: StandIn[],
  known: Set<number>,
  lenient = false,
): PieceRead {
  if (PRIVATE_USE.test(piece.text)) return undefined;
  let work = piece.text;
  for (let round = 0; round <= MAX_ROUNDS; round++) {
    try {
      return { value: load(work, { schema: CORE_SCHEMA, json: lenient }) };
    } catch (e) {
      const mark = (e as { mark?: { line?: number } }).mark;
      if (typeof mark?.line !== "number") return undefined;
      const line = piece.firstLine + mark.line;
      if ((e as { reason?: string }).reason !== "duplicated mapping key")
        return { syntaxLine: line };
      if (round === MAX_ROUNDS) return undefined;
      const more = locator.duplicatesNear(line, known);
      if (more === undefined) return undefined;
      for (const d of more) {
        known.add(d.offset);
        const name = standIn(found.length, d.length);
        const at = piece.toPiece(d.offset);
        work = `${work.slice(0, at)}${name}${work.slice(at + d.length)}`;
        found.push({ d, name });
      }
    }
  }
  return undefined;
}

/** Whether js-yaml reads the text without a syntax error (duplicate keys allowed, as yaml allows them). */
export function readsWithoutSyntaxError(text: string): boolean {
  try {
    load(text, { schema: CORE_SCHEMA, json: true });
    return true;
  } catch {
    return false;
  }
}

/** The k-th stand-in name, `length` characters long. */
function standIn(k: number, length: number): string {
  let out = "";
  let n = k;
  for (let i = 0; i < length; i++) {
    out += String.fromCharCode(0xe000 + (n % 0x1000));
    n = Math.floor(n / 0x1000);
  }
  return out;
}

/**
 * Puts each later value back under its key, in document order (the last one wins, as in yaml), in the
 * value of the whole file; gives the duplicates in document order.
 */
export function restoreDuplicates(value: unknown, found: StandIn[]): DuplicateKey[] {
  const names = [...found].sort((a, b) => a.d.offset - b.d.offset);
  for (const { d, name } of names) {
    let parent: unknown = value;
    for (const seg of d.path.slice(0, -1)) {
      parent = (parent as Record<string | number, unknown> | null)?.[seg];
    }
    if (parent === null || typeof parent !== "object") continue;
    const obj = parent as Record<string, unknown>;
    if (!Object.hasOwn(obj, name)) continue;
    obj[d.key] = obj[name];
    delete obj[name];
  }
  return names.map((n) => n.d);
}
