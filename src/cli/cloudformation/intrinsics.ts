/**
 * CloudFormation's intrinsic functions, evaluated as a deployment with the template's defaults would:
 * parameters by their Default (or `--parameter`), pseudo-parameters by fixed values (us-east-1,
 * account 123456789012, the stack named after the file), conditions, mappings. A `Ref` or
 * `Fn::GetAtt` of an AWS Batch resource of the template gives its ARN, built from its name. What only
 * AWS knows once the stack exists (a subnet's id, a role's ARN, an imported value) becomes an opaque
 * node: fine where the value has no effect in a simulation, an error where it matters. Pure.
 */
import { didYouMean } from "../did-you-mean.ts";
import { childPath, type OpaqueNode, type Pos, plainValue, type TNode } from "./template.ts";

/** The region the simulated stack is in (the built-in catalog's prices are us-east-1's). */
export const PSEUDO_REGION = "us-east-1";
/** The account id `AWS::AccountId` stands for. */
export const PSEUDO_ACCOUNT = "123456789012";

/** The AWS Batch resource types batchsim imports, by the short name used in messages and ARNs. */
export const BATCH_KINDS = {
  "AWS::Batch::ComputeEnvironment": "ComputeEnvironment",
  "AWS::Batch::JobQueue": "JobQueue",
  "AWS::Batch::SchedulingPolicy": "SchedulingPolicy",
  "AWS::Batch::JobDefinition": "JobDefinition",
} as const;

/** One of the imported Batch resource kinds. */
export type BatchKind = (typeof BATCH_KINDS)[keyof typeof BATCH_KINDS];

/** The property holding each kind's name. */
export const NAME_PROPERTY: Readonly<Record<BatchKind, string>> = {
  ComputeEnvironment: "ComputeEnvironmentName",
  JobQueue: "JobQueueName",
  SchedulingPolicy: "Name",
  JobDefinition: "JobDefinitionName",
};

const ARN_RESOURCE: Readonly<Record<BatchKind, string>> = {
  ComputeEnvironment: "compute-environment",
  JobQueue: "job-queue",
  SchedulingPolicy: "scheduling-policy",
  JobDefinition: "job-definition",
};

/** A resource of the template, as the evaluator needs it. */
export interface ResourceInfo {
  readonly logicalId: string;
  readonly type: string;
  /** The imported kind, for the four Batch types. */
  readonly batch: BatchKind | undefined;
  /** The resource's `Properties` mapping, if any. */
  readonly properties: TNode | undefined;
  /** Whether CloudFormation creates it (false: its Condition is false). */
  readonly created: boolean;
  /** Its Condition's name, when it has one. */
  readonly condition: string | undefined;
}

/** What a Batch resource is called: its name property, or (absent) its logical id. */
export interface BatchName {
  readonly name: string;
  /** The template gives no name: CloudFormation would generate one. */
  readonly generated: boolean;
  /** Why the name property could not be evaluated (the logical id is used instead). */
  readonly problem?: TemplateError;
}

/** A template error found while evaluating (the template refers to what does not exist, a bad argument). */
export class TemplateError extends Error {
  readonly pos: Pos;
  readonly path: string;
  constructor(pos: Pos, path: string, message: string) {
    super(message);
    this.name = "TemplateError";
    this.pos = pos;
    this.path = path;
  }
}

/** Everything the functions read. */
export interface EvaluatorInput {
  readonly stackName: string;
  /** Each parameter's value: a node (from its Default or `--parameter`), or opaque. */
  readonly parameters: ReadonlyMap<string, TNode>;
  /** The `Mappings` section. */
  readonly mappings: TNode | undefined;
  /** The `Conditions` section, by name. */
  readonly conditions: ReadonlyMap<string, TNode>;
  readonly resources: ReadonlyMap<string, ResourceInfo>;
  /** Collects the names of the parameters an evaluation used. */
  readonly usedParameters?: Set<string>;
}

const PSEUDO_PARAMETERS = [
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
];

const MAX_STEPS = 100;

/** Evaluates intrinsic functions of one template. */
export class Evaluator {
  private readonly input: EvaluatorInput;
  private readonly names = new Map<string, BatchName>();
  private readonly naming = new Set<string>();
  private readonly conditionValues = new Map<string, boolean | OpaqueNode>();
  private readonly evaluating = new Set<string>();

