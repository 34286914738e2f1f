/**
 * `batchsim explain RUN_DIR JOB_ID_OR_NAME`: one job's story in plain words with times: submitted,
 * PENDING on dependencies, RUNNABLE, each reason it waited (decisions.csv), each attempt, its end
 * and its cost.
 * `batchsim explain RUN_DIR --queue NAME --at TIME`: the queue's RUNNABLE jobs at TIME in scheduling
 * order (explain-queue.ts).
 * Reads the run folder only (never the scenario), one row at a time.
 */
import { parseDurationSeconds } from "../scenario/index.ts";
import { parseCommandArgs } from "./args.ts";
import { editDistance } from "./did-you-mean.ts";
import { EXIT, usageError } from "./errors.ts";
import { arrayParentStory, type ChildrenSummary, jobStory } from "./explain-job.ts";
import { formatSnapshot, readSnapshot } from "./explain-queue.ts";
import {
  ATTEMPT_COLUMNS,
  type AttemptRow,
  attemptRow,
  DECISION_COLUMNS,
  type Decision,
  decisionRow,
  isArrayParent,
  JOB_COLUMNS,
  type JobRow,
  jobRow,
} from "./explain-rows.ts";
import { at, REASON_CODES, span } from "./explain-words.ts";
import { writeStdout } from "./io.ts";
import { openRunFolder, type RunFolder } from "./run-folder-read.ts";

/** Usage of `batchsim explain`. */
export const EXPLAIN_USAGE =
  "usage: batchsim explain RUN_DIR JOB_ID_OR_NAME | batchsim explain RUN_DIR --queue NAME --at TIME";

