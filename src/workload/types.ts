import type { Dependency, JobSpec } from "../scenario/types.ts";

/** One SubmitJob request at a simulated instant, with everything random about the job already drawn. */
export interface Submission {
  /** Seconds since scenario start. */
  readonly atSeconds: number;
  readonly jobName: string;
  /** The workload stream's `name`. */
  readonly stream: string;
  /**
   * This job's number in its stream (1, 2, … in submission order): with the stream's name it
   * labels the job's own random streams (children, retries), unique even when jobNames repeat.
   */
  readonly streamSeq: number;
  readonly spec: JobSpec;
  /**
   * Dependencies, with `jobName` resolved to the actual name of the job depended on (for a pipeline
   * step, `<stream>-<n>-<step>` of the same arrival); null only for SEQUENTIAL on the job itself.
   */
  readonly dependsOn: readonly Dependency[];
  /** A later submission or an action refers to this job by name: the simulator must remember it. */
  readonly named: boolean;
  /** Names that no later submission or action refers to any more: the simulator may forget them. */
  readonly releaseNames: readonly string[];
  /**
   * The first attempt's draws (a non-array job), from the stream's own RNG forks in submission
   * order, so scheduling never changes them. Array children and retries draw with drawAttempt().
   */
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

/** The random parts of one attempt. */
export interface AttemptDraws {
  readonly runtimeSeconds: number;
  readonly exitCode: number;
  readonly startingSeconds: number;
}
