/**
 * What js-yaml may read of a large scenario file. yaml's parser keeps the position of every node —
 * what problem lines need — and reads about 1 MB/s; js-yaml reads the same text about 30 times faster
 * but keeps no positions. Large files are read by js-yaml in pieces (yaml-chunks.ts), but only text
 * whose values both parsers read the same way: a piece with a tag, a tab, a complex, escaped, null or
 * prototype-like key or a YAML 1.1 number (LOCAL) goes to yaml's exact read; an anchor, alias or merge
 * key (CROSS) ties pieces together: the items of a long list that have one are read by yaml with the
 * skeleton, and a directive or document marker in a list sends the file to yaml's full read.
 * test/scenario/yaml-fast.test.ts compares both reads on every example scenario and generated ones.
 */

/** Texts shorter than this always take yaml's full read (fast enough, and the exact path). */
export const FAST_MIN_CHARS = 256 * 1024;

/** A pattern, looked for only when the text holds one of `needs` (a plain search is ~10× faster). */
interface Sign {
  readonly needs: readonly string[] | null;
  readonly pattern: RegExp;
}
const shows = (text: string, signs: readonly Sign[]): boolean =>
  signs.some(
    (s) => (s.needs === null || s.needs.some((n) => text.includes(n))) && s.pattern.test(text),
  );

/**
 * What js-yaml could read differently from yaml's core schema, or that only the full read checks,
 * and that ties one part of a file to another: anchors (&) and aliases (*), merge keys (`<<:`),
 * directives and document markers. An anchor or alias begins a node, so it is looked for only where a
 * node can begin: at a line's start or after a space, `[`, `{`, `,`, `:`, `?` or `-` (the `*` of
 * `intern*` or `'*'`, the `&` of `R&D` are text). A pattern may also match inside a quoted string or
 * a comment: that only costs a slower read.
 */
const TIES: readonly Sign[] = [
  { needs: ["&", "*"], pattern: /(?:^|[\s[{,:?-])[&*]/m },
  { needs: ["<<"], pattern: /<<["']?\s*:/ },
];
/** What makes an anchor matter: an alias or a merge key (one names an anchor). */
const NAMING: readonly Sign[] = [
  { needs: ["*"], pattern: /(?:^|[\s[{,:?-])\*/m },
  { needs: ["<<"], pattern: /<<["']?\s*:/ },
];
const DIRECTIVES: readonly Sign[] = [{ needs: null, pattern: /^(?:%|---|\.\.\.)/m }];
const CROSS: readonly Sign[] = [...TIES, ...DIRECTIVES];

/**
 * The same, for what stays within the piece of a file it is in: tags (!, where a node can begin),
 * complex keys (`? ` or a flow collection before a colon: the two parsers make them different
 * strings), tabs, YAML 1.1 numbers (0b101, 1_000), keys that could reach a prototype, a double-quoted
 * key with an escape (it could spell any key: `"\x5f_proto__":`), null keys (yaml makes them "",
 * js-yaml "null").
 */
const LOCAL: readonly Sign[] = [
  { needs: ["!"], pattern: /(?:^|[\s[{,:?-])!/m },
  { needs: ["?"], pattern: /(?:^|[\s[{,])\?(?:\s|$)/m },
  { needs: null, pattern: /[\]}]\s*:(?:\s|$)/ },
  { needs: ["\t"], pattern: /\t/ },
  { needs: ["0b"], pattern: /\b0b[01]/ },
  {
    needs: ["__proto__", "constructor", "prototype"],
    pattern: /(?:__proto__|constructor|prototype)["']?\s*:/,
  },
  { needs: ["\\"], pattern: /"[^"\n]*\\[^"\n]*"\s*:/ },
  { needs: ["_"], pattern: /(?:^|[\s:,[{-])[-+]?\.?\d[\d_.]*_/m },
  { needs: ["ull", "ULL", "~"], pattern: /(?:^|[\s{,])(?:null|Null|NULL|~)\s*:/m },
];

/** Whether `text` has none of what ties pieces of a file together (CROSS): it may be read in pieces. */
export function crossEligible(text: string): boolean {
  return !shows(text, CROSS);
}

/**
 * What of CROSS a list item holds: nothing, an anchor, alias or merge key ("tie": the item is read by
 * yaml together with the others that have one, yaml-chunks.ts), or a directive or document marker
 * (which would end the document: the full read).
 */
export function crossKind(text: string): "none" | "tie" | "directive" {
  if (shows(text, DIRECTIVES)) return "directive";
  return shows(text, TIES) ? "tie" : "none";
}

/**
 * Whether anything in `text` names an anchor (an alias or a merge key). Without one, anchors change
 * no value, and js-yaml reads them as yaml does: they tie nothing together.
 */
export function namesAnchors(text: string): boolean {
  return shows(text, NAMING);
}

/** Whether js-yaml reads this piece as yaml would, given that the file passes `crossEligible`. */
export function localEligible(text: string): boolean {
  return !shows(text, LOCAL);
}

/** Whether a value js-yaml read may stand for the file: a mapping no deeper than `maxDepth`. */
export function fastAcceptable(value: unknown, maxDepth: number): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  return depthWithin(value, maxDepth, 0);
}

/** Whether `value` nests at most `max` levels (deeper is refused by the full read, with a position). */
function depthWithin(value: unknown, max: number, depth: number): boolean {
  if (value === null || typeof value !== "object") return true;
  if (depth > max) return false;
  if (Array.isArray(value)) {
    for (const v of value) if (!depthWithin(v, max, depth + 1)) return false;
    return true;
  }
  for (const k in value) {
    if (!depthWithin((value as Record<string, unknown>)[k], max, depth + 1)) return false;
  }
  return true;
}
