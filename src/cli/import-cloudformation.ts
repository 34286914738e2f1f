/**
 * `batchsim import cloudformation TEMPLATE [--out FILE] [--name NAME] [--parameter NAME=VALUE]…
 * [--force]`: writes a scenario with the AWS Batch resources of a CloudFormation or CDK-synthesised
 * template and an empty workload to fill in. Every problem is located in the template
 * (`file:line:col error path: message`, exit 2) and then nothing is written.
 */
import * as path from "node:path";
import { formatProblem, loadScenario, type Problem } from "../scenario/index.ts";
import { parseCommandArgs } from "./args.ts";
import {
  convertTemplate,
  type ImportedScenario,
  type ImportProblem,
} from "./cloudformation/convert.ts";
import type { Origin } from "./cloudformation/properties.ts";
import { renderScenario } from "./cloudformation/render.ts";
import { CliError, describeSystemError, EXIT, systemErrorCode, usageError } from "./errors.ts";
import { pathExists, writeFilesAtomically, writeStderr, writeStdout } from "./io.ts";
import { builtInCatalog, readScenarioBytes } from "./scenario-file.ts";
import type { Subcommand } from "./subcommands.ts";

const OPTIONS = {
  out: { type: "string" },
  name: { type: "string" },
  parameter: { type: "string", multiple: true },
  force: { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Usage of `batchsim import cloudformation`. */
export const IMPORT_CLOUDFORMATION_USAGE =
  "usage: batchsim import cloudformation TEMPLATE [--out FILE] [--name NAME] [--parameter NAME=VALUE]... [--force]";

const COMMAND = "import cloudformation";

/** The `batchsim import cloudformation` row of the importers' table (src/cli/import.ts). */
export const IMPORT_CLOUDFORMATION: Subcommand = {
  usage: IMPORT_CLOUDFORMATION_USAGE,
  summary:
    "write a scenario from the AWS Batch resources of a CloudFormation or CDK template (YAML or JSON), with an empty workload to fill in (default <template>.scenario.yaml here)",
  run: importCloudFormationCommand,
};

/** Runs `batchsim import cloudformation` (args after those two words); returns the exit code. */
export function importCloudFormationCommand(args: string[]): number {
  const { values, positionals } = parseCommandArgs(COMMAND, args, OPTIONS);
  if (values.help) {
    writeStdout(`${IMPORT_CLOUDFORMATION_USAGE}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw usageError(
      `batchsim ${COMMAND}: expected one template file (YAML or JSON); ${IMPORT_CLOUDFORMATION_USAGE}`,
    );
  const template = positionals[0] as string;
  const stem = templateStem(template);
  const name = values.name ?? scenarioName(stem);
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(name) || name === "." || name === "..")
    throw usageError(
      `batchsim ${COMMAND}: --name may contain only letters, digits, '.', '_' and '-' (got "${name}")`,
    );
  const parameters = (values.parameter ?? []).map((p) => {
    const eq = p.indexOf("=");
    if (eq <= 0)
      throw usageError(`batchsim ${COMMAND}: --parameter expects NAME=VALUE (got "${p}")`);
    return [p.slice(0, eq), p.slice(eq + 1)] as const;
  });
  const out = values.out ?? `${stem}.scenario.yaml`;
  if (path.resolve(out) === path.resolve(template))
    throw usageError(`batchsim ${COMMAND}: --out would replace the template itself: ${out}`);
  if (pathExists(out) && !values.force)
    throw usageError(`batchsim: output file exists (use --force): ${out}`);

  const text = readScenarioBytes(template).toString("utf8");
  const stackName = stackNameOf(stem);
  const result = convertTemplate(text, {
    scenarioName: name,
    stackName,
    source: template,
    parameters,
  });
  if (!result.ok)
    throw usageError(
      "",
      sortProblems(result.problems).map((p) => line(template, p)),
    );
  const imported = result.imported;
  const yaml = renderScenario(imported, template, stackName);

  // The scenario must load as it is written: a problem is located back in the template.
  const loaded = loadScenario(yaml, out, builtInCatalog());
  if (!loaded.ok) {
    const lines = sortProblems(loaded.problems.map((p) => backToTemplate(p, imported.origins))).map(
      (p) => line(template, p),
    );
    throw usageError(
      `batchsim ${COMMAND}: the template's resources are not a scenario batchsim can run; nothing written`,
      lines,
    );
  }
  for (const note of notices(template, imported)) writeStderr(`${note}\n`);
  for (const note of loaded.notices) writeStderr(`${template}: note: ${note}\n`);
  try {
    writeFilesAtomically(path.dirname(out), { [path.basename(out)]: yaml });
  } catch (error) {
    if (systemErrorCode(error) === undefined) throw error;
    throw new CliError(`batchsim: cannot write ${out}: ${describeSystemError(error)}`, EXIT.failed);
  }
  writeStdout(
    `${out}: ${summary(imported)}; fill in its workload and the placeholders marked "fill in"\n`,
  );
  return EXIT.ok;
}

/** The template's file name without its extensions (`MyStack.template.json` → `MyStack`). */
export function templateStem(file: string): string {
  let stem = path.basename(file);
  for (;;) {
    const next = stem.replace(/\.(ya?ml|json|template|cfn)$/i, "");
    if (next === stem || next === "") break;
    stem = next;
  }
  return stem;
}

/** A valid scenario name from the stem (letters, digits, '.', '_', '-'). */
function scenarioName(stem: string): string {
  const name = stem.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 128);
  return name === "" || name === "." || name === ".." ? "imported" : name;
}

/** A CloudFormation stack name from the stem: a letter first, then letters, digits and hyphens. */
function stackNameOf(stem: string): string {
  const name = stem.replace(/[^A-Za-z0-9-]+/g, "-").replace(/^[^A-Za-z]+/, "");
  return name === "" ? "stack" : name.slice(0, 128);
}

function sortProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  return [...problems].sort(
    (a, b) =>
      Number(a.argument !== undefined) - Number(b.argument !== undefined) ||
      (a.argument ?? "").localeCompare(b.argument ?? "") ||
      a.pos.line - b.pos.line ||
      a.pos.col - b.pos.col,
  );
}

