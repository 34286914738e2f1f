/**
 * Duplicate keys in a large file without yaml's full read. js-yaml refuses a duplicate key and stops
 * there, at the later key; every duplicate must be reported, and the value read as yaml reads it (the
 * later value, at the first key's place). So: find the duplicates around where js-yaml stopped
 * (FastLocator.duplicatesNear), give each later key a name of its own — private-use characters, as
 * many as the key's text, so no offset or line moves — and let js-yaml read on; once it reads the
 * whole text, put each later value back under its key. A few rounds at most; anything unexpected
 * (another kind of error, a duplicate not found, too many rounds) leaves it to the full read.
 */
import { CORE_SCHEMA, load } from "js-yaml";
import type { DuplicateKey, FastLocator } from "./yaml-locate.ts";

/** Rounds of js-yaml before the full read is cheaper. */
const MAX_ROUNDS = 8;
const PRIVATE_USE = /[\uE000-\uF8FF]/;

/** The value of `text` with its duplicate keys, or undefined to leave it to the full read. */
export function readDespiteDuplicates(
  text: string,
  firstLine: number,
  locator: FastLocator,
): { value: unknown; duplicates: DuplicateKey[] } | undefined {
  if (PRIVATE_USE.test(text)) return undefined;
  const found: DuplicateKey[] = [];
  const names: { d: DuplicateKey; name: string }[] = [];
  const offsets = new Set<number>();
  let work = text;
  let line = firstLine;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const more = locator.duplicatesNear(line, offsets);
    if (more === undefined) return undefined;
    for (const d of more) {
      offsets.add(d.offset);
      const name = standIn(found.length, d.length);
      work = `${work.slice(0, d.offset)}${name}${work.slice(d.offset + d.length)}`;
      found.push(d);
      names.push({ d, name });
    }
    let value: unknown;
    try {
      value = load(work, { schema: CORE_SCHEMA });
    } catch (e) {
      const mark = (e as { mark?: { line?: number } }).mark;
      if ((e as { reason?: string }).reason !== "duplicated mapping key") return undefined;
      if (typeof mark?.line !== "number") return undefined;
      line = mark.line;
      continue;
    }
    names.sort((a, b) => a.d.offset - b.d.offset);
    return { value: restore(value, names), duplicates: names.map((n) => n.d) };
  }
  return undefined;
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

/** Puts each later value back under its key (in document order: the last one wins, as in yaml). */
function restore(value: unknown, names: readonly { d: DuplicateKey; name: string }[]): unknown {
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
  return value;
}
