/**
 * A Batch resource's CloudFormation `Properties` (PascalCase) → the AWS API request of the scenario
 * (camelCase), guided by the scenario's own zod schema: a property the schema has is converted (and
 * its intrinsic functions evaluated), one marked "no effect in simulation" is left out and listed, a
 * "not supported" one is an error, and any other is listed as not carried over. Pure.
 */
import * as z from "zod";
import { NO_EFFECT_SCHEMAS, NOT_SUPPORTED_KEYS } from "../../scenario/schema-common.ts";
import { unwrapSchema } from "../../scenario/schema-walk.ts";
import { type Evaluator, TemplateError } from "./intrinsics.ts";
import { childPath, type Pos, plainValue, type TemplateProblem, type TNode } from "./template.ts";

/** A property of the template and where it is. */
export interface PropertyRef {
  /** Its template path, as `Resources.MyCE.Properties.ComputeResources.Subnets`. */
  readonly path: string;
  readonly pos: Pos;
}

/** Where a value of the scenario came from in the template. */
export interface Origin {
  readonly pos: Pos;
  readonly path: string;
}

/** What converting properties found besides the values. */
export interface MappingReport {
  readonly problems: TemplateProblem[];
  /** Properties accepted by batchsim with no effect in a simulation: left out of the scenario. */
  readonly leftOut: PropertyRef[];
  /** Properties the scenario has no field for: not carried over. */
  readonly notCarriedOver: PropertyRef[];
  /** Scenario path (`jobQueues[0].priority`) → where its value came from. */
  readonly origins: Map<string, Origin>;
}

/** An empty report to fill. */
export function newReport(): MappingReport {
  return { problems: [], leftOut: [], notCarriedOver: [], origins: new Map() };
}

/** What a `not supported` property is, for its error. */
const NOT_SUPPORTED_WHAT: Readonly<Record<string, string>> = {
  eksConfiguration: "EKS compute environments are not modelled",
  eksProperties: "EKS jobs are not modelled",
  ecsProperties: "ecsProperties (multi-container ECS jobs) are not modelled",
  consumableResourceProperties: "consumable resources are not modelled",
  quotaSharePolicy: "quota-share scheduling policies are not modelled",
  serviceEnvironmentOrder: "service environments (SageMaker jobs) are not modelled",
};

/** A PascalCase CloudFormation property name → the API's camelCase (`MinvCpus` → `minvCpus`). */
export function camelCase(key: string): string {
  return key.length === 0 ? key : key[0]!.toLowerCase() + key.slice(1);
}

/**
 * Converts `node` (a template value at `path`) to the scenario value at `outPath` that `schema`
 * describes; undefined when it is absent (NoValue) or wrong (a problem is reported).
 */
