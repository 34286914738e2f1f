/** `arrivals:` → a normalised arrival process, with the fields each process needs and the bounding rule. */
import type { BuildContext } from "./context.ts";
import { atKey, atValue, type DocPath } from "./problem.ts";
import type { ArrivalsInput } from "./schema-workload.ts";
import type { Arrivals } from "./types.ts";
import { MAX_DURATION_SECONDS, parseDurationSeconds } from "./units.ts";

const FIELDS: Readonly<Record<string, readonly string[]>> = {
  poisson: ["process", "ratePerHour", "from", "to", "count"],
  fixed: ["process", "every", "from", "to", "count"],
  diurnal: ["process", "ratePerHour", "days"],
  trace: [
    "process",
    "format",
    "path",
    "timeScale",
    "from",
    "to",
    "maxJobs",
    "vcpusPerProcessor",
    "memoryMiBPerProcessor",
    "requestedTimeAsTimeout",
    "shareIdentifier",
    "queues",
  ],
  at: ["at"],
};

/** Builds the arrival process at `path`, or undefined with problems; `untilSeconds` is the scenario's `until`. */
export function buildArrivals(
  ctx: BuildContext,
  a: ArrivalsInput,
  path: DocPath,
  untilSeconds: number | null,
): Arrivals | undefined {
  const p = ctx.problems;
  const before = p.length;
  const kind = a.process ?? (a.at !== undefined ? "at" : undefined);
  if (kind === undefined) {
    p.push(atValue(path, "needs process: poisson|fixed|diurnal|trace, or at: [instants]"));
    return undefined;
  }
  if (kind === "trace") {
    // Trace streams are built by build-trace.ts; a pipeline cannot replay one.
    p.push(
      atValue(
        [...path, "process"],
        "a trace is replayed by an arrivals stream with submit:, not by a pipeline",
      ),
    );
    return undefined;
  }
  checkArrivalFields(ctx, a, path, kind);
  const secs = (v: number | string | undefined): number | null =>
    v === undefined ? null : (parseDurationSeconds(v) ?? Number.NaN);
  let out: Arrivals | undefined;
  if (kind === "at") {
    out = { process: "at", atSeconds: (a.at ?? []).map((v) => secs(v) ?? 0) };
  } else if (kind === "diurnal") {
    const rates = a.ratePerHour;
    if (!Array.isArray(rates) || rates.length !== 24) {
      p.push(
        atValue([...path, "ratePerHour"], "diurnal needs a list of 24 hourly rates (each ≥ 0)"),
      );
    }
    if (a.days === undefined)
      p.push(atValue([...path, "days"], "required for diurnal arrivals (≥ 1)"));
    if (Array.isArray(rates) && a.days !== undefined)
      out = { process: "diurnal", ratePerHour: rates, days: a.days };
  } else {
    const fromSeconds = secs(a.from) ?? 0;
    const toSeconds = secs(a.to);
    const count = a.count ?? null;
    if (toSeconds !== null && toSeconds <= fromSeconds) {
      p.push(atValue([...path, "from"], "from must be before to"));
    }
    if (toSeconds === null && count === null && untilSeconds === null) {
      p.push(atValue(path, `${kind} arrivals need to:, count: or the scenario's until: to end`));
    }
    if (kind === "poisson") {
      const rate = a.ratePerHour;
      if (typeof rate !== "number" || !(rate > 0)) {
        p.push(atValue([...path, "ratePerHour"], "poisson needs ratePerHour: a number > 0"));
      } else {
        // Bounded by its count alone, the arrivals must end within the longest run (100 years).
        const span = fromSeconds + ((count ?? 0) * 3600) / rate;
        if (toSeconds === null && untilSeconds === null && span > MAX_DURATION_SECONDS)
          p.push(atValue([...path, "ratePerHour"], tooLong("count / ratePerHour", span)));
        else out = { process: "poisson", ratePerHour: rate, fromSeconds, toSeconds, count };
      }
    } else {
      const every = secs(a.every);
      if (every === null || !(every > 0))
        p.push(atValue([...path, "every"], "fixed needs every: a duration > 0"));
      else {
        const span = fromSeconds + ((count ?? 1) - 1) * every;
        if (toSeconds === null && untilSeconds === null && span > MAX_DURATION_SECONDS)
          p.push(atValue([...path, "every"], tooLong("count × every", span)));
        else out = { process: "fixed", everySeconds: every, fromSeconds, toSeconds, count };
      }
    }
  }
  return p.length === before ? out : undefined;
}

/** The problem of arrivals that would go on past the longest run. */
function tooLong(what: string, spanSeconds: number): string {
  const years = spanSeconds / (365 * 86400);
  return `${what} puts the arrivals ${years < 1e6 ? Math.round(years) : years.toExponential(1).replace("e+", "e")} years out (at most 100): set to: or until:, or fewer arrivals`;
}

/** Reports each field of `a` that the process `kind` does not take. */
export function checkArrivalFields(
  ctx: BuildContext,
  a: ArrivalsInput,
  path: DocPath,
  kind: string,
): void {
  const allowed = FIELDS[kind] ?? [];
  for (const key of Object.keys(a)) {
    if (!allowed.includes(key))
      ctx.problems.push(atKey([...path, key], `not a field of ${kind} arrivals`));
  }
}
