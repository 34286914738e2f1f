/**
 * A CloudFormation (or CDK-synthesised) template → a batchsim scenario: its AWS Batch compute
 * environments, scheduling policies, job queues and job definitions as the scenario's AWS API
 * requests, references between them resolved to names, placeholders where the scenario needs what a
 * template cannot say (runtimes, an UNMANAGED fleet), and an empty workload. Pure: text in, a
 * scenario (or every located problem) out.
 */
import type * as z from "zod";
import { computeEnvironmentSchema } from "../../scenario/schema-compute-environments.ts";
import { jobDefinitionSchema } from "../../scenario/schema-job-definitions.ts";
import { jobQueueSchema, schedulingPolicySchema } from "../../scenario/schema-job-queues.ts";
import { didYouMean } from "../did-you-mean.ts";
import {
  BATCH_KINDS,
  type BatchKind,
  Evaluator,
  NAME_PROPERTY,
  PSEUDO_ACCOUNT,
  PSEUDO_REGION,
  type ResourceInfo,
  TemplateError,
} from "./intrinsics.ts";
import { convertValue, type MappingReport, newReport, type Origin } from "./properties.ts";
import { entryOf, type Pos, readTemplate, type TemplateProblem, type TNode } from "./template.ts";

/** How to import. */
export interface ImportOptions {
  /** The scenario's `name`. */
  readonly scenarioName: string;
  /** What `AWS::StackName` stands for (the template file's name). */
  readonly stackName: string;
  /** The template as the user named it, for the header and the description. */
  readonly source: string;
  /** `--parameter NAME=VALUE` values, in command-line order. */
  readonly parameters?: readonly (readonly [string, string])[];
}

/** A located problem; `argument` puts it at a command-line flag instead (`--parameter`, line k: the k-th one). */
export interface ImportProblem extends TemplateProblem {
  readonly argument?: string;
}

/** A note about the import: what was assumed, left out or not simulated. */
export interface ImportNote {
  readonly pos: Pos;
  readonly path: string;
  readonly message: string;
}

/** A placeholder the user should replace, at a scenario path. */
export interface Placeholder {
  /** The scenario path of the placeholder's key, as `jobDefinitions[0].sim`. */
  readonly outPath: string;
  readonly comment: string;
}

/** The resources of the template that are not AWS Batch, by type. */
export interface OtherResources {
  readonly type: string;
  readonly logicalIds: readonly string[];
  readonly pos: Pos;
}

/** A converted template. */
export interface ImportedScenario {
  /** The scenario, keys in output order. */
  readonly scenario: Record<string, unknown>;
  /** Scenario path → where its value came from in the template. */
  readonly origins: ReadonlyMap<string, Origin>;
  /** Scenario path of each imported resource → its template path and position (`Resources.MyCE`). */
  readonly sources: ReadonlyMap<string, Origin>;
  readonly placeholders: readonly Placeholder[];
  /** Names the template does not give (the logical id is used): scenario path of the name. */
  readonly generatedNames: readonly string[];
  readonly notes: readonly ImportNote[];
  readonly otherResources: readonly OtherResources[];
  readonly leftOut: MappingReport["leftOut"];
  readonly notCarriedOver: MappingReport["notCarriedOver"];
  /** Parameters whose value was used, with that value (as text) and where it came from. */
  readonly parameters: readonly { name: string; value: string; from: "Default" | "--parameter" }[];
  /** The example workload (commented out in the file), or undefined when no queue and definition fit. */
  readonly exampleWorkload: readonly Record<string, unknown>[] | undefined;
}

/** The result of an import. */
export type ImportResult =
  | { readonly ok: true; readonly imported: ImportedScenario }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

