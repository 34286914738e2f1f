// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import type { Series, ViewerData } from "../../src/report/viewer-data-types.ts";
import { sharedDomains } from "../../web/src/app.ts";
import { renderFairShare } from "../../web/src/fair-share-chart.ts";
import {
  reservedAt,
  reservedPoints,
  sharesByQueue,
  sharesOfQueue,
} from "../../web/src/reservation.ts";
import { StateIndex } from "../../web/src/state-at.ts";
import { renderStatePanel } from "../../web/src/state-panel.ts";
import { fairShareRun, oneJobRun } from "./fixture.ts";
import { mount, texts } from "./helpers.ts";

function withSeries(data: ViewerData, metric: string, key: string, points: [number, number][]) {
  const replaced: Series = { metric, key, t: points.map((p) => p[0]), v: points.map((p) => p[1]) };
  return {
    ...data,
    series: data.series.map((s) => (s.metric === metric && s.key === key ? replaced : s)),
  };
}

/** The fair-share fixture (cr 25) with share B active only from 400: N = 1, then 2, then 0. */
function staggered(): ViewerData {
  const a = withSeries(fairShareRun(), "entitledShare", "A", [
    [0, 1],
    [400, 0.75],
    [800, 0],
  ]);
  return withSeries(a, "entitledShare", "B", [
    [0, 0],
    [400, 0.25],
    [800, 0],
  ]);
}

function withReservation(data: ViewerData, computeReservation: number | null): ViewerData {
  return {
    ...data,
    jobQueues: data.jobQueues.map((q) => ({ ...q, computeReservation })),
  };
}

/** Two fair-share queues: share A's jobs in fs (cr 25), share B's in fs2 (cr 50). */
function twoQueues(): ViewerData {
  const data = staggered();
  return {
    ...data,
    jobQueues: [
      ...data.jobQueues,
      { name: "fs2", platform: "EC2", schedulingPolicy: "other", computeReservation: 50 },
    ],
    jobs: { ...data.jobs, queue: [0, 1, 0, 1] },
  };
}

describe("computeReservation: (cr/100)^N of the queue held back", () => {
  it("is 0.25 with one share active and 0.0625 with two (cr 25)", () => {
    const data = staggered();
    expect(reservedAt(data, 0, 0)).toBe(0.25);
    expect(reservedAt(data, 0, 200)).toBe(0.25);
    expect(reservedAt(data, 0, 400)).toBe(0.0625);
    expect(reservedAt(data, 0, 799)).toBe(0.0625);
    expect(reservedAt(data, 0, 800)).toBeNull(); // no share active
    expect(reservedPoints(data, 0)).toEqual([
      [0, 0.25],
      [400, 0.0625],
      [800, Number.NaN],
      [1000, Number.NaN],
    ]);
    // the fixture as it is: both shares active from 0
    expect(reservedAt(fairShareRun(), 0, 100)).toBe(0.0625);
  });

  it("is nothing when computeReservation is 0 or null, or the queue is FIFO", () => {
    for (const cr of [0, null]) {
      const data = withReservation(staggered(), cr);
      expect(reservedAt(data, 0, 200)).toBeNull();
      expect(reservedPoints(data, 0)).toEqual([]);
    }
    expect(reservedPoints(oneJobRun(), 0)).toEqual([]);
  });

  it("gives every share to the only fair-share queue, and attributes shares by their jobs otherwise", () => {
    const one = { ...staggered(), jobs: { ...staggered().jobs, share: [-1, -1, -1, -1] } };
    expect(sharesOfQueue(one, 0)).toEqual([0, 1]);
    expect(sharesByQueue(one).get(0)).toEqual([0, 1]);
    const two = twoQueues();
    expect(sharesOfQueue(two, 0)).toEqual([0]);
    expect(sharesOfQueue(two, 1)).toEqual([1]);
    expect(reservedAt(two, 0, 500)).toBe(0.25); // only A in fs
    expect(reservedAt(two, 1, 200)).toBeNull(); // B not active yet
    expect(reservedAt(two, 1, 500)).toBe(0.5);
  });

  it("draws the band with its label, and names the policy and computeReservation", () => {
    const cell = mount();
    const data = staggered();
    renderFairShare(cell, data, sharedDomains([data]));
    expect(texts(cell, "h4")).toEqual([
      "queue fs · fair-share policy fair · computeReservation 25",
    ]);
    const band = cell.querySelector('g.reserved[data-queue="fs"] path.reserved-band');
    expect(band).not.toBeNull();
    expect(band!.getAttribute("d")).toMatch(/^M/);
    expect(cell.querySelectorAll("path.reserved-edge")).toHaveLength(1);
    expect(texts(cell, ".legend-item")).toContain(
      "reserved for shares not yet active: (25/100)^N of the queue's vCPU",
    );
    expect(texts(cell, ".reserved-hint")[0]).toMatch(
      /^Policy fair, computeReservation 25: while N .* \(N = 1: 25 %, N = 2: 6\.25 %\)/,
    );
  });

  it("hides the band when computeReservation is 0 or null", () => {
    for (const cr of [0, null]) {
      const cell = mount();
      const data = withReservation(staggered(), cr);
      renderFairShare(cell, data, sharedDomains([data]));
      expect(cell.querySelector("g.reserved")).toBeNull();
      expect(cell.querySelectorAll("path.used")).toHaveLength(2);
      expect(texts(cell, ".legend-item").some((l) => l.startsWith("reserved"))).toBe(false);
      expect(texts(cell, ".reserved-hint")[0]).toMatch(/computeReservation 0 \(or none\)/);
    }
  });

  it("shows each fair-share queue's reserved part in the state at t", () => {
    const data = twoQueues();
    expect(new StateIndex(data).at(500).reservations).toEqual([
      {
        queue: "fs",
        policy: "fair",
        computeReservation: 25,
        activeShares: 1,
        reserved: 0.25,
      },
      {
        queue: "fs2",
        policy: "other",
        computeReservation: 50,
        activeShares: 1,
        reserved: 0.5,
      },
    ]);
    const cell = mount();
    const panel = renderStatePanel(cell, staggered());
    panel.setTime(500);
    expect(texts(cell, "table.state-reservations td")).toEqual([
      "fs",
      "fair",
      "25",
      "2",
      "6.25 % of the queue's maximum vCPU ((25/100)^2)",
    ]);
    panel.setTime(900);
    expect(texts(cell, "table.state-reservations td")[4]).toBe("— (no share active)");
    const fifo = mount();
    renderStatePanel(fifo, oneJobRun()).setTime(100);
    expect(fifo.querySelector("table.state-reservations")).toBeNull();
  });
});
