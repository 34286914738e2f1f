/** Fargate in the scenario layer (issue 5): CEs, queues, job definitions, overrides, platform checks. */
import { describe, expect, it } from "vitest";
import { loadScenario, settingsAsAssumptions } from "../../src/scenario/index.ts";
import { CATALOG, problems, scenario, variant } from "./helpers.ts";

/** A valid Fargate scenario, one line per entry (line numbers in tests count from 1 here). */
const FARGATE: readonly string[] = [
  "name: f", // 1
  "computeEnvironments:", // 2
  "  - computeEnvironmentName: fspot", // 3
  "    type: MANAGED", // 4
  "    computeResources: {type: FARGATE_SPOT, maxvCpus: 32, subnets: [subnet-1]}", // 5
  "  - computeEnvironmentName: fargate", // 6
  "    type: MANAGED", // 7
  "    computeResources: {type: FARGATE, maxvCpus: 64}", // 8
  "jobQueues:", // 9
  "  - jobQueueName: fq", // 10
  "    priority: 1", // 11
  "    jobQueueType: ECS_FARGATE", // 12
  "    computeEnvironmentOrder:", // 13
  "      - {order: 1, computeEnvironment: fspot}", // 14
  "      - {order: 2, computeEnvironment: fargate}", // 15
  "jobDefinitions:", // 16
  "  - jobDefinitionName: render", // 17
  "    type: container", // 18
  "    platformCapabilities: [FARGATE]", // 19
  "    containerProperties:", // 20
  '      resourceRequirements: [{type: VCPU, value: "1"}, {type: MEMORY, value: "2048"}]', // 21
  "      runtimePlatform: {cpuArchitecture: ARM64, operatingSystemFamily: LINUX}", // 22
  "      ephemeralStorage: {sizeInGiB: 30}", // 23
  "      fargatePlatformConfiguration: {platformVersion: LATEST}", // 24
  "      networkConfiguration: {assignPublicIp: ENABLED}", // 25
  "    sim: {runtime: 10m}", // 26
  "workload:", // 27
  "  - name: w", // 28
  "    submit: {jobQueue: fq, jobDefinition: render}", // 29
  "    arrivals: {process: fixed, every: 1h, count: 3}", // 30
];

/** FARGATE with lines replaced (1-based line → new text) and lines appended. */
function fargate(
  replace: Readonly<Record<number, string>>,
  append: readonly string[] = [],
): string {
  return [...FARGATE.map((l, i) => replace[i + 1] ?? l), ...append].join("\n");
}

