// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ExperimentView } from "../../src/report/viewer-data-types.ts";
import { renderApp } from "../../web/src/app.ts";
import { forestRows, renderComparison } from "../../web/src/comparison-view.ts";
import {
  type Comparison,
  checkExperiments,
  formatMeanCi,
  type Sweep,
  significanceLabel,
} from "../../web/src/experiments.ts";
import { checkPayload } from "../../web/src/payload.ts";
import { numericValue, sweepLines } from "../../web/src/sweep-series.ts";
import { renderSweep } from "../../web/src/sweep-view.ts";
import { oneJobRun, payload } from "./fixture.ts";
import { mount, texts } from "./helpers.ts";

const ci = (mean: number, hw: number | null) => ({
  mean,
  ci95: hw === null ? null : ([mean - hw, mean + hw] as [number, number]),
});

function comparison(): Comparison {
  return {
    kind: "comparison",
    label: "cmp",
    a: "base",
    b: "fewer-vcpu",
    replications: 10,
    metrics: {
      // B waits 50 % longer: significant ↑
      "waitSeconds.mean": { a: ci(600, 30), b: ci(900, 40), delta: ci(300, 50) },
      // cheaper: significant ↓
      "cost.totalUsd": { a: ci(20, 1), b: ci(18, 1), delta: ci(-2, 0.5) },
      // the interval holds 0
      "utilization.ratio": { a: ci(0.5, 0.01), b: ci(0.51, 0.01), delta: ci(0.01, 0.02) },
      // A mean 0: absolute
      "jobs.failed": { a: ci(0, 0), b: ci(3, 1), delta: ci(3, 1) },
      // no Spot
      "spot.interruptions": { a: null, b: null, delta: null },
    },
  };
}

function sweep(): Sweep {
  const point = (values: string[], wait: number, hw: number | null) => ({
    values,
    metrics: { "waitSeconds.mean": ci(wait, hw), "cost.totalUsd": ci(wait / 100, null) },
  });
  return {
    kind: "sweep",
    label: "sw",
    parameters: ["computeEnvironments[0].computeResources.maxvCpus", "jobQueues[0].priority"],
    replications: 5,
    points: [
      point(["16", "1"], 900, 50),
      point(["16", "2"], 800, 40),
      point(["32", "1"], 500, 30),
      point(["32", "2"], 450, 20),
      point(["64", "1"], 300, 10),
      point(["64", "2"], 250, 10),
    ],
  };
}

const rowsOf = (root: ParentNode, selector: string) =>
  [...root.querySelectorAll(`${selector} tbody tr`)].map((tr) => texts(tr, "td"));

let errors: ReturnType<typeof vi.spyOn>;
afterEach(() => {
  errors?.mockRestore();
});
const watchConsole = () => {
  errors = vi.spyOn(console, "error");
};

