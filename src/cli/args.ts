/** Strict argument parsing (node:util parseArgs) with one-line messages and did-you-mean. */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { didYouMean } from "./did-you-mean.ts";
import { usageError } from "./errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses `args` for `command` with `options` (strict: an unknown flag or a missing value is a usage
 * error, exit 2). Positionals are allowed; the command checks their number.
 */
export function parseCommandArgs<const O extends Options>(
  command: string,
  args: string[],
  options: O,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(`batchsim ${command}: ${describeParseError(error, options)}`);
  }
}

function describeParseError(error: unknown, options: Options): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
    const known = Object.keys(options).map((name) => `--${name}`);
    return `unknown option ${flag}${didYouMean(flag.split("=")[0] ?? flag, known, "")}`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const flag = /'(-[^ ']+)/.exec(message)?.[1];
    if (flag && /argument missing/.test(message)) return `option ${flag} needs a value`;
    if (flag) return `option ${flag} takes no value`;
  }
  return message.split(". ")[0] ?? message;
}