  constructor(input: EvaluatorInput) {
    this.input = input;
  }

  /**
   * The node with its own intrinsic function (if any) evaluated; children that are not part of the
   * result of a function are left as they are (they are resolved when visited). `Fn::If` gives the
   * chosen branch itself, so its positions are kept.
   */
  resolve(node: TNode, path: string): TNode {
    let current = node;
    for (let step = 0; step < MAX_STEPS; step++) {
      const fn = intrinsicOf(current);
      if (!fn) return current;
      if (fn.name !== "Fn::If") return this.call(fn, path);
      current = this.ifBranch(fn, path);
    }
    throw new TemplateError(node.pos, path, "Fn::If nested too deeply");
  }

  /** The node with every intrinsic function inside it evaluated (NoValue entries removed). */
  deep(node: TNode, path: string, depth = 0): TNode {
    if (depth > MAX_STEPS) throw new TemplateError(node.pos, path, "nested too deeply");
    const n = this.resolve(node, path);
    if (n.kind === "seq") {
      const items = n.items
        .map((item, i) => this.deep(item, childPath(path, i), depth + 1))
        .filter((item) => item.kind !== "novalue");
      return { kind: "seq", items, pos: n.pos };
    }
    if (n.kind === "map") {
      const entries = n.entries
        .map((e) => ({ ...e, value: this.deep(e.value, childPath(path, e.key), depth + 1) }))
        .filter((e) => e.value.kind !== "novalue");
      return { kind: "map", entries, pos: n.pos };
    }
    return n;
  }

  /** The name of a Batch resource of the template (memoised; a name that cannot be evaluated falls back to the logical id). */
  batchName(logicalId: string): BatchName {
    const known = this.names.get(logicalId);
    if (known) return known;
    const resource = this.input.resources.get(logicalId);
    if (!resource?.batch) throw new Error(`not a Batch resource: ${logicalId}`);
    const nameEntry =
      resource.properties?.kind === "map"
        ? resource.properties.entries.find((e) => e.key === NAME_PROPERTY[resource.batch!])
        : undefined;
    let result: BatchName = { name: logicalId, generated: true };
    if (nameEntry) {
      const path = `Resources.${logicalId}.Properties.${nameEntry.key}`;
      if (this.naming.has(logicalId)) {
        result = {
          name: logicalId,
          generated: false,
          problem: new TemplateError(nameEntry.value.pos, path, "the name refers to itself"),
        };
      } else {
        this.naming.add(logicalId);
        try {
          const value = this.deep(nameEntry.value, path);
          if (value.kind === "novalue") result = { name: logicalId, generated: true };
          else if (value.kind === "opaque")
            throw new TemplateError(
              value.pos,
              path,
              `batchsim needs the name, but it comes from ${value.why}`,
            );
          else if (value.kind !== "scalar" || value.value === null || value.value === "")
            throw new TemplateError(value.pos, path, "the name must be a string");
          else result = { name: String(value.value), generated: false };
        } catch (error) {
          if (!(error instanceof TemplateError)) throw error;
          result = { name: logicalId, generated: false, problem: error };
        } finally {
          this.naming.delete(logicalId);
        }
      }
    }
    this.names.set(logicalId, result);
    return result;
  }

  /** The ARN of a Batch resource of the template. */
  batchArn(logicalId: string): string {
    const resource = this.input.resources.get(logicalId);
    const kind = resource?.batch;
    if (!kind) throw new Error(`not a Batch resource: ${logicalId}`);
    const name = this.batchName(logicalId).name;
    const suffix = kind === "JobDefinition" ? ":1" : "";
    return `arn:aws:batch:${PSEUDO_REGION}:${PSEUDO_ACCOUNT}:${ARN_RESOURCE[kind]}/${name}${suffix}`;
  }

  /** Whether the named condition holds (opaque when it depends on what only AWS knows). */
  condition(name: string, pos: Pos, path: string): boolean | OpaqueNode {
    const known = this.conditionValues.get(name);
    if (known !== undefined) return known;
    const body = this.input.conditions.get(name);
    if (!body)
      throw new TemplateError(
        pos,
        path,
        `no condition named ${name}${didYouMean(name, this.input.conditions.keys())}`,
      );
    if (this.evaluating.has(name))
      throw new TemplateError(pos, path, `the condition ${name} depends on itself`);
    this.evaluating.add(name);
    try {
      const value = this.conditionValue(body, childPath("Conditions", name));
      this.conditionValues.set(name, value);
      return value;
    } finally {
      this.evaluating.delete(name);
    }
  }

