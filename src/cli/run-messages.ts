/** Messages from the run worker to the main thread. */
import type { Summary } from "../report/index.ts";
import type { RunStats } from "./run-folder.ts";

/** What the run worker posts: progress while it runs, then exactly one `done` or `failed`. */
export type WorkerMessage =
  | { readonly type: "progress"; readonly simSeconds: number; readonly jobsDone: number }
  | {
      readonly type: "done";
      /** The run's summary (null from a "series" part that did not need it). */
      readonly summary: Summary | null;
      readonly stats: RunStats;
    }
  | {
      readonly type: "failed";
      /** `write`: the run folder could not be written (exit 1, plain message); `internal`: a bug. */
      readonly kind: "write" | "internal";
      readonly message: string;
      readonly stack?: string;
    };