const SECTIONS: Readonly<Record<BatchKind, { key: string; schema: z.ZodType; nameKey: string }>> = {
  ComputeEnvironment: {
    key: "computeEnvironments",
    schema: computeEnvironmentSchema,
    nameKey: "computeEnvironmentName",
  },
  SchedulingPolicy: { key: "schedulingPolicies", schema: schedulingPolicySchema, nameKey: "name" },
  JobQueue: { key: "jobQueues", schema: jobQueueSchema, nameKey: "jobQueueName" },
  JobDefinition: {
    key: "jobDefinitions",
    schema: jobDefinitionSchema,
    nameKey: "jobDefinitionName",
  },
};

/** The order of the scenario's sections. */
const SECTION_ORDER: readonly BatchKind[] = [
  "ComputeEnvironment",
  "SchedulingPolicy",
  "JobQueue",
  "JobDefinition",
];

/** The runtime written into job definitions, to be replaced. */
export const PLACEHOLDER_RUNTIME = "10m";
/** The instance type of placeholder UNMANAGED fleets (4 vCPU, 16 GiB). */
export const PLACEHOLDER_INSTANCE_TYPE = "m6i.xlarge";
const PLACEHOLDER_INSTANCE_VCPUS = 4;

/** AWS::Batch types that exist but batchsim does not import, and why. */
const UNSUPPORTED_BATCH_TYPES: Readonly<Record<string, string>> = {
  "AWS::Batch::ConsumableResource": "consumable resources are not modelled",
  "AWS::Batch::ServiceEnvironment": "service environments (SageMaker jobs) are not modelled",
};

const ORIGIN_START: Pos = { line: 1, col: 1 };

