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
  walk(schema, value, [], found);
  return found;
}

function walk(schema: z.ZodType, value: unknown, path: DocPath, found: MarkerFindings): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const s = childSchema(schema, i);
      if (s) walk(s, item, [...path, i], found);
    });
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, v] of Object.entries(value)) {
    const s = childSchema(schema, key);
    if (!s) continue;
    if (NOT_YET_SCHEMAS.has(s)) {
      found.notYet.push({ ...atKey([...path, key], "not supported yet"), drop: true });
    } else if (NO_EFFECT_SCHEMAS.has(s)) {
      if (!found.noEffect.includes(key)) found.noEffect.push(key);
    } else walk(s, v, [...path, key], found);
  }
}
