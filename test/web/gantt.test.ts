// @vitest-environment happy-dom
import { scaleLinear } from "d3";
import { describe, expect, it } from "vitest";
import { renderGantt } from "../../web/src/gantt-chart.ts";
import { drawGantt, isInterrupted } from "../../web/src/gantt-draw.ts";
import {
  DEFAULT_GANTT_SIZES,
  hitTest,
  laneAt,
  layoutGantt,
  rowAt,
  visibleLanes,
} from "../../web/src/gantt-layout.ts";
import { emptyRun, fairShareRun, oneJobRun, spotRun } from "./fixture.ts";
import { mount, texts } from "./helpers.ts";

const { laneHeight, groupHeader, minRowHeight, rowGap } = DEFAULT_GANTT_SIZES;

describe("Gantt layout", () => {
  it("groups instance rows by compute environment, in CE order then launch time", () => {
    const layout = layoutGantt(spotRun());
    expect(layout.groups.map((g) => g.name)).toEqual(["ondemand", "spot"]);
    expect(layout.rows.map((r) => r.instance)).toEqual([0, 1, 2]);
    expect(layout.rows[0]!.top).toBe(groupHeader);
    expect(layout.rows[1]!.top).toBe(groupHeader + minRowHeight + rowGap + groupHeader);
  });

  it("puts overlapping attempts of one instance in separate lanes", () => {
    const layout = layoutGantt(fairShareRun());
    // four attempts on i-1: two at 0–400, two at 400–800 → two lanes
    expect(layout.lanes).toHaveLength(2);
    expect(layout.lanes.map((l) => [...l.attempts])).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect([...layout.laneOf]).toEqual([0, 1, 0, 1]);
  });

  it("hit-tests an attempt by time and height, with a tolerance for thin bars", () => {
    const data = fairShareRun();
    const layout = layoutGantt(data);
    const lane1 = layout.lanes[1]!.top + 1;
    expect(hitTest(layout, 100, lane1)).toBe(1);
    expect(hitTest(layout, 500, lane1)).toBe(3);
    expect(hitTest(layout, 900, lane1)).toBeNull();
    expect(hitTest(layout, 810, lane1, 20)).toBe(3);
    expect(hitTest(layout, 100, 0)).toBeNull(); // the CE header
    expect(laneAt(layout, lane1)).toBe(layout.lanes[1]);
    expect(rowAt(layout, lane1)?.instance).toBe(0);
    expect(visibleLanes(layout, 0, 1000)).toEqual([0, 2]);
  });

  it("gives an instance without attempts one empty row", () => {
    const data = { ...oneJobRun(), attempts: { ...emptyRun().attempts } };
    const layout = layoutGantt(data);
    expect(layout.rows).toHaveLength(1);
    expect(layout.lanes).toHaveLength(0);
    expect(hitTest(layout, 300, groupHeader + 2)).toBeNull();
  });

  it("marks the Spot-reclaimed instance as interrupted", () => {
    const data = spotRun();
    expect([0, 1, 2].map((i) => isInterrupted(data, i))).toEqual([false, true, false]);
  });
});

describe("Gantt chart", () => {
  it("renders a canvas, a legend of causes and zoom buttons without a 2D context", () => {
    const cell = mount();
    const chart = renderGantt(cell, spotRun(), { endSeconds: 2000 });
    expect(chart).not.toBeNull();
    expect(cell.querySelectorAll("canvas")).toHaveLength(1);
    const legend = texts(cell, ".legend-item");
    expect(legend).toEqual(
      expect.arrayContaining(["exited", "interrupted", "▼ Spot notice", "× Spot interruption"]),
    );
    expect(texts(cell, "button")).toEqual(["zoom in", "zoom out", "reset"]);
    expect(() => chart!.setTime(500)).not.toThrow();
  });

  it("lists Spot marks in the legend only when the run has them", () => {
    const cell = mount();
    renderGantt(cell, oneJobRun(), { endSeconds: 1200 });
    expect(texts(cell, ".legend-item")).toEqual(["exited", "instance booting", "instance up"]);
  });

  it("maps a canvas point to the attempt drawn there", () => {
    const cell = mount();
    const chart = renderGantt(cell, oneJobRun(), { endSeconds: 1200 })!;
    // canvas 900 px wide (no layout in the test DOM), labels 150 px, axis 20 px
    const x = 150 + (500 / 1200) * 750;
    expect(chart.attemptAt(x, 20 + groupHeader + 1)).toBe(0);
    expect(chart.attemptAt(x, 20 + groupHeader + laneHeight + 3)).toBeNull();
    expect(chart.attemptAt(100, 20 + groupHeader + 1)).toBeNull();
  });

  it("zooms to a time range", () => {
    const cell = mount();
    const chart = renderGantt(cell, oneJobRun(), { endSeconds: 1200 })!;
    chart.showDomain(200, 800);
    const [t0, t1] = chart.domain();
    expect(t0).toBeCloseTo(200);
    expect(t1).toBeCloseTo(800);
  });

  it("says when attempts were left out, and shows a note for a run without instances", () => {
    const cell = mount();
    const data = { ...spotRun(), limits: { ...spotRun().limits, attempts: 3, attemptsDropped: 7 } };
    renderGantt(cell, data, { endSeconds: 2000 });
    expect(texts(cell, ".note")[0]).toMatch(/Gantt shows the first 3 attempts; 7 more/);
    expect(texts(cell, ".note").filter((n) => n.startsWith("This report holds"))).toEqual([]);
    const empty = mount();
    expect(renderGantt(empty, emptyRun(), { endSeconds: 3600 })).toBeNull();
    expect(texts(empty, ".note")[0]).toMatch(/No instances/);
  });

  it("says when jobs were left out of the report (their attempts are not drawn)", () => {
    const cell = mount();
    const data = { ...spotRun(), limits: { ...spotRun().limits, jobs: 2, jobsDropped: 40 } };
    renderGantt(cell, data, { endSeconds: 2000 });
    expect(texts(cell, ".note")).toEqual([
      "This report holds the first 2 jobs; 40 more are not in it (their runs are in jobs.csv/attempts.csv). Their attempts are not drawn: instances may look idle while they ran them.",
    ]);
  });

  it("draws bars, markers and the cursor on a 2D context", () => {
    const calls: string[] = [];
    const ctx = new Proxy(
      {},
      {
        get: (_, name) =>
          typeof name === "string" && /^[a-z]/.test(name)
            ? (...args: unknown[]) => calls.push(`${name}(${args.length})`)
            : undefined,
        set: () => true,
      },
    ) as unknown as CanvasRenderingContext2D;
    const data = spotRun();
    drawGantt(ctx, {
      data,
      layout: layoutGantt(data),
      x: scaleLinear().domain([0, 2000]).range([150, 900]),
      width: 900,
      height: 300,
      labelWidth: 150,
      axisHeight: 20,
      scrollTop: 0,
      time: 700,
      selected: 1,
    });
    // instance life (2 rects × 3 instances) + attempts (2 rects × 3) + selection
    expect(calls.filter((c) => c === "fillRect(4)").length).toBeGreaterThanOrEqual(12);
    expect(calls.filter((c) => c === "strokeRect(4)")).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith("fillText")).length).toBeGreaterThanOrEqual(5);
  });
});