  private conditionValue(node: TNode, path: string): boolean | OpaqueNode {
    if (node.kind === "map" && node.entries.length === 1 && node.entries[0]!.key === "Condition") {
      const ref = node.entries[0]!.value;
      if (ref.kind !== "scalar" || typeof ref.value !== "string")
        throw new TemplateError(ref.pos, path, "Condition: expected a condition's name");
      return this.condition(ref.value, ref.pos, path);
    }
    const value = this.deep(node, path);
    if (value.kind === "opaque") return value;
    if (value.kind === "scalar") {
      if (typeof value.value === "boolean") return value.value;
      if (value.value === "true" || value.value === "false") return value.value === "true";
    }
    throw new TemplateError(value.pos, path, "expected a condition (true or false)");
  }

  private ifBranch(fn: Intrinsic, path: string): TNode {
    const args = this.args(fn, path, 3, 3);
    const name = args[0]!;
    if (name.kind !== "scalar" || typeof name.value !== "string")
      throw new TemplateError(name.pos, path, "Fn::If: expected a condition's name first");
    const holds = this.condition(name.value, name.pos, path);
    if (typeof holds !== "boolean")
      return opaque(
        `\${If:${name.value}}`,
        `Fn::If on the condition ${name.value}, which depends on ${holds.why}`,
        fn.pos,
      );
    return holds ? args[1]! : args[2]!;
  }

  /** The literal argument list of a function, checked for its length. */
  private args(fn: Intrinsic, path: string, min: number, max: number): readonly TNode[] {
    const arg = fn.arg.kind === "seq" ? fn.arg : this.resolve(fn.arg, path);
    if (arg.kind !== "seq" || arg.items.length < min || arg.items.length > max) {
      const count = min === max ? `${min}` : `${min} to ${max}`;
      throw new TemplateError(
        fn.arg.pos,
        path,
        `${fn.name}: expected a list of ${count} arguments`,
      );
    }
    return arg.items;
  }

  private call(fn: Intrinsic, path: string): TNode {
    const pos = fn.pos;
    switch (fn.name) {
      case "Ref":
        return this.ref(this.literalString(fn.arg, path, "Ref"), pos, path);
      case "Fn::GetAtt":
        return this.getAtt(fn, path);
      case "Fn::Sub":
        return this.sub(fn, path);
      case "Fn::Join": {
        const [delimiter, list] = this.args(fn, path, 2, 2);
        const sep = this.text(delimiter!, path, "Fn::Join");
        const items = this.deep(list!, path);
        if (items.kind === "opaque") return items;
        if (items.kind !== "seq")
          throw new TemplateError(items.pos, path, "Fn::Join: expected a list to join");
        if (typeof sep !== "string") return sep;
        return joinParts(
          items.items.map((item) => this.text(item, path, "Fn::Join")),
          sep,
          pos,
        );
      }
      case "Fn::Select": {
        const [index, list] = this.args(fn, path, 2, 2);
        const i = this.deep(index!, path);
        const items = this.deep(list!, path);
        if (i.kind === "opaque") return i;
        if (items.kind === "opaque") return items;
        const n = i.kind === "scalar" ? Number(i.value) : Number.NaN;
        if (!Number.isInteger(n) || n < 0)
          throw new TemplateError(i.pos, path, "Fn::Select: expected an index (0, 1, …)");
        if (items.kind !== "seq")
          throw new TemplateError(items.pos, path, "Fn::Select: expected a list");
        const item = items.items[n];
        if (!item)
          throw new TemplateError(
            i.pos,
            path,
            `Fn::Select: index ${n} is past the end of a list of ${items.items.length}`,
          );
        return item;
      }
      case "Fn::Split": {
        const [delimiter, source] = this.args(fn, path, 2, 2);
        const sep = this.text(delimiter!, path, "Fn::Split");
        const whole = this.text(source!, path, "Fn::Split");
        if (typeof sep !== "string") return sep;
        if (typeof whole !== "string") return whole;
        return {
          kind: "seq",
          items: whole.split(sep).map((value) => scalar(value, pos)),
          pos,
        };
      }
      case "Fn::FindInMap":
        return this.findInMap(fn, path);
      case "Fn::GetAZs": {
        const region = this.text(fn.arg, path, "Fn::GetAZs");
        if (typeof region !== "string") return region;
        const r = region === "" ? PSEUDO_REGION : region;
        const letters = r === PSEUDO_REGION ? "abcdef" : "abc";
        return { kind: "seq", items: [...letters].map((l) => scalar(`${r}${l}`, pos)), pos };
      }
      case "Fn::ImportValue": {
        const name = this.text(fn.arg, path, "Fn::ImportValue");
        const shown = typeof name === "string" ? name : name.text;
        return opaque(
          `\${ImportValue:${shown}}`,
          `Fn::ImportValue ${shown}, a value another stack exports: write the value here instead`,
          pos,
        );
      }
      case "Fn::Base64": {
        const value = this.text(fn.arg, path, "Fn::Base64");
        if (typeof value !== "string") return value;
        return scalar(Buffer.from(value, "utf8").toString("base64"), pos);
      }
      case "Fn::Equals":
      case "Fn::And":
      case "Fn::Or":
      case "Fn::Not": {
        const value = this.logical(fn, path);
        return typeof value === "boolean" ? scalar(value, pos) : value;
      }
      case "Fn::Length": {
        const list = this.deep(fn.arg, path);
        if (list.kind === "opaque") return list;
        if (list.kind !== "seq")
          throw new TemplateError(list.pos, path, "Fn::Length: expected a list");
        return scalar(list.items.length, pos);
      }
      case "Fn::ToJsonString": {
        const value = this.deep(fn.arg, path);
        if (containsOpaque(value)) return opaque(`\${ToJsonString}`, firstWhy(value), pos);
        return scalar(JSON.stringify(plainValue(value)), pos);
      }
      default:
        return opaque(
          `\${${fn.name}}`,
          `${fn.name}, which batchsim does not evaluate: write the value here instead`,
          pos,
        );
    }
  }