/** Converts a template's text. */
export function convertTemplate(text: string, options: ImportOptions): ImportResult {
  const read = readTemplate(text);
  if (!read.ok) return { ok: false, problems: read.problems };
  const root = read.root;
  if (root.kind !== "map")
    return fail(ORIGIN_START, "$", "a CloudFormation template must be a mapping (Resources: …)");
  const resourcesEntry = entryOf(root, "Resources");
  if (!resourcesEntry) return fail(ORIGIN_START, "$", "the template has no Resources section");
  if (resourcesEntry.value.kind !== "map")
    return fail(resourcesEntry.value.pos, "Resources", "expected a mapping of resources");
  const problems: ImportProblem[] = [];
  const notes: ImportNote[] = [];

  const parameters = readParameters(root, options.parameters ?? [], problems);
  const conditions = new Map<string, TNode>();
  const conditionsNode = entryOf(root, "Conditions")?.value;
  if (conditionsNode?.kind === "map")
    for (const e of conditionsNode.entries) conditions.set(e.key, e.value);
  const mappings = entryOf(root, "Mappings")?.value;
  const transform = entryOf(root, "Transform");
  if (transform)
    notes.push({
      pos: transform.keyPos,
      path: "Transform",
      message: "macros are not expanded: resources a Transform would add are not imported",
    });

  // Conditions cannot refer to resources: evaluate them before the resources are known.
  const resources = new Map<string, ResourceInfo>();
  const usedParameters = new Set<string>();
  const conditionEvaluator = new Evaluator({
    stackName: options.stackName,
    parameters: parameters.values,
    mappings,
    conditions,
    resources: new Map(),
    usedParameters,
  });
  const order: { id: string; keyPos: Pos; typePos: Pos; info: ResourceInfo }[] = [];
  for (const entry of resourcesEntry.value.entries) {
    const path = `Resources.${entry.key}`;
    const body = entry.value;
    const typeNode = entryOf(body, "Type")?.value;
    if (body.kind !== "map" || !typeNode) {
      problems.push({ pos: entry.keyPos, path, message: "a resource needs a Type" });
      continue;
    }
    if (typeNode.kind !== "scalar" || typeof typeNode.value !== "string") {
      problems.push({ pos: typeNode.pos, path: `${path}.Type`, message: "expected a type name" });
      continue;
    }
    const type = typeNode.value;
    const conditionNode = entryOf(body, "Condition")?.value;
    let created = true;
    let condition: string | undefined;
    if (conditionNode) {
      if (conditionNode.kind !== "scalar" || typeof conditionNode.value !== "string") {
        problems.push({
          pos: conditionNode.pos,
          path: `${path}.Condition`,
          message: "expected a condition's name",
        });
      } else {
        condition = conditionNode.value;
        try {
          const holds = conditionEvaluator.condition(
            condition,
            conditionNode.pos,
            `${path}.Condition`,
          );
          if (typeof holds === "boolean") created = holds;
          else if (type in BATCH_KINDS)
            problems.push({
              pos: conditionNode.pos,
              path: `${path}.Condition`,
              message: `cannot tell whether ${entry.key} is created: ${holds.why}`,
            });
        } catch (error) {
          if (!(error instanceof TemplateError)) throw error;
          problems.push({ pos: error.pos, path: error.path, message: error.message });
        }
      }
    }
    const batch = (BATCH_KINDS as Record<string, BatchKind>)[type];
    const info: ResourceInfo = {
      logicalId: entry.key,
      type,
      batch,
      properties: entryOf(body, "Properties")?.value,
      created,
      condition,
    };
    resources.set(entry.key, info);
    order.push({ id: entry.key, keyPos: entry.keyPos, typePos: typeNode.pos, info });
  }

  const ev = new Evaluator({
    stackName: options.stackName,
    parameters: parameters.values,
    mappings,
    conditions,
    resources,
    usedParameters,
  });
  const report = newReport();
  const sections: Record<BatchKind, Record<string, unknown>[]> = {
    ComputeEnvironment: [],
    SchedulingPolicy: [],
    JobQueue: [],
    JobDefinition: [],
  };
  const sources = new Map<string, Origin>();
  const generatedNames: string[] = [];
  const others = new Map<string, { ids: string[]; pos: Pos }>();
  for (const { id, keyPos, typePos, info } of order) {
    const path = `Resources.${id}`;
    if (!info.created) {
      notes.push({
        pos: keyPos,
        path,
        message: `not imported: its Condition ${info.condition} is false with these parameters`,
      });
      continue;
    }
    if (!info.batch) {
      const why = UNSUPPORTED_BATCH_TYPES[info.type];
      if (why !== undefined || info.type.startsWith("AWS::Batch::")) {
        problems.push({
          pos: typePos,
          path: `${path}.Type`,
          message: `${info.type} is not supported by batchsim: ${why ?? "an AWS Batch resource batchsim does not know"}`,
        });
      } else {
        const group = others.get(info.type) ?? { ids: [], pos: keyPos };
        group.ids.push(id);
        others.set(info.type, group);
      }
      continue;
    }
    const kind = info.batch;
    const section = SECTIONS[kind];
    const list = sections[kind];
    const outPath = `${section.key}[${list.length}]`;
    const props: TNode = info.properties ?? { kind: "map", entries: [], pos: keyPos };
    const converted = convertValue(
      ev,
      report,
      props,
      section.schema,
      `${path}.Properties`,
      outPath,
    );
    const fields =
      converted && typeof converted === "object" && !Array.isArray(converted)
        ? (converted as Record<string, unknown>)
        : {};
    const name = ev.batchName(id);
    if (name.problem)
      problems.push({
        pos: name.problem.pos,
        path: name.problem.path,
        message: name.problem.message,
      });
    if (name.generated) {
      generatedNames.push(`${outPath}.${section.nameKey}`);
      report.origins.set(`${outPath}.${section.nameKey}`, { pos: keyPos, path });
      notes.push({
        pos: keyPos,
        path,
        message: `no ${NAME_PROPERTY[kind]}: CloudFormation would generate one; it is named ${name.name} (its logical id) here`,
      });
    }
    const { [section.nameKey]: _given, ...rest } = fields;
    list.push({ [section.nameKey]: name.name, ...rest });
    sources.set(outPath, { pos: keyPos, path });
    if (!report.origins.has(outPath)) report.origins.set(outPath, { pos: keyPos, path });
  }
  problems.push(...report.problems);

  const total = SECTION_ORDER.reduce((n, k) => n + sections[k].length, 0);
  if (total === 0 && problems.length === 0)
    problems.push({
      pos: resourcesEntry.keyPos,
      path: "Resources",
      message:
        "no AWS Batch resources to import (AWS::Batch::ComputeEnvironment, JobQueue, SchedulingPolicy, JobDefinition)",
    });

  linkReferences(sections, report.origins, problems);
  const placeholders = addPlaceholders(sections);
  if (problems.length > 0) return { ok: false, problems };

  const description = entryOf(root, "Description")?.value;
  const scenario: Record<string, unknown> = {
    name: options.scenarioName,
    description:
      description?.kind === "scalar" && typeof description.value === "string"
        ? `Imported from ${options.source}: ${description.value}`
        : `Imported from ${options.source}`,
  };
  for (const kind of SECTION_ORDER) {
    if (sections[kind].length > 0) scenario[SECTIONS[kind].key] = sections[kind];
  }
  scenario.workload = [];
  return {
    ok: true,
    imported: {
      scenario,
      origins: report.origins,
      sources,
      placeholders,
      generatedNames,
      notes,
      otherResources: [...others].map(([type, g]) => ({ type, logicalIds: g.ids, pos: g.pos })),
      leftOut: report.leftOut,
      notCarriedOver: report.notCarriedOver,
      parameters: [...parameters.used(usedParameters)],
      exampleWorkload: exampleWorkload(sections),
    },
  };
}

