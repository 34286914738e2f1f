import { describe, expect, it } from "vitest";
import {
  convertTemplate,
  type ImportedScenario,
  type ImportOptions,
  type ImportProblem,
} from "../../../src/cli/cloudformation/convert.ts";
import { renderScenario } from "../../../src/cli/cloudformation/render.ts";
import { readTemplate } from "../../../src/cli/cloudformation/template.ts";

const OPTIONS: ImportOptions = { scenarioName: "t", stackName: "my-stack", source: "t.yaml" };

function imported(text: string, options: Partial<ImportOptions> = {}): ImportedScenario {
  const result = convertTemplate(text, { ...OPTIONS, ...options });
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.imported;
}

function problems(text: string, options: Partial<ImportOptions> = {}): readonly ImportProblem[] {
  const result = convertTemplate(text, { ...OPTIONS, ...options });
  if (result.ok) throw new Error("expected problems");
  return result.problems;
}

/** `at` is `line:col`. */
function brief(p: ImportProblem): string {
  return `${p.pos.line}:${p.pos.col} ${p.path}: ${p.message}`;
}

const section = (i: ImportedScenario, key: string) => i.scenario[key] as Record<string, unknown>[];

/** A template with one compute environment, queue and job definition, plus `extra` resources. */
function template(ce: string, extra = ""): string {
  return `Resources:
  CE:
    Type: AWS::Batch::ComputeEnvironment
    Properties:
${ce}
  Queue:
    Type: AWS::Batch::JobQueue
    Properties:
      JobQueueName: q
      Priority: 1
      ComputeEnvironmentOrder: [{Order: 1, ComputeEnvironment: !Ref CE}]
${extra}`;
}

