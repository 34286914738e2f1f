/** Human-friendly numbers for the terminal (never used in run-folder files). */

const UNITS = [
  ["d", 86400],
  ["h", 3600],
  ["m", 60],
  ["s", 1],
] as const;

/** `4m 12s`, `2h 5m`, `3d 4h`, `42s`, `0.5s`: the largest unit and the next (when not 0); "-" for null. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "-";
  if (seconds < 10) return `${Number(seconds.toFixed(seconds < 1 ? 2 : 1))}s`;
  const whole = Math.round(seconds);
  const i = UNITS.findIndex(([, size]) => whole >= size);
  const [unit, size] = UNITS[i] ?? UNITS[3];
  const first = `${Math.floor(whole / size)}${unit}`;
  const next = UNITS[i + 1];
  const rest = next ? Math.floor((whole % size) / next[1]) : 0;
  return next && rest > 0 ? `${first} ${rest}${next[0]}` : first;
}

/** `$12.34`, `$1,234.50`, `$0.0012` for tiny amounts; "-" for null. */
export function formatUsd(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return "-";
  const abs = Math.abs(usd);
  const digits = abs > 0 && abs < 0.01 ? 4 : 2;
  const text = abs.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${usd < 0 ? "-" : ""}$${text}`;
}

/** `87.5%`; "-" for null. */
export function formatPercent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return "-";
  return `${(ratio * 100).toFixed(1)}%`;
}

/**
 * Every unit of a duration, for stories read by people: `2h 5m 30s`, `1d 3h 0m 5s` → `1d 3h 5s`,
 * `42s`; below 10 s one decimal (`3.5s`); "-" for null.
 */
export function formatElapsed(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "-";
  if (seconds < 10) return `${Number(Math.max(0, seconds).toFixed(1))}s`;
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return parts.join(" ");
}

/** Seconds since the scenario start as a clock: `02:05:30`, `1d 02:05:30` past a day (seconds floored). */
export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const days = Math.floor(whole / 86400);
  const rest = whole % 86400;
  const two = (n: number): string => String(n).padStart(2, "0");
  const clock = `${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}
