/** Writing YAML by hand (pure): flow mappings on one line, and scalars quoted only when needed. */

/** A value to write: scalars, lists and mappings (undefined entries are left out). */
export type YamlValue =
  | string
  | number
  | boolean
  | readonly YamlValue[]
  | { readonly [key: string]: YamlValue | undefined };

const PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n)$/i;

/** A scalar as YAML: a plain word when it reads back as the same string, else a JSON string. */
export function scalar(v: string | number | boolean): string {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as YAML`);
    return String(v);
  }
  if (typeof v === "boolean") return v ? "true" : "false";
  return PLAIN.test(v) && !RESERVED.test(v) ? v : JSON.stringify(v);
}

/** A value in flow style on one line: `{ a: 1, b: [x, y] }`. */
export function flow(v: YamlValue): string {
  if (typeof v !== "object") return scalar(v);
  if (Array.isArray(v)) return `[${v.map(flow).join(", ")}]`;
  const entries = Object.entries(v as { [key: string]: YamlValue | undefined }).filter(
    (e): e is [string, YamlValue] => e[1] !== undefined,
  );
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([k, x]) => `${scalar(k)}: ${flow(x)}`).join(", ")} }`;
}

/** A comment's text on one line (line breaks become spaces). */
export function commentText(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}
