/**
 * `batchsim import <kind> …`: bring a workload or a setup in from elsewhere as a scenario. One row
 * per kind in IMPORTERS.
 */
import { IMPORT_CLOUDFORMATION } from "./import-cloudformation.ts";
import { IMPORT_HISTORY } from "./import-history.ts";
import { IMPORT_SWF } from "./import-swf.ts";
import { runSubcommand, type SubcommandTable } from "./subcommands.ts";

/** The importers, by kind: `batchsim import <kind> …`. */
export const IMPORTERS: SubcommandTable = {
  swf: IMPORT_SWF,
  history: IMPORT_HISTORY,
  cloudformation: IMPORT_CLOUDFORMATION,
};

/** Runs `batchsim import <kind> …`; returns the exit code. */
export function importCommand(args: string[]): Promise<number> {
  return runSubcommand("import", IMPORTERS, args);
}