  private logical(fn: Intrinsic, path: string): boolean | OpaqueNode {
    if (fn.name === "Fn::Equals") {
      const [a, b] = this.args(fn, path, 2, 2).map((arg) => this.deep(arg, path));
      if (containsOpaque(a!)) return opaque(`\${Equals}`, firstWhy(a!), fn.pos);
      if (containsOpaque(b!)) return opaque(`\${Equals}`, firstWhy(b!), fn.pos);
      return canonical(a!) === canonical(b!);
    }
    if (fn.name === "Fn::Not") {
      const [c] = this.args(fn, path, 1, 1);
      const value = this.conditionValue(c!, path);
      return typeof value === "boolean" ? !value : value;
    }
    const values = this.args(fn, path, 2, 10).map((c) => this.conditionValue(c, path));
    const decisive = fn.name !== "Fn::And";
    if (values.includes(decisive)) return decisive;
    const unknown = values.find((v): v is OpaqueNode => typeof v !== "boolean");
    return unknown ?? !decisive;
  }

  private ref(name: string, pos: Pos, path: string): TNode {
    if (name === "AWS::NoValue") return { kind: "novalue", pos };
    if (name.startsWith("AWS::")) return this.pseudo(name, pos, path);
    const parameter = this.input.parameters.get(name);
    if (parameter) {
      this.input.usedParameters?.add(name);
      return reposition(parameter, pos);
    }
    const resource = this.input.resources.get(name);
    if (!resource)
      throw new TemplateError(
        pos,
        path,
        `Ref ${name}: no parameter or resource of that name${didYouMean(name, [
          ...this.input.parameters.keys(),
          ...this.input.resources.keys(),
        ])}`,
      );
    this.checkCreated(resource, pos, path);
    if (resource.batch) return scalar(this.batchArn(name), pos);
    return opaque(
      `\${${name}}`,
      `Ref ${name} (${resource.type}), known only once the stack exists: write the value here instead`,
      pos,
    );
  }

