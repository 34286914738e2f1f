// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { sharedDomains } from "../../web/src/app.ts";
import { capacityBands, renderCapacity } from "../../web/src/capacity-chart.ts";
import { renderCost } from "../../web/src/cost-chart.ts";
import { renderFairShare, usedFraction } from "../../web/src/fair-share-chart.ts";
import { renderQueueDepth } from "../../web/src/queue-chart.ts";
import { renderWaits } from "../../web/src/wait-chart.ts";
import { ecdfPoints, percentile, waitGroups } from "../../web/src/waits.ts";
import { emptyRun, fairShareRun, oneJobRun, spotRun } from "./fixture.ts";
import { mount, texts } from "./helpers.ts";

describe("capacity over time", () => {
  it("stacks CEs by purchase option with in use drawn inside provisioned", () => {
    const bands = capacityBands(spotRun());
    expect(bands.map((b) => b.ce)).toEqual(["ondemand", "spot"]);
    const spot = bands[1]!;
    // at t = 300: On-Demand 4 provisioned below; Spot 8 provisioned, 4 in use
    expect(spot.points.find((p) => p[0] === 300)).toEqual([300, 4, 8, 12]);
  });

  it("draws a provisioned and an in-use area per CE, on the shared vCPU axis", () => {
    const cell = mount();
    const data = spotRun();
    const d = sharedDomains([data]);
    expect(d.vcpuMax).toBe(12);
    renderCapacity(cell, data, d);
    expect(cell.querySelectorAll("path.provisioned")).toHaveLength(2);
    expect(cell.querySelectorAll("path.in-use")).toHaveLength(2);
    expect(texts(cell, ".legend-item")).toContain("spot (SPOT) in use");
  });

  it("moves its cursor to the scrubbed instant", () => {
    const cell = mount();
    const data = oneJobRun();
    const view = renderCapacity(cell, data, sharedDomains([data]));
    view.setTime(600);
    const cursor = cell.querySelector("line.cursor")!;
    expect(cursor.getAttribute("visibility")).toBe("visible");
    expect(Number(cursor.getAttribute("x1"))).toBeCloseTo((600 / 1200) * (640 - 58 - 14));
  });

  it("shows a note instead of a chart when the run has no capacity series", () => {
    const cell = mount();
    const data = { ...oneJobRun(), series: [] };
    renderCapacity(cell, data, sharedDomains([data]));
    expect(cell.querySelector("svg")).toBeNull();
    expect(texts(cell, ".note")[0]).toMatch(/No capacity series/);
  });
});

describe("queue depth", () => {
  it("draws one step line per queue", () => {
    const cell = mount();
    const data = oneJobRun();
    renderQueueDepth(cell, data, sharedDomains([data]));
    const lines = cell.querySelectorAll("path.series-line");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.getAttribute("data-queue")).toBe("main");
  });

  it("shows a note when there is no runnableJobs series", () => {
    const cell = mount();
    const data = { ...oneJobRun(), series: [] };
    renderQueueDepth(cell, data, sharedDomains([data]));
    expect(texts(cell, ".note")[0]).toMatch(/No queue depth/);
  });
});