function fail(pos: Pos, path: string, message: string): ImportResult {
  return { ok: false, problems: [{ pos, path, message }] };
}

interface Parameters {
  readonly values: Map<string, TNode>;
  /** The parameters the evaluation used, with their values. */
  used(
    names: ReadonlySet<string>,
  ): Iterable<{ name: string; value: string; from: "Default" | "--parameter" }>;
}

/** Each parameter's value: `--parameter`, else its Default, else opaque. */
function readParameters(
  root: TNode,
  overrides: readonly (readonly [string, string])[],
  problems: ImportProblem[],
): Parameters {
  const values = new Map<string, TNode>();
  const from = new Map<string, "Default" | "--parameter">();
  const declared = entryOf(root, "Parameters")?.value;
  const entries = declared?.kind === "map" ? declared.entries : [];
  const given = new Map<string, string>();
  overrides.forEach(([name, value], i) => {
    if (!entries.some((e) => e.key === name)) {
      problems.push({
        pos: { line: i + 1, col: 1 },
        argument: "--parameter",
        path: name,
        message: `the template has no parameter ${name}${didYouMean(
          name,
          entries.map((e) => e.key),
        )}`,
      });
    }
    given.set(name, value);
  });
  for (const e of entries) {
    const type = entryOf(e.value, "Type")?.value;
    const typeName = type?.kind === "scalar" ? String(type.value) : "String";
    const isList = typeName === "CommaDelimitedList" || typeName.startsWith("List<");
    const override = given.get(e.key);
    const defaultNode = entryOf(e.value, "Default")?.value;
    let value: TNode;
    if (override !== undefined) {
      value = { kind: "scalar", value: override, pos: e.keyPos };
      from.set(e.key, "--parameter");
    } else if (typeName.startsWith("AWS::SSM::Parameter::Value<")) {
      value = {
        kind: "opaque",
        text: `\${${e.key}}`,
        why: `parameter ${e.key}, read from SSM when the stack is deployed: give --parameter ${e.key}=VALUE`,
        pos: e.keyPos,
      };
    } else if (defaultNode) {
      value = defaultNode;
      from.set(e.key, "Default");
    } else {
      value = {
        kind: "opaque",
        text: `\${${e.key}}`,
        why: `parameter ${e.key}, which has no Default: give --parameter ${e.key}=VALUE`,
        pos: e.keyPos,
      };
    }
    if (isList && value.kind === "scalar" && typeof value.value === "string") {
      const pos = value.pos;
      value = {
        kind: "seq",
        items: value.value.split(",").map((v) => ({ kind: "scalar", value: v.trim(), pos })),
        pos,
      };
    }
    values.set(e.key, value);
  }
  return {
    values,
    *used(names) {
      for (const name of [...names].sort()) {
        const node = values.get(name);
        const source = from.get(name);
        if (!node || !source) continue;
        const shown =
          node.kind === "seq"
            ? node.items.map((i) => (i.kind === "scalar" ? String(i.value) : "?")).join(",")
            : node.kind === "scalar"
              ? String(node.value)
              : "?";
        yield { name, value: shown, from: source };
      }
    },
  };
}

