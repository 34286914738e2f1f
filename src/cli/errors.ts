/** Errors the command line reports as one plain line with an exit code (never a stack trace). */

/** Exit codes of the contract (scenario-format.md "Exit codes"). */
export const EXIT = { ok: 0, failed: 1, usage: 2, sigint: 130, sigterm: 143 } as const;

/** A failure to report as `message` on stderr, exiting with `exitCode` (1 or 2). */
export class CliError extends Error {
  readonly exitCode: number;
  /** Extra lines printed before the message (e.g. every scenario problem). */
  readonly lines: readonly string[];

  constructor(message: string, exitCode: number, lines: readonly string[] = []) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
    this.lines = lines;
  }
}

/** A usage or input error: exit 2. */
export function usageError(message: string, lines: readonly string[] = []): CliError {
  return new CliError(message, EXIT.usage, lines);
}

/** A plain reason for a Node system error code (ENOENT → "no such file or directory"). */
export function describeSystemError(error: unknown): string {
  const code = systemErrorCode(error);
  const reasons: Record<string, string> = {
    ENOENT: "no such file or directory",
    EISDIR: "is a directory",
    ENOTDIR: "not a directory",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOSPC: "no space left on device",
    EDQUOT: "disk quota exceeded",
    EROFS: "read-only file system",
    EEXIST: "already exists",
    EMFILE: "too many open files",
    EIO: "input/output error",
    EADDRINUSE: "address already in use",
    EADDRNOTAVAIL: "address not available on this machine",
  };
  if (code !== undefined && reasons[code]) return reasons[code];
  return error instanceof Error ? error.message : String(error);
}

/** The `code` of a Node system error (ENOENT, EACCES, …), if it is one. */
export function systemErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : undefined;
}