describe("a comparison", () => {
  it("tables A, B and B − A with ± half-widths and significance labels", () => {
    watchConsole();
    const root = mount();
    renderComparison(root, comparison());
    const rows = rowsOf(root, "table.comparison");
    expect(texts(root, "table.comparison th")).toEqual([
      "metric",
      "A: base",
      "B: fewer-vcpu",
      "B − A",
      "significance",
    ]);
    expect(rows).toEqual([
      [
        "waitSeconds.mean",
        "10 min ± 0.5 min",
        "15 min ± 0.67 min",
        "+5 min ± 0.83 min",
        "significant ↑",
      ],
      ["cost.totalUsd", "$20.00 ± $1.00", "$18.00 ± $1.00", "−$2.00 ± $0.5000", "significant ↓"],
      ["utilization.ratio", "50 % ± 1 %", "51 % ± 1 %", "+1 pp ± 2 pp", "not significant"],
      ["jobs.failed", "0 ± 0", "3 ± 1", "+3 ± 1", "significant ↑"],
      ["spot.interruptions", "—", "—", "—", "—"],
    ]);
    expect(errors).not.toHaveBeenCalled();
  });

  it("draws a forest plot: a dot and a bar per metric, relative to A's mean, with a zero line", () => {
    const root = mount();
    renderComparison(root, comparison());
    const plots = [...root.querySelectorAll("svg.forest")];
    expect(plots).toHaveLength(2);
    const [relative, absolute] = plots as [Element, Element];
    const metrics = (svg: Element) =>
      [...svg.querySelectorAll("g.forest-row")].map((g) => g.getAttribute("data-metric"));
    expect(metrics(relative)).toEqual(["waitSeconds.mean", "cost.totalUsd", "utilization.ratio"]);
    expect(relative.querySelectorAll("circle.dot")).toHaveLength(3);
    expect(relative.querySelectorAll("line.ci-bar")).toHaveLength(3);
    expect(relative.querySelectorAll("line.zero")).toHaveLength(1);
    expect(texts(relative, ".row-value")).toEqual([
      "+50 % [+41.7, +58.3]",
      "−10 % [−12.5, −7.5]",
      "+2 % [−2, +6]",
    ]);
    expect(relative.querySelectorAll("g.significant")).toHaveLength(2);
    expect(relative.querySelectorAll("g.not-significant")).toHaveLength(1);
    // A mean 0: drawn on its own, in absolute units, and said so
    expect(metrics(absolute)).toEqual(["jobs.failed"]);
    expect(texts(absolute, ".row-value")).toEqual(["+3 ± 1"]);
    expect(texts(root, ".note")).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^A's mean is 0 \(or unknown\) for jobs\.failed: .*absolute units/),
        "Not drawn (no value in either scenario): spot.interruptions.",
      ]),
    );
    // the zero line sits at x = 0 of the axis, and the dots on either side of it by sign
    const zero = Number(relative.querySelector("line.zero")!.getAttribute("x1"));
    const dotX = (m: string) =>
      Number(relative.querySelector(`g[data-metric="${m}"] circle`)!.getAttribute("cx"));
    expect(dotX("waitSeconds.mean")).toBeGreaterThan(zero);
    expect(dotX("cost.totalUsd")).toBeLessThan(zero);
  });

  it("normalises each difference by |A mean|", () => {
    const c: Comparison = {
      ...comparison(),
      metrics: { "x.negative": { a: ci(-4, 1), b: ci(-2, 1), delta: ci(2, 1) } },
    };
    const rows = forestRows(c);
    expect(rows.relative).toEqual([
      {
        metric: "x.negative",
        mean: 50,
        ci: [25, 75],
        significance: "higher",
        text: "+50 % [+25, +75]",
      },
    ]);
    expect(rows.absolute).toEqual([]);
  });

  it("shows only means, a note and no bars with one replication", () => {
    const c: Comparison = {
      ...comparison(),
      replications: 1,
      metrics: {
        "waitSeconds.p90": { a: ci(100, null), b: ci(150, null), delta: ci(50, null) },
        "jobs.failed": { a: ci(0, null), b: ci(0, null), delta: ci(0, null) },
      },
    };
    const root = mount();
    renderComparison(root, c);
    expect(rowsOf(root, "table.comparison")).toEqual([
      ["waitSeconds.p90", "100 s", "2.5 min", "+50 s", "—"],
      ["jobs.failed", "0", "0", "0", "—"],
    ]);
    expect(root.querySelectorAll("line.ci-bar")).toHaveLength(0);
    expect(root.querySelectorAll("circle.dot")).toHaveLength(2);
    expect(texts(root, ".note")).toContain(
      "No confidence intervals (one replication): a difference cannot be called significant or not.",
    );
    expect(root.textContent).toContain("1 replication each");
  });

  it("says so when it has no metrics", () => {
    const root = mount();
    renderComparison(root, { ...comparison(), metrics: {} });
    expect(texts(root, ".note")).toEqual(["This comparison has no metrics."]);
    expect(root.querySelector("svg")).toBeNull();
  });

  it("labels a difference whose interval is [0, 0] (A compared with itself) not significant", () => {
    expect(significanceLabel({ mean: 0, ci95: [0, 0] })).toBe("not significant");
    expect(significanceLabel({ mean: 1, ci95: [0, 2] })).toBe("not significant");
    expect(significanceLabel({ mean: 1, ci95: [0.5, 2] })).toBe("significant ↑");
    expect(significanceLabel({ mean: 1, ci95: null })).toBe("—");
    expect(significanceLabel(null)).toBe("—");
    expect(formatMeanCi("waitSeconds.mean", null)).toBe("—");
  });
});

