// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { sharedDomains } from "../../web/src/app.ts";
import { renderCostStack } from "../../web/src/cost-chart.ts";
import {
  accruals,
  COST_GROUPINGS,
  costByGroupAt,
  costStack,
  MAX_STACK_POINTS,
} from "../../web/src/cost-stack.ts";
import { findSeries, linearValueAt } from "../../web/src/series.ts";
import { emptyRun, fairShareRun, oneJobRun, spotRun } from "./fixture.ts";
import { mount, texts } from "./helpers.ts";

const FIXTURES: [string, () => ViewerData][] = [
  ["empty", emptyRun],
  ["one job", oneJobRun],
  ["spot", spotRun],
  ["fair share", fairShareRun],
];

/** The stack's top at its last instant. */
function stackEnd(data: ViewerData, grouping: "ce" | "option" | "type"): number {
  const s = costStack(data, grouping);
  return s.values.reduce((sum, v) => sum + (v[v.length - 1] ?? 0), 0);
}

function withDelay(data: ViewerData, seconds: number): ViewerData {
  return {
    ...data,
    summary: {
      ...data.summary,
      assumptions: { ...data.summary.assumptions, instanceBillingDelaySeconds: seconds },
    },
  };
}

/** `n` instances over a week, in 3 CEs and 12 types. */
function bigRun(n: number): ViewerData {
  const base = spotRun();
  const end = 604800;
  const types = Array.from({ length: 12 }, (_, k) => `m${k}.large`);
  const launchedAt = Array.from({ length: n }, (_, i) => (i * end) / n / 2);
  const billedUsd = Array.from({ length: n }, (_, i) => 0.001 * ((i % 17) + 1));
  return {
    ...base,
    endSeconds: end,
    summary: {
      ...base.summary,
      cost: { ...base.summary.cost!, totalUsd: billedUsd.reduce((a, b) => a + b, 0) },
    },
    computeEnvironments: [
      ...base.computeEnvironments,
      { name: "tasks", purchaseOption: "FARGATE" },
    ],
    instances: {
      ...base.instances,
      id: launchedAt.map((_, i) => `i-${i}`),
      ce: launchedAt.map((_, i) => i % 3),
      type: launchedAt.map((_, i) => i % 12),
      types,
      vcpu: launchedAt.map(() => 2),
      launchedAt,
      readyAt: launchedAt.map((t) => t + 180),
      terminatedAt: launchedAt.map((t, i) => (i % 5 === 0 ? null : t + 3600 + (i % 7) * 100)),
      noticeAt: launchedAt.map(() => null),
      reason: launchedAt.map(() => 0),
      reasons: ["scale-in"],
      billedUsd,
    },
  };
}

