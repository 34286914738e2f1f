/** `batchsim schema`: prints the scenario JSON Schema (draft-07). */
import { scenarioJsonSchema } from "../scenario/index.ts";
import { parseCommandArgs } from "./args.ts";
import { EXIT, usageError } from "./errors.ts";
import { writeStdout } from "./io.ts";

/** Runs `batchsim schema`; returns the exit code. */
export function schemaCommand(args: string[]): number {
  const { values, positionals } = parseCommandArgs("schema", args, {
    debug: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    writeStdout("usage: batchsim schema\n");
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw usageError(`batchsim schema: unexpected argument "${positionals[0]}"`);
  writeStdout(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
