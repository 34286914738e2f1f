import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/index.ts";
import { CATALOG, problems, scenario } from "./helpers.ts";

/** A valid scenario with a multi-node parallel definition (line numbers count from 1). */
const MNP: readonly string[] = [
  "name: t", // 1
  "computeEnvironments:", // 2
  "  - computeEnvironmentName: ce", // 3
  "    type: MANAGED", // 4
  "    computeResources: {type: EC2, maxvCpus: 256, instanceTypes: [c6i]}", // 5
  "  - computeEnvironmentName: onprem", // 6
  "    type: UNMANAGED", // 7
  "    sim: {instances: [{instanceType: c6i.xlarge, count: 2}]}", // 8
  "jobQueues:", // 9
  "  - {jobQueueName: q, priority: 1, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}", // 10
  "  - {jobQueueName: mixed, priority: 2, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}, {order: 2, computeEnvironment: onprem}]}", // 11
  "jobDefinitions:", // 12
  "  - jobDefinitionName: mpi", // 13
  "    type: multinode", // 14
  "    nodeProperties:", // 15
  "      numNodes: 8", // 16
  "      mainNode: 0", // 17
  "      nodeRangeProperties:", // 18
  '        - targetNodes: "0:"', // 19
  '          container: {image: mpi, resourceRequirements: [{type: VCPU, value: "4"}, {type: MEMORY, value: "8192"}]}', // 20
  "          instanceTypes: [c6i.2xlarge]", // 21
  '        - {targetNodes: ":1", container: {vcpus: 2, memory: 4096}}', // 22
  '        - {targetNodes: "2:3", container: {resourceRequirements: [{type: VCPU, value: "3"}, {type: MEMORY, value: "6000"}]}}', // 23
  '        - {targetNodes: "5", container: {resourceRequirements: [{type: VCPU, value: "8"}, {type: MEMORY, value: "15000"}]}, instanceTypes: [c6i.2xlarge]}', // 24
  "    sim: {runtime: 1h}", // 25
  "workload:", // 26
  "  - name: w", // 27
  "    submit: {jobQueue: q, jobDefinition: mpi}", // 28
  "    arrivals: {process: fixed, every: 1h, count: 2}", // 29
];

/** MNP with lines replaced (1-based line → new text; "" leaves an empty line, so later lines keep their numbers). */
function mnp(replace: Readonly<Record<number, string>>): string {
  return MNP.map((l, i) => replace[i + 1] ?? l).join("\n");
}

/** MNP with the submission of line 28 replaced by `submit: {jobQueue: q, jobDefinition: mpi, <extra>}`. */
function submit(extra: string, queue = "q"): string {
  return mnp({ 28: `    submit: {jobQueue: ${queue}, jobDefinition: mpi, ${extra}}` });
}

const R = "jobDefinitions[0].nodeProperties.nodeRangeProperties";

