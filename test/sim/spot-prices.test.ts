/**
 * Spot price time series (catalog.spot.prices): Spot instances pay the market price of each moment,
 * new launches order and bid-check at the current price, and a price above a CE's bid reclaims its
 * instances of the type (EC2's "price exceeds your maximum price" interruption).
 */
import { describe, expect, it } from "vitest";
import type { SpotPriceSeries } from "../../src/scenario/types.ts";
import type { Fact } from "../../src/sim/facts.ts";
import { instantSettings, jobsAt, managedCe, run, scenario, spec } from "./fixtures.ts";

const ofKind = <K extends Fact["kind"]>(facts: Fact[], kind: K) =>
  facts.filter((f): f is Extract<Fact, { kind: K }> => f.kind === kind);

const series = (
  instanceType: string,
  points: [atSeconds: number, usdPerHour: number][],
): SpotPriceSeries => ({
  instanceType,
  points: points.map(([atSeconds, usdPerHour]) => ({ atSeconds, usdPerHour })),
});

describe("Spot price series", () => {
  it("bills a Spot instance at each moment's price (hand-computed)", () => {
    // c6i.large: catalog Spot $0.03145/h; $0.06/h from 1800 s. Held by minvCpus for one hour.
    const { facts } = run(
      scenario({
        settings: instantSettings,
        untilSeconds: 3600,
        spotPrices: [series("c6i.large", [[1800, 0.06]])],
        computeEnvironments: [
          managedCe("ce", {
            type: "SPOT",
            minvCpus: 2,
            maxvCpus: 2,
            instanceTypes: ["c6i.large"],
          }),
        ],
      }),
    );
    const [end] = ofKind(facts, "InstanceTerminated");
    const expected = (1800 * 0.03145 + 1800 * 0.06) / 3600; // 0.045725
    expect(end!.billedSeconds).toBe(3600);
    expect(end!.billedUsd).toBeCloseTo(0.045725, 12);
    expect(end!.idleUsd).toBeCloseTo(expected, 12);
    expect(ofKind(facts, "SpotPriceChanged")).toEqual([
      { kind: "SpotPriceChanged", time: 1800, instanceType: "c6i.large", usdPerHour: 0.06 },
    ]);
  });

  it("charges a job its vCPU share at the moving price", () => {
    const { facts } = run(
      scenario({
        settings: instantSettings,
        spotPrices: [series("c6i.large", [[600, 0.08]])],
        computeEnvironments: [managedCe("ce", { type: "SPOT", instanceTypes: ["c6i.large"] })],
        workload: [jobsAt("w", [{ at: 0, spec: spec({ vcpus: 1, runtimeSeconds: 1200 }) }])],
      }),
    );
    const [attempt] = ofKind(facts, "JobAttemptEnded");
    // Half of a 2-vCPU instance: 600 s at 0.03145 and 600 s at 0.08 (within the 100 % bid).
    expect(attempt!.costUsd).toBeCloseTo((0.5 * (600 * 0.03145 + 600 * 0.08)) / 3600, 12);
  });

  it("reclaims instances when the price rises above bidPercentage and launches again when it falls", () => {
    // bidPercentage 50: c6i.large may cost up to 0.0425 (On-Demand 0.085).
    const { facts } = run(
      scenario({
        settings: { ...instantSettings, spotNoticeSeconds: 120 },
        spotPrices: [
          series("c6i.large", [
            [1000, 0.05],
            [5010, 0.03],
          ]),
        ],
        computeEnvironments: [
          managedCe("ce", { type: "SPOT", bidPercentage: 50, instanceTypes: ["c6i.large"] }),
        ],
        workload: [
          jobsAt("w", [
            {
              at: 0,
              spec: spec({
                runtimeSeconds: 3000,
                retryStrategy: {
                  attempts: 3,
                  evaluateOnExit: [
                    {
                      onStatusReason: "Host EC2*",
                      onReason: null,
                      onExitCode: null,
                      action: "RETRY",
                    },
                  ],
                },
              }),
            },
          ]),
        ],
      }),
    );
    const notices = ofKind(facts, "InstanceInterruptionNoticed");
    expect(notices.map((n) => n.time)).toEqual([1000]);
    const attempts = ofKind(facts, "JobAttemptEnded");
    expect(attempts.map((a) => [a.startingAt, a.time, a.cause])).toEqual([
      [0, 1120, "interrupted"],
      [5010, 8010, "exited"], // the first scaling cycle after the drop (every 30 s)
    ]);
    expect(attempts[0]!.statusReason).toMatch(
      /^Host EC2 \(instance i-[0-9a-f]{17}\) terminated\.$/,
    );
    // While the price is above the bid, the job waits with the capacity reason.
    const blocked = ofKind(facts, "JobQueueBlocked");
    expect(blocked.map((b) => [b.time, b.statusReason])).toEqual([
      [
        1120,
        "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type [c6i.large]",
      ],
    ]);
    const launches = ofKind(facts, "InstanceLaunched");
    expect(launches.map((l) => [l.time, l.usdPerHour])).toEqual([
      [0, 0.03145],
      [5010, 0.03],
    ]);
  });

  it("orders SPOT_PRICE_CAPACITY_OPTIMIZED launches by the current price", () => {
    const types = (points: [number, number][]) =>
      ofKind(
        run(
          scenario({
            settings: instantSettings,
            spotPrices: [series("c5.large", points)],
            computeEnvironments: [
              managedCe("ce", {
                type: "SPOT",
                allocationStrategy: "SPOT_PRICE_CAPACITY_OPTIMIZED",
                instanceTypes: ["c5.large", "c6i.large"],
              }),
            ],
            workload: [
              jobsAt("w", [
                { at: 0, spec: spec({ vcpus: 2, memoryMiB: 2048 }) },
                { at: 2000, spec: spec({ vcpus: 2, memoryMiB: 2048 }) },
              ]),
            ],
          }),
        ).facts,
        "InstanceLaunched",
      ).map((l) => l.instanceType);
    // Price × (1 + interruption midpoint): c6i.large 0.03145 × 1.075 = 0.0338 beats c5.large
    // 0.03485 × 1.025 = 0.0357 at catalog prices; once c5.large costs 0.02 (0.0205) it wins.
    expect(types([])).toEqual(["c6i.large", "c6i.large"]);
    expect(types([[1000, 0.02]])).toEqual(["c6i.large", "c5.large"]);
  });
});
