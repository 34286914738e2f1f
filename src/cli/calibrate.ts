/**
 * `batchsim calibrate HISTORY [--json] [--free-within SECONDS]`: fits what a job history's timestamps
 * support (history/calibrate.ts) and prints a `settings:` / `jobDefinitions[].sim` YAML block with
 * comments saying how well each fits and what the input cannot tell; `--json` prints the same as JSON.
 */
import { parseCommandArgs } from "./args.ts";
import { EXIT, usageError } from "./errors.ts";
import { calibrate, calibrationYaml, DEFAULT_FREE_WITHIN_SECONDS } from "./history/calibrate.ts";
import { readHistoryFile } from "./history-file.ts";
import { writeStdout } from "./io.ts";

/** Usage of `batchsim calibrate`. */
export const CALIBRATE_USAGE = "usage: batchsim calibrate HISTORY [--json] [--free-within SECONDS]";

/** What `batchsim calibrate` does, for `batchsim --help`. */
export const CALIBRATE_SUMMARY =
  "fit latencies and runtimes to an AWS Batch job history (events or DescribeJobs output) and print a settings:/sim: block saying how well each fits";

const OPTIONS = {
  json: { type: "boolean" },
  "free-within": { type: "string" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Runs `batchsim calibrate`; `args` are the arguments after `calibrate`. Input errors: CliError, exit 2. */
export function calibrateCommand(args: string[]): number {
  const { values, positionals } = parseCommandArgs("calibrate", args, OPTIONS);
  if (values.help) {
    writeStdout(`${CALIBRATE_USAGE}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw usageError(`batchsim calibrate: expected one history file; ${CALIBRATE_USAGE}`);
  const file = positionals[0] as string;
  const raw = values["free-within"];
  const freeWithinSeconds = raw === undefined ? DEFAULT_FREE_WITHIN_SECONDS : Number(raw);
  if (raw !== undefined && (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(freeWithinSeconds)))
    throw usageError(
      `batchsim calibrate: --free-within must be a number of seconds ≥ 0 (got "${raw}")`,
    );
  const history = readHistoryFile(file);
  const result = calibrate(history, file, { freeWithinSeconds });
  writeStdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : calibrationYaml(result));
  return EXIT.ok;
}