describe("a sweep", () => {
  it("makes one line per combination of the other parameters, numeric x in order", () => {
    const s = sweep();
    const sl = sweepLines(s, "waitSeconds.mean", 0);
    expect(sl.numeric).toBe(true);
    expect(sl.lines.map((l) => l.label)).toEqual([
      "jobQueues[0].priority=1",
      "jobQueues[0].priority=2",
    ]);
    expect(sl.lines[0]!.points.map((p) => [p.point, p.x])).toEqual([
      [0, 16],
      [2, 32],
      [4, 64],
    ]);
    const byPriority = sweepLines(s, "waitSeconds.mean", 1);
    expect(byPriority.lines).toHaveLength(3);
    expect(byPriority.domain).toEqual(["1", "2"]);
  });

  it("puts non-numeric values on a point axis in point order", () => {
    const s: Sweep = {
      ...sweep(),
      parameters: ["computeEnvironments[0].computeResources.allocationStrategy"],
      points: ["SPOT_CAPACITY_OPTIMIZED", "BEST_FIT", "'16'"].map((v, i) => ({
        values: [v],
        metrics: { "cost.totalUsd": ci(10 - i, 1) },
      })),
    };
    const sl = sweepLines(s, "cost.totalUsd", 0);
    expect(sl.numeric).toBe(false);
    expect(sl.domain).toEqual(["SPOT_CAPACITY_OPTIMIZED", "BEST_FIT", "'16'"]);
    expect(sl.lines[0]!.points.map((p) => p.point)).toEqual([0, 1, 2]);
    const root = mount();
    renderSweep(root, s);
    expect(texts(root, ".x-axis .tick text")).toEqual([
      "SPOT_CAPACITY_OPTIMIZED",
      "BEST_FIT",
      "'16'",
    ]);
    expect(root.querySelector("select.x-select")).toBeNull();
    expect(numericValue("1e3")).toBe(1000);
    expect(numericValue("'16'")).toBeNull();
    expect(numericValue("true")).toBeNull();
  });

  it("draws a band, a line and dots per line, and re-draws for the metric and x chosen", () => {
    watchConsole();
    const root = mount();
    const view = renderSweep(root, sweep());
    expect(texts(root, "select.metric-select option")).toEqual([
      "waitSeconds.mean",
      "cost.totalUsd",
    ]);
    expect(texts(root, "select.x-select option")).toEqual([
      "computeEnvironments[0].computeResources.maxvCpus",
      "jobQueues[0].priority",
    ]);
    expect(root.querySelectorAll("g.sweep-line")).toHaveLength(2);
    expect(root.querySelectorAll("path.band")).toHaveLength(2);
    expect(root.querySelectorAll("path.mean-line")).toHaveLength(2);
    expect(root.querySelectorAll("circle.dot")).toHaveLength(6);
    for (const band of root.querySelectorAll("path.band"))
      expect(band.getAttribute("d")).toMatch(/^M[\d.,-]+L.*Z$/);
    expect(texts(root, ".legend-item")).toEqual([
      "jobQueues[0].priority=1",
      "jobQueues[0].priority=2",
    ]);
    // numeric x: 16, 32 and 64 are placed in proportion
    const xs = [...root.querySelectorAll('g[data-line="jobQueues[0].priority=1"] circle.dot')].map(
      (c) => Number(c.getAttribute("cx")),
    );
    expect((xs[2]! - xs[1]!) / (xs[1]! - xs[0]!)).toBeCloseTo(2);
    // a tick at each swept value, none between
    expect(texts(root, ".x-axis .tick text")).toEqual(["16", "32", "64"]);

    // priority on x: three lines (one per vCPU value)
    const x = root.querySelector<HTMLSelectElement>("select.x-select")!;
    x.value = "1";
    x.dispatchEvent(new Event("change"));
    expect(root.querySelectorAll("g.sweep-line")).toHaveLength(3);
    expect(texts(root, ".legend-item")[0]).toBe(
      "computeEnvironments[0].computeResources.maxvCpus=16",
    );

    // a metric without intervals: dots and lines, no band, and a note
    view.show("cost.totalUsd", 0);
    expect(root.querySelectorAll("path.band")).toHaveLength(0);
    expect(root.querySelectorAll("circle.dot")).toHaveLength(6);
    expect(texts(root, ".sweep-chart .note")).toEqual([
      "No confidence intervals (one replication per point, or replications unknown): only the means are drawn.",
    ]);
    expect(errors).not.toHaveBeenCalled();
  });

  it("tables every point with each metric's mean ± half-width", () => {
    const root = mount();
    renderSweep(root, sweep());
    expect(texts(root, "table.sweep-points th")).toEqual([
      "point",
      "computeEnvironments[0].computeResources.maxvCpus",
      "jobQueues[0].priority",
      "waitSeconds.mean",
      "cost.totalUsd",
    ]);
    expect(rowsOf(root, "table.sweep-points")[0]).toEqual([
      "0",
      "16",
      "1",
      "15 min ± 0.83 min",
      "$9.00",
    ]);
    expect(rowsOf(root, "table.sweep-points")).toHaveLength(6);
  });

  it("draws a one-point sweep as a dot with a bar, and says so", () => {
    watchConsole();
    const s: Sweep = {
      ...sweep(),
      parameters: ["seed"],
      points: [sweep().points[0]!].map((p) => ({ ...p, values: ["7"] })),
    };
    const root = mount();
    renderSweep(root, s);
    expect(root.querySelectorAll("circle.dot")).toHaveLength(1);
    expect(root.querySelectorAll("line.ci-bar")).toHaveLength(1);
    expect(texts(root, ".note")[0]).toMatch(/^This sweep has one point/);
    expect(errors).not.toHaveBeenCalled();
  });

  it("leaves out points without a value and says which, and handles a metric with none", () => {
    const s = sweep();
    const points = s.points.map((p, i) =>
      i === 2 ? { ...p, metrics: { ...p.metrics, "waitSeconds.mean": null } } : p,
    );
    const withGap = { ...s, points, parameters: s.parameters };
    const root = mount();
    renderSweep(root, withGap);
    expect(root.querySelectorAll("circle.dot")).toHaveLength(5);
    expect(texts(root, ".note")).toContain(
      "waitSeconds.mean has no value at point 2: not drawn there.",
    );
    const allNull = {
      ...s,
      points: s.points.map((p) => ({ ...p, metrics: { "spot.interruptions": null } })),
    };
    const empty = mount();
    renderSweep(empty, allNull);
    expect(empty.querySelector("svg")).toBeNull();
    expect(texts(empty, ".note")).toEqual([
      "spot.interruptions has no value at any point of this sweep: nothing to plot.",
    ]);
    expect(rowsOf(empty, "table.sweep-points")[0]).toEqual(["0", "16", "1", "—"]);
  });

  it("says so when it has no metrics or no points", () => {
    const root = mount();
    renderSweep(root, { ...sweep(), points: sweep().points.map((p) => ({ ...p, metrics: {} })) });
    expect(texts(root, ".note")).toEqual(["This sweep has no metrics: nothing to plot."]);
    expect(rowsOf(root, "table.sweep-points")).toHaveLength(6);
    const none = mount();
    renderSweep(none, { ...sweep(), points: [] });
    expect(texts(none, ".note")).toEqual(["This sweep has no points."]);
  });

  it('says "replications: ?" when the folder did not say', () => {
    const root = mount();
    renderSweep(root, { ...sweep(), replications: 0 });
    expect(root.querySelector(".hint")!.textContent).toContain("replications: ? per point");
  });
});

