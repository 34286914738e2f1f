/** Finds fields that are accepted with no effect, and fields whose feature is not built yet. */
import type * as z from "zod";
import { atKey, type DocPath, type RawProblem } from "./problem.ts";
import { NO_EFFECT_SCHEMAS, NOT_YET_SCHEMAS } from "./schema-common.ts";
import { childSchema } from "./schema-walk.ts";

/** What the marker walk found. */
export interface MarkerFindings {
  /** Names of no-effect fields present, each once, in document order. */
  readonly noEffect: string[];
  /** "not supported yet" problems, at the key of each such field present. */
  readonly notYet: RawProblem[];
}

/** Walks a (raw) value along the schema; values that do not fit the schema are skipped (zod reports them). */
export function findMarkers(schema: z.ZodType, value: unknown): MarkerFindings {
  const found: MarkerFindings = { noEffect: [], notYet: [] };
  walk(schema, value, undefined, found);
  return found;
}

/** A path as a chain from the leaf (made into a list only for a problem: large files have many values). */
interface PathLink {
  readonly parent: PathLink | undefined;
  readonly seg: string | number;
}

function pathOf(link: PathLink | undefined): DocPath {
  const out: (string | number)[] = [];
  for (let l = link; l; l = l.parent) out.push(l.seg);
  return out.reverse();
}

/** childSchema, kept per schema and key (list items share one entry). */
const children = new WeakMap<z.ZodType, Map<string | number, z.ZodType | undefined>>();
function child(schema: z.ZodType, seg: string | number): z.ZodType | undefined {
  let known = children.get(schema);
  if (!known) {
    known = new Map();
    children.set(schema, known);
  }
  const key = typeof seg === "number" ? 0 : seg;
  if (known.has(key)) return known.get(key);
  const s = childSchema(schema, typeof seg === "number" ? 0 : seg);
  known.set(key, s);
  return s;
}

function walk(
  schema: z.ZodType,
  value: unknown,
  path: PathLink | undefined,
  found: MarkerFindings,
): void {
  if (Array.isArray(value)) {
    const s = child(schema, 0);
    if (s)
      for (let i = 0; i < value.length; i++) walk(s, value[i], { parent: path, seg: i }, found);
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const s = child(schema, key);
    if (!s) continue;
    if (NOT_YET_SCHEMAS.has(s)) {
      found.notYet.push({ ...atKey([...pathOf(path), key], "not supported yet"), drop: true });
    } else if (NO_EFFECT_SCHEMAS.has(s)) {
      if (!found.noEffect.includes(key)) found.noEffect.push(key);
    } else {
      const v = (value as Record<string, unknown>)[key];
      if (v !== null && typeof v === "object") walk(s, v, { parent: path, seg: key }, found);
    }
  }
}
