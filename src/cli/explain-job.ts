/**
 * The story of one job, in plain words with times (`batchsim explain RUN_DIR JOB`): built from its
 * jobs.csv row, its attempts.csv rows and its decisions.csv rows. Pure: explain.ts reads the files.
 */
import { JOB_STATUSES } from "../report/index.ts";
import type { AttemptRow, Decision, JobRow } from "./explain-rows.ts";
import { at, money, REASON_CODES, reasonWords, span } from "./explain-words.ts";
import type { RunInfo } from "./run-folder-read.ts";

/** Scheduler cycle assumed when summary.json does not say (the setting's default). */
const DEFAULT_CYCLE_SECONDS = 5;

/** What the story of a (non-parent) job is made of. */
export interface JobStoryInput {
  readonly job: JobRow;
  /** Its attempts, in attempt order. */
  readonly attempts: readonly AttemptRow[];
  /** Its decisions.csv rows in time order; null when the run folder has no decisions.csv. */
  readonly decisions: readonly Decision[] | null;
  readonly info: RunInfo;
}

/** An array parent's children, as jobs.csv tells them. */
export interface ChildrenSummary {
  readonly count: number;
  readonly byStatus: ReadonlyMap<string, number>;
  readonly costUsd: number;
  /** A child worth a look (the first failed one, else the one that waited longest) and why. */
  readonly example: { readonly jobId: string; readonly why: string } | null;
}

interface Line {
  readonly time: number;
  /** Orders lines at one instant: what happens first in a job's life comes first. */
  readonly rank: number;
  readonly text: string;
}

const RANK = {
  submitted: 0,
  pending: 1,
  runnable: 2,
  ended: 3,
  waited: 4,
  starting: 5,
  running: 6,
  final: 7,
} as const;

/** The story of a job that is not an array parent, one line per step, ending with "\n". */
export function jobStory(input: JobStoryInput): string {
  const { job, attempts, decisions, info } = input;
  const lines: Line[] = [];
  const add = (time: number, rank: number, text: string): void => {
    lines.push({ time, rank, text });
  };
  const end = info.endSeconds;
  const cycle = info.schedulerIntervalSeconds ?? DEFAULT_CYCLE_SECONDS;

  add(job.createdAt, RANK.submitted, `submitted to queue ${job.jobQueue}${shareText(job)}`);
  if (job.runnableAt !== null) {
    const pending = job.runnableAt - job.createdAt;
    if (pending > cycle)
      add(job.createdAt, RANK.pending, `PENDING on its dependencies — ${span(pending)}`);
    add(job.runnableAt, RANK.runnable, "RUNNABLE: waiting in the queue to be placed");
  }

  attempts.forEach((a, i) => {
    const waitFrom = i === 0 ? job.runnableAt : (attempts[i - 1]?.stoppedAt ?? null);
    const waited = waitFrom === null ? "" : `, after ${span(a.startingAt - waitFrom)} RUNNABLE`;
    const where = a.instanceId === "" ? "" : ` on instance ${a.instanceId} (${a.instanceType})`;
    const ce = a.computeEnvironment === "" ? "" : ` in CE ${a.computeEnvironment}`;
    add(
      a.startingAt,
      RANK.starting,
      `attempt ${a.attempt}: placed${where}${ce} — STARTING${waited}`,
    );
    if (a.startedAt !== null) add(a.startedAt, RANK.running, `attempt ${a.attempt}: RUNNING`);
    if (a.stoppedAt === null) return;
    const later = i < attempts.length - 1 || job.stoppedAt === null || job.stoppedAt > a.stoppedAt;
    add(a.stoppedAt, RANK.ended, `attempt ${a.attempt}: ${attemptEnd(a)}${retried(a, later)}`);
  });

  if (decisions !== null) {
    addWaits(decisions, attempts, job, end, add);
    addUnexplained(decisions, attempts, job, end, cycle, add);
  }

  if (job.stoppedAt !== null) {
    add(
      job.stoppedAt,
      RANK.final,
      `${job.status}${job.statusReason ? `: ${job.statusReason}` : ""}`,
    );
  }

  lines.sort((a, b) => a.time - b.time || a.rank - b.rank);
  const out = [header(job)];
  const width = Math.max(0, ...lines.map((l) => at(l.time).length));
  for (const l of lines) out.push(`  ${at(l.time).padEnd(width)}  ${l.text}`);
  if (decisions === null)
    out.push(
      "  (this run folder has no decisions.csv: it was written before batchsim explained waits)",
    );
  else if (decisions.length === 0 && job.runnableAt !== null)
    out.push(
      attempts.length === 0
        ? "  (decisions.csv has no reason for this job: the scheduler never reached it — jobs ahead of it were still waiting)"
        : "  (decisions.csv has no reason for this job: the scheduler placed it the first time it looked at it)",
    );
  out.push("");
  out.push(finalLine(job, end));
  out.push(`cost: ${money(job.costUsd ?? 0)} (its share of the instances' bills)`);
  const shown = (decisions ?? []).filter((d, i, all) => all[i + 1]?.time !== d.time);
  const used = new Set(shown.map((d) => d.reason));
  const legend = REASON_CODES.filter(([code]) => used.has(code));
  if (legend.length > 0) {
    out.push("reasons:");
    for (const [code, words] of legend) out.push(`  ${code}: ${words}`);
  }
  return `${out.join("\n")}\n`;
}

/**
 * One line per wait reason, lasting until the next reason, the next STARTING or the job's end (or
 * the end of the run).
 */
