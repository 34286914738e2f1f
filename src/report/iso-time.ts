/**
 * `new Date(ms).toISOString()` written into a ByteWriter without making a Date or a string per
 * event: full events.jsonl stamps every line with its ISO-8601 time. The date part ("2026-01-05T")
 * is made by toISOString() once per day and kept; the time of day is written as digits.
 */
import { type ByteWriter, encoded } from "./byte-writer.ts";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** The largest |ms| a Date holds (ECMA-262 TimeClip). */
const MAX_DATE_MS = 8.64e15;
const COLON = 58;
const DOT = 46;
const Z = 90;

export class IsoTimes {
  private day = Number.NaN;
  private dayBytes: Uint8Array = new Uint8Array(0);

  /** Writes new Date(ms).toISOString() (which throws a RangeError for an invalid time). */
  write(w: ByteWriter, ms: number): void {
    if (!Number.isInteger(ms) || Math.abs(ms) > MAX_DATE_MS) {
      w.text(new Date(ms).toISOString());
      return;
    }
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.day) {
      const iso = new Date(day * DAY_MS).toISOString();
      this.dayBytes = encoded(iso.slice(0, iso.indexOf("T") + 1));
      this.day = day;
    }
    let t = ms - day * DAY_MS;
    const hours = Math.floor(t / HOUR_MS);
    t -= hours * HOUR_MS;
    const minutes = Math.floor(t / MINUTE_MS);
    t -= minutes * MINUTE_MS;
    const seconds = Math.floor(t / 1000);
    w.bytes(this.dayBytes);
    w.padded(hours, 2);
    w.byte(COLON);
    w.padded(minutes, 2);
    w.byte(COLON);
    w.padded(seconds, 2);
    w.byte(DOT);
    w.padded(t - seconds * 1000, 3);
    w.byte(Z);
  }
}
