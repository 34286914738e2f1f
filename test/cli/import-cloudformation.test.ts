/**
 * `batchsim import cloudformation`, run in-process (importCloudFormationCommand) until main.ts
 * dispatches it; the scenarios it writes are checked with the real `batchsim validate` and `run`.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { CliError } from "../../src/cli/errors.ts";
import {
  IMPORT_CLOUDFORMATION_USAGE,
  importCloudFormationCommand,
  templateStem,
} from "../../src/cli/import-cloudformation.ts";
import { batchsim, cleanUp, tempFolder } from "./helpers.ts";

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/cloudformation/${name}`, import.meta.url));
const YAML_STACK = fixture("batch-stack.yaml");
const CDK_STACK = fixture("CdkBatchStack.template.json");
const UNRESOLVABLE = fixture("unresolvable.yaml");

/** Runs the command as main() would: a CliError becomes its lines, its message and its exit code. */
function runImport(...args: string[]): { code: number; stdout: string; stderr: string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  try {
    let code: number;
    try {
      code = importCloudFormationCommand(args);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      for (const line of error.lines) stderr.push(`${line}\n`);
      if (error.message !== "") stderr.push(`${error.message}\n`);
      code = error.exitCode;
    }
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The scenario with its commented example workload uncommented in place of `workload: []`. */
function withExampleWorkload(text: string): string {
  const lines = text.split("\n");
  const start = lines.indexOf("# workload:");
  const end = lines.indexOf("workload: []");
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const example = lines.slice(start, end).map((l) => l.replace(/^# ?/, ""));
  return [...lines.slice(0, start), ...example, ...lines.slice(end + 1)].join("\n");
}

/** `batchsim validate` then `batchsim run` (no report page); returns summary.json. */
function validateAndRun(dir: string, scenario: string, runName: string): Record<string, unknown> {
  const validate = batchsim(dir, "validate", scenario);
  expect(validate.stderr).toBe("");
  expect(validate.status).toBe(0);
  expect(validate.stdout).toBe(`${scenario}: ok\n`);
  const run = batchsim(dir, "run", scenario, "--out", runName, "--report", "none", "--quiet");
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return JSON.parse(readFileSync(join(dir, runName, "summary.json"), "utf8"));
}

let dir: string;
beforeEach(() => {
  dir = tempFolder();
});
afterEach(() => cleanUp(dir));

describe("batchsim import cloudformation: a YAML template with short-form tags", () => {
  it("imports all four resource types with their references resolved, to a scenario that validates and runs", () => {
    const out = join(dir, "stack.scenario.yaml");
    const result = runImport(YAML_STACK, "--out", out);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `${out}: 2 compute environments, 1 scheduling policy, 2 job queues, 1 job definition; fill in its workload and the placeholders marked "fill in"\n`,
    );
    const text = readFileSync(out, "utf8");
    const scenario = parse(text);
    expect(scenario.name).toBe("batch-stack");
    expect(scenario.computeEnvironments).toEqual([
      {
        computeEnvironmentName: "batch-stack-ondemand", // !Sub "${AWS::StackName}-ondemand"
        type: "MANAGED",
        state: "ENABLED",
        computeResources: {
          type: "EC2",
          allocationStrategy: "BEST_FIT_PROGRESSIVE",
          minvCpus: 0,
          maxvCpus: 256, // !Ref MaxCpus, its Default
          desiredvCpus: 0,
          instanceTypes: ["c6i", "m6i"],
        },
      },
      {
        computeEnvironmentName: "SpotCE", // no name: the logical id
        type: "MANAGED",
        computeResources: {
          type: "SPOT",
          allocationStrategy: "SPOT_PRICE_CAPACITY_OPTIMIZED",
          minvCpus: 0,
          maxvCpus: 512, // !If [IsProd, 512, 64]
          instanceTypes: ["c6i.xlarge", "c6i.2xlarge", "m6i.2xlarge"], // !Split
          bidPercentage: 80,
        },
      },
    ]);
    expect(scenario.schedulingPolicies[0].name).toBe("batch-stack-fair");
    expect(
      scenario.jobQueues.map((q: Record<string, unknown>) => q.computeEnvironmentOrder),
    ).toEqual([
      [
        { order: 1, computeEnvironment: "batch-stack-ondemand" }, // !Ref OnDemandCE
        { order: 2, computeEnvironment: "SpotCE" }, // !GetAtt SpotCE.ComputeEnvironmentArn
      ],
      [{ order: 1, computeEnvironment: "SpotCE" }],
    ]);
    expect(scenario.jobQueues[1].schedulingPolicyArn).toBe("batch-stack-fair");
    // DebugJob's Condition IsDev is false: not imported.
    expect(scenario.jobDefinitions).toHaveLength(1);
    expect(scenario.jobDefinitions[0].containerProperties).toEqual({
      resourceRequirements: [
        { type: "VCPU", value: "4" }, // !FindInMap [SizeByEnvironment, !Ref Environment, Vcpus]
        { type: "MEMORY", value: "8192" },
      ],
    });
    expect(scenario.jobDefinitions[0].sim).toEqual({ runtime: "10m" });
    expect(scenario.workload).toEqual([]);
    const summary = validateAndRun(dir, "stack.scenario.yaml", "run");
    expect(summary.jobs).toMatchObject({ submitted: 0 });
  });

  it("says what it did not carry over, on stderr (located) and at the top of the scenario", () => {
    const out = join(dir, "stack.scenario.yaml");
    const { stderr } = runImport(YAML_STACK, "--out", out);
    const at = (lineCol: string) => `${YAML_STACK}:${lineCol} note`;
    expect(stderr.split("\n").filter((l) => l !== "")).toEqual([
      `${at("30:3")} Resources: not AWS Batch, not simulated: AWS::EC2::SecurityGroup (BatchSecurityGroup)`,
      `${at("36:3")} Resources: not AWS Batch, not simulated: AWS::IAM::Role (InstanceRole)`,
      `${at("41:3")} Resources: not AWS Batch, not simulated: AWS::IAM::InstanceProfile (InstanceProfile)`,
      `${at("53:7")} Resources.OnDemandCE.Properties.ReplaceComputeEnvironment: not carried over: batchsim has no field for it`,
      `${at("64:9")} Resources.OnDemandCE.Properties.ComputeResources.UpdateToLatestImageVersion: not carried over: batchsim has no field for it`,
      `${at("68:3")} Resources.SpotCE: no ComputeEnvironmentName: CloudFormation would generate one; it is named SpotCE (its logical id) here`,
      `${at("151:7")} Resources.RenderJob.Properties.ResourceRetentionPolicy: not carried over: batchsim has no field for it`,
      `${at("154:3")} Resources.DebugJob: not imported: its Condition IsDev is false with these parameters`,
      `${YAML_STACK}: note: 12 properties with no effect in a simulation are left out (listed at the top of the scenario)`,
    ]);
    const text = readFileSync(out, "utf8");
    expect(text).toContain(
      "# Not AWS Batch, so not simulated:\n#   - AWS::EC2::SecurityGroup: BatchSecurityGroup\n",
    );
    expect(text).toContain(
      "#   - Resources.OnDemandCE: ServiceRole, ComputeResources.Subnets, ComputeResources.SecurityGroupIds, ComputeResources.InstanceRole, ComputeResources.Tags\n",
    );
    expect(text).toContain(
      "#   - Resources.RenderJob.Properties.ResourceRetentionPolicy (line 151)\n",
    );
    expect(text).toContain("#   - MaxCpus = 256 (its Default)\n");
  });

  it("writes a commented example workload that, uncommented, validates and runs jobs", () => {
    const out = join(dir, "stack.scenario.yaml");
    expect(runImport(YAML_STACK, "--out", out).code).toBe(0);
    writeFileSync(join(dir, "filled.yaml"), withExampleWorkload(readFileSync(out, "utf8")));
    const summary = validateAndRun(dir, "filled.yaml", "filled-run");
    const jobs = summary.jobs as Record<string, number>;
    expect(jobs.submitted).toBeGreaterThan(10);
    expect(jobs.succeeded).toBe(jobs.submitted);
  });

  it("uses --parameter values instead of Defaults", () => {
    const out = join(dir, "dev.scenario.yaml");
    const result = runImport(YAML_STACK, "--out", out, "--parameter", "Environment=dev");
    expect(result.code).toBe(0);
    const scenario = parse(readFileSync(out, "utf8"));
    // Dev: the SpotCE's !If gives 64, the job is the mapping's small size, DebugJob is created.
    expect(scenario.computeEnvironments[1].computeResources.maxvCpus).toBe(64);
    expect(
      scenario.jobDefinitions.map((d: Record<string, unknown>) => d.jobDefinitionName),
    ).toEqual(["render", "debug"]);
    expect(scenario.jobDefinitions[0].containerProperties.resourceRequirements[0].value).toBe("1");
  });
});

describe("batchsim import cloudformation: a CDK-synthesised JSON template", () => {
  it("imports to a scenario that validates and runs, with its example workload too", () => {
    const out = join(dir, "cdk.scenario.yaml");
    const result = runImport(CDK_STACK, "--out", out);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "3 compute environments, 1 scheduling policy, 2 job queues, 3 job definitions",
    );
    const text = readFileSync(out, "utf8");
    const scenario = parse(text);
    expect(scenario.name).toBe("CdkBatchStack");
    expect(scenario.computeEnvironments.map((c: Record<string, unknown>) => c.type)).toEqual([
      "MANAGED", // CDK writes "managed"
      "MANAGED",
      "UNMANAGED",
    ]);
    expect(scenario.computeEnvironments[2].sim).toEqual({
      instances: [{ instanceType: "m6i.xlarge", count: 8 }], // a placeholder for 32 vCPU
    });
    expect(text).toContain("    # fill in: the instances you run yourself");
    expect(scenario.jobQueues[0]).toEqual({
      jobQueueName: "JobQueueEE3AD499",
      priority: 10,
      state: "ENABLED",
      computeEnvironmentOrder: [
        { order: 1, computeEnvironment: "ComputeEnv2C40ACC2" },
        { order: 2, computeEnvironment: "on-prem" },
      ],
      schedulingPolicyArn: "FairShareSchedulingPolicy4F1A8A6E",
    });
    expect(result.stderr).toContain(
      `${CDK_STACK}:65:5 note Resources.ComputeEnv2C40ACC2: no ComputeEnvironmentName: CloudFormation would generate one; it is named ComputeEnv2C40ACC2 (its logical id) here\n`,
    );
    expect(result.stderr).toContain(
      "note Resources: not AWS Batch, not simulated: AWS::CDK::Metadata (CDKMetadata)\n",
    );
    validateAndRun(dir, "cdk.scenario.yaml", "run");
    writeFileSync(join(dir, "filled.yaml"), withExampleWorkload(text));
    const summary = validateAndRun(dir, "filled.yaml", "filled-run");
    expect((summary.jobs as Record<string, number>).succeeded).toBeGreaterThan(10);
    expect(Object.keys(summary.byShare as object)).toEqual(["analytics"]);
  });
});

describe("batchsim import cloudformation: where it writes", () => {
  it("writes <template name>.scenario.yaml in the current folder by default, named after the template", () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const result = runImport(CDK_STACK);
      expect(result.code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(readdirSync(dir)).toEqual(["CdkBatchStack.scenario.yaml"]);
    expect(templateStem("stacks/My.Stack.template.json")).toBe("My.Stack");
    expect(templateStem("batch.yml")).toBe("batch");
  });

  it("takes --name for the scenario", () => {
    const out = join(dir, "s.yaml");
    expect(runImport(YAML_STACK, "--out", out, "--name", "farm-v2").code).toBe(0);
    expect(parse(readFileSync(out, "utf8")).name).toBe("farm-v2");
    const bad = runImport(YAML_STACK, "--out", join(dir, "t.yaml"), "--name", "my farm");
    expect(bad).toMatchObject({ code: 2, stdout: "" });
    expect(bad.stderr).toBe(
      `batchsim import cloudformation: --name may contain only letters, digits, '.', '_' and '-' (got "my farm")\n`,
    );
  });

  it("refuses to overwrite a file without --force, and never the template itself", () => {
    const out = join(dir, "s.yaml");
    writeFileSync(out, "mine\n");
    const refused = runImport(YAML_STACK, "--out", out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`batchsim: output file exists (use --force): ${out}\n`);
    expect(readFileSync(out, "utf8")).toBe("mine\n");
    expect(runImport(YAML_STACK, "--out", out, "--force").code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^# A batchsim scenario imported from /);
    expect(readdirSync(dir)).toEqual(["s.yaml"]);

    const template = join(dir, "stack.yaml");
    copyFileSync(YAML_STACK, template);
    const self = runImport(template, "--out", template, "--force");
    expect(self.code).toBe(2);
    expect(self.stderr).toContain("--out would replace the template itself");
    expect(readFileSync(template, "utf8")).toBe(readFileSync(YAML_STACK, "utf8"));
  });

  it("fails with exit 1 when the file cannot be written", () => {
    const out = join(dir, "missing", "s.yaml");
    const result = runImport(YAML_STACK, "--out", out);
    expect(result.code).toBe(1);
    expect(
      result.stderr.endsWith(`\nbatchsim: cannot write ${out}: no such file or directory\n`),
    ).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("batchsim import cloudformation: bad input", () => {
  it("locates unresolvable references and unsupported resource types, and writes nothing", () => {
    const out = join(dir, "s.yaml");
    const result = runImport(UNRESOLVABLE, "--out", out);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n").filter((l) => l !== "")).toEqual([
      `${UNRESOLVABLE}:16:19 error Resources.ComputeEnvironment.Properties.ComputeResources.MaxvCpus: batchsim needs this value, but it comes from parameter MaxCpus, which has no Default: give --parameter MaxCpus=VALUE`,
      `${UNRESOLVABLE}:17:24 error Resources.ComputeEnvironment.Properties.ComputeResources.InstanceTypes: batchsim needs this value, but it comes from Fn::GetAtt InstanceSizes.Types (Custom::InstanceSizes), known only once the stack exists: write the value here instead`,
      `${UNRESOLVABLE}:25:31 error Resources.Queue.Properties.ComputeEnvironmentOrder[0].ComputeEnvironment: Ref ComputeEnvironmnet: no parameter or resource of that name (did you mean "ComputeEnvironment"?)`,
      `${UNRESOLVABLE}:27:11 error Resources.Licenses.Type: AWS::Batch::ConsumableResource is not supported by batchsim: consumable resources are not modelled`,
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("locates a scenario problem (a value batchsim refuses) at the template value it came from", () => {
    const template = join(dir, "t.yaml");
    writeFileSync(
      template,
      `Resources:
  CE:
    Type: AWS::Batch::ComputeEnvironment
    Properties:
      Type: MANAGED
      ComputeResources:
        Type: EC2
        AllocationStrategy: SPOT_CAPACITY_OPTIMIZED
        MaxvCpus: 16
        InstanceTypes: [c6i.huge]
  Queue:
    Type: AWS::Batch::JobQueue
    Properties:
      Priority: 1
      ComputeEnvironmentOrder: [{Order: 1, ComputeEnvironment: !Ref CE}]
`,
    );
    const result = runImport(template, "--out", join(dir, "s.yaml"));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        `${template}:8:29 error Resources.CE.Properties.ComputeResources.AllocationStrategy: SPOT_CAPACITY_OPTIMIZED is for SPOT compute environments`,
        `${template}:10:25 error Resources.CE.Properties.ComputeResources.InstanceTypes[0]: unknown instance type, family or alias c6i.huge`,
        "batchsim import cloudformation: the template's resources are not a scenario batchsim can run; nothing written",
        "",
      ].join("\n"),
    );
    expect(readdirSync(dir)).toEqual(["t.yaml"]);
  });

  it("locates syntax errors, an unknown tag, and an unknown --parameter", () => {
    const template = join(dir, "t.yaml");
    writeFileSync(template, "Resources:\n  CE:\n    Type: !Whatever AWS::Batch::JobQueue\n");
    expect(runImport(template, "--out", join(dir, "s.yaml")).stderr).toBe(
      `${template}:3:11 error Resources.CE.Type: unknown tag !Whatever (not a CloudFormation short form)\n`,
    );
    const json = join(dir, "t.json");
    writeFileSync(json, '{"Resources": {"A": {"Type": "X"}, "A": {}}}');
    expect(runImport(json, "--out", join(dir, "s.yaml")).stderr).toBe(
      `${json}:1:36 error $: not valid YAML or JSON: Map keys must be unique\n`,
    );
    const parameter = runImport(
      YAML_STACK,
      "--out",
      join(dir, "s.yaml"),
      "--parameter",
      "Enviroment=dev",
    );
    expect(parameter.stderr).toBe(
      '--parameter:1:1 error Enviroment: the template has no parameter Enviroment (did you mean "Environment"?)\n',
    );
    expect(existsSync(join(dir, "s.yaml"))).toBe(false);
  });

  it("reports usage errors with exit 2", () => {
    expect(runImport()).toMatchObject({
      code: 2,
      stderr: `batchsim import cloudformation: expected one template file (YAML or JSON); ${IMPORT_CLOUDFORMATION_USAGE}\n`,
    });
    expect(runImport(YAML_STACK, "--parameter", "Environment").stderr).toBe(
      'batchsim import cloudformation: --parameter expects NAME=VALUE (got "Environment")\n',
    );
    expect(runImport(YAML_STACK, "--outt", "x").stderr).toBe(
      "batchsim import cloudformation: unknown option --outt (did you mean --out?)\n",
    );
    expect(runImport(join(dir, "nope.yaml"), "--out", join(dir, "s.yaml")).stderr).toBe(
      `${join(dir, "nope.yaml")}:1:1 error $: cannot read ${join(dir, "nope.yaml")}: no such file or directory\n`,
    );
    expect(runImport("--help")).toMatchObject({
      code: 0,
      stdout: `${IMPORT_CLOUDFORMATION_USAGE}\n`,
    });
  });
});
