/** The run worker: writes one run folder off the main thread and reports back (see io.runWorker). */
import { describeSystemError, systemErrorCode } from "./errors.ts";
import { type RunPlan, writeRunFolder } from "./run-folder.ts";
import type { WorkerMessage } from "./run-messages.ts";
import { postToMain, workerInput } from "./workers.ts";

const plan = workerInput() as RunPlan;
const post = (message: WorkerMessage): void => postToMain(message);
try {
  const { summary, stats } = writeRunFolder(plan, (simSeconds, jobsDone) =>
    post({ type: "progress", simSeconds, jobsDone }),
  );
  post({ type: "done", summary, stats });
} catch (error) {
  if (systemErrorCode(error) !== undefined) {
    post({ type: "failed", kind: "write", message: describeSystemError(error) });
  } else {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: "failed", kind: "internal", message: e.message, stack: e.stack ?? e.message });
  }
}
