/** Throttled one-line statuses on stderr (only on a terminal, never with --quiet). */
import { formatDuration } from "../report/index.ts";
import { writeStderr } from "./io.ts";

/** Updates at most this often. */
const MIN_INTERVAL_MS = 250;

/** What a run's progress line knows before the run starts. */
export interface ProgressTotals {
  /** Jobs the run will create (countSubmissions), or null when not counted. */
  readonly totalJobs?: number | null;
  /** The scenario's `until` (the run ends there), or null. */
  readonly untilSeconds?: number | null;
}

/** What one progress line shows. */
export interface ProgressState extends ProgressTotals {
  readonly simSeconds: number;
  readonly jobsDone: number;
  /** Wall seconds since the run started. */
  readonly wallSeconds: number;
}

/**
 * The status line of one run (without the `\r` that rewrites it), e.g.
 * `batchsim: 3d 4h simulated, 41,230/100,000 jobs, 5.2k jobs/s, ETA 11s`. jobs/s is jobs
 * done ÷ wall seconds. The ETA is the earlier end of two: the remaining jobs at that pace (when the
 * total is known and some are done) and the remaining simulated time at the pace so far (when
 * `until` is known: the run ends there whatever is left); with neither it is left out.
 */
export function formatProgressLine(state: ProgressState): string {
  const { simSeconds, jobsDone, wallSeconds } = state;
  const total = state.totalJobs ?? null;
  const until = state.untilSeconds ?? null;
  // "done" goes when the total is shown, so that a typical line stays under 80 characters.
  const jobs =
    total === null
      ? `${formatCount(jobsDone)} jobs done`
      : `${formatCount(jobsDone)}/${formatCount(total)} jobs`;
  let line = `batchsim: ${formatDuration(simSeconds)} simulated, ${jobs}`;
  if (!(wallSeconds > 0)) return line;
  const jobsPerSecond = jobsDone / wallSeconds;
  line += `, ${formatRate(jobsPerSecond)} jobs/s`;
  const etas: number[] = [];
  if (total !== null && jobsDone > 0) etas.push(Math.max(0, total - jobsDone) / jobsPerSecond);
  if (until !== null && simSeconds > 0)
    etas.push((wallSeconds * Math.max(0, until - simSeconds)) / simSeconds);
  return etas.length === 0 ? line : `${line}, ETA ${formatDuration(Math.min(...etas))}`;
}

/** `41,230`. */
function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** `0.4`, `37`, `5.2k`, `58k`: two or three significant figures. */
function formatRate(perSecond: number): string {
  if (perSecond >= 10_000) return `${Math.round(perSecond / 1000)}k`;
  if (perSecond >= 1000) return `${(perSecond / 1000).toFixed(1)}k`;
  if (perSecond >= 10) return String(Math.round(perSecond));
  return perSecond.toFixed(1);
}

/** The status line of one run. */
export interface Progress {
  update(simSeconds: number, jobsDone: number): void;
  /** Clears the line. */
  done(): void;
}

/** The clock and the output of a progress line (tests inject both). */
export interface ProgressIo {
  /** Milliseconds on a monotonic clock. */
  readonly nowMs: () => number;
  readonly write: (text: string) => void;
}

const REAL_IO: ProgressIo = { nowMs: () => performance.now(), write: writeStderr };

/**
 * A progress line (formatProgressLine) that prints when `enabled`, and does nothing otherwise; the
 * wall clock starts when it is created.
 */
export function createProgress(
  enabled: boolean,
  totals: ProgressTotals = {},
  io: ProgressIo = REAL_IO,
): Progress {
  if (!enabled) return { update() {}, done() {} };
  const startedMs = io.nowMs();
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    update(simSeconds, jobsDone) {
      const now = io.nowMs();
      if (now - last < MIN_INTERVAL_MS) return;
      last = now;
      shown = true;
      const wallSeconds = (now - startedMs) / 1000;
      io.write(`\r\x1b[K${formatProgressLine({ ...totals, simSeconds, jobsDone, wallSeconds })}`);
    },
    done() {
      if (shown) io.write("\r\x1b[K");
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
