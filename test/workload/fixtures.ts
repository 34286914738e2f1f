import { makeCatalog } from "../../src/model/catalog.ts";
import { DEFAULT_SETTINGS } from "../../src/scenario/index.ts";
import type {
  Arrivals,
  Dependency,
  Distribution,
  ExplicitJob,
  JobSpec,
  PipelineStep,
  Scenario,
  Settings,
  WorkloadStream,
} from "../../src/scenario/types.ts";

/** The §13 defaults (the workload layer reads only jobStartingSeconds). */
export const SETTINGS: Settings = DEFAULT_SETTINGS;

/** A 1 vCPU / 2 GiB EC2 job on queue `main` that runs `runtime` and always exits 0. */
export function makeSpec(partial: Partial<JobSpec> = {}): JobSpec {
  return {
    jobQueue: "main",
    jobDefinition: "work",
    shareIdentifier: null,
    schedulingPriority: null,
    platform: "EC2",
    cpuArchitecture: "X86_64",
    ephemeralStorageGiB: 20,
    vcpus: 1,
    memoryMiB: 2048,
    gpus: 0,
    runtime: { kind: "exponential", meanSeconds: 600 },
    exitCodes: [{ exitCode: 0, probability: 1 }],
    retryStrategy: { attempts: 1, evaluateOnExit: [] },
    attemptDurationSeconds: null,
    memoryUsedMiB: null,
    arraySize: null,
    nodeProperties: null,
    ...partial,
  };
}

/** A scenario with no capacity, only the workload (and settings) a test gives. */
export function makeScenario(partial: Partial<Scenario> = {}): Scenario {
  return {
    name: "test",
    description: "",
    seed: "42",
    startEpochMs: 1767225600000, // 2026-01-01T00:00:00Z
    untilSeconds: null,
    region: "us-east-1",
    spotPrices: [],
    settings: SETTINGS,
    catalog: makeCatalog([]),
    computeEnvironments: [],
    jobQueues: [],
    workload: [],
    actions: [],
    schedulingPolicies: [],
    ...partial,
  };
}

/** An `arrivals:` stream named `name` whose jobs are named `${name}-n`. */
export function arrivalsStream(
  name: string,
  arrivals: Arrivals,
  spec: JobSpec = makeSpec(),
  namePrefix = name,
): WorkloadStream {
  return { kind: "arrivals", name, namePrefix, spec, arrivals };
}

/** A dependsOn entry: a plain name is a plain dependency. */
export type DepLike = string | Dependency;

function dependency(d: DepLike): Dependency {
  return typeof d === "string" ? { jobName: d, type: null } : d;
}

/** A `jobs:` stream of explicit submissions `[atSeconds, jobName, dependsOn?, spec?]`. */
export function jobsStream(
  name: string,
  jobs: readonly (readonly [number, string, (readonly DepLike[])?, JobSpec?])[],
  spec: JobSpec = makeSpec(),
): WorkloadStream {
  const explicit: ExplicitJob[] = jobs.map(([atSeconds, jobName, dependsOn = [], own]) => ({
    atSeconds,
    jobName,
    spec: own ?? spec,
    dependsOn: dependsOn.map(dependency),
  }));
  return { kind: "jobs", name, jobs: explicit };
}

/** A `pipeline:` stream of steps `[step, dependsOn?, spec?]`. */
export function pipelineStream(
  name: string,
  arrivals: Arrivals,
  steps: readonly (readonly [string, (readonly DepLike[])?, JobSpec?])[],
): WorkloadStream {
  const list: PipelineStep[] = steps.map(([step, dependsOn = [], spec]) => ({
    step,
    spec: spec ?? makeSpec(),
    dependsOn: dependsOn.map(dependency),
  }));
  return { kind: "pipeline", name, arrivals, steps: list };
}

/** Runtime distribution shorthand. */
export const fixed = (seconds: number): Distribution => ({ kind: "fixed", seconds });
