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
