// @vitest-environment happy-dom
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Series, ViewerData } from "../../src/report/viewer-data-types.ts";
import { renderApp } from "../../web/src/app.ts";
import { capacitySeriesReduced, StepFunction } from "../../web/src/capacity-at.ts";
import { checkPayload } from "../../web/src/payload.ts";
import { StateIndex } from "../../web/src/state-at.ts";
import { renderStatePanel } from "../../web/src/state-panel.ts";
import { emptyRun, fairShareRun, oneJobRun, payload, spotRun } from "./fixture.ts";
import { mount, texts } from "./helpers.ts";

/** [in use, provisioned] of each CE at t, in CE order. */
function vcpuAt(data: ViewerData, t: number): [number, number][] {
  return new StateIndex(data)
    .at(t)
    .computeEnvironments.map((c) => [c.vcpuInUse, c.vcpuProvisioned] as [number, number]);
}

/** The data with the series of `metric`/`key` replaced. */
function withSeries(data: ViewerData, metric: string, key: string, points: [number, number][]) {
  const replaced: Series = { metric, key, t: points.map((p) => p[0]), v: points.map((p) => p[1]) };
  return {
    ...data,
    series: data.series.map((s) => (s.metric === metric && s.key === key ? replaced : s)),
  };
}

/**
 * The spot fixture's series as a bucket-maximum reduction leaves them: the Spot CE's in-use series
 * holds 8 vCPU from 300 to 900 (the maximum of its buckets) while its instances say 8 until 620,
 * none until 650 — at 630 the series give 8 in use and 0 provisioned.
 */
function spotRunReduced(): ViewerData {
  return withSeries(spotRun(), "vcpuInUse", "spot", [
    [0, 0],
    [300, 8],
    [900, 4],
    [1600, 0],
  ]);
}

/** Each instant of the grid: 0 to the end in `steps`, and every table time with its neighbours. */
function instants(data: ViewerData, steps = 200): number[] {
  const out = new Set<number>();
  for (let k = 0; k <= steps; k++) out.add((data.endSeconds * k) / steps);
  const times = [
    ...data.instances.launchedAt,
    ...data.instances.terminatedAt,
    ...data.attempts.startingAt,
    ...data.attempts.endAt,
  ];
  for (const t of times)
    if (t !== null) for (const d of [-0.001, 0, 0.001]) if (t + d >= 0) out.add(t + d);
  return [...out].sort((a, b) => a - b);
}

