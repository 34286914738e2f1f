/**
 * Refusing, before anything is simulated, a workload too large for this machine's memory (issue 9):
 * the job count is estimated analytically (estimateJobs), so a billion arrivals are refused at once
 * instead of being walked, simulated and killed by the OS hours later.
 */
import * as os from "node:os";
import { isNode, LineCounter, parseDocument } from "yaml";
import { formatProblem, type Problem, type Scenario } from "../scenario/index.ts";
import { estimateJobs } from "../workload/index.ts";
import { usageError } from "./errors.ts";

/**
 * Memory a run takes per job, in bytes. Measured (peak RSS ÷ jobs of 1M-job runs, --report none):
 * 0.48 KB when jobs flow (bench/jobs-1m), 0.57 KB (bench/arrays-1m), 1.2 KB with a backlog of
 * ~95,000 RUNNABLE jobs (bench/fairshare-1m), 2.8 KB when nearly every job waits (1M arrivals at 1/s
 * on 32 slots). 1 KB covers the benchmarks, a moderate backlog included.
 */
export const BYTES_PER_JOB = 1000;

/**
 * A run may take this fraction of the machine's total memory: the rest is for the OS, the other
 * programs, and the backlog of a saturated run, which costs up to ~3× BYTES_PER_JOB.
 */
export const MEMORY_FRACTION = 0.5;

const GB = 1e9;

/** What the text of a scenario file is needed for here: locating the problem. */
interface ScenarioText {
  readonly file: string;
  readonly text: string;
}

/**
 * The problem of a scenario whose estimated jobs × BYTES_PER_JOB exceed MEMORY_FRACTION of
 * `totalMemoryBytes`, located at the `arrivals:` (or `jobs:`) of the stream that contributes most;
 * null when it fits.
 */
export function workloadSizeProblem(
  source: ScenarioText,
  scenario: Scenario,
  totalMemoryBytes: number = os.totalmem(),
): Problem | null {
  const estimate = estimateJobs(scenario);
  const bytes = estimate.totalJobs * BYTES_PER_JOB;
  if (!(bytes > MEMORY_FRACTION * totalMemoryBytes)) return null;
  let biggest = estimate.streams[0];
  for (const s of estimate.streams) if (biggest === undefined || s.jobs > biggest.jobs) biggest = s;
  const index = biggest?.index ?? 0;
  const stream = scenario.workload[index];
  const key = stream?.kind === "jobs" ? "jobs" : "arrivals";
  const pos = positionOf(source.text, ["workload", index, key]);
  const message =
    `this scenario would create about ${formatJobs(estimate.totalJobs)} jobs ` +
    `(≈ ${formatBytes(bytes)} in memory, more than half of this machine's ~${formatBytes(totalMemoryBytes)}): ` +
    `cut it with ${cutHint(stream)}`;
  return {
    file: source.file,
    line: pos.line,
    col: pos.col,
    path: `workload[${index}].${key}`,
    message,
  };
}

/** Throws the usage error (exit 2, one `file:line:col error …` line) of workloadSizeProblem. */
export function refuseOversizedWorkload(source: ScenarioText, scenario: Scenario): void {
  const problem = workloadSizeProblem(source, scenario);
  if (problem) throw usageError("", [formatProblem(problem)]);
}

/** The fields that bound the stream. */
function cutHint(stream: Scenario["workload"][number] | undefined): string {
  if (stream === undefined) return "count: or until:";
  if (stream.kind === "jobs") return "until: or fewer jobs";
  if (stream.kind === "trace") return "maxJobs: or until:";
  if (stream.arrivals.process === "diurnal") return "days: or until:";
  return "count: or until:";
}

/** `1.0e9`, `3.2e7`. */
function formatJobs(jobs: number): string {
  return jobs.toExponential(1).replace("e+", "e");
}

/** `4.5 GB`, `12 GB`, `3.2 TB`, `250 TB` (decimal units). */
function formatBytes(bytes: number): string {
  const tb = bytes >= 1000 * GB;
  const n = bytes / (tb ? 1000 * GB : GB);
  return `${n < 10 ? n.toFixed(1) : String(Math.round(n))} ${tb ? "TB" : "GB"}`;
}

/**
 * The line and column (1-based) of the value at `path` in the YAML text, or of the nearest
 * ancestor the file has (a stream given only by --set), or 1:1.
 */
function positionOf(
  text: string,
  path: readonly (string | number)[],
): { line: number; col: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: "core" });
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}
