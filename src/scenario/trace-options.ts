/** The options of `arrivals: {process: trace, …}`: checked, defaulted, the path resolved. */
import type { BuildContext } from "./context.ts";
import { stripArn } from "./context.ts";
import { didYouMean } from "./did-you-mean.ts";
import type { References } from "./job-spec.ts";
import { atKey, atValue, type DocPath } from "./problem.ts";
import type { ArrivalsInput } from "./schema-workload.ts";
import { parseDurationSeconds, parseMemoryMiB } from "./units.ts";

/** The options of a trace's `arrivals:` after their checks. */
export interface TraceOptions {
  readonly path: string;
  readonly timeScale: number;
  readonly fromSeconds: number;
  readonly toSeconds: number | null;
  readonly maxJobs: number | null;
  readonly vcpusPerProcessor: number;
  readonly memoryMiBPerProcessor: number | null;
  readonly requestedTimeAsTimeout: boolean;
  readonly shareIdentifier: string | null;
  /** SWF queue number → job queue name, in key order. */
  readonly queues: readonly (readonly [number, string])[];
}

/** AWS's smallest MEMORY (MiB) of an EC2 job. */
export const MIN_MEMORY_MIB = 4;
/** A share identifier's longest form; a placeholder stands for at most 11 characters (−2147483648). */
const MAX_SHARE_CHARS = 255;
const PLACEHOLDER_CHARS = 11;
const SHARE_TEMPLATE = /^(?:[A-Za-z0-9]|\{(?:user|group|queue)\})+$/;
/** A relative path joined to the scenario file's folder (string work only: no file system here). */
export function resolveTracePath(scenarioFile: string, tracePath: string): string {
  if (/^(?:[/\\]|[A-Za-z]:[/\\])/.test(tracePath)) return tracePath;
  const cut = Math.max(scenarioFile.lastIndexOf("/"), scenarioFile.lastIndexOf("\\"));
  return cut < 0 ? tracePath : `${scenarioFile.slice(0, cut + 1)}${tracePath}`;
}

/** The options at `path`, or undefined with problems. */
export function traceOptions(
  ctx: BuildContext,
  a: ArrivalsInput,
  path: DocPath,
  refs: References,
  scenarioFile: string,
): TraceOptions | undefined {
  const p = ctx.problems;
  const before = p.length;
  if (a.format === undefined) {
    p.push(atValue([...path, "format"], "required for trace arrivals: format: swf"));
  } else if (a.format !== "swf") {
    p.push(
      atValue(
        [...path, "format"],
        `unknown trace format ${a.format}: batchsim reads swf (the Standard Workload Format)`,
      ),
    );
  }
  if (a.path === undefined) p.push(atValue([...path, "path"], "required for trace arrivals"));
  else if (a.path.trim() === "") p.push(atValue([...path, "path"], "must not be empty"));
  const fromSeconds = a.from === undefined ? 0 : (parseDurationSeconds(a.from) ?? 0);
  const toSeconds = a.to === undefined ? null : (parseDurationSeconds(a.to) ?? null);
  if (toSeconds !== null && toSeconds <= fromSeconds)
    p.push(atValue([...path, "from"], "from must be before to"));
  const memory =
    a.memoryMiBPerProcessor === undefined ? null : (parseMemoryMiB(a.memoryMiBPerProcessor) ?? 0);
  if (memory !== null && memory < MIN_MEMORY_MIB) {
    p.push(
      atValue(
        [...path, "memoryMiBPerProcessor"],
        `must be at least ${MIN_MEMORY_MIB} MiB (AWS's smallest MEMORY)`,
      ),
    );
  }
  const share = a.shareIdentifier ?? null;
  if (share !== null) checkShareTemplate(ctx, share, [...path, "shareIdentifier"]);
  const queues = traceQueues(ctx, a.queues ?? {}, [...path, "queues"], refs);
  if (p.length > before || a.path === undefined) return undefined;
  return {
    path: resolveTracePath(scenarioFile, a.path),
    timeScale: a.timeScale ?? 1,
    fromSeconds,
    toSeconds,
    maxJobs: a.maxJobs ?? null,
    vcpusPerProcessor: a.vcpusPerProcessor ?? 1,
    memoryMiBPerProcessor: memory,
    requestedTimeAsTimeout: a.requestedTimeAsTimeout ?? false,
    shareIdentifier: share,
    queues,
  };
}

function checkShareTemplate(ctx: BuildContext, template: string, path: DocPath): void {
  if (!SHARE_TEMPLATE.test(template)) {
    ctx.problems.push(
      atValue(
        path,
        "expected letters, digits and the placeholders {user}, {group}, {queue} (a share identifier is letters and digits only)",
      ),
    );
    return;
  }
  const longest = template.replace(/\{\w+\}/g, "x".repeat(PLACEHOLDER_CHARS)).length;
  if (longest > MAX_SHARE_CHARS) {
    ctx.problems.push(
      atValue(path, `too long: a share identifier has at most ${MAX_SHARE_CHARS} characters`),
    );
  }
}

/** `queues:` — SWF queue numbers (integers) → names of job queues of the scenario. */
function traceQueues(
  ctx: BuildContext,
  raw: Readonly<Record<string, string>>,
  path: DocPath,
  refs: References,
): [number, string][] {
  const out: [number, string][] = [];
  for (const [key, name] of Object.entries(raw)) {
    if (!/^-?\d{1,9}$/.test(key)) {
      ctx.problems.push(atKey([...path, key], "expected an SWF queue number (an integer)"));
      continue;
    }
    const queue = stripArn(name);
    if (!refs.queueNames.has(queue)) {
      const hint = didYouMean(queue, refs.queueNames);
      ctx.problems.push(atValue([...path, key], `unknown job queue ${queue}${hint}`));
      continue;
    }
    out.push([Number(key), queue]);
  }
  return out.sort((x, y) => x[0] - y[0]);
}