export function convertValue(
  ev: Evaluator,
  report: MappingReport,
  node: TNode,
  schema: z.ZodType,
  path: string,
  outPath: string,
): unknown {
  let n: TNode;
  try {
    n = ev.resolve(node, path);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    report.problems.push({ pos: error.pos, path: error.path, message: error.message });
    return undefined;
  }
  if (n.kind === "novalue") return undefined;
  report.origins.set(outPath, { pos: n.kind === "map" ? firstKeyPos(n) : n.pos, path });
  if (n.kind === "opaque") {
    report.problems.push({
      pos: n.pos,
      path,
      message: `batchsim needs this value, but it comes from ${n.why}`,
    });
    return undefined;
  }
  const s = unwrapSchema(schema);
  const wrong = (expected: string): undefined => {
    report.problems.push({ pos: n.pos, path, message: `expected ${expected}, got ${describe(n)}` });
    return undefined;
  };
  if (s instanceof z.ZodObject) {
    if (n.kind !== "map") return wrong("a mapping");
    return convertObject(ev, report, n, s, path, outPath);
  }
  if (s instanceof z.ZodArray) {
    if (n.kind !== "seq") return wrong("a list");
    const out: unknown[] = [];
    n.items.forEach((item, i) => {
      const value = convertValue(
        ev,
        report,
        item,
        s.element as z.ZodType,
        childPath(path, i),
        `${outPath}[${out.length}]`,
      );
      if (value !== undefined) out.push(value);
    });
    return out;
  }
  if (s instanceof z.ZodRecord) {
    if (n.kind !== "map") return wrong("a mapping");
    const out: Record<string, unknown> = {};
    for (const e of n.entries) {
      const value = convertValue(
        ev,
        report,
        e.value,
        s.valueType as z.ZodType,
        childPath(path, e.key),
        childPath(outPath, e.key),
      );
      if (value !== undefined) out[e.key] = value;
    }
    return out;
  }
  if (s instanceof z.ZodUnion) {
    const options = (s.options as readonly z.ZodType[]).map(unwrapSchema);
    const kindOf = (o: z.ZodType) =>
      o instanceof z.ZodObject || o instanceof z.ZodRecord
        ? "map"
        : o instanceof z.ZodArray
          ? "seq"
          : o instanceof z.ZodUnknown || o instanceof z.ZodAny
            ? "any"
            : "scalar";
    const option =
      options.find((o) => kindOf(o) === n.kind) ?? options.find((o) => kindOf(o) === "any");
    if (!option) return wrong(n.kind === "scalar" ? "a list or a mapping" : "a single value");
    if (kindOf(option) !== "scalar") return convertValue(ev, report, n, option, path, outPath);
    // Several scalar options (a string or a number): keep the template's own type when allowed.
    if (n.kind !== "scalar") return wrong("a single value");
    const fits = options.find(
      (o) =>
        (o instanceof z.ZodNumber && typeof n.value === "number") ||
        ((o instanceof z.ZodString || o instanceof z.ZodEnum) && typeof n.value === "string") ||
        (o instanceof z.ZodBoolean && typeof n.value === "boolean"),
    );
    return convertValue(ev, report, n, fits ?? option, path, outPath);
  }
  if (s instanceof z.ZodUnknown || s instanceof z.ZodAny) {
    try {
      return plainValue(ev.deep(n, path));
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      report.problems.push({ pos: error.pos, path: error.path, message: error.message });
      return undefined;
    }
  }
  if (n.kind !== "scalar") return wrong("a single value");
  const v = n.value;
  if (s instanceof z.ZodNumber) {
    if (typeof v === "number") return v;
    // CloudFormation writes numbers as strings as often as not ("256").
    if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
    return wrong("a number");
  }
  if (s instanceof z.ZodBoolean) {
    if (typeof v === "boolean") return v;
    if (v === "true" || v === "false") return v === "true";
    return wrong("true or false");
  }
  if (v === null) return wrong("a value");
  // Strings and enums: CloudFormation's values are strings; a number (Value: 2) becomes "2".
  const text = typeof v === "string" ? v : String(v);
  if (s instanceof z.ZodEnum) {
    // AWS takes enum values in any case (CDK writes `Type: managed`): use the API's spelling.
    const options = s.options as readonly string[];
    return options.includes(text)
      ? text
      : (options.find((o) => o.toLowerCase() === text.toLowerCase()) ?? text);
  }
  return text;
}

function convertObject(
  ev: Evaluator,
  report: MappingReport,
  node: Extract<TNode, { kind: "map" }>,
  schema: z.ZodObject,
  path: string,
  outPath: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const shape = schema.shape as Record<string, z.ZodType>;
  for (const e of node.entries) {
    const key = camelCase(e.key);
    const keyPath = childPath(path, e.key);
    // `sim:` is batchsim's own block: no CloudFormation property maps to it.
    if (key === "sim" || !Object.hasOwn(shape, key)) {
      if (NOT_SUPPORTED_KEYS.has(key)) {
        report.problems.push({
          pos: e.keyPos,
          path: keyPath,
          message: `not supported by batchsim: ${NOT_SUPPORTED_WHAT[key] ?? "not modelled"}`,
        });
      } else report.notCarriedOver.push({ path: keyPath, pos: e.keyPos });
      continue;
    }
    const field = shape[key]!;
    if (NO_EFFECT_SCHEMAS.has(field)) {
      report.leftOut.push({ path: keyPath, pos: e.keyPos });
      continue;
    }
    const value = convertValue(ev, report, e.value, field, keyPath, childPath(outPath, key));
    if (value !== undefined) out[key] = value;
  }
  // The schema's order (the AWS API's: name, type, state, …), whatever the template's (CDK sorts keys).
  const order = Object.keys(shape);
  return Object.fromEntries(
    Object.entries(out).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)),
  );
}

function firstKeyPos(node: Extract<TNode, { kind: "map" }>): Pos {
  return node.entries[0]?.keyPos ?? node.pos;
}

function describe(node: TNode): string {
  switch (node.kind) {
    case "scalar":
      return node.value === null ? "nothing" : JSON.stringify(node.value);
    case "seq":
      return "a list";
    case "map":
      return "a mapping";
    default:
      return "an unknown value";
  }
}