const OPTIONS = {
  queue: { type: "string" },
  at: { type: "string" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Name matches listed when a name is ambiguous. */
const LIST_AT_MOST = 20;

/** Runs `batchsim explain`; returns the exit code. */
export function explainCommand(args: string[]): number {
  const { values, positionals } = parseCommandArgs("explain", args, OPTIONS);
  if (values.help) {
    const codes = REASON_CODES.map(([code, words]) => `  ${code.padEnd(11)}  ${words}`);
    writeStdout(`${EXPLAIN_USAGE}\nwait reasons (decisions.csv):\n${codes.join("\n")}\n`);
    return EXIT.ok;
  }
  const queueMode = values.queue !== undefined || values.at !== undefined;
  if (queueMode) {
    if (positionals.length !== 1)
      throw usageError(
        `batchsim explain: with --queue and --at, give only the run folder; ${EXPLAIN_USAGE}`,
      );
    if (values.queue === undefined || values.at === undefined)
      throw usageError(`batchsim explain: --queue and --at go together; ${EXPLAIN_USAGE}`);
    const time = parseAt(values.at);
    const run = openRunFolder("explain", positionals[0] as string);
    const end = run.info.endSeconds;
    if (end !== null && time > end)
      throw usageError(
        `batchsim explain: --at ${values.at} is after the end of the run (${span(end)}, ${end}s)`,
      );
    writeStdout(formatSnapshot(readSnapshot(run, values.queue, time)));
    return EXIT.ok;
  }
  if (positionals.length !== 2)
    throw usageError(`batchsim explain: expected a run folder and a job; ${EXPLAIN_USAGE}`);
  const [dir, key] = positionals as [string, string];
  const run = openRunFolder("explain", dir);
  writeStdout(explainJob(run, key));
  return EXIT.ok;
}

/** `--at`: seconds (`9000`, `90.5`) or a duration (`2h30m`). */
export function parseAt(text: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : parseDurationSeconds(text);
  if (seconds === undefined || !Number.isFinite(seconds))
    throw usageError(
      `batchsim explain: --at must be seconds or a duration like 2h30m (got "${text}")`,
    );
  return seconds;
}

/** The story of the job with id or name `key` in `run`. */
function explainJob(run: RunFolder, key: string): string {
  const job = findJob(run, key);
  if (isArrayParent(job))
    return arrayParentStory(job, readChildren(run, job.jobId), run.info, run.dir);
  const attempts: AttemptRow[] = [];
  run.scan("attempts.csv", ATTEMPT_COLUMNS, (r) => {
    if (r[0] === job.jobId) attempts.push(attemptRow(r));
  });
  attempts.sort((a, b) => a.attempt - b.attempt);
  let decisions: Decision[] | null = null;
  if (run.has("decisions.csv")) {
    const found: Decision[] = [];
    run.scan("decisions.csv", DECISION_COLUMNS, (r) => {
      if (r[1] === job.jobId) found.push(decisionRow(r));
    });
    decisions = found.sort((a, b) => a.time - b.time);
  }
  return jobStory({ job, attempts, decisions, info: run.info });
}

/**
 * The job whose jobId is `key`, else the one job named `key` (an array's children share its name:
 * the parent is meant). Unknown or ambiguous: exit 2.
 */
function findJob(run: RunFolder, key: string): JobRow {
  const byId: JobRow[] = [];
  const named: JobRow[] = [];
  let namedChildren = 0;
  run.scan("jobs.csv", JOB_COLUMNS, (r) => {
    if (r[0] === key) byId.push(jobRow(r));
    else if (r[1] === key) {
      if (r[4] === "") named.push(jobRow(r));
      else namedChildren++;
    }
  });
  if (byId[0]) return byId[0];
  if (named.length === 1 && named[0]) return named[0];
  const file = `${run.dir}/jobs.csv`;
  if (named.length === 0 && namedChildren === 0)
    throw usageError(`batchsim explain: no job ${key} in ${file}${closestJob(run, key)}`);
  named.sort((a, b) => a.createdAt - b.createdAt || (a.jobId < b.jobId ? -1 : 1));
  const lines = named.slice(0, LIST_AT_MOST).map((j) => {
    const array = isArrayParent(j) ? ", array job" : "";
    return `  ${j.jobId}  queue ${j.jobQueue}, ${j.status}, submitted ${at(j.createdAt)}${array}`;
  });
  if (named.length > LIST_AT_MOST) lines.push(`  … and ${named.length - LIST_AT_MOST} more`);
  if (namedChildren > 0) lines.push(`  (and ${namedChildren} array children of that name)`);
  throw usageError(
    `batchsim explain: ${named.length + namedChildren} jobs are named "${key}" in ${file}; give a jobId`,
    lines,
  );
}

/** ` (did you mean "x"?)` over every jobId and jobName of jobs.csv, or "". */
function closestJob(run: RunFolder, key: string): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  const consider = (candidate: string): void => {
    if (Math.abs(candidate.length - key.length) > bestDistance) return;
    const d = editDistance(key, candidate);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  };
  run.scan("jobs.csv", ["jobId", "jobName"], (r) => {
    consider(r[0] ?? "");
    consider(r[1] ?? "");
  });
  return best === undefined ? "" : ` (did you mean ${best}?)`;
}

/** An array parent's children: counts by status, their cost, and one worth a look. */
function readChildren(run: RunFolder, parentId: string): ChildrenSummary {
  const byStatus = new Map<string, number>();
  const seen = { count: 0, costUsd: 0 };
  // The failed child with the lowest index, else the child that waited longest (lowest index first).
  const failed: JobRow[] = [];
  const longest: JobRow[] = [];
  const index = (j: JobRow): number => j.arrayIndex ?? 0;
  run.scan("jobs.csv", JOB_COLUMNS, (r) => {
    if (r[4] !== parentId) return;
    const child = jobRow(r);
    seen.count++;
    seen.costUsd += child.costUsd ?? 0;
    byStatus.set(child.status, (byStatus.get(child.status) ?? 0) + 1);
    const f = failed[0];
    if (child.status === "FAILED" && (f === undefined || index(child) < index(f)))
      failed[0] = child;
    const l = longest[0];
    const wait = child.waitSeconds ?? 0;
    const lWait = l?.waitSeconds ?? 0;
    if (l === undefined || wait > lWait || (wait === lWait && index(child) < index(l)))
      longest[0] = child;
  });
  const f = failed[0];
  const l = longest[0];
  const example = f
    ? { jobId: f.jobId, why: "a failed one" }
    : l
      ? { jobId: l.jobId, why: `the one that waited longest, ${span(l.waitSeconds ?? 0)}` }
      : null;
  return { count: seen.count, byStatus, costUsd: seen.costUsd, example };
}
