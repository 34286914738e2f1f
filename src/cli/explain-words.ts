/** Plain words for `batchsim explain`: times, and the wait reasons of decisions.csv. */
import { formatClock, formatElapsed, formatUsd } from "../report/index.ts";

/** A time since the scenario start: `00:12:05 (725s)`, with milliseconds when it has them. */
export function at(seconds: number): string {
  return `${formatClock(seconds)} (${Number(seconds.toFixed(3))}s)`;
}

/** Money of one job: `$0.0146` below a dollar, `$12.34` above. */
export function money(usd: number): string {
  return Math.abs(usd) < 1 ? `$${usd.toFixed(4)}` : formatUsd(usd);
}

/** A duration in every unit: `2h 5m 30s`. */
export function span(seconds: number): string {
  return formatElapsed(seconds);
}

/** A list of names (CEs, shares): letters, digits, `-`, `_`, `.`, separated by commas. */
const NAME_LIST = /^[A-Za-z0-9._-]+(, ?[A-Za-z0-9._-]+)*$/;

/**
 * Why a job waited, in words: a decisions.csv row's `reason` code (facts.ts WaitReason) and `detail`.
 * A detail the scheduler wrote in words is shown as is, tagged with its code; an empty one, or one
 * that only names CEs or shares, gets this module's words. An unknown code (a newer batchsim) is shown
 * as is.
 */
export function reasonWords(reason: string, detail: string): string {
  if (/\s/.test(detail) && !NAME_LIST.test(detail)) return `${detail} [${reason}]`;
  const more = detail === "" ? "" : ` (${detail})`;
  switch (reason) {
    case "SHARE_ORDER":
      return `fair share: capacity went first to shares with lower usage${more}`;
    case "RESERVATION":
      return `computeReservation held capacity back for shares not yet active${more}`;
    case "SCALING":
      return detail !== ""
        ? `compute environment ${detail} could still scale out (instances launching/booting)`
        : "its compute environment could still scale out (instances launching/booting)";
    case "AT_MAX":
      return `every compute environment that could run it was at maxvCpus${more}`;
    case "NO_ROOM":
      return `no ready instance had room for it${more}`;
    case "BLOCKED":
      return `blocked: it can never run as configured${more}`;
    default:
      return `${reason}${more}`;
  }
}

/** The reason codes, each with what it means (for `batchsim explain --help` and stories' legends). */
export const REASON_CODES: readonly (readonly [string, string])[] = [
  ["SHARE_ORDER", "fair share: capacity went first to shares with lower usage"],
  ["RESERVATION", "computeReservation held capacity back for shares not yet active"],
  ["SCALING", "its compute environment could still scale out: instances launching or booting"],
  ["AT_MAX", "every compute environment that could run it was at maxvCpus"],
  ["NO_ROOM", "no ready instance had room (UNMANAGED fleets, DISABLED CEs)"],
  ["BLOCKED", "it can never run as configured; detail is the blocked statusReason"],
];
