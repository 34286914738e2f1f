/** `batchsim validate <scenario>…`: every problem of every file; exit 2 if any. */
import { formatProblem, loadScenario } from "../scenario/index.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError, EXIT, usageError } from "./errors.ts";
import { writeStderr, writeStdout } from "./io.ts";
import { builtInCatalog, readScenarioBytes } from "./scenario-file.ts";
import { readTrace } from "./trace-file.ts";
import { workloadSizeProblem } from "./workload-size.ts";

/** Usage of `batchsim validate`. */
export const VALIDATE_USAGE = "usage: batchsim validate <scenario>... [--lenient] [--debug]";

/** Runs `batchsim validate`; returns the exit code. */
export function validateCommand(args: string[]): number {
  const { values, positionals } = parseCommandArgs("validate", args, {
    lenient: { type: "boolean" },
    debug: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    writeStdout(`${VALIDATE_USAGE}\n`);
    return EXIT.ok;
  }
  if (positionals.length === 0)
    throw usageError(`batchsim validate: expected a scenario file; ${VALIDATE_USAGE}`);
  let failed = false;
  for (const file of positionals) {
    if (!validateFile(file, values.lenient === true)) failed = true;
  }
  return failed ? EXIT.usage : EXIT.ok;
}

/**
 * Validates one file (`lenient`: malformed trace lines are skipped, not errors); prints its problems
 * (stderr) or notices (stderr) and `file: ok` (stdout).
 */
function validateFile(file: string, lenient: boolean): boolean {
  let bytes: Buffer;
  try {
    bytes = readScenarioBytes(file);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    writeStderr(`${error.message}\n`);
    return false;
  }
  const text = bytes.toString("utf8");
  const result = loadScenario(text, file, builtInCatalog(), { lenient }, { readTrace });
  if (!result.ok) {
    for (const problem of result.problems) writeStderr(`${formatProblem(problem)}\n`);
    return false;
  }
  const tooLarge = workloadSizeProblem({ file, text }, result.scenario);
  if (tooLarge) {
    writeStderr(`${formatProblem(tooLarge)}\n`);
    return false;
  }
  for (const note of result.notices) writeStderr(`${file}: note: ${note}\n`);
  writeStdout(`${file}: ok\n`);
  return true;
}
