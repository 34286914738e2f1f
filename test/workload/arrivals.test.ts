import { describe, expect, it } from "vitest";
import { createRng } from "../../src/engine/rng.ts";
import type { Arrivals } from "../../src/scenario/types.ts";
import { arrivalTimes, countArrivals } from "../../src/workload/index.ts";
import { binomialSe, countingRng, fractionAtMost, mean, SE } from "./stats.ts";

const HOUR = 3600;

function times(
  arrivals: Arrivals,
  untilSeconds: number | null = null,
  seed = "arrivals",
): number[] {
  return [...arrivalTimes(arrivals, createRng(seed, "a"), untilSeconds)];
}

function poisson(partial: Partial<Extract<Arrivals, { process: "poisson" }>>): Arrivals {
  return {
    process: "poisson",
    ratePerHour: 60,
    fromSeconds: 0,
    toSeconds: null,
    count: null,
    ...partial,
  };
}

function fixed(partial: Partial<Extract<Arrivals, { process: "fixed" }>>): Arrivals {
  return {
    process: "fixed",
    everySeconds: 600,
    fromSeconds: 0,
    toSeconds: null,
    count: null,
    ...partial,
  };
}

function gaps(ts: readonly number[]): number[] {
  return ts.slice(1).map((t, i) => t - ts[i]!);
}

describe("poisson arrivals", () => {
  const rate = 100;
  const hours = 100;
  const ts = times(poisson({ ratePerHour: rate, toSeconds: hours * HOUR }));

  it("submit about rate·T jobs in [0, T), within 5 standard deviations of the Poisson count", () => {
    const expected = rate * hours; // Poisson: variance = mean
    expect(Math.abs(ts.length - expected)).toBeLessThan(SE * Math.sqrt(expected));
    expect(ts[0]).toBeGreaterThan(0);
    expect(ts.at(-1)).toBeLessThan(hours * HOUR);
  });

  it("come in ascending order with exponential gaps of mean 3600/rate", () => {
    const g = gaps(ts);
    expect(Math.min(...g)).toBeGreaterThanOrEqual(0);
    const meanGap = HOUR / rate;
    expect(Math.abs(mean(g) - meanGap)).toBeLessThan((SE * meanGap) / Math.sqrt(g.length));
    const belowMedian = fractionAtMost(g, meanGap * Math.LN2);
    expect(Math.abs(belowMedian - 0.5)).toBeLessThan(SE * binomialSe(0.5, g.length));
  });

  it("start at `from` plus an exponential gap: shifting `from` shifts every instant", () => {
    const base = times(poisson({ count: 50 }));
    const shifted = times(poisson({ count: 50, fromSeconds: 1000 }));
    expect(shifted).toHaveLength(50);
    shifted.forEach((t, i) => {
      expect(t).toBeCloseTo(base[i]! + 1000, 6);
    });
  });

  it("stop after `count` submissions when `to` is later", () => {
    expect(times(poisson({ count: 7, toSeconds: 1e9 }))).toHaveLength(7);
  });

  it("stop before `to` when `count` is not reached, and never submit at `to` itself", () => {
    const ts = times(poisson({ count: 1_000_000, toSeconds: 2 * HOUR }));
    expect(ts.length).toBeGreaterThan(0);
    expect(ts.length).toBeLessThan(1_000_000);
    expect(Math.max(...ts)).toBeLessThan(2 * HOUR);
    expect(times(poisson({ fromSeconds: 500, toSeconds: 500 }))).toEqual([]);
  });

  it("never submit at or past the scenario's until", () => {
    const ts = times(poisson({ ratePerHour: 600 }), HOUR);
    expect(ts.length).toBeGreaterThan(0);
    expect(Math.max(...ts)).toBeLessThan(HOUR);
  });

  it("draw one uniform per arrival plus the one that overshoots the end", () => {
    const rng = countingRng(createRng("count-draws"));
    const n = [...arrivalTimes(poisson({ toSeconds: 10 * HOUR }), rng, null)].length;
    expect(rng.calls).toBe(n + 1);
  });

  it("are lazy: the first of a trillion arrivals comes without materialising the rest", () => {
    const it = arrivalTimes(poisson({ count: 1e12 }), createRng("lazy"), null);
    const first = [it.next().value, it.next().value, it.next().value];
    expect(first.every((t) => typeof t === "number" && t > 0)).toBe(true);
  });

  it("refuse an unbounded process (no to, count or until)", () => {
    expect(() => times(poisson({}))).toThrow(/need a bound/);
    expect(() => times(fixed({}))).toThrow(/need a bound/);
  });

  it("submit nothing at rate 0", () => {
    expect(times(poisson({ ratePerHour: 0, toSeconds: 1e6 }))).toEqual([]);
  });
});

