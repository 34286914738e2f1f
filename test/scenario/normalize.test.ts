import { describe, expect, it } from "vitest";
import { settingsAsAssumptions } from "../../src/scenario/index.ts";
import { problems, scenario, variant } from "./helpers.ts";

const FULL = `# yaml-language-server: $schema=./scenario.schema.json
name: nightly-render
description: free text
seed: 42
start: 2026-01-05T00:00:00Z
region: eu-west-1
catalog:
  instanceTypes:
    - {instanceType: onprem.64, vcpu: 64, memoryGiB: 256, onDemandUsdPerHour: 0}
    - {instanceType: c6i.xlarge, onDemandUsdPerHour: 0.1}
settings:
  jobStartingSeconds: {distribution: uniform, min: 10s, max: 30s}
  instanceReadySeconds: {distribution: empirical, values: [1m, 2m], weights: [3, 1]}
  scaleInIdleSeconds: 600
computeEnvironments:
  - computeEnvironmentName: ec2
    type: MANAGED
    computeResources:
      type: EC2
      allocationStrategy: BEST_FIT_PROGRESSIVE
      maxvCpus: 512
      instanceTypes: [c6i, optimal]
  - computeEnvironmentName: onprem
    type: UNMANAGED
    state: DISABLED
    unmanagedvCpus: 64
    sim:
      instances: [{instanceType: onprem.64, count: 2}]
jobQueues:
  - jobQueueName: main
    priority: 10
    computeEnvironmentOrder:
      - {order: 2, computeEnvironment: onprem}
      - {order: 1, computeEnvironment: "arn:aws:batch:us-east-1:1:compute-environment/ec2"}
jobDefinitions:
  - jobDefinitionName: render
    type: container
    schedulingPriority: 5
    containerProperties:
      vcpus: 4
      memory: 8192
      resourceRequirements: [{type: GPU, value: "1"}]
    sim:
      runtime: {distribution: lognormal, median: 20m, p90: 1h}
      exitCodes: {"1": 0.25, "0": 0.75}
workload:
  - name: renders
    submit:
      jobName: frame
      jobQueue: main
      jobDefinition: render
      containerOverrides: {vcpus: 2}
    arrivals: {process: poisson, ratePerHour: 12, to: 8h}
    sim: {runtime: {distribution: exponential, mean: 5m}}
  - name: daily
    submit: {jobQueue: main, jobDefinition: "render:1"}
    arrivals: {process: diurnal, ratePerHour: [0,0,0,0,0,0,1,2,3,4,5,6,6,5,4,3,2,1,0,0,0,0,0,0], days: 2}
  - name: etl
    jobs:
      - {at: 0, submit: {jobName: extract, jobQueue: main, jobDefinition: render}}
      - {at: 30m, submit: {jobQueue: main, jobDefinition: render, dependsOn: [{jobName: extract}]}, sim: {runtime: 90s}}
`;