describe("a Fargate scenario", () => {
  it("normalises CEs, queue and job spec (FARGATE_SPOT first, ARM64, 30 GiB of storage)", () => {
    const r = loadScenario(fargate({}), "s.yaml", CATALOG);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const s = r.scenario;
    expect(s.computeEnvironments.map((c) => c.computeResources)).toEqual([
      {
        type: "FARGATE_SPOT",
        allocationStrategy: "BEST_FIT",
        minvCpus: 0,
        maxvCpus: 32,
        desiredvCpus: 0,
        instanceTypes: [],
        bidPercentage: 100,
        minScaleDownDelaySeconds: null,
      },
      {
        type: "FARGATE",
        allocationStrategy: "BEST_FIT",
        minvCpus: 0,
        maxvCpus: 64,
        desiredvCpus: 0,
        instanceTypes: [],
        bidPercentage: 100,
        minScaleDownDelaySeconds: null,
      },
    ]);
    expect(s.jobQueues[0]?.computeEnvironments).toEqual(["fspot", "fargate"]);
    const w = s.workload[0];
    if (w?.kind !== "arrivals") throw new Error("expected an arrivals stream");
    expect(w.spec).toMatchObject({
      jobQueue: "fq",
      jobDefinition: "render",
      platform: "FARGATE",
      cpuArchitecture: "ARM64",
      ephemeralStorageGiB: 30,
      vcpus: 1,
      memoryMiB: 2048,
      gpus: 0,
    });
    expect(r.notices).toEqual([
      "accepted, no effect in simulation: subnets, fargatePlatformConfiguration, networkConfiguration",
    ]);
  });

  it("defaults to X86_64 and 20 GiB, and accepts jobQueueType ECS or none", () => {
    const s = scenario(fargate({ 12: "    jobQueueType: ECS", 22: "", 23: "" }));
    const w = s.workload[0];
    expect(w?.kind === "arrivals" && [w.spec.cpuArchitecture, w.spec.ephemeralStorageGiB]).toEqual([
      "X86_64",
      20,
    ]);
    expect(problems(fargate({ 12: "" }))).toEqual([]);
  });

  it("accepts every valid size, fractional vCPUs included, and the largest one", () => {
    for (const [vcpu, memory] of [
      ["0.25", "512"],
      ["0.25", "2048"],
      ["0.5", "4096"],
      ["2", "16384"],
      ["4", "30720"],
      ["8", "20480"],
      ["16", "122880"],
    ]) {
      const s = scenario(
        fargate({
          21: `      resourceRequirements: [{type: VCPU, value: "${vcpu}"}, {type: MEMORY, value: "${memory}"}]`,
        }),
      );
      const w = s.workload[0];
      expect(w?.kind === "arrivals" && [w.spec.vcpus, w.spec.memoryMiB]).toEqual([
        Number(vcpu),
        Number(memory),
      ]);
    }
  });

  it("lets Fargate jobs be arrays with retries, timeouts and dependencies", () => {
    const s = scenario(
      fargate(
        {
          28: "  - name: e",
          29: "    jobs:",
          30: "      - {at: 0, submit: {jobName: a, jobQueue: fq, jobDefinition: render, arrayProperties: {size: 4}, retryStrategy: {attempts: 3}, timeout: {attemptDurationSeconds: 600}}}",
        },
        [
          "      - {at: 0, submit: {jobName: b, jobQueue: fq, jobDefinition: render, arrayProperties: {size: 4}, dependsOn: [{jobName: a, type: N_TO_N}]}}",
        ],
      ),
    );
    const e = s.workload[0];
    if (e?.kind !== "jobs") throw new Error("expected a jobs stream");
    expect(e.jobs[0]?.spec).toMatchObject({
      platform: "FARGATE",
      arraySize: 4,
      retryStrategy: { attempts: 3 },
      attemptDurationSeconds: 600,
    });
    expect(e.jobs[1]?.dependsOn).toEqual([{ jobName: "a", type: "N_TO_N" }]);
  });
});

