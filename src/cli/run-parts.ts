/**
 * Writing one run folder with one or two run workers. With two, each worker runs the whole
 * (deterministic) simulation and writes half of the files (run-folder.ts RunPart): the simulation
 * is cheap next to formatting the files, so on a machine with two idle cores this trades CPU time
 * for wall time. The outputs are byte-identical either way (test/cli/run-parts.test.ts).
 */
import type { RunPart, RunPlan, RunStats } from "./run-folder.ts";
import type { WorkerMessage } from "./run-messages.ts";
import { runWorker, type WorkerOutcome } from "./workers.ts";

/** Runs below this many (estimated) jobs are written by one worker: a second is not worth starting. */
export const SPLIT_MIN_JOBS = 20_000;

/** The stats of a run written in parts: the simulation once, the folds and writes of every part. */
export interface PartStats extends RunStats {
  /** Worker threads that wrote the folder. */
  readonly workers: number;
  /** With two workers, each one's own stats: the "jobs" part, then the "series" part. */
  readonly parts?: readonly { readonly part: RunPart; readonly stats: RunStats }[];
}

/**
 * Writes the run folder of `plan(part)` with one worker ("all") or two ("jobs" and "series", the
 * second handed the first's summary for report.html). Progress comes from the "jobs" (or only)
 * worker. The outcome is the first failure (signal, crash, failed) or one `done` with the summary.
 */
export async function runParts(
  plan: (part: RunPart) => RunPlan,
  split: boolean,
  onProgress: (message: Extract<WorkerMessage, { type: "progress" }>) => void,
): Promise<WorkerOutcome<WorkerMessage>> {
  const url = new URL("./run-worker.mjs", import.meta.url);
  const progress = (m: WorkerMessage): void => {
    if (m.type === "progress") onProgress(m);
  };
  if (!split) return withWorkers(await runWorker<WorkerMessage>(url, plan("all"), progress), 1);
  const stop = new AbortController();
  const series = runWorker<WorkerMessage>(url, plan("series"), () => {}, stop.signal, 2);
  const jobs = await runWorker<WorkerMessage>(url, plan("jobs"), progress, undefined, 2);
  if (jobs.kind !== "message" || jobs.message.type !== "done") {
    stop.abort();
    await series;
    return jobs;
  }
  series.post(jobs.message.summary);
  const rest = await series;
  if (rest.kind !== "message" || rest.message.type !== "done") return rest;
  const a = jobs.message.stats;
  const b = rest.message.stats;
  const stats: PartStats = {
    jobs: a.jobs,
    events: a.events,
    facts: a.facts,
    // Both simulated the same run side by side (only "series" checking the invariants): the
    // simulation's time is the longer of the two.
    simulateMs: Math.max(a.simulateMs, b.simulateMs),
    checkMs: a.checkMs + b.checkMs,
    reportsMs: a.reportsMs + b.reportsMs,
    writeMs: a.writeMs + b.writeMs,
    workers: 2,
    parts: [
      { part: "jobs", stats: a },
      { part: "series", stats: b },
    ],
  };
  return { kind: "message", message: { type: "done", summary: jobs.message.summary, stats } };
}

function withWorkers(
  outcome: WorkerOutcome<WorkerMessage>,
  workers: number,
): WorkerOutcome<WorkerMessage> {
  if (outcome.kind !== "message" || outcome.message.type !== "done") return outcome;
  const stats: PartStats = { ...outcome.message.stats, workers };
  return { kind: "message", message: { ...outcome.message, stats } };
}
