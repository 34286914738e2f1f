/**
 * AWS limits on what a request holds (aws-model.md §9), checked on the document as written: a job
 * definition of at most 24 KiB and a SubmitJob request of at most 30 KiB, as JSON; at most 50 tags on a
 * job, its own and its job definition's together.
 */
import { type BuildContext, isMapping, stripArn } from "./context.ts";
import { atValue, type DocPath } from "./problem.ts";

/** AWS: "Maximum job definition size (for RegisterJobDefinition API operations)", in bytes. */
export const MAX_JOB_DEFINITION_BYTES = 24 * 1024;
/** AWS: "Maximum job payload size (for SubmitJob API operations)", in bytes. */
export const MAX_SUBMIT_BYTES = 30 * 1024;
/** AWS: at most 50 tags per resource; a job has its own and its job definition's, else it FAILS. */
export const MAX_TAGS = 50;

/**
 * Larger requests are not turned into JSON to be measured exactly: the message says "more than". A
 * request this large is possible only through YAML aliases (each may repeat a long string).
 */
const MAX_MEASURED_BYTES = 16 * 1024 * 1024;

/**
 * Checks the size of every job definition and SubmitJob request (the `submit:` of a stream, of a
 * `jobs:` entry or of a pipeline step) and the tags of each. `definitions` and `workload` are the raw
 * lists: the size is that of the mapping as written. Jobs refer to a definition by name: the first of
 * that name (a duplicate is an error anyway).
 */
export function checkRequestLimits(
  ctx: BuildContext,
  definitions: readonly unknown[],
  workload: readonly unknown[],
): void {
  const definitionTags = new Map<string, readonly string[]>();
  definitions.forEach((def, i) => {
    if (!isMapping(def)) return;
    const path = ["jobDefinitions", i];
    // `sim:` is batchsim's own block: RegisterJobDefinition would not carry it.
    const { sim: _sim, ...request } = def;
    checkSize(ctx, request, path, MAX_JOB_DEFINITION_BYTES, "the job definition");
    const tags = tagKeys(def.tags);
    if (tags.length > MAX_TAGS) {
      ctx.problems.push(
        atValue(
          [...path, "tags"],
          `${tags.length} tags; AWS allows at most ${MAX_TAGS} on a job definition (RegisterJobDefinition rejects more)`,
        ),
      );
    }
    const name = def.jobDefinitionName;
    if (typeof name === "string" && !definitionTags.has(name)) definitionTags.set(name, tags);
  });
  workload.forEach((stream, i) => {
    eachSubmit(stream, ["workload", i], (submit, path) => {
      checkSize(ctx, submit, path, MAX_SUBMIT_BYTES, "the SubmitJob request");
      if (submit.tags !== undefined) checkJobTags(ctx, submit, path, definitionTags);
    });
  });
}

type SubmitVisitor = (submit: Readonly<Record<string, unknown>>, path: DocPath) => void;

/** Calls `visit` with each SubmitJob mapping of a raw workload stream and its path. */
function eachSubmit(stream: unknown, path: DocPath, visit: SubmitVisitor): void {
  if (!isMapping(stream)) return;
  if (isMapping(stream.submit)) visit(stream.submit, [...path, "submit"]);
  eachEntrySubmit(stream.jobs, [...path, "jobs"], visit);
  if (isMapping(stream.pipeline))
    eachEntrySubmit(stream.pipeline.steps, [...path, "pipeline", "steps"], visit);
}

/** The `submit:` of each entry of a raw list (`jobs:` entries, pipeline steps). */
function eachEntrySubmit(list: unknown, path: DocPath, visit: SubmitVisitor): void {
  if (!Array.isArray(list)) return;
  list.forEach((entry: unknown, j) => {
    if (isMapping(entry) && isMapping(entry.submit)) visit(entry.submit, [...path, j, "submit"]);
  });
}

/**
 * A job's tags: at most 50 of its own (SubmitJob rejects more), and at most 50 once its job
 * definition's are added (AWS fails the job). A definition with more than 50 is reported on its own.
 */
