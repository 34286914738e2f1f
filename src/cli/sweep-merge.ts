/** `batchsim sweep merge DIR`: DIR/sweep.json, sweep.csv and runs.csv from the points in DIR/points/. */
import * as path from "node:path";
import { CliError, describeSystemError, EXIT, systemErrorCode, usageError } from "./errors.ts";
import {
  listSubfolders,
  pathExists,
  readTextFile,
  writeFilesAtomically,
  writeStdout,
} from "./io.ts";
import { definitionHash } from "./sweep-plan.ts";
import { mergePoints, type PointFolder } from "./sweep-points.ts";

/** Merges DIR's points; every problem (missing or foreign points) is reported and nothing is written. */
export function mergeCommand(dir: string, options: { force: boolean; quiet: boolean }): number {
  if (!pathExists(dir)) throw usageError(`batchsim sweep merge: ${dir}: no such folder`);
  // A name starting with a dot is the temporary folder of a point being written (or whose writer
  // was killed): never a point.
  const names = listSubfolders(path.join(dir, "points")).filter((name) => !name.startsWith("."));
  const folders: PointFolder[] = names.map((name) => ({
    name,
    text: readPointJson(path.join(dir, "points", name, "point.json")),
  }));
  const result = mergePoints(folders, definitionHash);
  if (!result.ok)
    throw usageError(
      `batchsim sweep merge: ${dir} cannot be merged; nothing was written`,
      result.problems.map((p) => `batchsim sweep merge: ${dir}: ${p}`),
    );
  const existing = Object.keys(result.files).filter((name) => pathExists(path.join(dir, name)));
  if (existing.length > 0 && !options.force)
    throw usageError(
      `batchsim sweep merge: ${existing.map((f) => path.join(dir, f)).join(", ")} exist${existing.length === 1 ? "s" : ""} (use --force)`,
    );
  try {
    writeFilesAtomically(dir, result.files);
  } catch (error) {
    if (systemErrorCode(error) === undefined) throw error;
    throw new CliError(`batchsim: cannot write ${dir}: ${describeSystemError(error)}`, EXIT.failed);
  }
  if (!options.quiet)
    writeStdout(
      `merged ${result.points} point${result.points === 1 ? "" : "s"}: ${path.join(dir, "sweep.csv")}\n`,
    );
  return EXIT.ok;
}

function readPointJson(file: string): string | { error: string } {
  try {
    return readTextFile(file);
  } catch (error) {
    if (systemErrorCode(error) === undefined) throw error;
    return { error: `cannot read: ${describeSystemError(error)}` };
  }
}