  private getAtt(fn: Intrinsic, path: string): TNode {
    const args = this.args(fn, path, 2, 2);
    const id = this.literalString(args[0]!, path, "Fn::GetAtt");
    const attribute = this.text(args[1]!, path, "Fn::GetAtt");
    if (typeof attribute !== "string") return attribute;
    const resource = this.input.resources.get(id);
    if (!resource)
      throw new TemplateError(
        args[0]!.pos,
        path,
        `Fn::GetAtt ${id}: no resource of that name${didYouMean(id, this.input.resources.keys())}`,
      );
    this.checkCreated(resource, fn.pos, path);
    if (resource.batch && (attribute === "Arn" || attribute === `${resource.batch}Arn`))
      return scalar(this.batchArn(id), fn.pos);
    if (resource.batch && (attribute === "Name" || attribute === NAME_PROPERTY[resource.batch]))
      return scalar(this.batchName(id).name, fn.pos);
    return opaque(
      `\${${id}.${attribute}}`,
      `Fn::GetAtt ${id}.${attribute} (${resource.type}), known only once the stack exists: write the value here instead`,
      fn.pos,
    );
  }

  private checkCreated(resource: ResourceInfo, pos: Pos, path: string): void {
    if (!resource.created)
      throw new TemplateError(
        pos,
        path,
        `${resource.logicalId} is not created: its Condition ${resource.condition} is false`,
      );
  }

  private pseudo(name: string, pos: Pos, path: string): TNode {
    const stack = this.input.stackName;
    switch (name) {
      case "AWS::Region":
        return scalar(PSEUDO_REGION, pos);
      case "AWS::AccountId":
        return scalar(PSEUDO_ACCOUNT, pos);
      case "AWS::StackName":
        return scalar(stack, pos);
      case "AWS::StackId":
        return scalar(
          `arn:aws:cloudformation:${PSEUDO_REGION}:${PSEUDO_ACCOUNT}:stack/${stack}/00000000-0000-0000-0000-000000000000`,
          pos,
        );
      case "AWS::Partition":
        return scalar("aws", pos);
      case "AWS::URLSuffix":
        return scalar("amazonaws.com", pos);
      case "AWS::NotificationARNs":
        return { kind: "seq", items: [], pos };
      default:
        throw new TemplateError(
          pos,
          path,
          `unknown pseudo-parameter ${name}${didYouMean(name, PSEUDO_PARAMETERS)}`,
        );
    }
  }

  private sub(fn: Intrinsic, path: string): TNode {
    let template: TNode = fn.arg;
    const variables = new Map<string, TNode>();
    const arg = this.resolve(fn.arg, path);
    if (arg.kind === "seq") {
      const [text, vars] = this.args(fn, path, 2, 2);
      template = text!;
      const map = this.resolve(vars!, path);
      if (map.kind !== "map")
        throw new TemplateError(map.pos, path, "Fn::Sub: expected a mapping of variables second");
      for (const e of map.entries) variables.set(e.key, e.value);
    }
    const source = this.resolve(template, path);
    if (source.kind !== "scalar" || typeof source.value !== "string")
      throw new TemplateError(source.pos, path, "Fn::Sub: expected a string");
    const parts: (string | OpaqueNode)[] = [];
    const pattern = /\$\{([^}]*)\}/g;
    let last = 0;
    for (const match of source.value.matchAll(pattern)) {
      parts.push(source.value.slice(last, match.index));
      last = match.index + match[0].length;
      const inner = match[1] ?? "";
      if (inner.startsWith("!")) {
        parts.push(`\${${inner.slice(1)}}`);
        continue;
      }
      const name = inner.trim();
      const variable = variables.get(name);
      let value: TNode;
      if (variable) value = this.deep(variable, path);
      else if (!name.startsWith("AWS::") && name.includes(".")) {
        const dot = name.indexOf(".");
        value = this.getAtt(
          {
            name: "Fn::GetAtt",
            arg: {
              kind: "seq",
              items: [scalar(name.slice(0, dot), fn.pos), scalar(name.slice(dot + 1), fn.pos)],
              pos: fn.pos,
            },
            pos: fn.pos,
          },
          path,
        );
      } else value = this.ref(name, fn.pos, path);
      parts.push(this.text(value, path, "Fn::Sub"));
    }
    parts.push(source.value.slice(last));
    return joinParts(parts, "", fn.pos);
  }

  private findInMap(fn: Intrinsic, path: string): TNode {
    const args = this.args(fn, path, 3, 4);
    const keys = args.slice(0, 3).map((a) => this.text(a, path, "Fn::FindInMap"));
    const unknown = keys.find((k): k is OpaqueNode => typeof k !== "string");
    if (unknown) return unknown;
    const [mapName, top, second] = keys as string[];
    const fallback = args[3] ? this.resolve(args[3], path) : undefined;
    const defaultValue =
      fallback?.kind === "map"
        ? fallback.entries.find((e) => e.key === "DefaultValue")?.value
        : undefined;
    const lookUp = (node: TNode | undefined, key: string): TNode | undefined =>
      node?.kind === "map" ? node.entries.find((e) => e.key === key)?.value : undefined;
    const map = lookUp(this.input.mappings, mapName!);
    const found = lookUp(lookUp(map, top!), second!);
    if (found) return reposition(this.deep(found, path), fn.pos);
    if (defaultValue) return this.deep(defaultValue, path);
    const missing = !map
      ? `no mapping named ${mapName}`
      : !lookUp(map, top!)
        ? `the mapping ${mapName} has no key ${top}`
        : `the mapping ${mapName}.${top} has no key ${second}`;
    throw new TemplateError(fn.pos, path, `Fn::FindInMap: ${missing}`);
  }

  /** A node's value as text (numbers and booleans as CloudFormation writes them), or opaque. */
  private text(node: TNode, path: string, what: string): string | OpaqueNode {
    const value = this.deep(node, path);
    if (value.kind === "opaque") return value;
    if (value.kind === "scalar" && value.value !== null) return String(value.value);
    throw new TemplateError(value.pos, path, `${what}: expected a string`);
  }

  /** A literal string argument (Ref and Fn::GetAtt take names, not expressions). */
  private literalString(node: TNode, path: string, what: string): string {
    if (node.kind === "scalar" && typeof node.value === "string" && node.value !== "")
      return node.value;
    throw new TemplateError(node.pos, path, `${what}: expected a name`);
  }
}