describe("Fargate compute environments", () => {
  it("refuse each EC2-only field at its key", () => {
    const text = fargate({
      8: [
        "    computeResources:",
        "      type: FARGATE",
        "      maxvCpus: 64",
        "      allocationStrategy: BEST_FIT",
        "      minvCpus: 0",
        "      desiredvCpus: 0",
        "      instanceTypes: [c6i]",
        "      bidPercentage: 50",
        "      imageId: ami-1",
        "      ec2KeyPair: key",
        "      instanceRole: role",
        "      placementGroup: pg",
        "      spotIamFleetRole: fleet",
        "      launchTemplate: {launchTemplateName: lt}",
        "      ec2Configuration: [{imageType: ECS_AL2023}]",
        "      scalingPolicy: {minScaleDownDelayMinutes: 30}",
        "      subnets: [subnet-1]",
        "      securityGroupIds: [sg-1]",
      ].join("\n"),
    });
    const P = "computeEnvironments[1].computeResources";
    const M = "not for Fargate compute environments";
    expect(problems(text)).toEqual([
      `s.yaml:11:7 error ${P}.allocationStrategy: ${M}`,
      `s.yaml:12:7 error ${P}.minvCpus: ${M}`,
      `s.yaml:13:7 error ${P}.desiredvCpus: ${M}`,
      `s.yaml:14:7 error ${P}.instanceTypes: ${M}`,
      `s.yaml:15:7 error ${P}.bidPercentage: ${M}`,
      `s.yaml:16:7 error ${P}.imageId: ${M}`,
      `s.yaml:17:7 error ${P}.ec2KeyPair: ${M}`,
      `s.yaml:18:7 error ${P}.instanceRole: ${M}`,
      `s.yaml:19:7 error ${P}.placementGroup: ${M}`,
      `s.yaml:20:7 error ${P}.spotIamFleetRole: ${M}`,
      `s.yaml:21:7 error ${P}.launchTemplate: ${M}`,
      `s.yaml:22:7 error ${P}.ec2Configuration: ${M}`,
      `s.yaml:23:7 error ${P}.scalingPolicy: ${M}`,
    ]);
  });

  it("need maxvCpus", () => {
    expect(problems(fargate({ 8: "    computeResources: {type: FARGATE}" }))).toEqual([
      "s.yaml:8:24 error computeEnvironments[1].computeResources.maxvCpus: required for a MANAGED compute environment",
    ]);
  });

  it("refuse minvCpus and desiredvCpus in updateComputeEnvironment; maxvCpus is fine", () => {
    expect(
      problems(
        fargate({}, [
          "actions:",
          "  - {at: 1h, updateComputeEnvironment: {computeEnvironment: fargate, computeResources: {maxvCpus: 8}}}",
          "  - {at: 2h, updateComputeEnvironment: {computeEnvironment: fargate, computeResources: {minvCpus: 0, desiredvCpus: 0}}}",
        ]),
      ),
    ).toEqual([
      "s.yaml:33:89 error actions[1].updateComputeEnvironment.computeResources.minvCpus: not for Fargate compute environments (fargate is FARGATE)",
      "s.yaml:33:102 error actions[1].updateComputeEnvironment.computeResources.desiredvCpus: not for Fargate compute environments (fargate is FARGATE)",
    ]);
  });
});

/** Fargate CEs fspot, fargate and an EC2 CE batch-ce; queue fq on the first two, main on batch-ce. */
const WITH_EC2: readonly string[] = [
  "name: f", // 1
  "computeEnvironments:", // 2
  "  - computeEnvironmentName: fspot", // 3
  "    type: MANAGED", // 4
  "    computeResources: {type: FARGATE_SPOT, maxvCpus: 32}", // 5
  "  - computeEnvironmentName: fargate", // 6
  "    type: MANAGED", // 7
  "    computeResources: {type: FARGATE, maxvCpus: 64}", // 8
  "  - computeEnvironmentName: batch-ce", // 9
  "    type: MANAGED", // 10
  "    computeResources: {type: EC2, maxvCpus: 64, instanceTypes: [c6i]}", // 11
  "jobQueues:", // 12
  "  - jobQueueName: fq", // 13
  "    priority: 1", // 14
  "    computeEnvironmentOrder:", // 15
  "      - {order: 1, computeEnvironment: fspot}", // 16
  "      - {order: 2, computeEnvironment: fargate}", // 17
  "  - {jobQueueName: main, priority: 1, computeEnvironmentOrder: [{order: 1, computeEnvironment: batch-ce}]}", // 18
  "jobDefinitions:", // 19
  "  - jobDefinitionName: render", // 20
  "    type: container", // 21
  "    platformCapabilities: [FARGATE]", // 22
  '    containerProperties: {resourceRequirements: [{type: VCPU, value: "1"}, {type: MEMORY, value: "2048"}]}', // 23
  "    sim: {runtime: 10m}", // 24
  "  - jobDefinitionName: d", // 25
  "    type: container", // 26
  '    containerProperties: {resourceRequirements: [{type: VCPU, value: "1"}, {type: MEMORY, value: "2048"}]}', // 27
  "    sim: {runtime: 10m}", // 28
  "workload:", // 29
  "  - name: w", // 30
  "    submit: {jobQueue: fq, jobDefinition: render}", // 31
  "    arrivals: {process: fixed, every: 1h, count: 3}", // 32
];

