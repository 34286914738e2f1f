/** Walks the zod schema along a document path: for --set paths, known keys (did-you-mean) and field markers. */
import * as z from "zod";
import type { DocPath } from "./problem.ts";

/** Strips optional/nullable/default wrappers. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) {
      s = s.unwrap() as z.ZodType;
    } else return s;
  }
}

/** The schema of one child (map key or list index), or undefined if the schema has no such child. */
export function childSchema(schema: z.ZodType, segment: string | number): z.ZodType | undefined {
  const s = unwrapSchema(schema);
  if (s instanceof z.ZodObject) {
    if (typeof segment !== "string" || !Object.hasOwn(s.shape, segment)) return undefined;
    return s.shape[segment] as z.ZodType;
  }
  if (s instanceof z.ZodArray)
    return typeof segment === "number" ? (s.element as z.ZodType) : undefined;
  if (s instanceof z.ZodRecord)
    return typeof segment === "string" ? (s.valueType as z.ZodType) : undefined;
  if (s instanceof z.ZodUnion) {
    for (const option of s.options as readonly z.ZodType[]) {
      const c = childSchema(option, segment);
      if (c) return c;
    }
  }
  return undefined;
}

/** The schema at a path, or undefined if the path leaves the schema. */
export function schemaAt(schema: z.ZodType, path: DocPath): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (const seg of path) {
    if (!s) return undefined;
    s = childSchema(s, seg);
  }
  return s;
}

/** The keys an object schema (or a union's object options) accepts. */
export function knownKeys(schema: z.ZodType): string[] {
  const s = unwrapSchema(schema);
  if (s instanceof z.ZodObject) return Object.keys(s.shape);
  if (s instanceof z.ZodUnion) {
    return (s.options as readonly z.ZodType[]).flatMap((o) => knownKeys(o));
  }
  return [];
}
