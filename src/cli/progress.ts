/** A throttled one-line status on stderr while a run simulates (only on a terminal, never with --quiet). */
import { formatDuration } from "../report/index.ts";
import { writeStderr } from "./io.ts";

/** Updates at most this often. */
const MIN_INTERVAL_MS = 250;

/** The status line. */
export interface Progress {
  update(simSeconds: number, jobsDone: number): void;
  /** Clears the line. */
  done(): void;
}

/** A progress line that prints when `enabled`, and does nothing otherwise. */
export function createProgress(enabled: boolean): Progress {
  if (!enabled) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(simSeconds, jobsDone) {
      const now = Date.now();
      if (now - last < MIN_INTERVAL_MS) return;
      last = now;
      shown = true;
      writeStderr(
        `\r\x1b[Kbatchsim: ${formatDuration(simSeconds)} simulated, ${jobsDone} jobs done`,
      );
    },
    done() {
      if (shown) writeStderr("\r\x1b[K");
    },
  };
}