/** WITH_EC2 with lines replaced (1-based line → new text) and lines appended. */
function withEc2(replace: Readonly<Record<number, string>> = {}, append: readonly string[] = []) {
  return [...WITH_EC2.map((l, i) => replace[i + 1] ?? l), ...append].join("\n");
}

describe("queues and the platform of their compute environments", () => {
  it("the withEc2 fixture is valid", () => {
    const s = scenario(withEc2());
    expect(s.jobQueues.map((q) => [q.jobQueueName, q.computeEnvironments])).toEqual([
      ["fq", ["fspot", "fargate"]],
      ["main", ["batch-ce"]],
    ]);
  });

  it("refuse a queue that mixes EC2 and Fargate CEs, at the entry that breaks the rule", () => {
    expect(
      problems(
        withEc2({
          18: "  - {jobQueueName: main, priority: 1, computeEnvironmentOrder: [{order: 1, computeEnvironment: batch-ce}, {order: 2, computeEnvironment: fargate}]}",
        }),
      ),
    ).toEqual([
      "s.yaml:18:138 error jobQueues[1].computeEnvironmentOrder[1].computeEnvironment: fargate is FARGATE, but batch-ce (line 18) is EC2: a job queue's compute environments must be all EC2 (EC2, SPOT, UNMANAGED) or all Fargate (FARGATE, FARGATE_SPOT)",
    ]);
    expect(problems(withEc2({ 17: "      - {order: 2, computeEnvironment: batch-ce}" }))).toEqual([
      "s.yaml:17:40 error jobQueues[0].computeEnvironmentOrder[1].computeEnvironment: batch-ce is EC2, but fspot (line 16) is FARGATE_SPOT: a job queue's compute environments must be all EC2 (EC2, SPOT, UNMANAGED) or all Fargate (FARGATE, FARGATE_SPOT)",
    ]);
  });

  it("refuse jobQueueType ECS_FARGATE with EC2 CEs; accept ECS for both kinds", () => {
    expect(
      problems(
        withEc2({
          18: "  - {jobQueueName: main, priority: 1, jobQueueType: ECS_FARGATE, computeEnvironmentOrder: [{order: 1, computeEnvironment: batch-ce}]}",
        }),
      ),
    ).toEqual([
      "s.yaml:18:53 error jobQueues[1].jobQueueType: ECS_FARGATE is for Fargate compute environments, but job queue main has EC2 ones (batch-ce): use ECS or leave jobQueueType out",
    ]);
    expect(
      problems(
        withEc2({
          14: "    priority: 1\n    jobQueueType: ECS",
          18: "  - {jobQueueName: main, priority: 1, jobQueueType: ECS, computeEnvironmentOrder: [{order: 1, computeEnvironment: batch-ce}]}",
        }),
      ),
    ).toEqual([]);
  });

  it("refuse a Fargate job on an EC2 queue and an EC2 job on a Fargate queue, at jobQueue", () => {
    expect(
      problems(withEc2({ 31: "    submit: {jobQueue: main, jobDefinition: render}" })),
    ).toEqual([
      "s.yaml:31:24 error workload[0].submit.jobQueue: job definition render is for FARGATE but job queue main has EC2 compute environments (batch-ce): a Fargate job needs a queue of Fargate (FARGATE, FARGATE_SPOT) compute environments",
    ]);
    expect(problems(withEc2({ 31: "    submit: {jobQueue: fq, jobDefinition: d}" }))).toEqual([
      "s.yaml:31:24 error workload[0].submit.jobQueue: job definition d is for EC2 but job queue fq has Fargate compute environments (fspot, fargate): an EC2 job needs a queue of EC2 (EC2, SPOT, UNMANAGED) compute environments",
    ]);
  });

  it("check the platform in jobs: lists and pipeline steps too", () => {
    const text = withEc2(
      {
        30: "  - name: e",
        31: "    jobs:",
        32: "      - {at: 0, submit: {jobName: a, jobQueue: main, jobDefinition: render}}",
      },
      [
        "      - {at: 0, submit: {jobName: b, jobQueue: fq, jobDefinition: render}}", // 33
        "  - name: p", // 34
        "    arrivals: {process: fixed, every: 1h, count: 2}", // 35
        "    pipeline:", // 36
        "      steps:", // 37
        "        - {step: s1, submit: {jobQueue: fq, jobDefinition: d}}", // 38
        "        - {step: s2, submit: {jobQueue: main, jobDefinition: d}}", // 39
      ],
    );
    expect(problems(text)).toEqual([
      "s.yaml:32:48 error workload[0].jobs[0].submit.jobQueue: job definition render is for FARGATE but job queue main has EC2 compute environments (batch-ce): a Fargate job needs a queue of Fargate (FARGATE, FARGATE_SPOT) compute environments",
      "s.yaml:38:41 error workload[1].pipeline.steps[0].submit.jobQueue: job definition d is for EC2 but job queue fq has Fargate compute environments (fspot, fargate): an EC2 job needs a queue of EC2 (EC2, SPOT, UNMANAGED) compute environments",
    ]);
  });
});

