/**
 * The workload as one lazy, time-ordered stream of submissions. Each stream of the scenario is a
 * cursor; the source repeatedly takes from the earliest (a linear scan: scenarios have a handful of
 * streams). Everything random about a job is drawn when its stream emits it, from that stream's own
 * RNG forks, so the draws depend only on the stream's own submission order, never on scheduling or
 * on other streams (common random numbers across what-if variants).
 */
import type { Rng } from "../engine/rng.ts";
import type {
  Distribution,
  ExplicitJob,
  JobSpec,
  Scenario,
  WorkloadStream,
} from "../scenario/types.ts";
import { arrivalTimes, countArrivals } from "./arrivals.ts";
import { sampleDistribution } from "./distributions.ts";
import { drawExitCode } from "./exit-codes.ts";
import type { Submission, SubmissionSource } from "./types.ts";

/** One stream's position: the instant of its pending submission (Infinity when done). */
interface StreamCursor {
  nextSeconds: number;
  /** Emits the pending submission (with its draws) and advances. */
  take(): Submission;
}

/** The per-stream RNG forks a job's random attributes come from. */
interface JobDraws {
  readonly stream: string;
  readonly runtime: Rng;
  readonly exitCode: Rng;
  readonly jobStarting: Rng;
  readonly jobStartingSeconds: Distribution;
}

const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);

/** The RNG fork of one purpose for one stream: `arrivals/<stream>`, `runtime/<stream>`, … */
function streamRng(rng: Rng, purpose: string, stream: string): Rng {
  return rng.fork(`${purpose}/${stream}`);
}

function jobDraws(rng: Rng, stream: string, scenario: Scenario): JobDraws {
  return {
    stream,
    runtime: streamRng(rng, "runtime", stream),
    exitCode: streamRng(rng, "exitCode", stream),
    jobStarting: streamRng(rng, "jobStarting", stream),
    jobStartingSeconds: scenario.settings.jobStartingSeconds,
  };
}

function submit(
  draws: JobDraws,
  atSeconds: number,
  jobName: string,
  spec: JobSpec,
  dependsOn: readonly string[],
): Submission {
  return {
    atSeconds,
    jobName,
    stream: draws.stream,
    spec,
    dependsOn,
    runtimeSeconds: sampleDistribution(spec.runtime, draws.runtime),
    exitCode: drawExitCode(spec.exitCodes, draws.exitCode),
    startingSeconds: sampleDistribution(draws.jobStartingSeconds, draws.jobStarting),
  };
}

function arrivalsCursor(
  stream: Extract<WorkloadStream, { kind: "arrivals" }>,
  scenario: Scenario,
  rng: Rng,
): StreamCursor {
  const times = arrivalTimes(
    stream.arrivals,
    streamRng(rng, "arrivals", stream.name),
    scenario.untilSeconds,
  );
  const draws = jobDraws(rng, stream.name, scenario);
  const advance = (): number => {
    const r = times.next();
    return r.done === true ? Number.POSITIVE_INFINITY : r.value;
  };
  let n = 0;
  const cursor: StreamCursor = {
    nextSeconds: advance(),
    take() {
      if (cursor.nextSeconds === Number.POSITIVE_INFINITY) {
        throw new Error(`stream ${stream.name} has no submission left`);
      }
      n++;
      const s = submit(
        draws,
        cursor.nextSeconds,
        `${stream.namePrefix}-${n}`,
        stream.spec,
        NO_DEPENDENCIES,
      );
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

function jobsCursor(
  stream: Extract<WorkloadStream, { kind: "jobs" }>,
  scenario: Scenario,
  rng: Rng,
): StreamCursor {
  const jobs = explicitJobsInOrder(stream.jobs, scenario.untilSeconds);
  const draws = jobDraws(rng, stream.name, scenario);
  let i = 0;
  const timeAt = (k: number): number => jobs[k]?.atSeconds ?? Number.POSITIVE_INFINITY;
  const cursor: StreamCursor = {
    nextSeconds: timeAt(0),
    take() {
      const job = jobs[i++];
      if (job === undefined) throw new Error(`stream ${stream.name} has no submission left`);
      cursor.nextSeconds = timeAt(i);
      return submit(draws, job.atSeconds, job.jobName, job.spec, job.dependsOn);
    },
  };
  return cursor;
}

function openStream(stream: WorkloadStream, scenario: Scenario, rng: Rng): StreamCursor {
  return stream.kind === "arrivals"
    ? arrivalsCursor(stream, scenario, rng)
    : jobsCursor(stream, scenario, rng);
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
 * first in the file, then to order within the stream. Arrival streams name jobs
 * `${namePrefix}-${n}` (n from 1); `jobs:` lists are emitted by (atSeconds, list order). Random
 * attributes come from forks of `rng` labelled `arrivals/<stream>`, `runtime/<stream>`,
 * `exitCode/<stream>` and `jobStarting/<stream>`, one draw per job per purpose. Submissions at or
 * past `scenario.untilSeconds` are dropped.
 */
export function createSubmissionSource(scenario: Scenario, rng: Rng): SubmissionSource {
  const cursors = scenario.workload.map((s) => openStream(s, scenario, rng));
  let best = earliest(cursors);
  return {
    peekTime: () => (best < 0 ? Number.POSITIVE_INFINITY : cursors[best]!.nextSeconds),
    next() {
      if (best < 0) return undefined;
      const submission = cursors[best]!.take();
      best = earliest(cursors);
      return submission;
    },
  };
}

/**
 * How many submissions `createSubmissionSource(scenario, rng)` would emit. Walks every arrival
 * process once (O(1) memory) but draws no runtimes, exit codes or starting times.
 */
export function countSubmissions(scenario: Scenario, rng: Rng): number {
  let total = 0;
  for (const stream of scenario.workload) {
    total +=
      stream.kind === "arrivals"
        ? countArrivals(
            stream.arrivals,
            streamRng(rng, "arrivals", stream.name),
            scenario.untilSeconds,
          )
        : explicitJobsInOrder(stream.jobs, scenario.untilSeconds).length;
  }
  return total;
}
