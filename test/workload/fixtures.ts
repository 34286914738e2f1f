import { makeCatalog } from "../../src/model/catalog.ts";
import { DEFAULT_SETTINGS } from "../../src/scenario/index.ts";
import type {
  Arrivals,
  Distribution,
  ExplicitJob,
  JobSpec,
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
    vcpus: 1,
    memoryMiB: 2048,
    gpus: 0,
    runtime: { kind: "exponential", meanSeconds: 600 },
    exitCodes: [{ exitCode: 0, probability: 1 }],
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
    settings: SETTINGS,
    catalog: makeCatalog([]),
    computeEnvironments: [],
    jobQueues: [],
    workload: [],
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

/** A `jobs:` stream of explicit submissions `[atSeconds, jobName, dependsOn?]`. */
export function jobsStream(
  name: string,
  jobs: readonly (readonly [number, string, (readonly string[])?])[],
  spec: JobSpec = makeSpec(),
): WorkloadStream {
  const explicit: ExplicitJob[] = jobs.map(([atSeconds, jobName, dependsOn = []]) => ({
    atSeconds,
    jobName,
    spec,
    dependsOn,
  }));
  return { kind: "jobs", name, jobs: explicit };
}

/** Runtime distribution shorthand. */
export const fixed = (seconds: number): Distribution => ({ kind: "fixed", seconds });