describe("updateJobQueue and the platform of a queue", () => {
  const update = (order: string): string =>
    withEc2({}, [
      "actions:",
      `  - {at: 1h, updateJobQueue: {jobQueue: fq, computeEnvironmentOrder: [${order}]}}`,
    ]);

  it("keeps the queue's kind: an update may reorder Fargate CEs but not bring in EC2 ones", () => {
    expect(
      problems(
        update("{order: 1, computeEnvironment: fargate}, {order: 2, computeEnvironment: fspot}"),
      ),
    ).toEqual([]);
    expect(problems(update("{order: 1, computeEnvironment: batch-ce}"))).toEqual([
      "s.yaml:34:102 error actions[0].updateJobQueue.computeEnvironmentOrder[0].computeEnvironment: batch-ce is EC2, but job queue fq has Fargate compute environments (fspot, fargate): a job queue's compute environments must be all EC2 (EC2, SPOT, UNMANAGED) or all Fargate (FARGATE, FARGATE_SPOT)",
    ]);
  });

  it("refuses Spot CEs for a queue that receives multi-node parallel jobs", () => {
    const text = variant(
      {
        3: "  - computeEnvironmentName: ce\n    type: MANAGED\n    computeResources: {type: EC2, maxvCpus: 64, instanceTypes: [c6i]}\n  - computeEnvironmentName: spot",
        5: "    computeResources: {type: SPOT, maxvCpus: 64, instanceTypes: [c6i]}",
        10: "    type: multinode",
        11: '    nodeProperties: {numNodes: 2, mainNode: 0, nodeRangeProperties: [{targetNodes: "0:", container: {vcpus: 1, memory: 2048}}]}',
      },
      [
        "actions:",
        "  - {at: 1h, updateJobQueue: {jobQueue: q, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}, {order: 2, computeEnvironment: spot}]}}",
      ],
    );
    expect(problems(text)).toEqual([
      "s.yaml:21:137 error actions[0].updateJobQueue.computeEnvironmentOrder[1].computeEnvironment: multi-node parallel jobs are not supported on Spot compute environments (job queue q receives multi-node parallel jobs; spot is SPOT)",
    ]);
  });
});

