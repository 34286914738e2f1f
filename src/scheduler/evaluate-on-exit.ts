import type { RetryStrategy } from "../scenario/types.ts";

/** What an attempt ended with, as evaluateOnExit sees it. */
export interface AttemptOutcome {
  /** The job's statusReason for the attempt, e.g. "Essential container in task exited". */
  readonly statusReason: string;
  /** container.reason, or "" when there is none. */
  readonly reason: string;
  /** Container exit code, or null when there is none (e.g. the host was lost). */
  readonly exitCode: number | null;
}

/**
 * Whether a failed attempt is retried (aws-batch-model.md §2, §13.12): only while attempts remain;
 * evaluateOnExit entries in order, the first whose every condition matches decides; no match ⇒ RETRY.
 * Timeouts, cancels and terminates never reach here (the caller never retries them).
 */
export function shouldRetry(
  strategy: RetryStrategy,
  attempt: number,
  outcome: AttemptOutcome,
): boolean {
  if (attempt >= strategy.attempts) return false;
  for (const entry of strategy.evaluateOnExit) {
    const exitCode = outcome.exitCode === null ? null : String(outcome.exitCode);
    if (
      conditionMatches(entry.onStatusReason, outcome.statusReason) &&
      conditionMatches(entry.onReason, outcome.reason === "" ? null : outcome.reason) &&
      conditionMatches(entry.onExitCode, exitCode)
    ) {
      return entry.action === "RETRY";
    }
  }
  return true;
}

/**
 * One condition of an entry: absent ⇒ matches; `*` ⇒ matches anything, even an absent value; a
 * trailing `*` ⇒ prefix match; otherwise exact. Any pattern but `*` never matches an absent value.
 */
export function conditionMatches(pattern: string | null, value: string | null): boolean {
  if (pattern === null || pattern === "*") return true;
  if (value === null) return false;
  if (pattern.endsWith("*")) return value.startsWith(pattern.slice(0, -1));
  return value === pattern;
}
