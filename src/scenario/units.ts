/** Units of the scenario format: durations and memory sizes (scenario-format.md "Units"). */

/** A duration string: one or more `<number><unit>` parts, units s, m, h, d, no spaces. */
export const DURATION_PATTERN = /^(\d+(\.\d+)?[smhd])+$/;

/** A memory size string of simulator blocks: `4GiB`, `512MiB` (a plain number means MiB). */
export const MEMORY_PATTERN = /^\d+(\.\d+)?(MiB|GiB)$/;

/**
 * The longest duration a scenario may give (100 years): simulated times stay far inside what a
 * timestamp can show (about 275,000 years after 1970) and keep sub-millisecond precision.
 */
export const MAX_DURATION_SECONDS = 36500 * 86400;

const SECONDS_PER_UNIT: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds of a duration: a number of seconds, or a string like `1h30m`. Undefined if malformed. */
export function parseDurationSeconds(value: number | string): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (!DURATION_PATTERN.test(value)) return undefined;
  let total = 0;
  for (const m of value.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)) {
    total += Number(m[1]) * (SECONDS_PER_UNIT[m[2] ?? "s"] ?? 1);
  }
  return total;
}

/** MiB of a memory size: a number of MiB, or `4GiB` / `512MiB`. Undefined if malformed. */
export function parseMemoryMiB(value: number | string): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  const m = MEMORY_PATTERN.exec(value);
  if (!m) return undefined;
  const n = Number.parseFloat(value);
  return m[2] === "GiB" ? n * 1024 : n;
}

/** A number of seconds written as a duration of this format, for messages: 5400 → `1h30m`, 0 → `0s`. */
export function formatDuration(seconds: number): string {
  let rest = seconds;
  let out = "";
  for (const [unit, size] of [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  if (rest > 0 || out === "") out += `${Number(rest.toFixed(6))}s`;
  return out;
}