describe("Fargate job definitions", () => {
  const rr = (vcpu: string, memory: string): Record<number, string> => ({
    21: `      resourceRequirements: [{type: VCPU, value: "${vcpu}"}, {type: MEMORY, value: "${memory}"}]`,
  });

  it("refuse a VCPU Fargate does not offer, listing the valid ones", () => {
    expect(problems(fargate(rr("3", "4096")))).toEqual([
      "s.yaml:21:50 error jobDefinitions[0].containerProperties.resourceRequirements[0].value: VCPU 3 is not a Fargate size: expected one of 0.25, 0.5, 1, 2, 4, 8, 16",
    ]);
  });

  it("refuse a MEMORY the VCPU does not allow, at MEMORY, listing the allowed values", () => {
    expect(problems(fargate(rr("1", "1024")))).toEqual([
      "s.yaml:21:78 error jobDefinitions[0].containerProperties.resourceRequirements[1].value: Fargate has no 1 vCPU / 1024 MiB size: with 1 vCPU, MEMORY must be one of 2048, 3072, 4096, 5120, 6144, 7168, 8192",
    ]);
    expect(problems(fargate(rr("8", "18432")))).toEqual([
      "s.yaml:21:78 error jobDefinitions[0].containerProperties.resourceRequirements[1].value: Fargate has no 8 vCPU / 18432 MiB size: with 8 vCPU, MEMORY must be one of 16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440",
    ]);
  });

  it("refuse GPUs and legacy vcpus/memory", () => {
    expect(
      problems(
        fargate({
          21: '      resourceRequirements: [{type: VCPU, value: "1"}, {type: MEMORY, value: "2048"}, {type: GPU, value: "1"}]\n      vcpus: 1\n      memory: 2048',
        }),
      ),
    ).toEqual([
      "s.yaml:21:94 error jobDefinitions[0].containerProperties.resourceRequirements[2].type: Fargate has no GPUs",
      "s.yaml:22:7 error jobDefinitions[0].containerProperties.vcpus: not allowed on Fargate: use resourceRequirements",
      "s.yaml:23:7 error jobDefinitions[0].containerProperties.memory: not allowed on Fargate: use resourceRequirements",
    ]);
  });

  it("refuse EC2 and FARGATE together, and Fargate for multinode (unchanged)", () => {
    expect(problems(fargate({ 19: "    platformCapabilities: [FARGATE, EC2]" }))).toEqual([
      "s.yaml:19:37 error jobDefinitions[0].platformCapabilities[1]: a job definition is for one platform: FARGATE or EC2, not both",
    ]);
  });

  it("check runtimePlatform: X86_64 | ARM64, Linux only", () => {
    expect(
      problems(
        fargate({
          22: "      runtimePlatform: {cpuArchitecture: arm64, operatingSystemFamily: WINDOWS_SERVER_2022_CORE}",
        }),
      ),
    ).toEqual([
      "s.yaml:22:42 error jobDefinitions[0].containerProperties.runtimePlatform.cpuArchitecture: expected one of X86_64, ARM64 (did you mean ARM64?)",
    ]);
    expect(
      problems(
        fargate({
          22: "      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE}",
        }),
      ),
    ).toEqual([
      "s.yaml:22:48 error jobDefinitions[0].containerProperties.runtimePlatform.operatingSystemFamily: WINDOWS_SERVER_2022_CORE: not supported yet (Linux only)",
    ]);
    expect(problems(fargate({ 22: "      runtimePlatform: {cpuArch: ARM64}" }))).toEqual([
      "s.yaml:22:25 error jobDefinitions[0].containerProperties.runtimePlatform.cpuArch: unknown key (did you mean cpuArchitecture?)",
    ]);
  });

  it("check ephemeralStorage.sizeInGiB: an integer 21–200", () => {
    const M = "must be an integer from 21 to 200 (GiB; 20 GiB are included by default)";
    for (const v of ["20", "201", "30.5"]) {
      expect(problems(fargate({ 23: `      ephemeralStorage: {sizeInGiB: ${v}}` }))).toEqual([
        `s.yaml:23:37 error jobDefinitions[0].containerProperties.ephemeralStorage.sizeInGiB: ${M}`,
      ]);
    }
    expect(problems(fargate({ 23: "      ephemeralStorage: {}" }))).toEqual([
      "s.yaml:23:25 error jobDefinitions[0].containerProperties.ephemeralStorage.sizeInGiB: required",
    ]);
  });

  it("can be set with --set, like any field of the schema", () => {
    const s = scenario(fargate({}), {
      sets: [
        "jobDefinitions[0].containerProperties.ephemeralStorage.sizeInGiB=40",
        "jobDefinitions[0].containerProperties.runtimePlatform.cpuArchitecture=X86_64",
      ],
    });
    const w = s.workload[0];
    expect(w?.kind === "arrivals" && [w.spec.cpuArchitecture, w.spec.ephemeralStorageGiB]).toEqual([
      "X86_64",
      40,
    ]);
    expect(
      problems(fargate({}), {
        sets: ["jobDefinitions[0].containerProperties.ephemeralStorage.sizeInGib=40"],
      }),
    ).toEqual([
      "--set:1:1 error jobDefinitions[0].containerProperties.ephemeralStorage.sizeInGib: sizeInGib is not a field of the scenario (did you mean sizeInGiB?)",
    ]);
  });

  it("leave the Fargate fields of EC2 definitions accepted with no effect, whatever their value", () => {
    const text = variant({
      11: '    containerProperties: {resourceRequirements: [{type: VCPU, value: "1"}, {type: MEMORY, value: "2048"}], runtimePlatform: {cpuArchitecture: anything}, ephemeralStorage: {sizeInGiB: 5}}',
    });
    const r = loadScenario(text, "s.yaml", CATALOG);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.notices).toEqual([
      "accepted, no effect in simulation: runtimePlatform, ephemeralStorage",
    ]);
    const w = r.scenario.workload[0];
    expect(
      w?.kind === "arrivals" && [
        w.spec.platform,
        w.spec.cpuArchitecture,
        w.spec.ephemeralStorageGiB,
      ],
    ).toEqual(["EC2", "X86_64", 20]);
  });
});