describe("readTemplate", () => {
  it("turns short-form tags into the long form, located at the tag", () => {
    const read = readTemplate(
      `A: !Ref X\nB: !GetAtt R.Attr.Sub\nC: !Sub ['\${a}', {a: 1}]\nD: !GetAtt [R, Arn]\n`,
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const root = read.root;
    if (root.kind !== "map") throw new Error("not a map");
    const [a, b, c, d] = root.entries.map((e) => e.value);
    expect(a).toMatchObject({ kind: "map", pos: { line: 1, col: 4 } });
    expect(a?.kind === "map" && a.entries[0]?.key).toBe("Ref");
    // !GetAtt Resource.Attribute splits at the first dot only.
    expect(b?.kind === "map" && b.entries[0]?.value).toMatchObject({
      kind: "seq",
      items: [{ value: "R" }, { value: "Attr.Sub" }],
    });
    expect(c?.kind === "map" && c.entries[0]?.key).toBe("Fn::Sub");
    expect(d?.kind === "map" && d.entries[0]?.key).toBe("Fn::GetAtt");
  });

  it("reads JSON (CDK's output) with positions", () => {
    const read = readTemplate('{\n "Resources": {\n  "A": {"Type": "X"}\n }\n}\n');
    expect(read.ok && read.root.kind === "map" && read.root.entries[0]?.keyPos).toEqual({
      line: 2,
      col: 2,
    });
  });

  it("reports an unknown tag, bad syntax and an empty file at their place", () => {
    const tag = readTemplate("Resources:\n  A: !Foo bar\n");
    expect(!tag.ok && tag.problems[0]).toMatchObject({
      pos: { line: 2, col: 6 },
      message: "unknown tag !Foo (not a CloudFormation short form)",
    });
    const syntax = readTemplate('{"A": [1, 2}');
    expect(!syntax.ok && syntax.problems[0]?.message).toMatch(/^not valid YAML or JSON: /);
    const empty = readTemplate("");
    expect(!empty.ok && empty.problems[0]?.message).toBe("the template is empty");
  });

  it("refuses keys that could reach a prototype", () => {
    const read = readTemplate("Resources:\n  __proto__: {Type: X}\n");
    expect(!read.ok && read.problems[0]?.message).toBe("key __proto__ is not allowed");
  });
});

describe("convertTemplate: properties", () => {
  it("maps PascalCase properties to the API's camelCase in the schema's order", () => {
    const i = imported(
      template(`      ComputeResources:
        MaxvCpus: "64"
        Type: spot
        BidPercentage: 60
        AllocationStrategy: SPOT_CAPACITY_OPTIMIZED
      State: ENABLED
      Type: managed
      ComputeEnvironmentName: ce`),
    );
    const ce = section(i, "computeEnvironments")[0]!;
    // CDK writes `managed`; AWS's enum spelling is MANAGED. "64" (a string) is a number.
    expect(ce).toEqual({
      computeEnvironmentName: "ce",
      type: "MANAGED",
      state: "ENABLED",
      computeResources: {
        type: "SPOT",
        allocationStrategy: "SPOT_CAPACITY_OPTIMIZED",
        maxvCpus: 64,
        bidPercentage: 60,
      },
    });
    expect(Object.keys(ce)).toEqual([
      "computeEnvironmentName",
      "type",
      "state",
      "computeResources",
    ]);
  });

  it("leaves out no-effect properties, lists unknown ones, refuses unsupported ones", () => {
    const i = imported(
      template(`      Type: MANAGED
      ServiceRole: !GetAtt Role.Arn
      ReplaceComputeEnvironment: false
      ComputeResources: {Type: EC2, MaxvCpus: 8, Subnets: [!Ref Subnet], Sim: 1}`),
    );
    expect(i.leftOut.map((p) => p.path)).toEqual([
      "Resources.CE.Properties.ServiceRole",
      "Resources.CE.Properties.ComputeResources.Subnets",
    ]);
    // batchsim's own `sim:` block is not a CloudFormation property.
    expect(i.notCarriedOver.map((p) => `${p.pos.line} ${p.path}`)).toEqual([
      "7 Resources.CE.Properties.ReplaceComputeEnvironment",
      "8 Resources.CE.Properties.ComputeResources.Sim",
    ]);
    const eks = problems(
      template(`      Type: MANAGED
      EksConfiguration: {EksClusterArn: x, KubernetesNamespace: y}
      ComputeResources: {Type: EC2, MaxvCpus: 8}`),
    );
    expect(eks.map(brief)).toEqual([
      "6:7 Resources.CE.Properties.EksConfiguration: not supported by batchsim: EKS compute environments are not modelled",
    ]);
  });

  it("reports a value of the wrong shape at it", () => {
    const p = problems(
      template(`      Type: MANAGED
      ComputeResources: {Type: EC2, MaxvCpus: lots, InstanceTypes: c6i}`),
    );
    expect(p.map(brief)).toEqual([
      '6:47 Resources.CE.Properties.ComputeResources.MaxvCpus: expected a number, got "lots"',
      '6:68 Resources.CE.Properties.ComputeResources.InstanceTypes: expected a list, got "c6i"',
    ]);
  });
});

describe("convertTemplate: intrinsic functions", () => {
  const ce = `      Type: MANAGED
      ComputeResources: {Type: EC2, MaxvCpus: 8}`;

  it("evaluates parameters, pseudo-parameters, Sub, Join, Select, Split, FindInMap, GetAZs, Base64", () => {
    const text = `Parameters:
  Size: {Type: String, Default: big}
  Types: {Type: CommaDelimitedList, Default: "c6i, m6i"}
Mappings:
  Cpus: {big: {Vcpus: 4}}
${template(
  `      ComputeEnvironmentName: !Sub "\${AWS::StackName}-\${AWS::Region}-\${AWS::AccountId}"
      Type: MANAGED
      ComputeResources:
        Type: EC2
        MaxvCpus: !FindInMap [Cpus, !Ref Size, Vcpus]
        InstanceTypes: !Ref Types
        ImageId: !Base64 x`,
  `  Def:
    Type: AWS::Batch::JobDefinition
    Properties:
      JobDefinitionName: !Join ["-", [a, !Select [1, !Split [",", "x,b,y"]], !Select [0, !GetAZs ""]]]
      Type: container
      ContainerProperties:
        ResourceRequirements:
          - {Type: VCPU, Value: !Sub ["\${n}", {n: !FindInMap [Cpus, big, Vcpus]}]}
          - {Type: MEMORY, Value: 2048}
`,
)}`;
    const i = imported(text);
    const [c] = section(i, "computeEnvironments");
    expect(c).toMatchObject({
      computeEnvironmentName: "my-stack-us-east-1-123456789012",
      computeResources: { maxvCpus: 4, instanceTypes: ["c6i", "m6i"] },
    });
    const [d] = section(i, "jobDefinitions");
    expect(d).toMatchObject({
      jobDefinitionName: "a-b-us-east-1a",
      containerProperties: {
        resourceRequirements: [
          { type: "VCPU", value: "4" },
          { type: "MEMORY", value: 2048 },
        ],
      },
    });
    expect(i.parameters).toEqual([
      { name: "Size", value: "big", from: "Default" },
      { name: "Types", value: "c6i,m6i", from: "Default" },
    ]);
  });

  it("follows conditions: Fn::If, AWS::NoValue and a resource's Condition", () => {
    const text = `Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsDev, !Or [!Equals [a, a], !Equals [a, b]]]
${template(
  `      Type: MANAGED
      State: !If [IsProd, ENABLED, !Ref "AWS::NoValue"]
      ComputeResources:
        Type: EC2
        MaxvCpus: !If [Both, 16, 1024]`,
  `  ProdOnly:
    Type: AWS::Batch::JobQueue
    Condition: IsProd
    Properties:
      Priority: 1
      ComputeEnvironmentOrder: [{Order: 1, ComputeEnvironment: !Ref CE}]
`,
)}`;
    const i = imported(text);
    const [c] = section(i, "computeEnvironments");
    expect(c).toEqual({
      computeEnvironmentName: "CE",
      type: "MANAGED",
      computeResources: { type: "EC2", maxvCpus: 16 },
    });
    expect(section(i, "jobQueues").map((q) => q.jobQueueName)).toEqual(["q"]);
    expect(i.notes.map((n) => n.message)).toContain(
      "not imported: its Condition IsProd is false with these parameters",
    );
    const prod = imported(text, { parameters: [["Env", "prod"]] });
    expect(section(prod, "jobQueues").map((q) => q.jobQueueName)).toEqual(["q", "ProdOnly"]);
    expect(section(prod, "computeEnvironments")[0]).toMatchObject({ state: "ENABLED" });
    expect(prod.parameters).toEqual([{ name: "Env", value: "prod", from: "--parameter" }]);
  });

  it("resolves Ref and GetAtt of Batch resources to names, named by their logical id when the template gives none", () => {
    const i = imported(
      template(
        ce,
        `  Policy:
    Type: AWS::Batch::SchedulingPolicy
    Properties:
      Name: fair
  Shared:
    Type: AWS::Batch::JobQueue
    Properties:
      Priority: 2
      SchedulingPolicyArn: !GetAtt Policy.Arn
      ComputeEnvironmentOrder:
        - {Order: 1, ComputeEnvironment: !GetAtt CE.ComputeEnvironmentArn}
        - {Order: 2, ComputeEnvironment: !Sub "arn:aws:batch:\${AWS::Region}:\${AWS::AccountId}:compute-environment/CE"}
`,
      ),
    );
    const queues = section(i, "jobQueues");
    expect(queues[1]).toMatchObject({
      jobQueueName: "Shared",
      schedulingPolicyArn: "fair",
      computeEnvironmentOrder: [
        { order: 1, computeEnvironment: "CE" },
        { order: 2, computeEnvironment: "CE" },
      ],
    });
    expect(i.generatedNames).toEqual([
      "computeEnvironments[0].computeEnvironmentName",
      "jobQueues[1].jobQueueName",
    ]);
    expect(i.notes.map((n) => `${n.pos.line} ${n.message}`)).toEqual([
      "2 no ComputeEnvironmentName: CloudFormation would generate one; it is named CE (its logical id) here",
      "17 no JobQueueName: CloudFormation would generate one; it is named Shared (its logical id) here",
    ]);
  });

  it("keeps an escaped Fn::Sub variable as text, and follows YAML aliases", () => {
    const i = imported(
      template(`      ComputeEnvironmentName: !Sub "ce\${!Suffix}"
      Type: MANAGED
      ComputeResources: &resources {Type: EC2, MaxvCpus: 8}`),
    );
    expect(section(i, "computeEnvironments")[0]!.computeEnvironmentName).toBe(`ce\${Suffix}`);
    const aliased = imported(
      `${template(`      Type: MANAGED
      ComputeResources: &resources {Type: EC2, MaxvCpus: 8}`)}  Other:
    Type: AWS::Batch::ComputeEnvironment
    Properties: {Type: MANAGED, ComputeResources: *resources}
`,
    );
    expect(section(aliased, "computeEnvironments")[1]!.computeResources).toEqual({
      type: "EC2",
      maxvCpus: 8,
    });
  });

  it("takes an ARN only of the right resource type", () => {
    const p = problems(
      template(
        ce,
        `  Q2:
    Type: AWS::Batch::JobQueue
    Properties:
      Priority: 1
      ComputeEnvironmentOrder: [{Order: 1, ComputeEnvironment: !Ref Queue}]
`,
      ),
    );
    expect(p.map(brief)).toEqual([
      "17:64 Resources.Q2.Properties.ComputeEnvironmentOrder[0].ComputeEnvironment: arn:aws:batch:us-east-1:123456789012:job-queue/q is not a compute environment of this template: batchsim simulates only what the template defines",
    ]);
  });

  it("lists resources that are not AWS Batch, by type", () => {
    const i = imported(
      template(
        ce,
        `  Role: {Type: AWS::IAM::Role}
  Subnet1: {Type: AWS::EC2::Subnet}
  Subnet2: {Type: AWS::EC2::Subnet}
`,
      ),
    );
    expect(i.otherResources).toEqual([
      { type: "AWS::IAM::Role", logicalIds: ["Role"], pos: { line: 13, col: 3 } },
      { type: "AWS::EC2::Subnet", logicalIds: ["Subnet1", "Subnet2"], pos: { line: 14, col: 3 } },
    ]);
  });

  it("accepts what only AWS knows where it has no effect, and refuses it where it matters", () => {
    const i = imported(
      template(`      Type: MANAGED
      ComputeResources:
        Type: EC2
        MaxvCpus: 8
        Subnets: !Split [",", !ImportValue shared-subnets]
        InstanceRole: !GetAtt Profile.Arn`),
    );
    expect(i.leftOut).toHaveLength(2);
    const p = problems(
      `Parameters:
  Max: {Type: Number}
${template(`      Type: MANAGED
      ComputeResources:
        Type: EC2
        MaxvCpus: !Ref Max
        InstanceTypes: [!GetAtt Sizes.Type]`)}
  Sizes: {Type: "Custom::Sizes"}
`,
    );
    expect(p.map(brief)).toEqual([
      "10:19 Resources.CE.Properties.ComputeResources.MaxvCpus: batchsim needs this value, but it comes from parameter Max, which has no Default: give --parameter Max=VALUE",
      "11:25 Resources.CE.Properties.ComputeResources.InstanceTypes[0]: batchsim needs this value, but it comes from Fn::GetAtt Sizes.Type (Custom::Sizes), known only once the stack exists: write the value here instead",
    ]);
  });

  it("reports references to what does not exist, or to what the template does not define", () => {
    // Properties with no effect are left out unread: a Ref to nothing there is not batchsim's concern.
    const p = problems(
      template(
        `      Type: MANAGED
      ComputeResources: {Type: EC2, MaxvCpus: 8, Subnets: [!Ref Subnet]}`,
        `  Other:
    Type: AWS::Batch::JobQueue
    Properties:
      Priority: 1
      SchedulingPolicyArn: arn:aws:batch:us-east-1:123456789012:scheduling-policy/elsewhere
      ComputeEnvironmentOrder:
        - {Order: 1, ComputeEnvironment: !Ref CEE}
        - {Order: 2, ComputeEnvironment: !ImportValue other-stack-ce}
        - {Order: 3, ComputeEnvironment: otherce}
`,
      ),
      { parameters: [["Nope", "1"]] },
    );
    const sorted = [...p].sort((a, b) => a.pos.line - b.pos.line);
    expect(
      sorted.map((x) => (x.argument ? `${x.argument}:${x.pos.line} ${x.message}` : brief(x))),
    ).toEqual([
      "--parameter:1 the template has no parameter Nope",
      "17:28 Resources.Other.Properties.SchedulingPolicyArn: arn:aws:batch:us-east-1:123456789012:scheduling-policy/elsewhere is not a scheduling policy of this template: batchsim simulates only what the template defines",
      '19:42 Resources.Other.Properties.ComputeEnvironmentOrder[0].ComputeEnvironment: Ref CEE: no parameter or resource of that name (did you mean "CE"?)',
      "20:42 Resources.Other.Properties.ComputeEnvironmentOrder[1].ComputeEnvironment: batchsim needs this value, but it comes from Fn::ImportValue other-stack-ce, a value another stack exports: write the value here instead",
      "21:42 Resources.Other.Properties.ComputeEnvironmentOrder[2].ComputeEnvironment: otherce is not a compute environment of this template: batchsim simulates only what the template defines",
    ]);
  });

  it("refuses AWS Batch resource types batchsim does not model, and templates without Batch", () => {
    const p = problems(template(ce, "  Tokens:\n    Type: AWS::Batch::ConsumableResource\n"));
    expect(p.map(brief)).toEqual([
      "14:11 Resources.Tokens.Type: AWS::Batch::ConsumableResource is not supported by batchsim: consumable resources are not modelled",
    ]);
    expect(problems("Resources:\n  T: {Type: AWS::SNS::Topic}\n").map(brief)).toEqual([
      "1:1 Resources: no AWS Batch resources to import (AWS::Batch::ComputeEnvironment, JobQueue, SchedulingPolicy, JobDefinition)",
    ]);
    expect(problems("- a\n").map(brief)).toEqual([
      "1:1 $: a CloudFormation template must be a mapping (Resources: …)",
    ]);
  });
});

describe("convertTemplate: placeholders and the example workload", () => {
  it("gives every job definition a placeholder runtime and an UNMANAGED CE a placeholder fleet", () => {
    const i = imported(
      template(
        "      Type: UNMANAGED\n      UnmanagedvCpus: 10",
        `  Def:
    Type: AWS::Batch::JobDefinition
    Properties:
      Type: container
      ContainerProperties: {Vcpus: 1, Memory: 1024}
`,
      ),
    );
    expect(section(i, "computeEnvironments")[0]).toMatchObject({
      sim: { instances: [{ instanceType: "m6i.xlarge", count: 3 }] },
    });
    expect(section(i, "jobDefinitions")[0]).toMatchObject({ sim: { runtime: "10m" } });
    expect(i.placeholders.map((p) => p.outPath)).toEqual([
      "computeEnvironments[0].sim",
      "jobDefinitions[0].sim",
    ]);
    expect(i.scenario.workload).toEqual([]);
    expect(i.exampleWorkload).toEqual([
      {
        name: "example",
        submit: { jobQueue: "q", jobDefinition: "Def" },
        arrivals: { process: "poisson", ratePerHour: 6, to: "8h" },
      },
    ]);
  });

  it("pairs a Fargate queue with a Fargate definition and gives a fair-share queue a share", () => {
    const i = imported(`Resources:
  Ec2: {Type: AWS::Batch::ComputeEnvironment, Properties: {Type: MANAGED, ComputeResources: {Type: EC2, MaxvCpus: 8}}}
  Fg: {Type: AWS::Batch::ComputeEnvironment, Properties: {Type: MANAGED, ComputeResources: {Type: FARGATE, MaxvCpus: 8}}}
  Policy: {Type: AWS::Batch::SchedulingPolicy, Properties: {FairsharePolicy: {ShareDistribution: [{ShareIdentifier: "team*"}]}}}
  FargateQueue: {Type: AWS::Batch::JobQueue, Properties: {Priority: 1, SchedulingPolicyArn: !Ref Policy, ComputeEnvironmentOrder: [{Order: 1, ComputeEnvironment: !Ref Fg}]}}
  Ec2Def: {Type: AWS::Batch::JobDefinition, Properties: {Type: container, ContainerProperties: {Vcpus: 1, Memory: 1024}}}
  FgDef:
    Type: AWS::Batch::JobDefinition
    Properties:
      Type: container
      PlatformCapabilities: [FARGATE]
      ContainerProperties: {ResourceRequirements: [{Type: VCPU, Value: "1"}, {Type: MEMORY, Value: "2048"}]}
`);
    expect(i.exampleWorkload?.[0]?.submit).toEqual({
      jobQueue: "FargateQueue",
      jobDefinition: "FgDef",
      shareIdentifier: "team1",
      schedulingPriorityOverride: 1,
    });
  });
});

describe("renderScenario", () => {
  it("writes a header, each resource's origin, commented placeholders and a commented example", () => {
    const i = imported(
      template(
        `      Type: MANAGED
      ReplaceComputeEnvironment: false
      ComputeResources: {Type: EC2, MaxvCpus: 8, InstanceTypes: [c6i], Subnets: [!Ref S]}`,
        `  Def:
    Type: AWS::Batch::JobDefinition
    Properties:
      JobDefinitionName: work
      Type: container
      ContainerProperties: {Vcpus: 1, Memory: 1024}
  S: {Type: AWS::EC2::Subnet}
`,
      ),
    );
    const text = renderScenario(i, "stack.yaml", "stack");
    expect(text).toMatch(/^# A batchsim scenario imported from stack\.yaml\n/);
    expect(text).toContain("#   - AWS::EC2::Subnet: S\n");
    expect(text).toContain("#   - Resources.CE: ComputeResources.Subnets\n");
    expect(text).toContain("#   - Resources.CE.Properties.ReplaceComputeEnvironment (line 6)\n");
    expect(text).toContain(
      "  # from Resources.CE (line 2)\n  - computeEnvironmentName: CE # the logical id",
    );
    expect(text).toContain("    # fill in: how long the container runs");
    expect(text).toContain(
      "# workload:\n#   - name: example\n#     submit: { jobQueue: q, jobDefinition: work }\n",
    );
    expect(text.trimEnd().endsWith("workload: []")).toBe(true);
  });
});