/** `file:line:col error path: message` (or `--parameter:k:1 error …`). */
function line(template: string, p: ImportProblem): string {
  const problem: Problem = {
    file: p.argument ?? template,
    line: p.pos.line,
    col: p.pos.col,
    path: p.path,
    message: p.message,
  };
  return formatProblem(problem);
}

/** A scenario problem at the template value it came from (the nearest enclosing one known). */
function backToTemplate(problem: Problem, origins: ReadonlyMap<string, Origin>): ImportProblem {
  let scenarioPath = problem.path;
  for (;;) {
    const origin = origins.get(scenarioPath);
    if (origin) return { pos: origin.pos, path: origin.path, message: problem.message };
    const cut = Math.max(scenarioPath.lastIndexOf("."), scenarioPath.lastIndexOf("["));
    if (cut <= 0) break;
    scenarioPath = scenarioPath.slice(0, cut);
  }
  return { pos: { line: 1, col: 1 }, path: problem.path, message: problem.message };
}

/** The notes on stderr, each located in the template, in template order. */
function notices(template: string, imported: ImportedScenario): string[] {
  const located: { pos: { line: number; col: number }; text: string }[] = [];
  const add = (pos: { line: number; col: number }, path: string, message: string): void => {
    located.push({ pos, text: `${template}:${pos.line}:${pos.col} note ${path}: ${message}` });
  };
  for (const n of imported.notes) add(n.pos, n.path, n.message);
  for (const o of imported.otherResources)
    add(o.pos, "Resources", `not AWS Batch, not simulated: ${o.type} (${o.logicalIds.join(", ")})`);
  for (const p of imported.notCarriedOver)
    add(p.pos, p.path, "not carried over: batchsim has no field for it");
  located.sort((a, b) => a.pos.line - b.pos.line || a.pos.col - b.pos.col);
  const out = located.map((l) => l.text);
  if (imported.leftOut.length > 0)
    out.push(
      `${template}: note: ${imported.leftOut.length} properties with no effect in a simulation are left out (listed at the top of the scenario)`,
    );
  return out;
}

function summary(imported: ImportedScenario): string {
  const count = (key: string, one: string, many: string): string | undefined => {
    const list = imported.scenario[key];
    const n = Array.isArray(list) ? list.length : 0;
    return n === 0 ? undefined : `${n} ${n === 1 ? one : many}`;
  };
  return [
    count("computeEnvironments", "compute environment", "compute environments"),
    count("schedulingPolicies", "scheduling policy", "scheduling policies"),
    count("jobQueues", "job queue", "job queues"),
    count("jobDefinitions", "job definition", "job definitions"),
  ]
    .filter((s) => s !== undefined)
    .join(", ");
}