function checkJobTags(
  ctx: BuildContext,
  submit: Readonly<Record<string, unknown>>,
  path: DocPath,
  definitionTags: ReadonlyMap<string, readonly string[]>,
): void {
  const own = tagKeys(submit.tags);
  const tagsPath = [...path, "tags"];
  if (own.length > MAX_TAGS) {
    ctx.problems.push(
      atValue(
        tagsPath,
        `${own.length} tags; AWS allows at most ${MAX_TAGS} on a job (SubmitJob rejects more)`,
      ),
    );
    return;
  }
  if (typeof submit.jobDefinition !== "string") return;
  const name = stripArn(submit.jobDefinition).split(":")[0] ?? "";
  const inherited = definitionTags.get(name) ?? [];
  if (inherited.length > MAX_TAGS || own.length + inherited.length <= MAX_TAGS) return;
  // AWS merges the two maps: a key in both is one tag (the job's value wins).
  const ownKeys = new Set(own);
  const added = inherited.filter((key) => !ownKeys.has(key)).length;
  if (own.length + added <= MAX_TAGS) return;
  ctx.problems.push(
    atValue(
      tagsPath,
      `the job would have ${own.length + added} tags: ${own.length} here and ${added} more from job definition ${name}; AWS fails a job with more than ${MAX_TAGS} (its own and its job definition's together)`,
    ),
  );
}

/** Reports `value` (a request) when its JSON is more than `maxBytes` bytes of UTF-8. */
function checkSize(
  ctx: BuildContext,
  value: unknown,
  path: DocPath,
  maxBytes: number,
  what: string,
): void {
  const bounds = { low: 0, high: 0 };
  addJsonBounds(value, bounds);
  if (bounds.high <= maxBytes) return; // nearly every request: no JSON is made
  const bytes =
    bounds.low > MAX_MEASURED_BYTES ? undefined : utf8.encode(JSON.stringify(value)).length;
  if (bytes !== undefined && bytes <= maxBytes) return;
  const size =
    bytes === undefined ? `more than ${thousands(MAX_MEASURED_BYTES)}` : thousands(bytes);
  ctx.problems.push(
    atValue(
      path,
      `${what} is ${size} bytes as JSON; AWS allows at most ${maxBytes / 1024} KiB (${thousands(maxBytes)} bytes)`,
    ),
  );
}

const utf8 = new TextEncoder();

/**
 * Adds bounds on the UTF-8 length of `JSON.stringify(value)` from string lengths alone (no string is
 * read): each UTF-16 unit of a string is 1–6 bytes (3 as UTF-8 at most, 6 as a `\u` escape), a number
 * 1–24 characters. Stops adding once `low` passes MAX_MEASURED_BYTES.
 */
function addJsonBounds(value: unknown, b: { low: number; high: number }): void {
  if (b.low > MAX_MEASURED_BYTES) return;
  if (typeof value === "string") {
    b.low += value.length + 2;
    b.high += 6 * value.length + 2;
  } else if (typeof value === "number") {
    b.low += 1;
    b.high += 24;
  } else if (typeof value === "boolean" || value === null) {
    b.low += 4;
    b.high += 5;
  } else if (Array.isArray(value)) {
    const brackets = 2 + Math.max(0, value.length - 1); // [ ] and the commas
    b.low += brackets;
    b.high += brackets;
    for (const item of value) addJsonBounds(item, b);
  } else if (typeof value === "object") {
    let keys = 0;
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue; // JSON leaves the key out
      keys++;
      addJsonBounds(key, b);
      addJsonBounds(item, b);
    }
    const braces = 2 + keys + Math.max(0, keys - 1); // { } , the colons and the commas
    b.low += braces;
    b.high += braces;
  } else b.high += 4; // anything else: left out of a mapping, "null" in a list
}

/** The keys of a tags mapping ([] when it is not a mapping: the schema reports that). */
function tagKeys(tags: unknown): string[] {
  return isMapping(tags) ? Object.keys(tags) : [];
}

function thousands(n: number): string {
  return n.toLocaleString("en-US");
}
