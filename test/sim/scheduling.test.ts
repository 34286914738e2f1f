import { describe, expect, it } from "vitest";
import type { Fact, InstanceLaunched, JobStateChanged } from "../../src/sim/facts.ts";
import {
  fleetCe,
  instantSettings,
  jobsAt,
  managedCe,
  queue,
  run,
  scenario,
  spec,
} from "./fixtures.ts";

const changes = (facts: Fact[]) =>
  facts.filter((f): f is JobStateChanged => f.kind === "JobStateChanged");
const startOf = (facts: Fact[], jobId: string) =>
  changes(facts).find((f) => f.jobId === jobId && f.to === "STARTING");
const launches = (facts: Fact[]) =>
  facts.filter((f): f is InstanceLaunched => f.kind === "InstanceLaunched");

/** One 4-vCPU, 15 GiB fleet instance (m6i.xlarge: 15860 MiB usable). */
const oneBox = fleetCe("box", [{ instanceType: "m6i.xlarge", count: 1 }]);

describe("FIFO queues", () => {
  const jobs = jobsAt("w", [
    { at: 0, spec: spec({ vcpus: 3, runtimeSeconds: 100 }) },
    { at: 1, spec: spec({ vcpus: 2, runtimeSeconds: 100 }) },
    { at: 2, spec: spec({ vcpus: 1, runtimeSeconds: 100 }) },
  ]);

  it("backfills: a later job that fits passes one that does not", () => {
    const { facts } = run(
      scenario({
        computeEnvironments: [oneBox],
        jobQueues: [queue("q", ["box"])],
        workload: [jobs],
      }),
    );
    expect(startOf(facts, "job-00000001")?.time).toBe(0);
    expect(startOf(facts, "job-00000003")?.time).toBe(2); // 1 vCPU left: passes job 2
    expect(startOf(facts, "job-00000002")?.time).toBe(100);
  });

  it("keeps strict order with fifoBackfill false", () => {
    const { facts } = run(
      scenario({
        settings: { ...instantSettings, fifoBackfill: false },
        computeEnvironments: [oneBox],
        jobQueues: [queue("q", ["box"])],
        workload: [jobs],
      }),
    );
    expect(startOf(facts, "job-00000002")?.time).toBe(100);
    expect(startOf(facts, "job-00000003")?.time).toBe(100);
  });

  it("blocks the queue behind a head job that no instance type can hold", () => {
    const { facts } = run(
      scenario({
        computeEnvironments: [oneBox],
        jobQueues: [queue("q", ["box"])],
        workload: [jobsAt("w", [{ at: 0, spec: spec({ vcpus: 8 }) }, { at: 0 }])],
      }),
    );
    const blocked = facts.filter((f) => f.kind === "JobQueueBlocked");
    expect(blocked).toHaveLength(1);
    expect(blocked[0]).toMatchObject({ jobId: "job-00000001", jobQueue: "q" });
    expect((blocked[0] as { statusReason: string }).statusReason).toMatch(
      /^MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - /,
    );
    expect(startOf(facts, "job-00000002")).toBeUndefined();
  });

  it("says COMPUTE_ENVIRONMENT_MAX_RESOURCE when the job needs more vCPU than maxvCpus", () => {
    const { facts } = run(
      scenario({
        computeEnvironments: [managedCe("ce", { maxvCpus: 4 })],
        workload: [jobsAt("w", [{ at: 0, spec: spec({ vcpus: 8 }) }])],
      }),
    );
    const blocked = facts.find((f) => f.kind === "JobQueueBlocked") as { statusReason: string };
    expect(blocked.statusReason).toMatch(/^MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE - /);
  });
});

describe("several queues and compute environments", () => {
  it("visits queues by descending priority, so the higher one gets freed capacity first", () => {
    const { facts } = run(
      scenario({
        computeEnvironments: [oneBox],
        jobQueues: [queue("low", ["box"], 1), queue("high", ["box"], 9)],
        workload: [
          jobsAt("a", [{ at: 0, spec: spec({ jobQueue: "low", vcpus: 4, runtimeSeconds: 50 }) }]),
          jobsAt("b", [{ at: 10, spec: spec({ jobQueue: "low", vcpus: 4 }) }]),
          jobsAt("c", [{ at: 20, spec: spec({ jobQueue: "high", vcpus: 4 }) }]),
        ],
      }),
    );
    expect(startOf(facts, "job-00000003")?.time).toBe(50); // high, submitted last, runs first
    expect(startOf(facts, "job-00000002")?.time).toBe(650);
  });

  it("spills to the next CE only when the first is at maxvCpus with no room", () => {
    const { facts } = run(
      scenario({
        computeEnvironments: [
          managedCe("first", { maxvCpus: 2, instanceTypes: ["c6i.large"] }),
          oneBox,
        ],
        jobQueues: [queue("q", ["first", "box"])],
        workload: [
          jobsAt("w", [
            { at: 0, spec: spec({ vcpus: 2 }) },
            { at: 0, spec: spec({ vcpus: 2 }) },
          ]),
        ],
      }),
    );
    // "first" can launch one c6i.large (2 vCPU = maxvCpus): job 1 waits for it and runs there;
    // job 2 finds it at maxvCpus with no room and spills to the fleet.
    expect(launches(facts).filter((l) => l.computeEnvironment === "first")).toHaveLength(1);
    expect(startOf(facts, "job-00000001")?.computeEnvironment).toBe("first");
    expect(startOf(facts, "job-00000002")?.computeEnvironment).toBe("box");
  });
});