/** An intrinsic function call: a mapping of one key, `Ref` or `Fn::…`. */
interface Intrinsic {
  readonly name: string;
  readonly arg: TNode;
  readonly pos: Pos;
}

function intrinsicOf(node: TNode): Intrinsic | undefined {
  if (node.kind !== "map" || node.entries.length !== 1) return undefined;
  const entry = node.entries[0]!;
  if (entry.key !== "Ref" && !entry.key.startsWith("Fn::")) return undefined;
  return { name: entry.key, arg: entry.value, pos: node.pos };
}

/** Whether a node is an intrinsic function call. */
export function isIntrinsic(node: TNode): boolean {
  return intrinsicOf(node) !== undefined;
}

function scalar(value: string | number | boolean, pos: Pos): TNode {
  return { kind: "scalar", value, pos };
}

function opaque(text: string, why: string, pos: Pos): OpaqueNode {
  return { kind: "opaque", text, why, pos };
}

/** Joins text parts; any opaque part makes the whole opaque (its text shows the placeholders). */
function joinParts(parts: readonly (string | OpaqueNode)[], separator: string, pos: Pos): TNode {
  const text = parts.map((p) => (typeof p === "string" ? p : p.text)).join(separator);
  const unknown = parts.find((p): p is OpaqueNode => typeof p !== "string");
  return unknown ? opaque(text, unknown.why, pos) : scalar(text, pos);
}

/** The same value, every node at `pos` (a computed value is located where it is computed). */
function reposition(node: TNode, pos: Pos): TNode {
  switch (node.kind) {
    case "seq":
      return { kind: "seq", items: node.items.map((i) => reposition(i, pos)), pos };
    case "map":
      return {
        kind: "map",
        entries: node.entries.map((e) => ({ ...e, keyPos: pos, value: reposition(e.value, pos) })),
        pos,
      };
    default:
      return { ...node, pos };
  }
}

/** Whether an evaluated node holds an opaque value anywhere. */
export function containsOpaque(node: TNode): boolean {
  if (node.kind === "opaque") return true;
  if (node.kind === "seq") return node.items.some(containsOpaque);
  if (node.kind === "map") return node.entries.some((e) => containsOpaque(e.value));
  return false;
}

function firstWhy(node: TNode): string {
  if (node.kind === "opaque") return node.why;
  const children =
    node.kind === "seq" ? node.items : node.kind === "map" ? node.entries.map((e) => e.value) : [];
  for (const child of children) {
    if (containsOpaque(child)) return firstWhy(child);
  }
  return "";
}

/** A value's text for Fn::Equals (CloudFormation compares strings: 1 equals "1"). */
function canonical(node: TNode): string {
  const value = plainValue(node);
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}