describe("multi-node parallel job definitions", () => {
  it("normalise to the nodes' groups: nested ranges override outer ones, open ends reach 0 and numNodes−1", () => {
    const r = loadScenario(mnp({}), "s.yaml", CATALOG);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.notices).toEqual(["accepted, no effect in simulation: image"]);
    const stream = r.scenario.workload[0];
    if (stream?.kind !== "arrivals") throw new Error("expected an arrivals stream");
    expect(stream.spec).toMatchObject({
      // The main node (0) is in ":1", nested in "0:".
      vcpus: 2,
      memoryMiB: 4096,
      gpus: 0,
      arraySize: null,
      runtime: { kind: "fixed", seconds: 3600 },
    });
    expect(stream.spec.nodeProperties).toEqual({
      numNodes: 8,
      mainNode: 0,
      groups: [
        { fromNode: 0, toNode: 1, vcpus: 2, memoryMiB: 4096, gpus: 0 },
        { fromNode: 2, toNode: 3, vcpus: 3, memoryMiB: 6000, gpus: 0 },
        { fromNode: 4, toNode: 4, vcpus: 4, memoryMiB: 8192, gpus: 0 },
        { fromNode: 5, toNode: 5, vcpus: 8, memoryMiB: 15000, gpus: 0 },
        { fromNode: 6, toNode: 7, vcpus: 4, memoryMiB: 8192, gpus: 0 },
      ],
      instanceType: "c6i.2xlarge",
    });
  });

  it("takes the main node's resources for the job, and no instance type when no range gives one", () => {
    const s = scenario(
      mnp({
        17: "      mainNode: 5",
        21: "          instanceTypes: []",
        24: '        - {targetNodes: "5", container: {resourceRequirements: [{type: VCPU, value: "8"}, {type: MEMORY, value: "15000"}, {type: GPU, value: "1"}]}}',
      }),
    );
    expect(s.workload[0]).toMatchObject({
      spec: {
        vcpus: 8,
        memoryMiB: 15000,
        gpus: 1,
        nodeProperties: { mainNode: 5, instanceType: null },
      },
    });
  });

  it("accepts container.instanceType as the range's instance type", () => {
    const s = scenario(
      mnp({
        21: "          container: {vcpus: 1, memory: 4, instanceType: c6i.large}",
        20: '          targetNodes: "0:"',
        19: "        -",
        24: '        - {targetNodes: "5", container: {vcpus: 8, memory: 15000}}',
      }),
    );
    expect(s.workload[0]).toMatchObject({
      spec: { nodeProperties: { instanceType: "c6i.large" } },
    });
  });

  it("rejects node ranges that miss a node, at nodeRangeProperties", () => {
    expect(
      problems(
        mnp({
          19: '        - targetNodes: "6:"',
          24: '        - {targetNodes: "5", container: {vcpus: 8, memory: 15000}}',
        }),
      ),
    ).toEqual([
      `s.yaml:19:9 error ${R}: node 4 is in no node range: the ranges must cover every node 0–7 (numNodes 8)`,
    ]);
    expect(
      problems(
        mnp({
          16: "      numNodes: 12",
          19: '        - targetNodes: "0:7"',
          24: '        - {targetNodes: "5", container: {vcpus: 8, memory: 15000}}',
        }),
      ),
    ).toEqual([
      `s.yaml:19:9 error ${R}: nodes 8–11 are in no node range: the ranges must cover every node 0–11 (numNodes 12)`,
    ]);
  });

  it("rejects ranges that overlap without nesting, or cover the same nodes, at the later one", () => {
    expect(
      problems(mnp({ 23: '        - {targetNodes: "1:2", container: {vcpus: 3, memory: 6000}}' })),
    ).toEqual([
      `s.yaml:23:25 error ${R}[2].targetNodes: overlaps node range ":1" (line 22) without being nested in it or containing it`,
    ]);
    expect(
      problems(mnp({ 23: '        - {targetNodes: "0:1", container: {vcpus: 3, memory: 6000}}' })),
    ).toEqual([
      `s.yaml:23:25 error ${R}[2].targetNodes: covers the same nodes as node range ":1" (line 22)`,
    ]);
  });

  it("rejects a malformed targetNodes, and a range past the last node or backwards", () => {
    expect(
      problems(mnp({ 22: '        - {targetNodes: "0-1", container: {vcpus: 2, memory: 4096}}' })),
    ).toEqual([
      `s.yaml:22:25 error ${R}[1].targetNodes: expected a node range like "0:3", ":3", "3:" or "2"`,
    ]);
    expect(
      problems(
        mnp({
          23: '        - {targetNodes: "3:2", container: {vcpus: 3, memory: 6000}}',
          24: '        - {targetNodes: "8", container: {vcpus: 8, memory: 15000}}',
        }),
      ),
    ).toEqual([
      `s.yaml:23:25 error ${R}[2].targetNodes: starts after it ends`,
      `s.yaml:24:25 error ${R}[3].targetNodes: node 8 is past the last node, 7 (numNodes 8)`,
    ]);
  });

  it("rejects a 6th node range at that range", () => {
    const more = [
      '        - {targetNodes: "6", container: {vcpus: 1, memory: 4}}',
      '        - {targetNodes: "7", container: {vcpus: 1, memory: 4}}',
    ];
    expect(problems(mnp({ 24: [MNP[23], ...more].join("\n") }))).toEqual([
      `s.yaml:26:11 error ${R}[5]: at most 5 node ranges (AWS: 5 node groups per job)`,
    ]);
  });

  it("needs mainNode < numNodes and numNodes 1–1000", () => {
    expect(problems(mnp({ 17: "      mainNode: 8" }))).toEqual([
      "s.yaml:17:17 error jobDefinitions[0].nodeProperties.mainNode: must be less than numNodes (8)",
    ]);
    expect(problems(mnp({ 16: "      numNodes: 1001" }))).toEqual([
      "s.yaml:16:17 error jobDefinitions[0].nodeProperties.numNodes: must be 1–1000",
    ]);
  });

  it("takes one catalog instance type for every range", () => {
    expect(
      problems(
        mnp({
          24: '        - {targetNodes: "5", container: {vcpus: 8, memory: 15000}, instanceTypes: [c6i.4xlarge]}',
        }),
      ),
    ).toEqual([
      `s.yaml:24:84 error ${R}[3].instanceTypes[0]: all node ranges must use the same instance type: node range "0:" uses c6i.2xlarge (line 21)`,
    ]);
    expect(problems(mnp({ 21: "          instanceTypes: [c6i]" }))).toEqual([
      `s.yaml:21:27 error ${R}[0].instanceTypes[0]: c6i is an instance family or alias: a multi-node job takes one instance type, like c6i.large`,
    ]);
    expect(problems(mnp({ 21: "          instanceTypes: [c6i.2xlarge, c6i.4xlarge]" }))).toEqual([
      `s.yaml:21:40 error ${R}[0].instanceTypes[1]: at most 1 instance type (AWS limits this list to one element)`,
    ]);
    expect(problems(mnp({ 21: "          instanceTypes: [c6i.2xlarg]" }))).toEqual([
      `s.yaml:21:27 error ${R}[0].instanceTypes[0]: unknown instance type c6i.2xlarg (did you mean c6i.2xlarge?)`,
    ]);
  });

  it("rejects containerProperties, Fargate and sim.memoryUsedMiB with multinode, and nodeProperties with container", () => {
    expect(
      problems(
        mnp({
          14: "    type: multinode\n    platformCapabilities: [FARGATE]\n    containerProperties: {vcpus: 1}",
          25: "    sim: {runtime: 1h, memoryUsedMiB: 10}",
        }),
      ),
    ).toEqual([
      "s.yaml:15:28 error jobDefinitions[0].platformCapabilities[0]: multi-node parallel jobs are not supported on Fargate",
      "s.yaml:16:5 error jobDefinitions[0].containerProperties: not allowed with type: multinode (each node range has its container in nodeProperties.nodeRangeProperties)",
      "s.yaml:27:24 error jobDefinitions[0].sim.memoryUsedMiB: not supported yet for multi-node jobs",
    ]);
    expect(problems(mnp({ 14: "    type: container" }))).toEqual([
      "s.yaml:15:5 error jobDefinitions[0].nodeProperties: only for type: multinode (this definition is type: container)",
    ]);
    expect(
      problems(
        mnp({
          15: "    sim: {runtime: 1h}",
          16: "",
          17: "",
          18: "",
          19: "",
          20: "",
          21: "",
          22: "",
          23: "",
          24: "",
          25: "",
        }),
      ),
    ).toEqual(["s.yaml:13:5 error jobDefinitions[0].nodeProperties: required for type: multinode"]);
  });

  it("needs VCPU and MEMORY on every node", () => {
    expect(
      problems(
        mnp({
          20: '          container: {image: mpi, resourceRequirements: [{type: VCPU, value: "4"}]}',
        }),
      ),
    ).toEqual([
      's.yaml:28:42 error workload[0].submit.jobDefinition: node range "0:" of the job has no MEMORY: give it in its container.resourceRequirements or in nodeOverrides.nodePropertyOverrides',
    ]);
    // An override can supply them.
    expect(
      problems(
        submit(
          'nodeOverrides: {nodePropertyOverrides: [{targetNodes: ":", containerOverrides: {resourceRequirements: [{type: MEMORY, value: "8192"}]}}]}',
        ).replace(
          '{type: VCPU, value: "4"}, {type: MEMORY, value: "8192"}',
          '{type: VCPU, value: "4"}',
        ),
      ),
    ).toEqual([]);
  });

  it("needs no resources in an outer range that nested ones cover wholly", () => {
    const s = scenario(
      mnp({
        16: "      numNodes: 2",
        20: "          container: {image: mpi}",
        22: '        - {targetNodes: ":0", container: {vcpus: 2, memory: 4096}}',
        23: '        - {targetNodes: "1", container: {vcpus: 3, memory: 6000}}',
        24: "",
      }),
    );
    expect(s.workload[0]).toMatchObject({
      spec: {
        nodeProperties: {
          numNodes: 2,
          groups: [
            { fromNode: 0, toNode: 0, vcpus: 2, memoryMiB: 4096, gpus: 0 },
            { fromNode: 1, toNode: 1, vcpus: 3, memoryMiB: 6000, gpus: 0 },
          ],
        },
      },
    });
  });
});

