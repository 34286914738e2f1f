/** `batchsim export <kind> RUN_DIR …`: a run folder in another tool's format. One row per kind in EXPORTERS. */
import { EXPORT_SWF } from "./export-swf.ts";
import { runSubcommand, type SubcommandTable } from "./subcommands.ts";

/** The exporters, by kind: `batchsim export <kind> …`. */
export const EXPORTERS: SubcommandTable = {
  swf: EXPORT_SWF,
};

/** Runs `batchsim export <kind> …`; returns the exit code. */
export function exportCommand(args: string[]): Promise<number> {
  return runSubcommand("export", EXPORTERS, args);
}
