import { readFileSync } from "node:fs";
import { makeCatalog, parseCatalogCsv } from "../../src/model/catalog.ts";
import { DEFAULT_SETTINGS } from "../../src/scenario/index.ts";
import type {
  ComputeEnvironment,
  Dependency,
  JobQueue,
  JobSpec,
  Scenario,
  Settings,
  WorkloadStream,
} from "../../src/scenario/types.ts";
import type { Fact } from "../../src/sim/facts.ts";
import { simulate } from "../../src/sim/index.ts";

/** The built-in catalog rows, read once. */
export const builtInRows = parseCatalogCsv(
  readFileSync(new URL("../../data/ec2-catalog.csv", import.meta.url), "utf8"),
);

/** Zero-latency settings (cycles at every change), for hand-checkable runs. */
export const instantSettings: Settings = {
  ...DEFAULT_SETTINGS,
  schedulerIntervalSeconds: 0,
  instanceReadySeconds: { kind: "fixed", seconds: 0 },
  gpuInstanceReadySeconds: { kind: "fixed", seconds: 0 },
  jobStartingSeconds: { kind: "fixed", seconds: 0 },
  instanceBillingDelaySeconds: 0,
};

/** A job spec with fixed runtime. */
export function spec(partial: Partial<JobSpec> & { runtimeSeconds?: number } = {}): JobSpec {
  const { runtimeSeconds = 600, ...rest } = partial;
  return {
    jobQueue: "q",
    jobDefinition: "def",
    shareIdentifier: null,
    schedulingPriority: null,
    platform: "EC2",
    cpuArchitecture: "X86_64",
    ephemeralStorageGiB: 20,
    vcpus: 1,
    memoryMiB: 1024,
    gpus: 0,
    runtime: { kind: "fixed", seconds: runtimeSeconds },
    exitCodes: [{ exitCode: 0, probability: 1 }],
    retryStrategy: { attempts: 1, evaluateOnExit: [] },
    attemptDurationSeconds: null,
    memoryUsedMiB: null,
    arraySize: null,
    nodeProperties: null,
    ...rest,
  };
}

export function managedCe(
  name: string,
  cr: Partial<NonNullable<ComputeEnvironment["computeResources"]>> = {},
): ComputeEnvironment {
  return {
    computeEnvironmentName: name,
    type: "MANAGED",
    state: "ENABLED",
    computeResources: {
      type: "EC2",
      allocationStrategy: "BEST_FIT_PROGRESSIVE",
      minvCpus: 0,
      maxvCpus: 256,
      desiredvCpus: 0,
      instanceTypes: ["c6i"],
      bidPercentage: 100,
      minScaleDownDelaySeconds: null,
      ...cr,
    },
    unmanagedvCpus: null,
    fleet: [],
  };
}

export function fleetCe(name: string, fleet: ComputeEnvironment["fleet"]): ComputeEnvironment {
  return {
    computeEnvironmentName: name,
    type: "UNMANAGED",
    state: "ENABLED",
    computeResources: null,
    unmanagedvCpus: null,
    fleet,
  };
}

export function queue(name: string, ces: string[], priority = 1): JobQueue {
  return {
    jobQueueName: name,
    state: "ENABLED",
    priority,
    computeEnvironments: ces,
    schedulingPolicy: null,
    jobStateTimeLimitActions: [],
  };
}

export function scenario(
  partial: Partial<Scenario> & { extraTypes?: Parameters<typeof makeCatalog>[0] },
): Scenario {
  const { extraTypes = [], ...rest } = partial;
  return {
    name: "test",
    description: "",
    seed: "1",
    startEpochMs: Date.UTC(2026, 0, 1),
    untilSeconds: null,
    region: "us-east-1",
    spotPrices: [],
    settings: instantSettings,
    catalog: makeCatalog([...builtInRows, ...extraTypes]),
    computeEnvironments: [managedCe("ce")],
    jobQueues: [queue("q", ["ce"])],
    workload: [],
    actions: [],
    schedulingPolicies: [],
    ...rest,
  };
}

/** Explicit jobs at given instants. */
export function jobsAt(
  name: string,
  list: { at: number; spec?: JobSpec; jobName?: string; dependsOn?: (string | Dependency)[] }[],
): WorkloadStream {
  return {
    kind: "jobs",
    name,
    jobs: list.map((j, i) => ({
      atSeconds: j.at,
      jobName: j.jobName ?? `${name}-${i + 1}`,
      spec: j.spec ?? spec(),
      dependsOn: (j.dependsOn ?? []).map((d) =>
        typeof d === "string" ? { jobName: d, type: null } : d,
      ),
    })),
  };
}

/** Runs a scenario and returns every fact (copied). */
export function run(s: Scenario): { facts: Fact[]; endSeconds: number } {
  const facts: Fact[] = [];
  const result = simulate(s, (f) => facts.push({ ...f }));
  return { facts, endSeconds: result.endSeconds };
}
