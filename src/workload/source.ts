/**
 * The workload as one lazy, time-ordered stream of submissions. Each stream of the scenario is a
 * cursor; the source repeatedly takes from the earliest (a linear scan: scenarios have a handful of
 * streams). Everything random about a job is drawn when its stream emits it, from that stream's own
 * RNG forks, so the draws depend only on the stream's own submission order, never on scheduling or
 * on other streams (common random numbers across what-if variants).
 */
import type { Rng } from "../engine/rng.ts";
import type {
  Dependency,
  ExplicitJob,
  JobSpec,
  Scenario,
  WorkloadStream,
} from "../scenario/types.ts";
import { arrivalClock, countArrivals } from "./arrivals.ts";
import {
  drawFirstExitCode,
  drawRuntime,
  drawStarting,
  type StreamDraws,
  streamDraws,
  streamRng,
} from "./draws.ts";
import {
  actionTargets,
  explicitNamePlans,
  type NamePlan,
  numberedNames,
  pipelineStepPlans,
  UNNAMED,
} from "./names.ts";
import { traceJobs } from "./trace-jobs.ts";
import type { Submission, SubmissionSource } from "./types.ts";

/** One stream's position: the instant of its pending submission (Infinity when done). */
interface StreamCursor {
  nextSeconds: number;
  /** Emits the pending submission (with its draws) and advances. */
  take(): Submission;
}

type ArrivalsStream = Extract<WorkloadStream, { kind: "arrivals" }>;
type JobsStream = Extract<WorkloadStream, { kind: "jobs" }>;
type PipelineStream = Extract<WorkloadStream, { kind: "pipeline" }>;
type TraceStream = Extract<WorkloadStream, { kind: "trace" }>;

const NO_DEPENDENCIES: readonly Dependency[] = Object.freeze([]);

/**
 * A submission with its first-attempt draws. An array parent draws too, though its children draw
 * their own (drawAttempt): the stream's k-th job always takes the stream's k-th uniforms, whatever
 * the array sizes, so changing one job's arraySize does not reshuffle the jobs after it.
 */
function submission(
  draws: StreamDraws,
  atSeconds: number,
  jobName: string,
  spec: JobSpec,
  dependsOn: readonly Dependency[],
  plan: NamePlan,
): Submission {
  // The first attempt's draws go straight into the submission (no object of their own).
  return {
    atSeconds,
    jobName,
    stream: draws.stream,
    streamSeq: ++draws.count,
    spec,
    dependsOn,
    named: plan.named,
    releaseNames: plan.releaseNames,
    runtimeSeconds: drawRuntime(draws, spec),
    exitCode: drawFirstExitCode(draws, spec),
    startingSeconds: drawStarting(draws, spec),
  };
}

/** The stream's arrival instants, one per call, then Infinity. */
function instants(
  stream: ArrivalsStream | PipelineStream,
  scenario: Scenario,
  rng: Rng,
): () => number {
  return arrivalClock(
    stream.arrivals,
    streamRng(rng, "arrivals", stream.name),
    scenario.untilSeconds,
  );
}

function noneLeft(stream: string): Error {
  return new Error(`stream ${stream} has no submission left`);
}

function arrivalsCursor(stream: ArrivalsStream, scenario: Scenario, rng: Rng): StreamCursor {
  const advance = instants(stream, scenario, rng);
  const draws = streamDraws(rng, stream.name, scenario.settings);
  const nameOf = numberedNames(stream.namePrefix);
  let n = 0;
  const cursor: StreamCursor = {
    nextSeconds: advance(),
    take() {
      if (cursor.nextSeconds === Number.POSITIVE_INFINITY) throw noneLeft(stream.name);
      n++;
      const name = nameOf(n);
      const s = submission(draws, cursor.nextSeconds, name, stream.spec, NO_DEPENDENCIES, UNNAMED);
      cursor.nextSeconds = advance();
      return s;
    },
  };
  return cursor;
}

/** The explicit jobs that are submitted before the run ends, by (atSeconds, list order). */
function explicitJobsInOrder(
  jobs: readonly ExplicitJob[],
  untilSeconds: number | null,
): ExplicitJob[] {
  const until = untilSeconds ?? Number.POSITIVE_INFINITY;
  // Array.prototype.sort is stable: equal instants keep list order.
  return jobs.filter((j) => j.atSeconds < until).sort((a, b) => a.atSeconds - b.atSeconds);
}