/**
 * The name a reference stands for: a name as is, an ARN of the right resource type by its last part
 * (`arn:…:compute-environment/ce` → `ce`); undefined for an ARN of another type (a job queue's).
 */
function nameOfReference(value: string, arnType: string): string | undefined {
  if (!value.startsWith("arn:")) return value;
  const marker = `:${arnType}/`;
  const at = value.indexOf(marker);
  return at < 0 ? undefined : value.slice(at + marker.length);
}

/**
 * Queues name their compute environments and scheduling policy by name (ARNs of the template's own
 * resources become names); a reference to something the template does not define is an error.
 */
function linkReferences(
  sections: Record<BatchKind, Record<string, unknown>[]>,
  origins: ReadonlyMap<string, Origin>,
  problems: ImportProblem[],
): void {
  const ceNames = sections.ComputeEnvironment.map((c) => String(c.computeEnvironmentName));
  const policyNames = sections.SchedulingPolicy.map((p) => String(p.name));
  const link = (
    value: unknown,
    outPath: string,
    known: readonly string[],
    what: string,
    arnType: string,
  ): unknown => {
    if (typeof value !== "string") return value;
    const name = nameOfReference(value, arnType);
    if (name === undefined || !known.includes(name)) {
      const origin = origins.get(outPath);
      problems.push({
        pos: origin?.pos ?? ORIGIN_START,
        path: origin?.path ?? outPath,
        message: `${value} is not a ${what} of this template${name === undefined ? "" : didYouMean(name, known)}: batchsim simulates only what the template defines`,
      });
    }
    return name ?? value;
  };
  sections.JobQueue.forEach((queue, q) => {
    const order = queue.computeEnvironmentOrder;
    if (Array.isArray(order)) {
      order.forEach((entry: unknown, i) => {
        if (entry && typeof entry === "object" && "computeEnvironment" in entry) {
          const e = entry as Record<string, unknown>;
          e.computeEnvironment = link(
            e.computeEnvironment,
            `jobQueues[${q}].computeEnvironmentOrder[${i}].computeEnvironment`,
            ceNames,
            "compute environment",
            "compute-environment",
          );
        }
      });
    }
    if (queue.schedulingPolicyArn !== undefined)
      queue.schedulingPolicyArn = link(
        queue.schedulingPolicyArn,
        `jobQueues[${q}].schedulingPolicyArn`,
        policyNames,
        "scheduling policy",
        "scheduling-policy",
      );
  });
}