describe("fixed arrivals", () => {
  it("submit at from, from + every, … and exclude `to`", () => {
    expect(times(fixed({ fromSeconds: 300, toSeconds: 3300 }))).toEqual([
      300, 900, 1500, 2100, 2700,
    ]);
    expect(times(fixed({ fromSeconds: 300, toSeconds: 2700 }))).toEqual([300, 900, 1500, 2100]);
  });

  it("stop after `count` submissions", () => {
    expect(times(fixed({ fromSeconds: 300, count: 3 }))).toEqual([300, 900, 1500]);
  });

  it("stop before the scenario's until", () => {
    expect(times(fixed({ everySeconds: 10 }), 100)).toEqual([
      0, 10, 20, 30, 40, 50, 60, 70, 80, 90,
    ]);
  });

  it("keep exact multiples over long runs (no accumulated rounding)", () => {
    const ts = times(fixed({ everySeconds: 0.1, count: 100_000 }));
    expect(ts.at(-1)).toBe(99_999 * 0.1);
  });

  it("draw no random numbers", () => {
    const rng = countingRng(createRng("fixed"));
    expect(countArrivals(fixed({ count: 20 }), rng, null)).toBe(20);
    expect(rng.calls).toBe(0);
  });
});

describe("listed (`at`) arrivals", () => {
  it("submit at each listed instant in ascending order, repeats included", () => {
    expect(times({ process: "at", atSeconds: [7200, 0, 3600, 0] })).toEqual([0, 0, 3600, 7200]);
  });

  it("drop instants at or past the scenario's until", () => {
    expect(times({ process: "at", atSeconds: [0, 50, 100, 150] }, 100)).toEqual([0, 50]);
  });
});

describe("diurnal arrivals", () => {
  // Nothing at night, 30/h in the morning, 120/h in the afternoon, 10/h in the evening.
  const rates = Array.from({ length: 24 }, (_, h) => (h < 6 ? 0 : h < 12 ? 30 : h < 18 ? 120 : 10));
  const days = 60;
  const ts = times({ process: "diurnal", ratePerHour: rates, days });

  it("follow the hourly rates: each hour of day gets rate·days jobs within 5 Poisson SDs", () => {
    const perHour = new Array<number>(24).fill(0);
    for (const t of ts) perHour[Math.floor(t / HOUR) % 24]!++;
    rates.forEach((rate, h) => {
      const expected = rate * days;
      if (rate === 0) expect(perHour[h]).toBe(0);
      else expect(Math.abs(perHour[h]! - expected)).toBeLessThan(SE * Math.sqrt(expected));
    });
  });

  it("come in ascending order within `days` days from time 0", () => {
    expect(gaps(ts).every((g) => g >= 0)).toBe(true);
    expect(ts[0]).toBeGreaterThanOrEqual(6 * HOUR);
    expect(ts.at(-1)).toBeLessThan(days * 24 * HOUR);
  });

  it("have exponential gaps inside a constant-rate hour block", () => {
    const afternoon = ts.filter((t) => {
      const h = Math.floor(t / HOUR) % 24;
      return h >= 12 && h < 18;
    });
    // Gaps between consecutive afternoon arrivals of the same day (120/h ⇒ mean 30 s).
    const g = gaps(afternoon).filter((x) => x < HOUR);
    expect(Math.abs(fractionAtMost(g, 30 * Math.LN2) - 0.5)).toBeLessThan(
      SE * binomialSe(0.5, g.length),
    );
  });

  it("stop before the scenario's until", () => {
    const cut = times({ process: "diurnal", ratePerHour: rates, days }, 36 * HOUR);
    expect(Math.max(...cut)).toBeLessThan(36 * HOUR);
    expect(cut).toEqual(ts.filter((t) => t < 36 * HOUR));
  });

  it("refuse a rate list that is not 24 long", () => {
    expect(() => times({ process: "diurnal", ratePerHour: [1, 2], days: 1 })).toThrow(/24 hourly/);
  });
});