/** `jobs` in emission order and their name plans (parallel arrays). */
function jobsCursor(
  stream: JobsStream,
  jobs: readonly ExplicitJob[],
  plans: readonly NamePlan[],
  scenario: Scenario,
  rng: Rng,
): StreamCursor {
  const draws = streamDraws(rng, stream.name, scenario.settings);
  let i = 0;
  const timeAt = (k: number): number => jobs[k]?.atSeconds ?? Number.POSITIVE_INFINITY;
  const cursor: StreamCursor = {
    nextSeconds: timeAt(0),
    take() {
      const k = i++;
      const job = jobs[k];
      if (job === undefined) throw noneLeft(stream.name);
      cursor.nextSeconds = timeAt(i);
      // Explicit dependsOn already names the actual jobs.
      return submission(draws, job.atSeconds, job.jobName, job.spec, job.dependsOn, plans[k]!);
    },
  };
  return cursor;
}

/**
 * Arrival n of a pipeline submits every step in list order at that instant, step `s` named
 * `${stream}-${n}-${s}`; a dependsOn naming an earlier step names that step of the same arrival.
 */
function pipelineCursor(stream: PipelineStream, scenario: Scenario, rng: Rng): StreamCursor {
  const { steps } = stream;
  const plans = pipelineStepPlans(stream.name, steps);
  const advance = instants(stream, scenario, rng);
  const draws = streamDraws(rng, stream.name, scenario.settings);
  let n = 0;
  let k = 0;
  const cursor: StreamCursor = {
    nextSeconds: steps.length === 0 ? Number.POSITIVE_INFINITY : advance(),
    take() {
      if (cursor.nextSeconds === Number.POSITIVE_INFINITY) throw noneLeft(stream.name);
      if (k === 0) n++;
      const prefix = `${stream.name}-${n}-`;
      const step = steps[k]!;
      const plan = plans[k]!;
      const dependsOn = step.dependsOn.map((d) =>
        d.jobName === null ? d : { jobName: prefix + d.jobName, type: d.type },
      );
      const releaseNames = plan.releaseSteps.map((s) => prefix + s);
      const named: NamePlan = { named: plan.named, releaseNames };
      const at = cursor.nextSeconds;
      const s = submission(draws, at, prefix + step.step, step.spec, dependsOn, named);
      k = (k + 1) % steps.length;
      if (k === 0) cursor.nextSeconds = advance();
      return s;
    },
  };
  return cursor;
}

/** A trace stream: its replayed rows in submission order, each job named by its SWF job number. */
function traceCursor(stream: TraceStream, scenario: Scenario, rng: Rng): StreamCursor {
  const jobs = traceJobs(stream);
  const draws = streamDraws(rng, stream.name, scenario.settings);
  let k = 0;
  const timeAt = (i: number): number =>
    i < jobs.count ? jobs.atSeconds(i) : Number.POSITIVE_INFINITY;
  const cursor: StreamCursor = {
    nextSeconds: timeAt(0),
    take() {
      if (k >= jobs.count) throw noneLeft(stream.name);
      const i = k++;
      const at = cursor.nextSeconds;
      cursor.nextSeconds = timeAt(k);
      return submission(draws, at, jobs.jobName(i), jobs.spec(i), NO_DEPENDENCIES, UNNAMED);
    },
  };
  return cursor;
}

/** One cursor per stream, in file order. */
function openStreams(scenario: Scenario, rng: Rng): StreamCursor[] {
  const explicit = scenario.workload.map((s) =>
    s.kind === "jobs" ? explicitJobsInOrder(s.jobs, scenario.untilSeconds) : null,
  );
  const plans = explicitNamePlans(explicit, actionTargets(scenario.actions));
  return scenario.workload.map((stream, i) => {
    if (stream.kind === "arrivals") return arrivalsCursor(stream, scenario, rng);
    if (stream.kind === "pipeline") return pipelineCursor(stream, scenario, rng);
    if (stream.kind === "trace") return traceCursor(stream, scenario, rng);
    return jobsCursor(stream, explicit[i]!, plans[i]!, scenario, rng);
  });
}