/** Adds what a scenario needs and a template cannot say, and returns where (for comments). */
function addPlaceholders(sections: Record<BatchKind, Record<string, unknown>[]>): Placeholder[] {
  const placeholders: Placeholder[] = [];
  sections.ComputeEnvironment.forEach((ce, i) => {
    if (ce.type !== "UNMANAGED" || ce.sim !== undefined) return;
    const vcpus = typeof ce.unmanagedvCpus === "number" ? ce.unmanagedvCpus : 0;
    const count = Math.max(1, Math.ceil(vcpus / PLACEHOLDER_INSTANCE_VCPUS));
    ce.sim = { instances: [{ instanceType: PLACEHOLDER_INSTANCE_TYPE, count }] };
    placeholders.push({
      outPath: `computeEnvironments[${i}].sim`,
      comment:
        vcpus > 0
          ? ` fill in: the instances you run yourself (a placeholder of ${count} × ${PLACEHOLDER_INSTANCE_TYPE}, ${count * PLACEHOLDER_INSTANCE_VCPUS} vCPU, for unmanagedvCpus ${vcpus})`
          : ` fill in: the instances you run yourself (a placeholder of one ${PLACEHOLDER_INSTANCE_TYPE})`,
    });
  });
  sections.JobDefinition.forEach((def, i) => {
    def.sim = { runtime: PLACEHOLDER_RUNTIME };
    placeholders.push({
      outPath: `jobDefinitions[${i}].sim`,
      comment: ` fill in: how long the container runs (a placeholder of ${PLACEHOLDER_RUNTIME}; a duration or a distribution)`,
    });
  });
  return placeholders;
}

/** Whether a compute environment is Fargate, and whether it can run multi-node jobs. */
function ceKind(ce: Record<string, unknown> | undefined): "FARGATE" | "EC2" | "OTHER_EC2" {
  const cr = ce?.computeResources as Record<string, unknown> | undefined;
  const type = cr?.type;
  if (type === "FARGATE" || type === "FARGATE_SPOT") return "FARGATE";
  return ce?.type === "MANAGED" && type === "EC2" ? "EC2" : "OTHER_EC2";
}

/**
 * One stream of SubmitJob requests for the first queue and a job definition it can run (Fargate
 * with Fargate, multi-node only on managed EC2), with what a fair-share queue needs.
 */
function exampleWorkload(
  sections: Record<BatchKind, Record<string, unknown>[]>,
): Record<string, unknown>[] | undefined {
  const ces = new Map(sections.ComputeEnvironment.map((c) => [c.computeEnvironmentName, c]));
  for (const queue of sections.JobQueue) {
    const order = Array.isArray(queue.computeEnvironmentOrder)
      ? (queue.computeEnvironmentOrder as Record<string, unknown>[])
      : [];
    const kinds = order.map((o) => ceKind(ces.get(o.computeEnvironment)));
    if (kinds.length === 0) continue;
    const fargate = kinds.every((k) => k === "FARGATE");
    const managedEc2 = kinds.every((k) => k === "EC2");
    const def = sections.JobDefinition.find((d) => {
      const caps = Array.isArray(d.platformCapabilities) ? d.platformCapabilities : [];
      if (d.type === "multinode") return managedEc2;
      return caps.includes("FARGATE") ? fargate : !fargate;
    });
    if (!def) continue;
    const submit: Record<string, unknown> = {
      jobQueue: queue.jobQueueName,
      jobDefinition: def.jobDefinitionName,
    };
    if (typeof queue.schedulingPolicyArn === "string") {
      const policy = sections.SchedulingPolicy.find((p) => p.name === queue.schedulingPolicyArn);
      const fair = policy?.fairsharePolicy as Record<string, unknown> | undefined;
      const first = Array.isArray(fair?.shareDistribution)
        ? (fair.shareDistribution[0] as Record<string, unknown> | undefined)
        : undefined;
      const share = typeof first?.shareIdentifier === "string" ? first.shareIdentifier : "";
      submit.shareIdentifier = share.endsWith("*") ? `${share.slice(0, -1)}1` : share || "team1";
      if (def.schedulingPriority === undefined) submit.schedulingPriorityOverride = 1;
    }
    return [
      {
        name: "example",
        submit,
        arrivals: { process: "poisson", ratePerHour: 6, to: "8h" },
      },
    ];
  }
  return undefined;
}

/** What the pseudo-parameters stand for, for the header. */
export function pseudoParameterValues(stackName: string): string {
  return `AWS::Region = ${PSEUDO_REGION}, AWS::AccountId = ${PSEUDO_ACCOUNT}, AWS::StackName = ${stackName}`;
}
