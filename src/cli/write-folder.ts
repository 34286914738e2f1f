/** A small output folder (compare, sweep) written whole or not at all. */
import * as path from "node:path";
import { CliError, describeSystemError, EXIT, systemErrorCode } from "./errors.ts";
import { commitFolder, createTempFolder, removeFolder, writeTextFile } from "./io.ts";
import { holdSignals } from "./workers.ts";

/**
 * Writes `files` (name → text) into the folder `out` through a temporary sibling renamed into place
 * (replacing `out` when `replace`). A write error is `cannot write <out>: <reason>` (exit 1) and
 * leaves nothing behind; so does a signal meanwhile.
 */
export function writeFolder(
  out: string,
  replace: boolean,
  files: Readonly<Record<string, string>>,
): void {
  let temp: string | undefined;
  // A signal now would otherwise end the process with the temporary folder left behind.
  const release = holdSignals();
  try {
    temp = createTempFolder(out);
    for (const [name, text] of Object.entries(files)) writeTextFile(path.join(temp, name), text);
    commitFolder(temp, out, replace);
  } catch (error) {
    if (temp !== undefined) removeFolder(temp);
    if (systemErrorCode(error) === undefined) throw error;
    throw new CliError(`batchsim: cannot write ${out}: ${describeSystemError(error)}`, EXIT.failed);
  } finally {
    release();
  }
}