describe("wait distributions", () => {
  it("takes waits as each finished job's time RUNNABLE (waitSeconds), per queue and per share", () => {
    // job-2 was RUNNABLE 0–300 and, after its Spot interruption, 620–850: 530 s, not 300 − 0
    const data = spotRun();
    expect(data.jobs.startedAt[1]! - data.jobs.submittedAt[1]!).toBe(300);
    expect([...waitGroups(data, "queue")[0]!.sorted]).toEqual([100, 530]);
    expect(waitGroups(fairShareRun(), "share").map((g) => [g.name, [...g.sorted]])).toEqual([
      ["A", [0, 400]],
      ["B", [0, 400]],
    ]);
  });

  it("has summary.json's percentiles, per queue and per share", () => {
    for (const data of [spotRun(), fairShareRun(), oneJobRun()]) {
      const s = data.summary;
      for (const g of waitGroups(data, "queue")) {
        const want = s.byQueue[g.name]!.waitSeconds;
        expect([50, 90, 99].map((p) => percentile(g.sorted, p))).toEqual([
          want.p50,
          want.p90,
          want.p99,
        ]);
        expect(g.sorted[g.sorted.length - 1]).toBe(want.max);
      }
      for (const g of waitGroups(data, "share"))
        expect(percentile(g.sorted, 90)).toBe(s.byShare![g.name]!.waitSeconds.p90);
    }
  });

  it("leaves unfinished jobs out of the curves (as summary.json does) and says so", () => {
    const run = spotRun();
    const data = {
      ...run,
      jobs: { ...run.jobs, status: ["SUCCEEDED", "RUNNING"], endedAt: [1000, null] },
    };
    expect([...waitGroups(data, "queue")[0]!.sorted]).toEqual([100]);
    const cell = mount();
    renderWaits(cell, data, sharedDomains([data]));
    expect(texts(cell, ".note")).toEqual([
      "1 job(s) had not finished at the end of the run and are not in these curves (nor in summary.json's waits).",
    ]);
  });

  it("draws the curve of waitSeconds, with its percentiles in the table", () => {
    const cell = mount();
    const data = spotRun();
    renderWaits(cell, data, sharedDomains([data]));
    expect(texts(cell, "table th")).toEqual(["queue", "jobs finished", "p50", "p90", "p99", "max"]);
    expect(texts(cell, "table td")).toEqual([
      "main",
      "2",
      "100 s",
      "8.8 min",
      "8.8 min",
      "8.8 min",
    ]);
    expect(cell.querySelectorAll(".note")).toHaveLength(0);
  });

  it("says when jobs were left out of the report", () => {
    const cell = mount();
    const run = spotRun();
    const data = { ...run, limits: { ...run.limits, jobs: 2, jobsDropped: 1234 } };
    renderWaits(cell, data, sharedDomains([data]));
    expect(texts(cell, ".note")[0]).toBe(
      "This report holds the first 2 jobs; 1,234 more are not in it (their runs are in jobs.csv/attempts.csv). These curves are of the jobs in it, so they can differ from summary.json's waits.",
    );
    expect(cell.querySelectorAll("path.ecdf")).toHaveLength(1);
  });

  it("builds an ECDF from (0, 0) to (max, 1)", () => {
    expect(ecdfPoints(Float64Array.from([0, 0, 100, 300]), 400)).toEqual([
      [0, 0],
      [0, 0.5],
      [100, 0.75],
      [300, 1],
      [400, 1],
    ]);
  });

  it("draws a curve per queue and, with shares, per share, with percentiles", () => {
    const cell = mount();
    const data = fairShareRun();
    renderWaits(cell, data, sharedDomains([data]));
    expect(cell.querySelectorAll("path.ecdf[data-queue]")).toHaveLength(1);
    expect(cell.querySelectorAll("path.ecdf[data-share]")).toHaveLength(2);
    expect(texts(cell, "table td")).toEqual(expect.arrayContaining(["fs", "4", "0 s", "6.7 min"]));
  });

  it("shows a note for a run where no job finished", () => {
    const cell = mount();
    const data = emptyRun();
    renderWaits(cell, data, sharedDomains([data]));
    expect(cell.querySelector("svg")).toBeNull();
    expect(texts(cell, ".note")).toEqual(["No job finished in this run: no wait times."]);
  });
});

describe("cost", () => {
  it("draws the burn rate and the cumulative cost, and the totals by CE, option and type", () => {
    const cell = mount();
    const data = spotRun();
    const views = renderCost(cell, data, sharedDomains([data]));
    expect(views).toHaveLength(3);
    expect(cell.querySelectorAll("path.burn")).toHaveLength(1);
    expect(cell.querySelectorAll("path.cumulative")).toHaveLength(1);
    expect(cell.querySelectorAll("path.cost-band")).toHaveLength(2);
    const cells = texts(cell, "td");
    expect(cells).toContain("SPOT");
    expect(cells).toContain("spot");
    expect(cells).toContain("c6i.xlarge");
    expect(cells.some((c) => c.startsWith("idle"))).toBe(true);
    expect(cells).not.toContain("FARGATE");
  });

  it("shows notes when the cost series are missing (the stack comes from the instances)", () => {
    const cell = mount();
    const data = { ...spotRun(), series: [] };
    renderCost(cell, data, sharedDomains([data]));
    expect(cell.querySelectorAll("svg")).toHaveLength(1);
    expect(cell.querySelectorAll("path.cost-band")).toHaveLength(2);
    expect(texts(cell, ".note")).toHaveLength(2);
  });
});

describe("fair share", () => {
  it("compares each share's part of the queue's vCPU with its entitled part", () => {
    expect(usedFraction(fairShareRun(), "A", "fs").slice(0, 2)).toEqual([
      [0, 0.5],
      [800, Number.NaN],
    ]);
    const cell = mount();
    const data = fairShareRun();
    const views = renderFairShare(cell, data, sharedDomains([data]));
    expect(views).toHaveLength(1);
    expect(cell.querySelectorAll("path.used")).toHaveLength(2);
    expect(cell.querySelectorAll("path.entitled")).toHaveLength(2);
    expect(texts(cell, "td")).toContain("50 %");
  });

  it("is hidden with a note when the run has no shares", () => {
    const cell = mount();
    const data = oneJobRun();
    expect(renderFairShare(cell, data, sharedDomains([data]))).toEqual([]);
    expect(cell.querySelector("svg")).toBeNull();
    expect(texts(cell, ".note")[0]).toMatch(/no fair share/);
  });
});