/** Index of the cursor with the earliest pending submission (the first on ties), or -1 when all are done. */
function earliest(cursors: readonly StreamCursor[]): number {
  let best = -1;
  let bestSeconds = Number.POSITIVE_INFINITY;
  for (let i = 0; i < cursors.length; i++) {
    const t = cursors[i]!.nextSeconds;
    if (t < bestSeconds) {
      best = i;
      bestSeconds = t;
    }
  }
  return best;
}

/**
 * All submissions of `scenario.workload`, lazily, in time order; ties go to the stream that comes
 * first in the file, then to order within the stream (a pipeline arrival's steps in list order).
 * Arrival streams name jobs `${namePrefix}-${n}` (n from 1); `jobs:` lists are emitted by
 * (atSeconds, list order); pipeline steps are `${stream}-${n}-${step}`; trace jobs are
 * `${namePrefix}-${SWF job number}`, in the order of their rows (trace-jobs.ts). Dependencies name the
 * actual jobs; `named` / `releaseNames` say which names the simulator must keep, and until when
 * (names.ts). First-attempt draws come from forks of `rng` labelled `runtime/<stream>`,
 * `exitCode/<stream>` and `jobStarting/<stream>`, one draw per submission per purpose (an array
 * parent included); arrivals from `arrivals/<stream>`. Submissions at or past
 * `scenario.untilSeconds` are dropped.
 */
export function createSubmissionSource(scenario: Scenario, rng: Rng): SubmissionSource {
  const cursors = openStreams(scenario, rng);
  let best = earliest(cursors);
  return {
    peekTime: () => (best < 0 ? Number.POSITIVE_INFINITY : cursors[best]!.nextSeconds),
    next() {
      if (best < 0) return undefined;
      const s = cursors[best]!.take();
      best = earliest(cursors);
      return s;
    },
  };
}

/** Jobs one submission of `spec` creates: 1, or for an array the parent and its children. */
function jobsOf(spec: JobSpec): number {
  return spec.arraySize === null ? 1 : 1 + spec.arraySize;
}

/**
 * How many jobs the submissions of `createSubmissionSource(scenario, rng)` create: a submission
 * counts 1, an array submission 1 + arraySize (parent and children), a pipeline arrival the jobs of
 * all its steps. Walks every arrival process once (O(1) memory) but draws no runtimes, exit codes or
 * starting times. With `max`, it stops as soon as the count is past it and returns a number above
 * `max` (not the count): `--events auto` only asks whether a run has more than 100,000 jobs.
 */
export function countSubmissions(
  scenario: Scenario,
  rng: Rng,
  max = Number.POSITIVE_INFINITY,
): number {
  let total = 0;
  for (const stream of scenario.workload) {
    if (total > max) return total;
    switch (stream.kind) {
      case "arrivals":
        total +=
          jobsOf(stream.spec) * arrivals(stream, scenario, rng, max - total, jobsOf(stream.spec));
        break;
      case "jobs":
        for (const job of explicitJobsInOrder(stream.jobs, scenario.untilSeconds)) {
          total += jobsOf(job.spec);
        }
        break;
      case "trace":
        // The rows were cut at `until` when the scenario was loaded.
        total += stream.trace.rows.length;
        break;
      case "pipeline": {
        let perArrival = 0;
        for (const step of stream.steps) perArrival += jobsOf(step.spec);
        if (perArrival > 0)
          total += perArrival * arrivals(stream, scenario, rng, max - total, perArrival);
        break;
      }
    }
  }
  return total;
}

/**
 * The arrivals of `stream` — or, once `jobsEach` times them exceeds `jobsLeft`, a count that does
 * (countArrivals' `max`).
 */
function arrivals(
  stream: ArrivalsStream | PipelineStream,
  scenario: Scenario,
  rng: Rng,
  jobsLeft: number,
  jobsEach: number,
): number {
  const fork = streamRng(rng, "arrivals", stream.name);
  return countArrivals(
    stream.arrivals,
    fork,
    scenario.untilSeconds,
    Math.floor(jobsLeft / jobsEach),
  );
}