describe("SubmitJob overrides of a Fargate job", () => {
  const submit = (overrides: string): string =>
    fargate({
      29: `    submit: {jobQueue: fq, jobDefinition: render, containerOverrides: ${overrides}}`,
    });

  it("apply a valid size, fractional vCPU included", () => {
    const s = scenario(
      submit('{resourceRequirements: [{type: VCPU, value: "0.25"}, {type: MEMORY, value: "512"}]}'),
    );
    const w = s.workload[0];
    expect(w?.kind === "arrivals" && [w.spec.vcpus, w.spec.memoryMiB]).toEqual([0.25, 512]);
  });

  it("refuse an override that breaks the size, at the override", () => {
    expect(problems(submit('{resourceRequirements: [{type: MEMORY, value: "1024"}]}'))).toEqual([
      "s.yaml:29:117 error workload[0].submit.containerOverrides.resourceRequirements[0].value: Fargate has no 1 vCPU / 1024 MiB size: with 1 vCPU, MEMORY must be one of 2048, 3072, 4096, 5120, 6144, 7168, 8192",
    ]);
    expect(problems(submit('{resourceRequirements: [{type: VCPU, value: "4"}]}'))).toEqual([
      "s.yaml:29:115 error workload[0].submit.containerOverrides.resourceRequirements[0].value: Fargate has no 4 vCPU / 2048 MiB size: with 4 vCPU, MEMORY must be one of 8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384, 17408, 18432, 19456, 20480, 21504, 22528, 23552, 24576, 25600, 26624, 27648, 28672, 29696, 30720",
    ]);
    expect(problems(submit('{resourceRequirements: [{type: VCPU, value: "0.3"}]}'))).toEqual([
      "s.yaml:29:115 error workload[0].submit.containerOverrides.resourceRequirements[0].value: VCPU 0.3 is not a Fargate size: expected one of 0.25, 0.5, 1, 2, 4, 8, 16",
    ]);
  });

  it("check the size on the job's values when the definition leaves MEMORY to the override", () => {
    const text = fargate({
      21: '      resourceRequirements: [{type: VCPU, value: "2"}]',
      29: '    submit: {jobQueue: fq, jobDefinition: render, containerOverrides: {resourceRequirements: [{type: MEMORY, value: "2048"}]}}',
    });
    expect(problems(text)).toEqual([
      "s.yaml:29:117 error workload[0].submit.containerOverrides.resourceRequirements[0].value: Fargate has no 2 vCPU / 2048 MiB size: with 2 vCPU, MEMORY must be one of 4096, 5120, 6144, 7168, 8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384",
    ]);
    expect(problems(text.replace('value: "2048"}]}}', 'value: "4096"}]}}'))).toEqual([]);
  });

  it("refuse legacy vcpus/memory and GPU overrides", () => {
    expect(problems(submit('{vcpus: 2, resourceRequirements: [{type: GPU, value: "1"}]}'))).toEqual(
      [
        "s.yaml:29:72 error workload[0].submit.containerOverrides.vcpus: not allowed on Fargate: use resourceRequirements",
        "s.yaml:29:112 error workload[0].submit.containerOverrides.resourceRequirements[0].type: Fargate has no GPUs",
      ],
    );
  });
});

