/** Writing the Standard Workload Format (SWF 2.2): header comments and 18-field job lines. */
import { SWF_FIELDS } from "./swf-parse.ts";

/** The SWF's "unknown". */
export const SWF_UNKNOWN = -1;

/** SWF status (field 11) values. */
export const SWF_STATUS = { failed: 0, completed: 1, cancelled: 5, unknown: -1 } as const;

/** Header comment lines `; Key: value`, in the given order (a value may be a number). */
export function formatSwfHeader(entries: readonly (readonly [string, string | number])[]): string {
  let out = "";
  for (const [key, value] of entries) out += `; ${key}: ${value}\n`;
  return out;
}

/**
 * One job line: exactly 18 numbers separated by spaces, ending in a newline. Integers are written
 * as is; other numbers rounded to the millisecond (batchsim's CSV precision), trailing zeros dropped.
 */
export function formatSwfLine(fields: ArrayLike<number>): string {
  if (fields.length !== SWF_FIELDS)
    throw new Error(`an SWF job line has ${SWF_FIELDS} fields, got ${fields.length}`);
  let out = "";
  for (let i = 0; i < SWF_FIELDS; i++) {
    if (i > 0) out += " ";
    out += swfNumber(fields[i]!);
  }
  return `${out}\n`;
}

function swfNumber(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`an SWF field must be a finite number, got ${v}`);
  if (Number.isInteger(v)) return String(v);
  const rounded = Math.round(v * 1000) / 1000;
  return String(rounded === 0 ? 0 : rounded);
}