describe("cumulative cost by CE / purchase option / instance type", () => {
  it.each(FIXTURES)("ends at summary.cost.totalUsd for the %s run, in every grouping", (_, f) => {
    const data = f();
    for (const g of COST_GROUPINGS)
      expect(Math.abs(stackEnd(data, g.value) - data.summary.cost!.totalUsd)).toBeLessThan(1e-6);
  });

  it("splits the spot run by CE, option and type, each band ending at its instances' bills", () => {
    const data = spotRun();
    const byCe = costStack(data, "ce");
    expect(byCe.groups.names).toEqual(["ondemand", "spot"]);
    expect(byCe.values.map((v) => v[v.length - 1])).toEqual([0.2, expect.closeTo(0.1, 12)]);
    expect(costStack(data, "option").groups.names).toEqual(["ON_DEMAND", "SPOT"]);
    const byType = costStack(data, "type");
    expect(byType.groups.names).toEqual(["c6i.xlarge", "c6i.2xlarge"]);
    expect(byType.values.map((v) => v[v.length - 1])).toEqual([0.2, expect.closeTo(0.1, 12)]);
  });

  it("accrues each bill from launch + the billing delay, matching costUsd (one-job run)", () => {
    const data = withDelay(oneJobRun(), 30);
    // launched at 15: billed from 45 to 1100, as the fixture's costUsd series says
    expect(accruals(data).start[0]).toBe(45);
    const stack = costStack(data, "ce");
    const cost = findSeries(data, "costUsd", "");
    for (const t of [0, 45, 100, 572.5, 1000, 1099, 1100, 1200])
      expect(costByGroupAt(stack, t)[0]).toBeCloseTo(linearValueAt(cost, t), 9);
    // without the delay in the report: from readyAt, and the hint says it is an approximation
    expect(accruals(oneJobRun()).start[0]).toBe(195);
    expect(accruals(oneJobRun()).exactStarts).toBe(false);
  });

  it("bills Fargate tasks and instances ready at launch from launch, with the 60 s minimum at the end", () => {
    const base = withDelay(oneJobRun(), 30);
    const data: ViewerData = {
      ...base,
      computeEnvironments: [{ name: "fg", purchaseOption: "FARGATE" }],
      instances: {
        ...base.instances,
        types: ["fargate.1vcpu-2gb"],
        launchedAt: [100],
        readyAt: [100],
        terminatedAt: [130], // 30 s, billed as 60
        billedUsd: [0.06],
      },
    };
    const stack = costStack(data, "type");
    expect(stack.accruals.start[0]).toBe(100);
    expect(costByGroupAt(stack, 115)[0]).toBeCloseTo(0.015, 12); // half of the 30 s actually run
    expect(costByGroupAt(stack, 129.999)[0]).toBeCloseTo(0.03, 5);
    expect(costByGroupAt(stack, 130)[0]).toBe(0.06); // the top-up lands at termination
    const fleet = {
      ...data,
      computeEnvironments: [{ name: "own", purchaseOption: "ON_DEMAND" as const }],
    };
    expect(
      accruals({ ...fleet, instances: { ...fleet.instances, types: ["m6i.large"] } }).start[0],
    ).toBe(100);
  });

  it("draws at most 1,000 points per band for a big run, and still ends at the total", () => {
    const data = bigRun(30000);
    const stack = costStack(data, "type");
    expect(stack.times.length).toBe(MAX_STACK_POINTS);
    expect(stack.times[stack.times.length - 1]).toBe(data.endSeconds);
    // 12 types: the 9 dearest, and the rest summed as one band
    expect(stack.groups.names).toHaveLength(10);
    expect(stack.groups.names[9]).toBe("other types (3)");
    for (const g of COST_GROUPINGS)
      expect(Math.abs(stackEnd(data, g.value) - data.summary.cost!.totalUsd)).toBeLessThan(1e-6);
    const cell = mount();
    renderCostStack(cell, data, sharedDomains([data]));
    for (const p of cell.querySelectorAll("path.cost-band")) {
      // an area: 1,000 points up, 1,000 back
      const points = (p.getAttribute("d") ?? "").split(/[ML]/).filter((x) => x.length > 0);
      expect(points.length).toBeLessThanOrEqual(2 * MAX_STACK_POINTS);
    }
  });

  it("switches grouping with the selector and follows the scrubber", () => {
    const cell = mount();
    const data = spotRun();
    const [view] = renderCostStack(cell, data, sharedDomains([data]));
    const bands = () =>
      [...cell.querySelectorAll("path.cost-band")].map((p) => p.getAttribute("data-group"));
    expect(bands()).toEqual(["ondemand", "spot"]);
    const select = cell.querySelector<HTMLSelectElement>("select.cost-grouping")!;
    expect([...select.options].map((o) => o.value)).toEqual(["ce", "option", "type"]);
    for (const [value, want] of [
      ["option", ["ON_DEMAND", "SPOT"]],
      ["type", ["c6i.xlarge", "c6i.2xlarge"]],
      ["ce", ["ondemand", "spot"]],
    ] as const) {
      select.value = value;
      select.dispatchEvent(new Event("change"));
      expect(view!.grouping()).toBe(value);
      expect(bands()).toEqual(want);
    }
    expect(texts(cell, ".legend-item")).toEqual(["ondemand $0.2000", "spot $0.1000"]);
    view!.setTime(2000);
    expect(cell.querySelector("line.cursor")!.getAttribute("visibility")).toBe("visible");
    expect(texts(cell, ".cost-stack-at")[0]).toBe(
      "at 0:33:20: ondemand $0.2000 · spot $0.1000 — total $0.3000",
    );
    expect(texts(cell, ".cost-stack-hint")[0]).toMatch(/approximated by when it became ready/);
  });

  it("says so in a note, without a chart, for a run with no instance", () => {
    const cell = mount();
    const data = emptyRun();
    expect(renderCostStack(cell, data, sharedDomains([data]))).toEqual([]);
    expect(cell.querySelector("svg")).toBeNull();
    expect(texts(cell, ".note")[0]).toMatch(/^No instance or Fargate task was launched/);
  });
});
