/**
 * The run worker: writes a run folder, or its plan.part, off the main thread and reports back (see
 * io.runWorker). A "series" part that writes report.html waits for the run's summary (from the
 * "jobs" worker, through the main thread) first.
 */
import type { Summary } from "../report/index.ts";
import { describeSystemError, systemErrorCode } from "./errors.ts";
import { type RunPlan, simulatePart } from "./run-folder.ts";
import type { WorkerMessage } from "./run-messages.ts";
import { postToMain, receiveFromMain, workerInput } from "./workers.ts";

const plan = workerInput() as RunPlan;
const post = (message: WorkerMessage): void => postToMain(message);
try {
  const part = simulatePart(plan, (simSeconds, jobsDone) =>
    post({ type: "progress", simSeconds, jobsDone }),
  );
  const summary = part.needsSummary ? ((await receiveFromMain()) as Summary) : part.summary;
  post({ type: "done", summary, stats: part.finish(summary) });
} catch (error) {
  if (systemErrorCode(error) !== undefined) {
    post({ type: "failed", kind: "write", message: describeSystemError(error) });
  } else {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: "failed", kind: "internal", message: e.message, stack: e.stack ?? e.message });
  }
}
