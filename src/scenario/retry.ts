/** retryStrategy and timeout of a job: the AWS shapes (already checked by zod) normalised. */
import type { RetryStrategy } from "./types.ts";

/** A retryStrategy as zod parsed it. */
export interface RetryStrategyInput {
  readonly attempts?: number | undefined;
  readonly evaluateOnExit?:
    | readonly {
        readonly onStatusReason?: string | undefined;
        readonly onReason?: string | undefined;
        readonly onExitCode?: string | undefined;
        readonly action: string;
      }[]
    | undefined;
}

/** No retryStrategy: one attempt, no evaluateOnExit. */
export const NO_RETRY: RetryStrategy = { attempts: 1, evaluateOnExit: [] };

/** Normalises a retryStrategy: attempts default 1, absent patterns null, action upper-cased. */
export function toRetryStrategy(input: RetryStrategyInput): RetryStrategy {
  return {
    attempts: input.attempts ?? 1,
    evaluateOnExit: (input.evaluateOnExit ?? []).map((e) => ({
      onStatusReason: e.onStatusReason ?? null,
      onReason: e.onReason ?? null,
      onExitCode: e.onExitCode ?? null,
      action: e.action.toUpperCase() === "RETRY" ? "RETRY" : "EXIT",
    })),
  };
}