describe("the page with experiments", () => {
  const experiments = (): ExperimentView[] => [comparison(), sweep()];

  it("shows experiments alone when there are no runs", () => {
    watchConsole();
    const root = mount();
    const app = renderApp(root, checkPayload({ runs: [], experiments: experiments() }));
    expect(app.scrubber).toBeNull();
    expect(texts(root, "section.row > h2")).toEqual(["Comparison: cmp", "Sweep: sw"]);
    expect(root.querySelector(".scrubber")).toBeNull();
    expect(texts(root, ".note").filter((n) => n.startsWith("This part could not"))).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });

  it("shows experiments above the runs", () => {
    const root = mount();
    const app = renderApp(
      root,
      checkPayload({ ...payload([oneJobRun()], ["base"]), experiments: [sweep()] }),
    );
    expect(app.scrubber).not.toBeNull();
    expect(texts(root, "section.row > h2").slice(0, 3)).toEqual(["Sweep: sw", "Run", "State at t"]);
  });

  it("reads a payload's experiments, leaving out and reporting malformed ones", () => {
    const good = comparison();
    const r = checkPayload({
      runs: [],
      experiments: [
        good,
        { kind: "histogram", label: "odd" },
        { kind: "sweep", label: "bad", parameters: ["a"], points: [{ values: [], metrics: {} }] },
        {
          ...good,
          label: "partly",
          a: undefined,
          metrics: { m: { a: { mean: "x" }, b: null, delta: { mean: 1, ci95: [2, 1] } } },
        },
      ],
    });
    expect(r.kind).toBe("ok");
    if (r.kind !== "ok") return;
    expect(r.experiments.map((x) => x.label)).toEqual(["cmp", "partly"]);
    const partly = r.experiments[1] as Comparison;
    expect(partly.a).toBe("A");
    expect(partly.metrics.m).toEqual({ a: null, b: null, delta: null });
    expect(r.problems).toEqual([
      "odd: this experiment is malformed and is not shown.",
      "bad: this experiment is malformed and is not shown.",
      "partly: 2 malformed value(s) are shown as —.",
    ]);
    expect(checkExperiments("nope").problems).toEqual([
      "The experiments list is malformed and is not shown.",
    ]);
    expect(checkPayload({ runs: [], experiments: [] })).toEqual({ kind: "empty" });
  });
});
