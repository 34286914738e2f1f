import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/scenario/index.ts";
import type { InstanceTerminated, JobAttemptEnded } from "../../src/sim/facts.ts";
import { jobsAt, managedCe, run, scenario, spec } from "./fixtures.ts";

/** The §13 defaults, as a user gets them without a settings block (180 s boot, 30 s billing delay, …). */
const defaults = DEFAULT_SETTINGS;

describe("EC2 billing", () => {
  // One 1-vCPU job of 1000 s on a c6i.large ($0.085/h, catalog). By hand:
  // t=0 submitted, RUNNABLE, scale-out launches at 0; billing from 30; ready at 180; placed at 180;
  // RUNNING 200..1200; idle from 1200; scale-in at the first 30 s cycle ≥ 1500 → 1500.
  // billed 1470 s → 1470 × 0.085 / 3600; idle 150 s of boot + 300 s after the job.
  const s = scenario({
    settings: defaults,
    computeEnvironments: [managedCe("ce", { instanceTypes: ["c6i"] })],
    workload: [
      jobsAt("w", [{ at: 0, spec: spec({ vcpus: 1, memoryMiB: 2048, runtimeSeconds: 1000 }) }]),
    ],
  });
  const { facts, endSeconds } = run(s);
  const term = facts.find((f): f is InstanceTerminated => f.kind === "InstanceTerminated")!;
  const attempt = facts.find((f): f is JobAttemptEnded => f.kind === "JobAttemptEnded")!;

  it("bills boot and idle time from launch + the billing delay to scale-in", () => {
    expect(term.time).toBe(1500);
    expect(term.reason).toBe("scale-in");
    expect(term.billedSeconds).toBe(1470);
    expect(term.billedUsd).toBeCloseTo((1470 * 0.085) / 3600, 12);
  });

  it("counts the billed boot time and the idle time before scale-in as idle money", () => {
    expect(term.idleUsd).toBeCloseTo((450 * 0.085) / 3600, 12);
  });

  it("charges the job its vCPU fraction of the instance from STARTING to its end", () => {
    expect(attempt.startingAt).toBe(180);
    expect(attempt.startedAt).toBe(200);
    expect(attempt.time).toBe(1200);
    expect(attempt.costUsd).toBeCloseTo((0.5 * 0.085 * 1020) / 3600, 12);
  });

  it("ends the run when the last instance has scaled in", () => {
    expect(endSeconds).toBe(1500);
  });

  it("bills 60 s for an instance that lived only 20 s after billing started", () => {
    const short = scenario({
      settings: {
        ...defaults,
        instanceReadySeconds: { kind: "fixed", seconds: 0 },
        scaleInIdleSeconds: 0,
      },
      computeEnvironments: [managedCe("ce", { instanceTypes: ["c6i.large"] })],
      workload: [jobsAt("w", [{ at: 0, spec: spec({ runtimeSeconds: 10 }) }])],
    });
    const t = run(short).facts.find(
      (f): f is InstanceTerminated => f.kind === "InstanceTerminated",
    )!;
    // ready at 0, STARTING 0..20, RUNNING 20..30, idle from 30, scale-in at cycle 30; billed from 30.
    expect(t.time).toBe(30);
    expect(t.billedSeconds).toBe(0);
    const later = run({
      ...short,
      settings: { ...short.settings, scaleInIdleSeconds: 40 },
    }).facts.find((f): f is InstanceTerminated => f.kind === "InstanceTerminated")!;
    // idle from 30, +40 = 70 → next cycle at 90; billed 90 − 30 = 60 s.
    expect(later.time).toBe(90);
    expect(later.billedSeconds).toBe(60);
    const min = run({
      ...short,
      settings: { ...short.settings, scaleInIdleSeconds: 1 },
    }).facts.find((f): f is InstanceTerminated => f.kind === "InstanceTerminated")!;
    // idle from 30 + 1 → cycle at 60: 30 s billed (all idle: the job ran before billing started),
    // raised to the 60 s minimum, the 30 s top-up idle too.
    expect(min.time).toBe(60);
    expect(min.billedSeconds).toBe(60);
    expect(min.idleUsd).toBeCloseTo((60 * 0.085) / 3600, 12);
  });
});
