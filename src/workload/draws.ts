/**
 * The random parts of a job's attempts. A stream's first attempts draw from the stream's own forks
 * (`runtime/<stream>`, `exitCode/<stream>`, `jobStarting/<stream>`), one draw per job per purpose in
 * submission order; everything else (array children, retries) draws with drawAttempt() from an RNG
 * the simulator forks for the purpose.
 */
import type { Rng } from "../engine/rng.ts";
import type { JobSpec, Settings } from "../scenario/types.ts";
import { sampleDistribution } from "./distributions.ts";
import { drawExitCode } from "./exit-codes.ts";
import type { AttemptDraws } from "./types.ts";

/** The per-stream RNG forks the first attempts of a stream's jobs draw from. */
export interface StreamDraws {
  readonly stream: string;
  readonly runtime: Rng;
  readonly exitCode: Rng;
  readonly jobStarting: Rng;
  readonly settings: Settings;
  /** Jobs drawn so far (the next job's 1-based number in its stream is count + 1). */
  count: number;
}

/** The RNG fork of one purpose for one stream: `arrivals/<stream>`, `runtime/<stream>`, … */
export function streamRng(rng: Rng, purpose: string, stream: string): Rng {
  return rng.fork(`${purpose}/${stream}`);
}

/** Opens the first-attempt forks of `stream`. */
export function streamDraws(rng: Rng, stream: string, settings: Settings): StreamDraws {
  return {
    stream,
    runtime: streamRng(rng, "runtime", stream),
    exitCode: streamRng(rng, "exitCode", stream),
    jobStarting: streamRng(rng, "jobStarting", stream),
    settings,
    count: 0,
  };
}

/**
 * The next job's first-attempt draws from its stream's forks, one uniform from each: its runtime,
 * exit code and time in STARTING (three functions, so the caller needs no object for them).
 */
export function drawRuntime(draws: StreamDraws, spec: JobSpec): number {
  return sampleDistribution(spec.runtime, draws.runtime);
}

export function drawFirstExitCode(draws: StreamDraws, spec: JobSpec): number {
  return drawExitCode(spec.exitCodes, draws.exitCode);
}

export function drawStarting(draws: StreamDraws, spec: JobSpec): number {
  return sampleDistribution(startingTime(spec, draws.settings), draws.jobStarting);
}

/** How long a job of `spec` spends in STARTING: fargateStartingSeconds on Fargate (§13.8). */
function startingTime(spec: JobSpec, settings: Settings) {
  return spec.platform === "FARGATE"
    ? settings.fargateStartingSeconds
    : settings.jobStartingSeconds;
}

/**
 * One attempt's draws from the single stream `rng`, in this order: the runtime (spec.runtime), the
 * exit code (spec.exitCodes), the time in STARTING (settings.jobStartingSeconds, or fargateStartingSeconds on Fargate) — exactly three
 * uniforms. The simulator uses it for array children (rng = `children/<stream>/<n>`,
 * children in index order) and for retries (an rng forked per job), so those draws never disturb a
 * stream's first-attempt draws.
 */
export function drawAttempt(spec: JobSpec, settings: Settings, rng: Rng): AttemptDraws {
  const runtimeSeconds = sampleDistribution(spec.runtime, rng);
  const exitCode = drawExitCode(spec.exitCodes, rng);
  const startingSeconds = sampleDistribution(startingTime(spec, settings), rng);
  return { runtimeSeconds, exitCode, startingSeconds };
}
