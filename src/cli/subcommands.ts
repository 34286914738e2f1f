/**
 * Commands with kinds (`batchsim import <kind> …`, `batchsim export <kind> …`): each kind is one
 * row of a table, so a new importer or exporter is one import and one row.
 */
import { didYouMean } from "./did-you-mean.ts";
import { EXIT, usageError } from "./errors.ts";
import { writeStdout } from "./io.ts";

/** One kind of a command: its usage line, what it does (for --help) and how it runs. */
export interface Subcommand {
  /** `usage: batchsim import swf TRACE …`. */
  readonly usage: string;
  /** One line of `batchsim --help` under the usage. */
  readonly summary: string;
  /** Runs with the arguments after the kind; returns the exit code. */
  readonly run: (args: string[]) => number | Promise<number>;
}

/** A command's kinds, by the word that names them. */
export type SubcommandTable = Readonly<Record<string, Subcommand>>;

/** The usage lines and summaries of every kind, for `batchsim --help`. */
export function describeSubcommands(table: SubcommandTable): string {
  return Object.values(table)
    .map((s) => `${s.usage}\n    ${s.summary}\n`)
    .join("");
}

/**
 * Runs `batchsim <command> <kind> …args` from `table`. No kind, or `--help`, prints the kinds; an
 * unknown kind is a usage error (exit 2) with a did-you-mean.
 */
export async function runSubcommand(
  command: string,
  table: SubcommandTable,
  args: string[],
): Promise<number> {
  const [kind, ...rest] = args;
  const kinds = Object.keys(table);
  const list = kinds.join(", ");
  if (kind === "--help" || kind === "-h") {
    writeStdout(describeSubcommands(table));
    return EXIT.ok;
  }
  if (kind === undefined || kind.startsWith("-"))
    throw usageError(
      `batchsim ${command}: expected what to ${command} (${list}); see batchsim --help`,
    );
  const sub = Object.hasOwn(table, kind) ? table[kind] : undefined;
  if (!sub) {
    throw usageError(
      `batchsim ${command}: unknown kind "${kind}"${didYouMean(kind, kinds)}; expected one of ${list}`,
    );
  }
  return await sub.run(rest);
}
