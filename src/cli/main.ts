/**
 * The `batchsim` command: dispatches to one file per command. Every failure is one line on stderr
 * and an exit code (scenario-format.md): 1 when batchsim failed, 2 for usage or input errors;
 * a stack trace only with --debug.
 */
import { CALIBRATE_SUMMARY, CALIBRATE_USAGE, calibrateCommand } from "./calibrate.ts";
import { catalogCommand } from "./catalog.ts";
import { COMPARE_USAGE, compareCommand } from "./compare.ts";
import { didYouMean } from "./did-you-mean.ts";
import { CliError, EXIT } from "./errors.ts";
import { EXPLAIN_USAGE, explainCommand } from "./explain.ts";
import { EXPORTERS, exportCommand } from "./export.ts";
import { IMPORTERS, importCommand } from "./import.ts";
import { writeStderr, writeStdout } from "./io.ts";
import { RUN_USAGE, runCommand } from "./run.ts";
import { schemaCommand } from "./schema.ts";
import { describeSubcommands } from "./subcommands.ts";
import { SWEEP_MERGE_USAGE, SWEEP_USAGE, sweepCommand } from "./sweep.ts";
import { VALIDATE_USAGE, validateCommand } from "./validate.ts";
import { BATCHSIM_VERSION } from "./version.ts";
import { VIEW_USAGE, viewCommand } from "./view.ts";

type Command = (args: string[]) => number | Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  run: runCommand,
  compare: compareCommand,
  sweep: sweepCommand,
  validate: validateCommand,
  schema: schemaCommand,
  catalog: catalogCommand,
  explain: explainCommand,
  view: viewCommand,
  import: importCommand,
  export: exportCommand,
  calibrate: calibrateCommand,
};

/** The text of `batchsim --help`. */
export const HELP = `batchsim ${BATCHSIM_VERSION}: a discrete-event simulator of AWS Batch

${RUN_USAGE}
    simulate a scenario and write its run folder (default runs/<name>), report.html included;
    --replications N adds N − 1 more runs (seeds <seed>/replication-<r>) and 95 % confidence intervals
${COMPARE_USAGE}
    run two scenarios N times each with the same seeds (common random numbers) and report B − A
    per metric with its 95 % confidence interval (default runs/compare-<A>-vs-<B>)
${SWEEP_USAGE}
    run the cartesian product of --set values (v1,v2 or [v1, v2]) in worker threads; writes sweep.csv
    and runs.csv (default runs/sweep-<name>); --index I (or AWS_BATCH_JOB_ARRAY_INDEX,
    JOB_COMPLETION_INDEX) runs only point I into DIR/points/I/
${SWEEP_MERGE_USAGE}
    build DIR/sweep.csv, runs.csv and sweep.json from the points in DIR/points/
${VALIDATE_USAGE}
    check scenario files; print every problem as file:line:col error path: message
usage: batchsim schema
    print the scenario JSON Schema (draft-07)
usage: batchsim catalog [--family F] [--arch x86_64|arm64]
    list the built-in instance catalog
${EXPLAIN_USAGE}
    tell a job's story (each reason it waited, each attempt), or a queue's order at a time
${VIEW_USAGE}
    serve the viewer with these runs, comparisons or sweeps on 127.0.0.1 (two runs: side by side) until Ctrl-C;
    --out FILE (or --no-serve: stdout) writes that page instead
${describeSubcommands(IMPORTERS)}${describeSubcommands(EXPORTERS)}${CALIBRATE_USAGE}
    ${CALIBRATE_SUMMARY}

options: --help, --version, --debug (stack traces for internal errors)
exit codes: 0 ok, 1 batchsim failed, 2 usage or input error, 130/143 stopped by SIGINT/SIGTERM
`;

/** Runs the command line `argv` (without node and the script); returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    return await dispatch(argv);
  } catch (error) {
    return report(error, debug);
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    writeStderr(HELP);
    return EXIT.usage;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    writeStdout(HELP);
    return EXIT.ok;
  }
  if (first === "--version" || first === "-V") {
    writeStdout(`${BATCHSIM_VERSION}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!command) {
    const what = first.startsWith("-") ? "option" : "command";
    const hint = didYouMean(
      first,
      first.startsWith("-") ? ["--help", "--version"] : Object.keys(COMMANDS),
    );
    throw new CliError(
      `batchsim: unknown ${what} "${first}"${hint}; see batchsim --help`,
      EXIT.usage,
    );
  }
  return await command(rest);
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof CliError) {
    for (const line of error.lines) writeStderr(`${line}\n`);
    if (error.message !== "") writeStderr(`${error.message}\n`);
    return error.exitCode;
  }
  const e = error instanceof Error ? error : new Error(String(error));
  if (debug) {
    writeStderr(`batchsim: internal error: ${e.stack ?? e.message}\n`);
  } else {
    writeStderr(
      `batchsim: internal error: ${firstLine(e.message)} (this is a bug; rerun with --debug for the stack)\n`,
    );
  }
  return EXIT.failed;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
