import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/scenario/index.ts";
import type { InstanceTerminated } from "../../src/sim/facts.ts";
import { jobsAt, managedCe, run, scenario, spec } from "./fixtures.ts";

describe("scalingPolicy.minScaleDownDelayMinutes (aws-batch-model.md §7)", () => {
  it("keeps an instance that ran a job for the delay after its last job, instead of scaleInIdleSeconds", () => {
    const make = (delay: number | null) =>
      run(
        scenario({
          settings: DEFAULT_SETTINGS,
          computeEnvironments: [
            managedCe("ce", { instanceTypes: ["c6i.large"], minScaleDownDelaySeconds: delay }),
          ],
          workload: [jobsAt("w", [{ at: 0, spec: spec({ runtimeSeconds: 1000 }) }])],
        }),
      ).facts.find((f): f is InstanceTerminated => f.kind === "InstanceTerminated")!;
    // The job runs 200..1200 (ready at 180, 20 s STARTING). Default: idle 300 s → 1500.
    expect(make(null).time).toBe(1500);
    // 20 minutes: 1200 + 1200 = 2400, a multiple of the 30 s scaling cycle.
    const kept = make(1200);
    expect(kept.time).toBe(2400);
    expect(kept.billedSeconds).toBe(2400 - 30);
  });

  it("does not apply to an instance that never ran a job", () => {
    const { facts } = run(
      scenario({
        settings: DEFAULT_SETTINGS,
        computeEnvironments: [
          managedCe("ce", {
            instanceTypes: ["c6i.large"],
            minvCpus: 2,
            minScaleDownDelaySeconds: 1200,
          }),
        ],
        workload: [],
        actions: [
          {
            atSeconds: 60,
            kind: "updateComputeEnvironment",
            computeEnvironment: "ce",
            state: null,
            minvCpus: 0,
            maxvCpus: null,
            desiredvCpus: 0,
          },
        ],
      }),
    );
    const t = facts.find((f): f is InstanceTerminated => f.kind === "InstanceTerminated")!;
    // Ready at 180 with no job: the ordinary 300 s idle rule → 480.
    expect(t.time).toBe(480);
  });
});

describe("settings.poolCapacity (§13.6)", () => {
  const twoJobs = jobsAt("w", [
    { at: 0, spec: spec({ vcpus: 2, memoryMiB: 3000 }) },
    { at: 0, spec: spec({ vcpus: 2, memoryMiB: 3000 }) },
  ]);
  const launchedTypes = (strategy: "BEST_FIT" | "BEST_FIT_PROGRESSIVE") =>
    run(
      scenario({
        settings: { ...DEFAULT_SETTINGS, poolCapacity: { "c6i.large": 1 } },
        computeEnvironments: [
          managedCe("ce", { allocationStrategy: strategy, instanceTypes: ["c6i"] }),
        ],
        workload: [twoJobs],
      }),
    ).facts;

  it("moves BEST_FIT_PROGRESSIVE to the next type when a pool is full", () => {
    const types = launchedTypes("BEST_FIT_PROGRESSIVE")
      .filter((f) => f.kind === "InstanceLaunched")
      .map((f) => (f as { instanceType: string }).instanceType);
    expect(types).toEqual(["c6i.large", "c6i.xlarge"]);
  });

  it("makes BEST_FIT wait for its type, with CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY as the reason", () => {
    const facts = launchedTypes("BEST_FIT");
    expect(facts.filter((f) => f.kind === "InstanceLaunched")).toHaveLength(1);
    const waits = facts.filter((f) => f.kind === "JobWaiting" && f.jobId === "job-00000002") as {
      reason: string;
      detail: string;
    }[];
    expect(waits.map((w) => w.reason)).toContain("CAPACITY");
    expect(waits.find((w) => w.reason === "CAPACITY")?.detail).toBe(
      "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type [c6i.large]",
    );
  });
});
