/** Throttled one-line statuses on stderr (only on a terminal, never with --quiet). */
import { formatDuration } from "../report/index.ts";
import { writeStderr } from "./io.ts";

/** Updates at most this often. */
const MIN_INTERVAL_MS = 250;

/** The status line of one run. */
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

/** The status line of many runs: how many are done, and when the rest should be. */
export interface CountProgress {
  /**
   * `done` of the total finished, `fraction` (0 to 1) of the work done; `detail` is shown after the
   * count (e.g. "37/120 runs").
   */
  update(done: number, fraction: number, detail?: string): void;
  /** Clears the line. */
  done(): void;
}

/**
 * A progress line `batchsim: 5/12 points (37/120 runs), ETA 42s` when `enabled`. The ETA assumes
 * the remaining work goes at the pace so far (`fraction` of the work done, from 0 to 1).
 */
export function createCountProgress(enabled: boolean, total: number, noun: string): CountProgress {
  if (!enabled) return { update() {}, done() {} };
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(done, fraction, detail) {
      const now = Date.now();
      if (now - last < MIN_INTERVAL_MS && done < total) return;
      last = now;
      shown = true;
      const elapsedSeconds = (now - started) / 1000;
      const eta =
        fraction > 0 && fraction < 1
          ? `, ETA ${formatDuration((elapsedSeconds * (1 - fraction)) / fraction)}`
          : "";
      const extra = detail ? ` (${detail})` : "";
      writeStderr(`\r\x1b[Kbatchsim: ${done}/${total} ${noun}${extra}${eta}`);
    },
    done() {
      if (shown) writeStderr("\r\x1b[K");
    },
  };
}
