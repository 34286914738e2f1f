// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { formatDuration, formatElapsed, formatPercent, formatUsd } from "../../web/src/format.ts";
import { linearValueAt, stepPoints, stepValueAt, unionTimes } from "../../web/src/series.ts";
import { timeTicks } from "../../web/src/time-axis.ts";

const s = { metric: "m", key: "", t: [0, 10, 20], v: [0, 4, 2] };

describe("time and number formats", () => {
  it("writes elapsed seconds as h:mm, with seconds when asked and days past 24 h", () => {
    expect(formatElapsed(3725)).toBe("1:02");
    expect(formatElapsed(3725, true)).toBe("1:02:05");
    expect(formatElapsed(90000)).toBe("1d 01:00");
  });

  it("writes durations, money and ratios for tables", () => {
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(600)).toBe("10 min");
    expect(formatDuration(null)).toBe("—");
    expect(formatUsd(24.2222)).toBe("$24.22");
    expect(formatUsd(0.0472)).toBe("$0.0472");
    expect(formatPercent(0.3906)).toBe("39.1 %");
  });

  it("puts time ticks on round durations", () => {
    expect(timeTicks([0, 86400], 9)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24].map((h) => h * 3600));
    expect(timeTicks([0, 100], 5)).toEqual([0, 30, 60, 90]);
  });
});

describe("series", () => {
  it("reads a step series at an instant, 0 before its first point", () => {
    expect(stepValueAt(s, -1)).toBe(0);
    expect(stepValueAt(s, 10)).toBe(4);
    expect(stepValueAt(s, 15)).toBe(4);
    expect(stepValueAt(s, 99)).toBe(2);
    expect(stepValueAt(undefined, 5)).toBe(0);
  });

  it("interpolates a linear series between points and holds it after the last", () => {
    expect(linearValueAt(s, 5)).toBe(2);
    expect(linearValueAt(s, 15)).toBe(3);
    expect(linearValueAt(s, 30)).toBe(2);
  });

  it("aligns series on the union of their change points up to the end", () => {
    expect(unionTimes([s, { metric: "m", key: "", t: [5, 10, 40], v: [1, 1, 1] }], 30)).toEqual([
      0, 5, 10, 20, 30,
    ]);
    expect(stepPoints(s, 30)).toEqual([
      [0, 0],
      [10, 4],
      [20, 2],
      [30, 2],
    ]);
  });
});