describe("settings.fargateStartingSeconds and settings.fargateSpotInterruptionBucket", () => {
  it("default to 45 s and 5-10%, and are listed in the assumptions in the §13 table order", () => {
    const s = scenario(variant({}));
    expect(s.settings.fargateStartingSeconds).toEqual({ kind: "fixed", seconds: 45 });
    expect(s.settings.fargateSpotInterruptionBucket).toBe("5-10%");
    const a = settingsAsAssumptions(s.settings);
    expect([a.fargateStartingSeconds, a.fargateSpotInterruptionBucket]).toEqual([45, "5-10%"]);
    const keys = Object.keys(a);
    expect(
      keys.slice(keys.indexOf("jobStartingSeconds"), keys.indexOf("jobStartingSeconds") + 2),
    ).toEqual(["jobStartingSeconds", "fargateStartingSeconds"]);
  });

  it("are read (a distribution or a duration; a bucket label) and reach the assumptions", () => {
    const s = scenario(
      variant({}, [
        'settings: {fargateStartingSeconds: {distribution: uniform, min: 30s, max: 1m30s}, fargateSpotInterruptionBucket: ">20%"}',
      ]),
    );
    expect(s.settings.fargateStartingSeconds).toEqual({
      kind: "uniform",
      minSeconds: 30,
      maxSeconds: 90,
    });
    expect(s.settings.fargateSpotInterruptionBucket).toBe(">20%");
    const a = settingsAsAssumptions(s.settings);
    expect(a.fargateStartingSeconds).toEqual({
      distribution: "uniform",
      minSeconds: 30,
      maxSeconds: 90,
    });
    expect(a.fargateSpotInterruptionBucket).toBe(">20%");
    expect(
      settingsAsAssumptions(
        scenario(variant({}, ["settings: {fargateStartingSeconds: 2m}"])).settings,
      ).fargateStartingSeconds,
    ).toBe(120);
  });

  it("are range-checked", () => {
    expect(
      problems(
        variant({}, [
          'settings: {fargateStartingSeconds: -5, fargateSpotInterruptionBucket: "1%"}',
        ]),
      ),
    ).toEqual([
      "s.yaml:17:36 error settings.fargateStartingSeconds: must be ≥ 0",
      "s.yaml:17:71 error settings.fargateSpotInterruptionBucket: expected one of <5%, 5-10%, 10-15%, 15-20%, >20%",
    ]);
  });
});

describe("EC2 compute environment checks that stay", () => {
  it("refuse an unknown instance family with a did-you-mean", () => {
    expect(
      problems(
        variant({ 5: "    computeResources: {type: EC2, maxvCpus: 64, instanceTypes: [c6x]}" }),
      ),
    ).toEqual([
      "s.yaml:5:65 error computeEnvironments[0].computeResources.instanceTypes[0]: unknown instance type, family or alias c6x (did you mean c6a?)",
    ]);
  });
});
