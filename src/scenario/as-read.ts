/**
 * What the build takes as read: the value without the keys dropped for a problem, and which explicit
 * jobs the whole-file schema check passed as written (a large file's jobs are not read by zod twice).
 */
import type { RawProblem } from "./problem.ts";

/**
 * A copy of the document without the keys already reported as wrong, so one misspelt or unsupported
 * field does not hide the checks between the other fields of its mapping.
 */
export function withoutDropped(
  raw: Record<string, unknown>,
  problems: readonly RawProblem[],
): Record<string, unknown> {
  // Nothing to drop (every valid file): no copy — raw is not read again after the build.
  if (!problems.some((p) => p.drop)) return raw;
  // Copy only the mappings and lists on the way to what is dropped (a large file's other entries
  // are shared, not cloned): raw itself stays as read.
  const copy: Record<string, unknown> = { ...raw };
  const copied = new Set<object>([copy]);
  for (const p of problems) {
    if (!p.drop) continue;
    let node: unknown = copy;
    for (const seg of p.path.slice(0, -1)) {
      if (node === null || typeof node !== "object") break;
      const parent = node as Record<string | number, unknown>;
      const child = parent[seg];
      if (child !== null && typeof child === "object" && !copied.has(child)) {
        const fresh = Array.isArray(child) ? child.slice() : { ...child };
        copied.add(fresh);
        parent[seg] = fresh;
        node = fresh;
      } else node = child;
    }
    const last = p.path[p.path.length - 1];
    if (
      node !== null &&
      typeof node === "object" &&
      !Array.isArray(node) &&
      typeof last === "string"
    ) {
      delete (node as Record<string, unknown>)[last];
    }
  }
  return copy;
}

/** Which explicit jobs the whole-file parse found valid: those no issue points into. */
export function explicitJobValidity(
  issues: readonly { readonly path: readonly PropertyKey[] }[],
): (stream: number, job: number) => boolean {
  // By stream, the indexes of its jobs with an issue (numbers: this is asked once per job).
  const bad = new Map<number, Set<number>>();
  for (const { path } of issues) {
    if (path[0] === "workload" && path[2] === "jobs" && path.length >= 4) {
      const stream = Number(path[1]);
      const jobs = bad.get(stream) ?? new Set<number>();
      jobs.add(Number(path[3]));
      bad.set(stream, jobs);
    }
  }
  if (bad.size === 0) return () => true;
  return (stream, job) => bad.get(stream)?.has(job) !== true;
}