describe("a full valid scenario", () => {
  const s = scenario(FULL);

  it("keeps the scenario's identity, seed as a string, start in epoch ms and no until", () => {
    expect([s.name, s.description, s.seed, s.region, s.untilSeconds]).toEqual([
      "nightly-render",
      "free text",
      "42",
      "eu-west-1",
      null,
    ]);
    expect(s.startEpochMs).toBe(Date.UTC(2026, 0, 5));
    expect(s.spotPrices).toEqual([]);
  });

  it("fills settings defaults and normalises setting distributions", () => {
    expect(s.settings).toEqual({
      schedulerIntervalSeconds: 5,
      scaleIntervalSeconds: 30,
      fifoBackfill: true,
      instanceReadySeconds: { kind: "empirical", valuesSeconds: [60, 120], weights: [3, 1] },
      gpuInstanceReadySeconds: { kind: "fixed", seconds: 240 },
      jobStartingSeconds: { kind: "uniform", minSeconds: 10, maxSeconds: 30 },
      fargateStartingSeconds: { kind: "fixed", seconds: 45 },
      fargateSpotInterruptionBucket: "5-10%",
      instanceBillingDelaySeconds: 30,
      scaleInIdleSeconds: 600,
      ecsMemoryOverheadPercent: 3,
      ecsMemoryOverheadMiB: 32,
      shareDecayZeroSeconds: 600,
      retryRequeue: "original",
      timeoutKillSeconds: 30,
      oomKillFraction: 0.5,
      spotNoticeSeconds: 120,
      poolCapacity: {},
    });
  });

  it("renders settings as assumptions in a fixed key order", () => {
    const a = settingsAsAssumptions(s.settings);
    expect(Object.keys(a)[0]).toBe("schedulerIntervalSeconds");
    expect(a.gpuInstanceReadySeconds).toBe(240);
    expect(a.jobStartingSeconds).toEqual({
      distribution: "uniform",
      minSeconds: 10,
      maxSeconds: 30,
    });
  });

  it("merges catalog rows: a new type, and an override of only the columns given", () => {
    expect(s.catalog.byName.get("onprem.64")).toMatchObject({
      family: "onprem",
      vcpu: 64,
      memoryGiB: 256,
      gpu: 0,
      arch: "x86_64",
      spotUsdPerHour: null,
    });
    const c6i = s.catalog.byName.get("c6i.xlarge");
    expect(c6i).toMatchObject({ onDemandUsdPerHour: 0.1, vcpu: 4, memoryGiB: 8, family: "c6i" });
  });

  it("normalises compute environments and queues (CEs in ascending order, ARNs resolved)", () => {
    expect(s.computeEnvironments).toEqual([
      {
        computeEnvironmentName: "ec2",
        type: "MANAGED",
        state: "ENABLED",
        computeResources: {
          type: "EC2",
          allocationStrategy: "BEST_FIT_PROGRESSIVE",
          minvCpus: 0,
          maxvCpus: 512,
          desiredvCpus: 0,
          instanceTypes: ["c6i", "optimal"],
          bidPercentage: 100,
          minScaleDownDelaySeconds: null,
        },
        unmanagedvCpus: null,
        fleet: [],
      },
      {
        computeEnvironmentName: "onprem",
        type: "UNMANAGED",
        state: "DISABLED",
        computeResources: null,
        unmanagedvCpus: 64,
        fleet: [{ instanceType: "onprem.64", count: 2 }],
      },
    ]);
    expect(s.jobQueues).toEqual([
      {
        jobQueueName: "main",
        state: "ENABLED",
        priority: 10,
        computeEnvironments: ["ec2", "onprem"],
        schedulingPolicy: null,
        jobStateTimeLimitActions: [],
      },
    ]);
  });

  it("resolves job specs: legacy resources, overrides, sim blocks and exit codes", () => {
    const [renders, daily, etl] = s.workload;
    expect(renders).toEqual({
      kind: "arrivals",
      name: "renders",
      namePrefix: "frame",
      spec: {
        jobQueue: "main",
        jobDefinition: "render",
        shareIdentifier: null,
        schedulingPriority: 5,
        platform: "EC2",
        cpuArchitecture: "X86_64",
        ephemeralStorageGiB: 20,
        vcpus: 2,
        memoryMiB: 8192,
        gpus: 1,
        runtime: { kind: "exponential", meanSeconds: 300 },
        exitCodes: [
          { exitCode: 0, probability: 0.75 },
          { exitCode: 1, probability: 0.25 },
        ],
        retryStrategy: { attempts: 1, evaluateOnExit: [] },
        attemptDurationSeconds: null,
        memoryUsedMiB: null,
        arraySize: null,
        nodeProperties: null,
      },
      arrivals: {
        process: "poisson",
        ratePerHour: 12,
        fromSeconds: 0,
        toSeconds: 28800,
        count: null,
      },
    });
    expect(daily).toMatchObject({ namePrefix: "daily", arrivals: { process: "diurnal", days: 2 } });
    if (daily?.kind !== "arrivals" || daily.spec.runtime.kind !== "lognormal")
      throw new Error("expected lognormal");
    expect(daily.spec.runtime.mu).toBeCloseTo(Math.log(1200), 12);
    expect(daily.spec.runtime.sigma).toBeCloseTo(Math.log(3) / 1.2815515655446004, 12);
    expect(
      etl?.kind === "jobs" &&
        etl.jobs.map((j) => [j.jobName, j.atSeconds, j.dependsOn, j.spec.runtime]),
    ).toEqual([
      ["extract", 0, [], daily.spec.runtime],
      ["etl-2", 1800, [{ jobName: "extract", type: null }], { kind: "fixed", seconds: 90 }],
    ]);
  });

  it("refuses a legacy override of a value the definition set through resourceRequirements", () => {
    const text = FULL.replace(
      '      vcpus: 4\n      memory: 8192\n      resourceRequirements: [{type: GPU, value: "1"}]',
      '      resourceRequirements: [{type: VCPU, value: "4"}, {type: MEMORY, value: "8192"}]',
    );
    expect(() => scenario(text)).toThrow(
      "s.yaml:50:28 error workload[0].submit.containerOverrides.vcpus: cannot override a VCPU the job definition sets through resourceRequirements; use containerOverrides.resourceRequirements",
    );
  });
});

describe("settings of retries, timeouts and OOM kills", () => {
  it("are read, range-checked and listed as assumptions in the §13 table order", () => {
    const s = scenario(
      variant({}, ["settings: {retryRequeue: tail, timeoutKillSeconds: 10, oomKillFraction: 1}"]),
    );
    expect([
      s.settings.retryRequeue,
      s.settings.timeoutKillSeconds,
      s.settings.oomKillFraction,
    ]).toEqual(["tail", 10, 1]);
    expect(Object.keys(settingsAsAssumptions(s.settings)).slice(-7)).toEqual([
      "poolCapacity",
      "shareDecayZeroSeconds",
      "retryRequeue",
      "spotNoticeSeconds",
      "fargateSpotInterruptionBucket",
      "timeoutKillSeconds",
      "oomKillFraction",
    ]);
    expect(
      problems(
        variant({}, ["settings: {retryRequeue: back, timeoutKillSeconds: -1, oomKillFraction: 0}"]),
      ),
    ).toEqual([
      "s.yaml:17:26 error settings.retryRequeue: expected one of original, tail",
      "s.yaml:17:52 error settings.timeoutKillSeconds: must be ≥ 0",
      "s.yaml:17:73 error settings.oomKillFraction: must be > 0",
    ]);
  });
});