describe("multi-node parallel submissions", () => {
  it("override numNodes (the open range grows) and a range's resources", () => {
    const s = scenario(
      submit(
        'nodeOverrides: {numNodes: 12, nodePropertyOverrides: [{targetNodes: "0:", containerOverrides: {resourceRequirements: [{type: VCPU, value: "6"}]}}, {targetNodes: "0:1", containerOverrides: {vcpus: 1}}]}',
      ),
    );
    expect(s.workload[0]).toMatchObject({
      spec: {
        vcpus: 1,
        memoryMiB: 4096,
        nodeProperties: {
          numNodes: 12,
          groups: [
            { fromNode: 0, toNode: 1, vcpus: 1, memoryMiB: 4096, gpus: 0 },
            { fromNode: 2, toNode: 3, vcpus: 3, memoryMiB: 6000, gpus: 0 },
            { fromNode: 4, toNode: 4, vcpus: 6, memoryMiB: 8192, gpus: 0 },
            { fromNode: 5, toNode: 5, vcpus: 8, memoryMiB: 15000, gpus: 0 },
            { fromNode: 6, toNode: 11, vcpus: 6, memoryMiB: 8192, gpus: 0 },
          ],
        },
      },
    });
  });

  it("needs an open-ended range to override numNodes", () => {
    expect(
      problems(
        mnp({
          19: '        - targetNodes: "0:7"',
          28: "    submit: {jobQueue: q, jobDefinition: mpi, nodeOverrides: {numNodes: 4}}",
        }),
      ),
    ).toEqual([
      's.yaml:28:73 error workload[0].submit.nodeOverrides.numNodes: job definition mpi has no node range with an open end (like "4:"): AWS allows a numNodes override only then',
    ]);
  });

  it("needs the open range's start and mainNode below the new numNodes", () => {
    expect(
      problems(
        mnp({
          17: "      mainNode: 7",
          28: "    submit: {jobQueue: q, jobDefinition: mpi, nodeOverrides: {numNodes: 6}}",
        }),
      ),
    ).toEqual([
      "s.yaml:28:73 error workload[0].submit.nodeOverrides.numNodes: must be greater than 7, the mainNode of job definition mpi",
    ]);
    expect(
      problems(
        mnp({
          19: '        - targetNodes: "4:"',
          22: '        - {targetNodes: ":3", container: {vcpus: 2, memory: 4096}}',
          23: '        - {targetNodes: "2:3", container: {vcpus: 3, memory: 6000}}',
          24: '        - {targetNodes: "5", container: {vcpus: 8, memory: 15000}}',
          28: "    submit: {jobQueue: q, jobDefinition: mpi, nodeOverrides: {numNodes: 4}}",
        }),
      ),
    ).toEqual([
      's.yaml:28:73 error workload[0].submit.nodeOverrides.numNodes: must be greater than 4, the start of node range "4:" of job definition mpi (line 19)',
    ]);
    // A closed range past the new last node.
    expect(problems(submit("nodeOverrides: {numNodes: 4}"))).toEqual([
      's.yaml:28:73 error workload[0].submit.nodeOverrides.numNodes: with numNodes 4, node range "5" of job definition mpi (line 24): node 5 is past the last node, 3 (numNodes 4)',
    ]);
  });

  it("matches each nodePropertyOverrides entry to one range of the definition", () => {
    expect(
      problems(
        submit(
          'nodeOverrides: {nodePropertyOverrides: [{targetNodes: "0:1"}, {targetNodes: ":1"}, {targetNodes: "4"}, {targetNodes: "x"}]}',
        ),
      ),
    ).toEqual([
      "s.yaml:28:123 error workload[0].submit.nodeOverrides.nodePropertyOverrides[1].targetNodes: names the same node range as nodePropertyOverrides[0] (line 28)",
      's.yaml:28:144 error workload[0].submit.nodeOverrides.nodePropertyOverrides[2].targetNodes: matches no node range of job definition mpi ("0:", ":1", "2:3", "5"): an override names one of them',
      's.yaml:28:164 error workload[0].submit.nodeOverrides.nodePropertyOverrides[3].targetNodes: expected a node range like "0:3", ":3", "3:" or "2"',
    ]);
    expect(
      problems(
        submit(
          'nodeOverrides: {nodePropertyOverrides: [{targetNodes: "5", instanceTypes: [c6i.large]}]}',
        ),
      ),
    ).toEqual([
      's.yaml:28:122 error workload[0].submit.nodeOverrides.nodePropertyOverrides[0].instanceTypes[0]: all node ranges must use the same instance type: node range "0:" uses c6i.2xlarge, node range "5" c6i.large',
    ]);
  });

  it("rejects containerOverrides and arrayProperties on a multi-node job", () => {
    expect(problems(submit("arrayProperties: {size: 3}, containerOverrides: {vcpus: 2}"))).toEqual([
      "s.yaml:28:47 error workload[0].submit.arrayProperties: a multi-node parallel job cannot be an array job (AWS has no array multi-node jobs)",
      "s.yaml:28:75 error workload[0].submit.containerOverrides: not for a multi-node parallel job: use nodeOverrides.nodePropertyOverrides[].containerOverrides",
    ]);
  });

  it("rejects a queue with an UNMANAGED compute environment, at jobQueue", () => {
    expect(problems(mnp({ 28: "    submit: {jobQueue: mixed, jobDefinition: mpi}" }))).toEqual([
      "s.yaml:28:24 error workload[0].submit.jobQueue: multi-node parallel jobs are not supported on UNMANAGED compute environments (job queue mixed includes onprem)",
    ]);
  });

  it("rejects sim.memoryUsedMiB of a stream that submits a multi-node job", () => {
    expect(
      problems(
        mnp({
          29: "    arrivals: {process: fixed, every: 1h, count: 2}\n    sim: {memoryUsedMiB: 2GiB}",
        }),
      ),
    ).toEqual([
      "s.yaml:30:11 error workload[0].sim.memoryUsedMiB: not supported yet for multi-node jobs",
    ]);
  });
});