function addWaits(
  decisions: readonly Decision[],
  attempts: readonly AttemptRow[],
  job: JobRow,
  end: number | null,
  add: (time: number, rank: number, text: string) => void,
): void {
  decisions.forEach((d, i) => {
    // A reason replaced at the same instant (the scheduler looked again in one cycle) lasted nothing.
    if (decisions[i + 1]?.time === d.time) return;
    const stops = [decisions[i + 1]?.time, job.stoppedAt, end];
    const starting = attempts.find((a) => a.startingAt >= d.time);
    if (starting) stops.push(starting.startingAt);
    const until = Math.min(...stops.filter((t): t is number => typeof t === "number"));
    const words = reasonWords(d.reason, d.detail);
    if (!Number.isFinite(until)) {
      add(d.time, RANK.waited, `waited: ${words}`);
      return;
    }
    const open = job.stoppedAt === null && starting === undefined && i === decisions.length - 1;
    const still = open ? " (still waiting when the run ended)" : "";
    add(d.time, RANK.waited, `waited: ${words} — ${span(until - d.time)}${still}`);
  });
}

/**
 * The RUNNABLE stretches longer than a cycle before any reason was stated: the scheduler states
 * reasons for the jobs it looked at, and a job further back waits for those ahead of it.
 */
function addUnexplained(
  decisions: readonly Decision[],
  attempts: readonly AttemptRow[],
  job: JobRow,
  end: number | null,
  cycle: number,
  add: (time: number, rank: number, text: string) => void,
): void {
  if (job.runnableAt === null) return;
  const starts = [job.runnableAt];
  for (const a of attempts) {
    if (a.stoppedAt !== null && a.status !== "SUCCEEDED") starts.push(a.stoppedAt);
  }
  for (const from of starts) {
    const stops = [job.stoppedAt, end];
    const next = attempts.find((a) => a.startingAt >= from);
    if (next) stops.push(next.startingAt);
    const first = decisions.find((d) => d.time >= from);
    if (first) stops.push(first.time);
    const until = Math.min(...stops.filter((t): t is number => typeof t === "number"));
    if (!Number.isFinite(until) || until - from <= cycle) continue;
    add(
      from,
      RANK.waited,
      `waited its turn, no reason stated for it (the scheduler states reasons for the jobs it looks at; those further back wait for the ones ahead) — ${span(until - from)}`,
    );
  }
}

function attemptEnd(a: AttemptRow): string {
  const parts = [a.status === "SUCCEEDED" ? "succeeded" : "failed"];
  parts.push(a.exitCode === null ? "no exit code" : `exit code ${a.exitCode}`);
  if (a.statusReason !== "") parts.push(a.statusReason);
  if (a.reason !== "") parts.push(a.reason);
  if (a.cause !== "" && a.cause !== "exited") parts.push(`ended by ${causeWords(a.cause)}`);
  const ran = a.startedAt === null ? "never ran" : `ran ${span((a.stoppedAt ?? 0) - a.startedAt)}`;
  return `ended — ${parts.join(", ")}; ${ran}`;
}

function causeWords(cause: string): string {
  if (cause === "timeout") return "its timeout (attemptDurationSeconds)";
  if (cause === "oom") return "an out-of-memory kill";
  if (cause === "terminated") return "TerminateJob";
  return cause;
}

function retried(a: AttemptRow, later: boolean): string {
  if (a.status === "SUCCEEDED" || !later) return "";
  return " → retried: back to RUNNABLE";
}

function shareText(job: JobRow): string {
  return job.shareIdentifier === "" ? "" : `, share ${job.shareIdentifier}`;
}

function header(job: JobRow): string {
  const size = [`${job.vcpus ?? "?"} vCPU`, `${job.memoryMiB ?? "?"} MiB`];
  if (job.gpus) size.push(`${job.gpus} GPU`);
  const child =
    job.arrayJobId === "" ? "" : `, child ${job.arrayIndex ?? "?"} of array job ${job.arrayJobId}`;
  return [
    `${job.jobId} (${job.jobName}) in queue ${job.jobQueue}${shareText(job)}${child}: ${size.join(", ")}`,
    "times: since the scenario start, hh:mm:ss (seconds)",
  ].join("\n");
}

function finalLine(job: JobRow, end: number | null): string {
  const reason = job.statusReason === "" ? "" : ` — ${job.statusReason}`;
  if (job.stoppedAt !== null) return `final status: ${job.status}${reason}`;
  const when = end === null ? "" : ` at ${at(end)}`;
  return `the run ended${when} with the job still ${job.status}${reason}`;
}

/** The story of an array parent: its own times, its children by status, and a child to look at. */
export function arrayParentStory(
  job: JobRow,
  children: ChildrenSummary,
  info: RunInfo,
  runDir: string,
): string {
  const steps: [number, string][] = [
    [job.createdAt, "submitted; its children were created PENDING"],
  ];
  if (job.stoppedAt !== null) steps.push([job.stoppedAt, `${job.status}: its last child finished`]);
  const width = Math.max(...steps.map(([t]) => at(t).length));
  const out = [
    `${job.jobId} (${job.jobName}) in queue ${job.jobQueue}${shareText(job)}: an array job of ${children.count} children`,
    "times: since the scenario start, hh:mm:ss (seconds)",
    ...steps.map(([t, text]) => `  ${at(t).padEnd(width)}  ${text}`),
  ];
  out.push("");
  const counts = JOB_STATUSES.filter((s) => (children.byStatus.get(s) ?? 0) > 0).map(
    (s) => `${s} ${children.byStatus.get(s)}`,
  );
  out.push(`children: ${counts.length > 0 ? counts.join(", ") : "none in jobs.csv"}`);
  out.push(finalLine(job, info.endSeconds));
  out.push(`cost: ${money(children.costUsd)} (its children's)`);
  if (children.example)
    out.push(
      `a child's story (${children.example.why}): batchsim explain ${runDir} ${children.example.jobId}`,
    );
  return `${out.join("\n")}\n`;
}
