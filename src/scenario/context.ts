/** Shared plumbing of the build passes: problems, positions, per-item parsing of raw lists. */
import type * as z from "zod";
import { atValue, type DocPath, type RawProblem } from "./problem.ts";

/** What every build pass gets: where to put problems, and the line of a path (for "first at line N"). */
export interface BuildContext {
  readonly problems: RawProblem[];
  /** Names of fields accepted with no effect (for the notice), each once; build passes may add to it. */
  readonly noEffect: string[];
  /** Notes for the user (printed as `file: note: …`), e.g. what a trace replay skipped. */
  readonly notices: string[];
  lineOf(path: DocPath): number;
  /**
   * Whether the whole-file parse found explicit job `workload[stream].jobs[job]` valid as written (the
   * schemas transform nothing, so zod's output would be the entry itself): a large file's jobs are
   * then not read by zod twice. A job with an issue, or with a key dropped for a problem, is not.
   * Absent: every job is read by zod on its own.
   */
  readonly explicitJobValid?: ((stream: number, job: number) => boolean) | undefined;
}

/** One list item that passed its zod schema, with its index in the list. */
export interface Parsed<T> {
  readonly index: number;
  readonly item: T;
}

/** The list under a top-level key of the raw document ([] when absent or not a list). */
/** A plain mapping as YAML reads one: an object, not a list, not null. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function rawList(raw: Readonly<Record<string, unknown>>, key: string): readonly unknown[] {
  const v = raw[key];
  return Array.isArray(v) ? v : [];
}

/**
 * The items of a raw list that pass `schema` (zod has already reported the others); later passes
 * check what is between items and sections only for well-formed items.
 */
export function parseItems<T>(schema: z.ZodType<T>, list: readonly unknown[]): Parsed<T>[] {
  const out: Parsed<T>[] = [];
  list.forEach((value, index) => {
    const r = schema.safeParse(value);
    if (r.success) out.push({ index, item: r.data });
  });
  return out;
}

/** A string field of a raw mapping, or undefined. */
export function rawString(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const v = (value as Record<string, unknown>)[key];
  return typeof v === "string" ? v : undefined;
}

/** Names found under `key` in the items of a raw list, by index (items without one are left out). */
export function rawNames(list: readonly unknown[], key: string): Map<string, number> {
  const out = new Map<string, number>();
  list.forEach((item, i) => {
    const name = rawString(item, key);
    if (name !== undefined && !out.has(name)) out.set(name, i);
  });
  return out;
}

/** Reports each later occurrence of a name, naming the earlier one's line. */
export function checkDuplicateNames(
  ctx: BuildContext,
  list: readonly unknown[],
  listPath: DocPath,
  key: string,
): void {
  const first = new Map<string, DocPath>();
  list.forEach((item, i) => {
    const name = rawString(item, key);
    if (name === undefined) return;
    const path = [...listPath, i, key];
    const earlier = first.get(name);
    if (earlier) {
      ctx.problems.push(
        atValue(path, `duplicate ${key} ${name} (first at line ${ctx.lineOf(earlier)})`),
      );
    } else first.set(name, path);
  });
}

/** The name part of a reference that may be an ARN (`arn:…:job-queue/name` → `name`). */
export function stripArn(ref: string): string {
  return ref.startsWith("arn:") ? ref.slice(ref.lastIndexOf("/") + 1) : ref;
}
