import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/index.ts";
import { CATALOG, problems, variant } from "./helpers.ts";

describe("which keys are accepted", () => {
  it("suggests the closest known key for a misspelt one", () => {
    expect(problems(variant({ 12: '    sim: {runtime: 10m, exitCode: {"0": 1}}' }))).toEqual([
      "s.yaml:12:25 error jobDefinitions[0].sim.exitCode: unknown key (did you mean exitCodes?)",
    ]);
  });

  it("gives no suggestion when nothing is close", () => {
    expect(problems(variant({}, ["flavour: vanilla"]))).toEqual([
      "s.yaml:17:1 error flavour: unknown key",
    ]);
  });

  it("still checks the other fields of a mapping that has an unknown key", () => {
    expect(
      problems(
        variant({
          5: "    computeResources: {type: EC2, maxvCpus: 4, minvCpus: 8, instanceTypes: [c6i], subnet: [a]}",
        }),
      ),
    ).toEqual([
      "s.yaml:5:58 error computeEnvironments[0].computeResources.minvCpus: minvCpus must not exceed maxvCpus",
      "s.yaml:5:83 error computeEnvironments[0].computeResources.subnet: unknown key (did you mean subnets?)",
    ]);
  });

  it("rejects AWS features batchsim does not model as not supported", () => {
    expect(problems(variant({ 10: "    type: container\n    eksProperties: {}" }))).toEqual([
      "s.yaml:11:5 error jobDefinitions[0].eksProperties: not supported (an AWS feature batchsim does not model)",
    ]);
    expect(
      problems(
        variant({
          7: "  - {jobQueueName: q, priority: 1, jobQueueType: EKS, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}",
        }),
      ),
    ).toEqual([
      "s.yaml:7:50 error jobQueues[0].jobQueueType: EKS: not supported (batchsim models ECS job queues)",
    ]);
  });

  it("rejects contract features not built yet at their key", () => {
    expect(
      problems(
        variant({}, [
          "actions: [{at: 1h, updateJobQueue: {jobQueue: q, schedulingPolicyArn: fair}}]",
        ]),
      ),
    ).toEqual([
      "s.yaml:17:50 error actions[0].updateJobQueue.schedulingPolicyArn: not supported yet",
    ]);
  });

  it("rejects values of features not built yet at the value", () => {
    const windows =
      '    containerProperties: {runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE}, resourceRequirements: [{type: VCPU, value: "1"}, {type: MEMORY, value: "2048"}]}';
    const fargate = "    type: container\n    platformCapabilities: [FARGATE]";
    expect(problems(variant({ 10: fargate, 11: windows }))).toEqual([
      "s.yaml:12:68 error jobDefinitions[0].containerProperties.runtimePlatform.operatingSystemFamily: WINDOWS_SERVER_2022_CORE: not supported yet (Linux only)",
    ]);
  });

  it("accepts fields with no effect and lists them once in a notice", () => {
    const text = variant({
      3: "  - computeEnvironmentName: ce\n    serviceRole: arn:aws:iam::1:role/batch\n    tags: {a: b}",
      11: '    containerProperties: {image: busybox, command: [x], resourceRequirements: [{type: VCPU, value: "1"}, {type: MEMORY, value: "2048"}]}\n    tags: {c: d}',
    });
    const r = loadScenario(text, "s.yaml", CATALOG);
    expect(r.ok && r.notices).toEqual([
      "accepted, no effect in simulation: serviceRole, tags, image, command",
    ]);
  });

  it("refuses __proto__, constructor and prototype keys anywhere, harmlessly", () => {
    expect(
      problems(
        variant({ 12: "    sim: {runtime: 10m, __proto__: {polluted: true}, constructor: 1}" }),
      ),
    ).toEqual([
      "s.yaml:12:25 error jobDefinitions[0].sim.__proto__: key __proto__ is not allowed",
      "s.yaml:12:54 error jobDefinitions[0].sim.constructor: key constructor is not allowed",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(problems(variant({}, ["prototype: 1"]))).toEqual([
      "s.yaml:17:1 error prototype: key prototype is not allowed",
    ]);
  });

  it("reports a duplicate key at the later one, naming the earlier line", () => {
    expect(problems(variant({ 10: "    type: container\n    type: container" }))).toEqual([
      "s.yaml:11:5 error jobDefinitions[0].type: duplicate key type (first at line 10)",
    ]);
  });
});

describe("did-you-mean on long keys", () => {
  it("suggests a long key three edits away, but not an unrelated short one", async () => {
    const { closest } = await import("../../src/scenario/did-you-mean.ts");
    expect(
      closest("schedulerIntervalSecs", ["schedulerIntervalSeconds", "scaleIntervalSeconds"]),
    ).toBe("schedulerIntervalSeconds");
    expect(closest("seed", ["name", "start"])).toBeUndefined();
  });
});
