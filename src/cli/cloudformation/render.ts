/**
 * An imported scenario → the YAML text of a scenario file: a header saying where it came from, what
 * to fill in and what was not carried over; each resource marked with its template origin; the
 * placeholders commented; an empty workload with a commented example. Pure.
 */
import { Document, isMap, isScalar, isSeq, type Node, type Pair } from "yaml";
import { type ImportedScenario, pseudoParameterValues } from "./convert.ts";

/** Longest flow collection (`{ order: 1, computeEnvironment: ce }`) written on one line. */
const FLOW_MAX_CHARS = 72;

/** Renders the scenario file. `source` is the template as named; `stackName` what AWS::StackName was. */
export function renderScenario(
  imported: ImportedScenario,
  source: string,
  stackName: string,
): string {
  const doc = new Document(imported.scenario);
  flowSmallCollections(doc.contents);
  for (const [outPath, origin] of imported.sources) {
    const node = nodeAt(doc, outPath);
    if (node) node.commentBefore = ` from ${origin.path} (line ${origin.pos.line})`;
  }
  for (const placeholder of imported.placeholders) {
    const pair = pairAt(doc, placeholder.outPath);
    if (pair && isScalar(pair.key)) pair.key.commentBefore = placeholder.comment;
  }
  for (const outPath of imported.generatedNames) {
    const pair = pairAt(doc, outPath);
    if (pair && isScalar(pair.value))
      pair.value.comment = " the logical id: the template gives no name";
  }
  const workload = pairAt(doc, "workload");
  if (workload && isScalar(workload.key)) {
    workload.key.spaceBefore = true;
    workload.key.commentBefore = workloadComment(imported);
  }
  return `${header(imported, source, stackName)}\n\n${doc.toString({ lineWidth: 0 })}`;
}

function header(imported: ImportedScenario, source: string, stackName: string): string {
  const lines: string[] = [
    `A batchsim scenario imported from ${source}`,
    "by `batchsim import cloudformation`: the template's AWS Batch resources as AWS API requests.",
    "",
    "To fill in before the results mean anything:",
    "  - workload: the jobs to simulate (empty now; an example is at the end)",
  ];
  if (imported.placeholders.some((p) => p.outPath.startsWith("jobDefinitions")))
    lines.push("  - jobDefinitions[].sim.runtime: how long each job runs (placeholders for now)");
  if (imported.placeholders.some((p) => p.outPath.startsWith("computeEnvironments")))
    lines.push(
      "  - computeEnvironments[].sim.instances: the fleet of each UNMANAGED compute environment",
    );
  lines.push("", `Evaluated with ${pseudoParameterValues(stackName)}.`);
  if (imported.parameters.length > 0) {
    lines.push("Parameters:");
    for (const p of imported.parameters)
      lines.push(
        `  - ${p.name} = ${p.value}${p.from === "Default" ? " (its Default)" : " (--parameter)"}`,
      );
  }
  if (imported.notes.length > 0) {
    lines.push("", "Notes:");
    for (const n of imported.notes) lines.push(`  - ${n.path} (line ${n.pos.line}): ${n.message}`);
  }
  if (imported.otherResources.length > 0) {
    lines.push("", "Not AWS Batch, so not simulated:");
    for (const o of imported.otherResources)
      lines.push(`  - ${o.type}: ${o.logicalIds.join(", ")}`);
  }
  if (imported.leftOut.length > 0) {
    lines.push("", "Left out, as they have no effect in a simulation:");
    for (const [resource, props] of byResource(imported.leftOut))
      lines.push(`  - ${resource}: ${props.join(", ")}`);
  }
  if (imported.notCarriedOver.length > 0) {
    lines.push("", "Not carried over (batchsim has no field for them):");
    for (const p of imported.notCarriedOver) lines.push(`  - ${p.path} (line ${p.pos.line})`);
  }
  return lines.map((l) => (l === "" ? "#" : `# ${l}`)).join("\n");
}

/** Groups property paths by resource: `Resources.X` → [`ServiceRole`, `ComputeResources.Subnets`]. */
function byResource(refs: ImportedScenario["leftOut"]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const ref of refs) {
    const m = /^(Resources\.[^.]+)\.Properties\.(.+)$/.exec(ref.path);
    const resource = m?.[1] ?? ref.path;
    const list = out.get(resource) ?? [];
    list.push(m?.[2] ?? ref.path);
    out.set(resource, list);
  }
  return out;
}

function workloadComment(imported: ImportedScenario): string {
  const lines = [
    " fill in: the jobs to simulate, as streams of SubmitJob requests (docs/scenario-format.md).",
  ];
  if (imported.exampleWorkload) {
    lines.push(" For example (uncomment these lines in place of `workload: []`):");
    const example = new Document({ workload: imported.exampleWorkload });
    flowSmallCollections(example.contents);
    for (const line of example.toString({ lineWidth: 0 }).trimEnd().split("\n"))
      lines.push(` ${line}`);
  } else {
    lines.push(
      " No job queue here has a job definition it can run (Fargate with Fargate, EC2 with EC2).",
    );
  }
  return lines.join("\n");
}

/** Writes a collection of plain values on one line when it is short and holds no collection. */
function flowSmallCollections(node: unknown): void {
  if (!isMap(node) && !isSeq(node)) return;
  const children: unknown[] = isMap(node) ? node.items.map((p) => p.value) : node.items;
  for (const child of children) flowSmallCollections(child);
  const flat = children.every((c) => isScalar(c) || ((isMap(c) || isSeq(c)) && c.flow));
  if (flat && children.length > 0 && JSON.stringify(node.toJSON()).length <= FLOW_MAX_CHARS)
    node.flow = true;
}

/** The node at a scenario path (`jobQueues[0].computeEnvironmentOrder[1]`). */
function nodeAt(doc: Document, outPath: string): Node | undefined {
  const node = doc.getIn(parsePath(outPath), true);
  return node && typeof node === "object" ? (node as Node) : undefined;
}

/** The key-value pair at a scenario path (its last segment is a key). */
function pairAt(doc: Document, outPath: string): Pair | undefined {
  const path = parsePath(outPath);
  const last = path.pop();
  const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(parent)) return undefined;
  return parent.items.find((p) => isScalar(p.key) && p.key.value === last) as Pair | undefined;
}

function parsePath(outPath: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of outPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}
