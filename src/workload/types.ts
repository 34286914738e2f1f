import type { JobSpec } from "../scenario/types.ts";

/** One SubmitJob request at a simulated instant, with everything random about the job already drawn. */
export interface Submission {
  /** Seconds since scenario start. */
  readonly atSeconds: number;
  readonly jobName: string;
  /** The workload stream's `name`. */
  readonly stream: string;
  readonly spec: JobSpec;
  /** jobNames of explicit jobs this one depends on (plain dependencies). */
  readonly dependsOn: readonly string[];
  /** Drawn at submission from the stream's own RNG forks, so scheduling order never changes them. */
  readonly runtimeSeconds: number;
  readonly exitCode: number;
  /** Time in STARTING (settings.jobStartingSeconds, drawn per job). */
  readonly startingSeconds: number;
}

/** Submissions of a whole workload, merged in time order (ties: stream order in the file, then order within the stream). */
export interface SubmissionSource {
  /** Time of the next submission, or Infinity when none remain. */
  peekTime(): number;
  /** The next submission, or undefined when none remain. */
  next(): Submission | undefined;
}
