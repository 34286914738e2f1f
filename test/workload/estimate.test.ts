import { describe, expect, it } from "vitest";
import { createRng } from "../../src/engine/rng.ts";
import type { Arrivals, TraceReplay, WorkloadStream } from "../../src/scenario/types.ts";
import { countSubmissions, estimateArrivals, estimateJobs } from "../../src/workload/index.ts";
import { arrivalsStream, jobsStream, makeScenario, makeSpec, pipelineStream } from "./fixtures.ts";

const HOUR = 3600;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

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

function diurnal(ratePerHour: readonly number[], days: number): Arrivals {
  return { process: "diurnal", ratePerHour, days };
}

/** The number countSubmissions gives for the same workload (walks every arrival). */
function counted(workload: WorkloadStream[], untilSeconds: number | null = null): number {
  const scenario = makeScenario({ workload, untilSeconds });
  return countSubmissions(scenario, createRng(scenario.seed));
}

describe("estimateArrivals", () => {
  it("takes count for a poisson process bounded only by count, without walking it", () => {
    const started = performance.now();
    expect(estimateArrivals(poisson({ ratePerHour: 3600, count: 1e9 }), null)).toBe(1e9);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it("takes ratePerHour × window for poisson, the window ending at the earlier of to and until", () => {
    expect(estimateArrivals(poisson({ ratePerHour: 100, toSeconds: 10 * HOUR }), null)).toBe(1000);
    expect(estimateArrivals(poisson({ ratePerHour: 100, toSeconds: 10 * HOUR }), 4 * HOUR)).toBe(
      400,
    );
    expect(estimateArrivals(poisson({ ratePerHour: 100, fromSeconds: HOUR }), 4 * HOUR)).toBe(300);
    expect(estimateArrivals(poisson({ ratePerHour: 3600 }), 100 * YEAR)).toBeCloseTo(3.1536e9, -3);
  });

  it("caps the poisson mean at count, and gives 0 for a zero rate or an empty window", () => {
    expect(estimateArrivals(poisson({ ratePerHour: 100, count: 50 }), 10 * HOUR)).toBe(50);
    expect(estimateArrivals(poisson({ ratePerHour: 0, count: 50 }), null)).toBe(0);
    expect(estimateArrivals(poisson({ fromSeconds: 2 * HOUR, count: 50 }), HOUR)).toBe(0);
  });

  it("counts fixed instants from, from + every, … before the window's end, at most count", () => {
    expect(estimateArrivals(fixed({ everySeconds: 600, toSeconds: HOUR }), null)).toBe(6);
    expect(estimateArrivals(fixed({ everySeconds: 600, toSeconds: HOUR + 1 }), null)).toBe(7);
    expect(estimateArrivals(fixed({ everySeconds: 600, count: 3 }), null)).toBe(3);
    expect(estimateArrivals(fixed({ everySeconds: 600, count: 300 }), HOUR)).toBe(6);
    expect(estimateArrivals(fixed({ everySeconds: 1, count: 1e9 }), null)).toBe(1e9);
  });

  it("counts the at: instants before until", () => {
    const at: Arrivals = { process: "at", atSeconds: [0, 10, 10, 5000] };
    expect(estimateArrivals(at, null)).toBe(4);
    expect(estimateArrivals(at, 5000)).toBe(3);
  });

  it("sums the diurnal hourly rates over its days, and over the part of them before until", () => {
    const rates = Array.from({ length: 24 }, (_, h) => (h < 12 ? 10 : 30)); // 480 a day
    expect(estimateArrivals(diurnal(rates, 3), null)).toBe(1440);
    expect(estimateArrivals(diurnal(rates, 3), DAY + 13.5 * HOUR)).toBe(480 + 12 * 10 + 30 + 15);
    expect(estimateArrivals(diurnal(rates, 1e9), null)).toBe(4.8e11);
  });
});

describe("estimateJobs", () => {
  it("counts an array submission as its parent and children, and a pipeline arrival as all its steps", () => {
    const array = makeSpec({ arraySize: 99 });
    const workload = [
      arrivalsStream("a", fixed({ count: 10 }), array),
      pipelineStream("p", fixed({ count: 4 }), [["extract", [], array], ["load"]]),
    ];
    const estimate = estimateJobs(makeScenario({ workload }));
    expect(estimate.streams).toEqual([
      { index: 0, jobs: 1000 },
      { index: 1, jobs: 404 },
    ]);
    expect(estimate.totalJobs).toBe(1404);
    expect(estimate.totalJobs).toBe(counted(workload));
  });

  it("counts the explicit jobs submitted before until", () => {
    const workload = [
      jobsStream("j", [
        [0, "a"],
        [100, "b", [], makeSpec({ arraySize: 5 })],
        [7200, "c"],
      ]),
    ];
    expect(estimateJobs(makeScenario({ workload })).totalJobs).toBe(8);
    expect(estimateJobs(makeScenario({ workload, untilSeconds: HOUR })).totalJobs).toBe(7);
    expect(estimateJobs(makeScenario({ workload, untilSeconds: HOUR })).totalJobs).toBe(
      counted(workload, HOUR),
    );
  });

  it("counts a trace's replayed rows", () => {
    const trace = { rows: new Int32Array(1234) } as unknown as TraceReplay;
    const workload: WorkloadStream[] = [
      { kind: "trace", name: "t", namePrefix: "t", specs: [makeSpec()], trace },
    ];
    expect(estimateJobs(makeScenario({ workload })).totalJobs).toBe(1234);
  });

  it("is within 1 % of countSubmissions for random processes of ~10,000 arrivals", () => {
    const rates = Array.from({ length: 24 }, (_, h) => 200 + 20 * h);
    const workload = [
      arrivalsStream("p", poisson({ ratePerHour: 500, toSeconds: 20 * HOUR })),
      arrivalsStream("d", diurnal(rates, 2)),
    ];
    const estimate = estimateJobs(makeScenario({ workload }));
    expect(estimate.totalJobs).toBe(10_000 + 2 * (24 * 200 + 20 * 276));
    expect(Math.abs(estimate.totalJobs / counted(workload) - 1)).toBeLessThan(0.01);
  });
});