describe("vCPU per compute environment at t, exactly from the tables", () => {
  // Spot fixture: job-1 (2 vCPU) on i-1 (ondemand, 4 vCPU, 0–1500) 100–1000 (STARTING 100–120);
  // job-2 (4 vCPU) on i-2 (spot, 8 vCPU, 100–620) 300–620 (STARTING 300–320), then on i-3
  // (spot, 8 vCPU, 650–end) 850–1600 (STARTING 850–870).
  it.each([
    [0, [0, 4], [0, 0]],
    [100, [2, 4], [0, 8]], // job-1's STARTING begins: it counts from there
    [110, [2, 4], [0, 8]], // inside job-1's STARTING
    [310, [2, 4], [4, 8]], // inside job-2's first STARTING
    [619.999, [2, 4], [4, 8]],
    [620, [2, 4], [0, 0]], // job-2's first attempt ends with i-2: ends are exclusive
    [630, [2, 4], [0, 0]],
    [700, [2, 4], [0, 8]],
    [860, [2, 4], [4, 8]], // inside job-2's second STARTING
    [1000, [0, 4], [4, 8]], // exactly at job-1's end
    [1500, [0, 0], [4, 8]], // exactly at i-1's termination
    [1600, [0, 0], [0, 8]], // exactly at job-2's end
    [1999, [0, 0], [0, 8]], // i-3 is still up at the end (terminatedAt null)
  ])("at t = %d: ondemand %j, spot %j", (t, ondemand, spot) => {
    expect(vcpuAt(spotRun(), t)).toEqual([ondemand, spot]);
  });

  it("ignores series that disagree at an instant (reduced to each bucket's maximum)", () => {
    const s = new StateIndex(spotRunReduced()).at(630);
    expect(s.approximate).toBe(false);
    expect(s.computeEnvironments[1]).toEqual({
      name: "spot",
      purchaseOption: "SPOT",
      vcpuInUse: 0,
      vcpuProvisioned: 0,
    });
  });

  it("counts live instances and attempts running with the same rules", () => {
    const index = new StateIndex(spotRun());
    const counts = (t: number) => {
      const s = index.at(t);
      return [s.liveInstances, s.runningAttempts];
    };
    expect(counts(0)).toEqual([1, 0]);
    expect(counts(310)).toEqual([2, 2]);
    expect(counts(620)).toEqual([1, 1]);
    expect(counts(650)).toEqual([2, 1]);
    expect(counts(1000)).toEqual([2, 1]);
    expect(counts(1600)).toEqual([1, 0]);
  });

  it.each([
    ["empty", emptyRun()],
    ["one job", oneJobRun()],
    ["spot", spotRun()],
    ["spot, series reduced", spotRunReduced()],
    ["fair share", fairShareRun()],
  ])("never has more in use than provisioned (%s)", (_name, data) => {
    const index = new StateIndex(data);
    const over: string[] = [];
    for (const t of instants(data))
      for (const c of index.at(t).computeEnvironments)
        if (c.vcpuInUse > c.vcpuProvisioned)
          over.push(`${c.name} at ${t}: ${c.vcpuInUse} > ${c.vcpuProvisioned}`);
    expect(over).toEqual([]);
  });

  it("shows a data bug as it is (the check above catches it), never a negative idle part", () => {
    // job-1's attempt outlives its instance: i-1 terminated at 500, the attempt ends at 1000
    const base = spotRun();
    const data = {
      ...base,
      instances: { ...base.instances, terminatedAt: [500, 620, null] },
    };
    expect(vcpuAt(data, 700)[0]).toEqual([2, 0]);
    const bigger = { ...data, jobs: { ...data.jobs, vcpus: [6, 4] } };
    expect(vcpuAt(bigger, 400)[0]).toEqual([6, 4]);
    const cell = mount();
    renderStatePanel(cell, bigger).setTime(400);
    expect(texts(cell, "table.state-ces td").slice(0, 4)).toEqual([
      "ondemand (ON_DEMAND)",
      "6",
      "4",
      "—",
    ]);
    expect(cell.textContent).not.toMatch(/[−-]\d/);
  });

  it("agrees with the definitions on random runs, at every change time and in between", () => {
    const row = fc.record({
      ce: fc.integer({ min: 0, max: 1 }),
      vcpu: fc.integer({ min: 1, max: 16 }),
      from: fc.integer({ min: 0, max: 100 }),
      length: fc.option(fc.integer({ min: 0, max: 50 })),
    });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.array(
          fc.record({
            instance: fc.nat(),
            vcpus: fc.integer({ min: 1, max: 4 }),
            from: fc.integer({ min: 0, max: 150 }),
            length: fc.option(fc.integer({ min: 0, max: 50 })),
          }),
          { maxLength: 12 },
        ),
        (inst, att) => {
          const base = spotRun();
          const end = (r: { from: number; length: number | null }) =>
            r.length === null ? null : r.from + r.length;
          const data: ViewerData = {
            ...base,
            endSeconds: 200,
            instances: {
              ...base.instances,
              id: inst.map((_, i) => `i-${i}`),
              ce: inst.map((r) => r.ce),
              type: inst.map(() => 0),
              vcpu: inst.map((r) => r.vcpu),
              launchedAt: inst.map((r) => r.from),
              readyAt: inst.map(() => null),
              terminatedAt: inst.map(end),
              noticeAt: inst.map(() => null),
              reason: inst.map(() => 0),
              billedUsd: inst.map(() => 0),
            },
            jobs: { ...base.jobs, vcpus: att.map((a) => a.vcpus) },
            attempts: {
              ...base.attempts,
              job: att.map((_, k) => k),
              instance: att.map((a) => a.instance % inst.length),
              startingAt: att.map((a) => a.from),
              runningAt: att.map(() => null),
              endAt: att.map(end),
              cause: att.map(() => 0),
              exitCode: att.map(() => null),
            },
          };
          const index = new StateIndex(data);
          for (let t = 0; t <= 200; t += 0.5) {
            const inUse = [0, 0];
            const provisioned = [0, 0];
            let live = 0;
            let running = 0;
            for (const r of inst) {
              const e = end(r);
              if (r.from <= t && (e === null || t < e)) {
                provisioned[r.ce]! += r.vcpu;
                live++;
              }
            }
            for (const a of att) {
              const e = end(a) ?? 200; // still running at the end: it stops with the run
              if (a.from <= t && t < e) {
                inUse[inst[a.instance % inst.length]!.ce]! += a.vcpus;
                running++;
              }
            }
            const s = index.at(t);
            expect(s.computeEnvironments.map((c) => c.vcpuInUse)).toEqual(inUse);
            expect(s.computeEnvironments.map((c) => c.vcpuProvisioned)).toEqual(provisioned);
            expect([s.liveInstances, s.runningAttempts]).toEqual([live, running]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("when the report holds only part of the run", () => {
  const dropped = (data: ViewerData, limits: Partial<ViewerData["limits"]>): ViewerData => ({
    ...data,
    limits: { ...data.limits, ...limits },
  });

  it.each([
    ["attempts", { attemptsDropped: 5 }],
    ["jobs", { jobsDropped: 3 }],
  ])("falls back to the series for vCPU in use and says so (%s left out)", (_what, limits) => {
    const data = dropped(spotRunReduced(), limits);
    const s = new StateIndex(data).at(630);
    expect(s.approximate).toBe(true);
    // in use from the (reduced) series; provisioned still from the instances, which are all there
    expect(s.computeEnvironments[1]).toMatchObject({ vcpuInUse: 8, vcpuProvisioned: 0 });
    const cell = mount();
    renderStatePanel(cell, data).setTime(700);
    expect(texts(cell, "table.state-ces td")).toEqual([
      "ondemand (ON_DEMAND)",
      "≈ 2",
      "4",
      "≈ 50 %",
      "spot (SPOT)",
      "≈ 8",
      "8",
      "≈ 0 %",
    ]);
    expect(texts(cell, ".state-head")[0]).toMatch(/attempts running ≈ 1$/);
    expect(texts(cell, ".note").join(" ")).toMatch(/holds only part of the run/);
    const later = mount();
    renderStatePanel(later, data).setTime(630); // 8 in use, 0 provisioned: no idle part
    expect(texts(later, "table.state-ces td").slice(4)).toEqual(["spot (SPOT)", "≈ 8", "0", "—"]);
  });

  it("marks nothing approximate when nothing was left out", () => {
    const cell = mount();
    renderStatePanel(cell, spotRun()).setTime(700);
    expect(texts(cell, "table.state-ces td")).toEqual([
      "ondemand (ON_DEMAND)",
      "2",
      "4",
      "50 %",
      "spot (SPOT)",
      "0",
      "8",
      "100 %",
    ]);
    expect(cell.textContent).not.toMatch(/≈/);
    expect(cell.querySelector(".note")).toBeNull();
  });
});

describe("reduced capacity series", () => {
  it("counts the change points timeseries.csv would write", () => {
    const f = new StepFunction([0, 100, 100, 620, 650, 620], [4, 8, -8, -4, 8, 0]);
    // 0: 4; 100: +8−8 (no change); 620: 0; 650: 8
    expect([...f.times]).toEqual([0, 100, 620, 650]);
    expect([...f.values]).toEqual([4, 4, 0, 8]);
    expect(f.changePoints()).toBe(3);
    expect(new StepFunction([], []).changePoints()).toBe(1);
  });

  it("are told from the tables, and the capacity hint says how they are drawn", () => {
    expect(capacitySeriesReduced(spotRun())).toBe(false);
    // Spot vCPU provisioned changes at 0, 100, 620 and 650: 4 rows, more than 3
    const reduced = { ...spotRun(), limits: { ...spotRun().limits, seriesPoints: 3 } };
    expect(capacitySeriesReduced(reduced)).toBe(true);
    const hint = (data: ViewerData) => {
      const root = mount();
      renderApp(root, checkPayload(payload([data])));
      const section = [...root.querySelectorAll("section.row")].find(
        (s) => s.querySelector("h2")?.textContent === "Capacity over time",
      );
      return section?.querySelector(".hint")?.textContent ?? "";
    };
    expect(hint(spotRun())).not.toMatch(/series over/);
    expect(hint(reduced)).toMatch(
      /\(series over 3 change points are drawn from each time bucket's maximum\)$/,
    );
  });
});
