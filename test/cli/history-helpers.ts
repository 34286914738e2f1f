/** Running the history commands in process (they are functions the dispatcher calls) and reading their output. */
import { vi } from "vitest";
import { CliError } from "../../src/cli/errors.ts";

/** What a command did: its exit code and what it wrote. */
export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command function as the dispatcher would: a CliError becomes its lines and exit code. */
export function runCommand(command: (args: string[]) => number, args: string[]): CommandResult {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  let status: number;
  try {
    status = command(args);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    for (const line of error.lines) stderr += `${line}\n`;
    if (error.message !== "") stderr += `${error.message}\n`;
    status = error.exitCode;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { status, stdout, stderr };
}
