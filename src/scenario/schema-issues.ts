/**
 * The schema's issues with a scenario's value. Only the issues are kept: zod's parsed copy of the
 * value (a second tree as large as the file's) is not needed. A long `jobs:` list is checked in
 * slices, so that the copy of each slice is garbage at once; the copy of a whole 10 MB file lived
 * until the end of the parse, long enough to be moved to the old generation (~30 ms per 10 MB).
 */
import * as z from "zod";
import { isMapping } from "./context.ts";
import { scenarioSchema } from "./schema.ts";
import { explicitJobSchema } from "./schema-workload.ts";

/** Jobs checked at once. */
const SLICE = 2048;
const jobsSchema = z.array(explicitJobSchema);

/** The schema's issues with `raw` (none when it passes), in the whole-file parse's paths. */
export function schemaIssues(raw: unknown): readonly z.core.$ZodIssue[] {
  const streams = (raw as { workload?: unknown } | null)?.workload;
  const long: number[] = [];
  if (Array.isArray(streams)) {
    streams.forEach((s, i) => {
      const jobs = (s as { jobs?: unknown } | null)?.jobs;
      if (isMapping(s) && Array.isArray(jobs) && jobs.length > SLICE) long.push(i);
    });
  }
  if (long.length === 0) return issuesOf(scenarioSchema, raw);
  const all = streams as Record<string, unknown>[];
  const workload = all.map((s, i) => (long.includes(i) ? { ...s, jobs: [] } : s));
  const issues = [...issuesOf(scenarioSchema, { ...(raw as object), workload })];
  for (const i of long) {
    const jobs = all[i]!.jobs as unknown[];
    for (let from = 0; from < jobs.length; from += SLICE) {
      for (const issue of issuesOf(jobsSchema, jobs.slice(from, from + SLICE))) {
        const [at, ...rest] = issue.path;
        issues.push({ ...issue, path: ["workload", i, "jobs", from + (at as number), ...rest] });
      }
    }
  }
  return issues;
}

function issuesOf(schema: z.ZodType, value: unknown): readonly z.core.$ZodIssue[] {
  const parsed = schema.safeParse(value, { reportInput: true });
  return parsed.success ? [] : parsed.error.issues;
}
