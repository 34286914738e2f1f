/**
 * `batchsim import history HISTORY [--out FILE] [--runtimes exact|distribution] [--name N] [--force]`:
 * writes a scenario that replays an AWS Batch job history (DescribeJobs output or EventBridge
 * `Batch Job State Change` events): every submission at its createdAt, with its queue, definition,
 * resources, array size, dependencies and observed runtime, on placeholder compute environments.
 * Without --out it writes `<history base name>.yaml` in the current folder. Prints one line (stdout)
 * and what it changed or left out (stderr, `FILE: note: …`).
 */
import * as path from "node:path";
import { parseCommandArgs } from "./args.ts";
import { CliError, describeSystemError, EXIT, systemErrorCode, usageError } from "./errors.ts";
import { historyToScenario, ImportProblem, type RuntimeMode } from "./history/scenario.ts";
import { readHistoryFile } from "./history-file.ts";
import { createFolder, pathExists, writeFilesAtomically, writeStderr, writeStdout } from "./io.ts";
import type { Subcommand } from "./subcommands.ts";

/** Usage of `batchsim import history`. */
export const IMPORT_HISTORY_USAGE =
  "usage: batchsim import history HISTORY [--out FILE] [--runtimes exact|distribution] [--name N] [--force]";

/** `batchsim import history`, as a row of the import table (src/cli/import.ts). */
export const IMPORT_HISTORY: Subcommand = {
  usage: IMPORT_HISTORY_USAGE,
  summary:
    "write a scenario that replays an AWS Batch job history (DescribeJobs output or Batch Job State Change events) on placeholder compute environments (default <history>.yaml here)",
  run: (args) => importHistoryCommand(args),
};

const OPTIONS = {
  out: { type: "string" },
  runtimes: { type: "string" },
  name: { type: "string" },
  force: { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const SCENARIO_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Runs `batchsim import history`; `args` are the arguments after `import history`. Returns the exit
 * code; input and usage errors are thrown as CliError (exit 2) with nothing written, a failure to
 * write as CliError exit 1.
 */
export function importHistoryCommand(args: string[]): number {
  const { values, positionals } = parseCommandArgs("import history", args, OPTIONS);
  if (values.help) {
    writeStdout(`${IMPORT_HISTORY_USAGE}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw usageError(`batchsim import history: expected one history file; ${IMPORT_HISTORY_USAGE}`);
  const file = positionals[0] as string;
  const runtimes = values.runtimes ?? "exact";
  if (runtimes !== "exact" && runtimes !== "distribution")
    throw usageError(
      `batchsim import history: --runtimes must be exact or distribution (got "${runtimes}")`,
    );
  const base = baseName(file);
  const name = values.name ?? (base.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 128) || "history");
  if (!SCENARIO_NAME.test(name) || name === "." || name === "..")
    throw usageError(
      `batchsim import history: --name may contain only letters, digits, '.', '_' and '-' (at most 128)`,
    );
  const out = values.out ?? `${base || "history"}.yaml`;
  if (pathExists(out) && !values.force)
    throw usageError(`batchsim: output file exists (use --force): ${out}`);

  const history = readHistoryFile(file);
  let result: ReturnType<typeof historyToScenario>;
  try {
    result = historyToScenario(history, { name, runtimes: runtimes as RuntimeMode, source: file });
  } catch (error) {
    if (error instanceof ImportProblem) throw usageError(`${file}:1:1 error: ${error.message}`);
    throw error;
  }
  try {
    createFolder(path.dirname(out));
    writeFilesAtomically(path.dirname(out), { [path.basename(out)]: result.text });
  } catch (error) {
    if (systemErrorCode(error) === undefined) throw error;
    throw new CliError(`batchsim: cannot write ${out}: ${describeSystemError(error)}`, EXIT.failed);
  }
  for (const note of result.notes.slice(1)) writeStderr(`${out}: note: ${note}\n`);
  writeStdout(`${out}: ${result.notes[0]}; run it with: batchsim run ${out}\n`);
  return EXIT.ok;
}

/** A file's base name without its extensions (`history.jsonl.gz` → `history`). */
function baseName(file: string): string {
  return path.basename(file).replace(/\..*$/, "");
}
