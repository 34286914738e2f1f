/** Number and time formatting for labels (never for computing). */

/** Elapsed simulated seconds as `h:mm` (or `Nd h:mm`, or `m:ss` under an hour when `fine`). */
export function formatElapsed(seconds: number, fine = false): string {
  const negative = seconds < 0;
  let s = Math.round(Math.abs(seconds));
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, "0");
  let text = `${h}:${mm}`;
  if (fine) text += `:${String(sec).padStart(2, "0")}`;
  if (days > 0) text = `${days}d ${text.padStart(fine ? 8 : 5, "0")}`;
  return negative ? `−${text}` : text;
}

/** A duration in words for tables: `45 s`, `12.5 min`, `3.2 h`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const a = Math.abs(seconds);
  if (a < 120) return `${trim(seconds, a < 10 ? 2 : 1)} s`;
  if (a < 7200) return `${trim(seconds / 60, 1)} min`;
  return `${trim(seconds / 3600, 2)} h`;
}

/** USD with cents (or 4 decimals under a dollar). */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return "—";
  const digits = Math.abs(usd) < 1 && usd !== 0 ? 4 : 2;
  const sign = usd < 0 ? "−" : "";
  return `${sign}$${Math.abs(usd).toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })}`;
}

/** A ratio as a percentage with one decimal. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  return `${trim(ratio * 100, 1)} %`;
}

/** A plain number: integers grouped, others with up to `digits` decimals. */
export function formatNumber(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  return n.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** Any value of summary.assumptions, as text. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return formatNumber(value, 6);
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function trim(n: number, digits: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits });
}