describe("dependencies", () => {
  it("runs a job after its dependency succeeds and fails its chain when one fails", () => {
    const { facts } = run(
      scenario({
        computeEnvironments: [oneBox],
        jobQueues: [queue("q", ["box"])],
        workload: [
          jobsAt("w", [
            { at: 0, jobName: "a", spec: spec({ runtimeSeconds: 100 }) },
            {
              at: 0,
              jobName: "b",
              dependsOn: ["a"],
              spec: spec({ exitCodes: [{ exitCode: 3, probability: 1 }] }),
            },
            { at: 0, jobName: "c", dependsOn: ["b"] },
            { at: 0, jobName: "d", dependsOn: ["c"] },
          ]),
        ],
      }),
    );
    expect(startOf(facts, "job-00000002")?.time).toBe(100);
    const failed = changes(facts).filter((f) => f.to === "FAILED");
    expect(failed.map((f) => [f.jobId, f.statusReason])).toEqual([
      ["job-00000002", "Essential container in task exited"],
      ["job-00000003", "Dependent Job failed"],
      ["job-00000004", "Dependent Job failed"],
    ]);
    expect(
      changes(facts)
        .filter((f) => f.jobId === "job-00000003")
        .map((f) => f.to),
    ).toEqual(["PENDING", "FAILED"]);
  });
});

describe("managed scaling", () => {
  it("launches to minvCpus at the start and never scales in below it", () => {
    const { facts } = run(
      scenario({
        computeEnvironments: [managedCe("ce", { minvCpus: 2, instanceTypes: ["c6i.large"] })],
        workload: [
          jobsAt("w", [
            { at: 0, spec: spec({ vcpus: 2 }) },
            { at: 0, spec: spec({ vcpus: 2 }) },
          ]),
        ],
      }),
    );
    const terminated = facts.filter((f) => f.kind === "InstanceTerminated") as { reason: string }[];
    expect(launches(facts)).toHaveLength(2);
    expect(terminated.map((t) => t.reason).sort()).toEqual(["end of run", "scale-in"]);
  });

  it("BEST_FIT keeps the cheapest type that fits the largest waiting job", () => {
    const { facts } = run(
      scenario({
        computeEnvironments: [
          managedCe("ce", { allocationStrategy: "BEST_FIT", instanceTypes: ["c6i"] }),
        ],
        workload: [
          jobsAt("w", [
            { at: 0, spec: spec({ vcpus: 1 }) },
            { at: 0, spec: spec({ vcpus: 6 }) },
          ]),
        ],
      }),
    );
    expect(launches(facts).map((l) => l.instanceType)).toEqual(["c6i.2xlarge"]);
  });

  it("BEST_FIT_PROGRESSIVE packs waiting jobs onto the fewest instances of the best type", () => {
    const { facts } = run(
      scenario({
        computeEnvironments: [managedCe("ce", { instanceTypes: ["c6i"] })],
        workload: [
          jobsAt(
            "w",
            Array.from({ length: 5 }, () => ({ at: 0, spec: spec({ vcpus: 1 }) })),
          ),
        ],
      }),
    );
    // Lowest $/vCPU ties across c6i sizes; fewest vCPU wins: c6i.large (2 vCPU) × 3 for 5 jobs.
    expect(launches(facts).map((l) => l.instanceType)).toEqual([
      "c6i.large",
      "c6i.large",
      "c6i.large",
    ]);
  });

  it("never exceeds maxvCpus with EC2 BEST_FIT, and overshoots by at most one instance otherwise", () => {
    const work = jobsAt(
      "w",
      Array.from({ length: 10 }, () => ({ at: 0, spec: spec({ vcpus: 2 }) })),
    );
    const bf = run(
      scenario({
        computeEnvironments: [
          managedCe("ce", {
            allocationStrategy: "BEST_FIT",
            maxvCpus: 5,
            instanceTypes: ["c6i.large"],
          }),
        ],
        workload: [work],
      }),
    );
    expect(launches(bf.facts)).toHaveLength(2); // 4 vCPU ≤ 5
    const bfp = run(
      scenario({
        computeEnvironments: [managedCe("ce", { maxvCpus: 5, instanceTypes: ["c6i.large"] })],
        workload: [work],
      }),
    );
    expect(launches(bfp.facts)).toHaveLength(3); // 6 vCPU: one instance past 5
  });
});
