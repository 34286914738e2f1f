import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/scenario/index.ts";
import type { JobSpec, NodeProperties } from "../../src/scenario/types.ts";
import type {
  Fact,
  InstanceLaunched,
  JobAttemptEnded,
  JobStateChanged,
} from "../../src/sim/facts.ts";
import { instantSettings, jobsAt, managedCe, queue, run, scenario, spec } from "./fixtures.ts";

/** 4 nodes, main node 0; nodes need 4 vCPU and 8 GiB (so c6i.2xlarge: c6i.xlarge has 7914 MiB usable). */
const fourNodes: NodeProperties = {
  numNodes: 4,
  mainNode: 0,
  groups: [
    { fromNode: 0, toNode: 0, vcpus: 4, memoryMiB: 8192, gpus: 0 },
    { fromNode: 1, toNode: 3, vcpus: 2, memoryMiB: 8192, gpus: 0 },
  ],
  instanceType: null,
};
const mnp = (p: Partial<JobSpec> = {}) =>
  spec({ vcpus: 4, memoryMiB: 8192, runtimeSeconds: 1000, nodeProperties: fourNodes, ...p });
const launches = (facts: Fact[]) =>
  facts.filter((f): f is InstanceLaunched => f.kind === "InstanceLaunched");
const changes = (facts: Fact[], jobId: string) =>
  facts.filter((f): f is JobStateChanged => f.kind === "JobStateChanged" && f.jobId === jobId);

describe("multi-node parallel jobs", () => {
  it("starts only when every node has a whole instance of one type, and bills all of them", () => {
    const { facts } = run(
      scenario({
        settings: DEFAULT_SETTINGS,
        computeEnvironments: [managedCe("ce", { instanceTypes: ["c6i"] })],
        workload: [jobsAt("w", [{ at: 0, spec: mnp() }])],
      }),
    );
    expect(launches(facts).map((l) => l.instanceType)).toEqual(Array(4).fill("c6i.2xlarge"));
    const starting = changes(facts, "job-00000001").find((c) => c.to === "STARTING")!;
    expect(starting.time).toBe(180); // all four ready at 180 (scale-out at 0, boot 180 s)
    expect(starting.instanceId).toBe(launches(facts)[0]!.instanceId); // node 0 is the main node
    const attempt = facts.find((f): f is JobAttemptEnded => f.kind === "JobAttemptEnded")!;
    // STARTING 180..200, RUNNING 200..1200: four whole c6i.2xlarge ($0.34/h) for 1020 s.
    expect(attempt.time).toBe(1200);
    expect(attempt.costUsd).toBeCloseTo((4 * 0.34 * 1020) / 3600, 12);
    const submitted = facts.find((f) => f.kind === "JobSubmitted") as { vcpus: number };
    expect(submitted.vcpus).toBe(4 + 3 * 2); // what the job asks for in all
  });

  it("keeps other jobs off a gang's instances while it runs", () => {
    const { facts } = run(
      scenario({
        settings: instantSettings,
        computeEnvironments: [managedCe("ce", { instanceTypes: ["c6i.2xlarge"] })],
        workload: [
          jobsAt("w", [
            { at: 0, spec: mnp() },
            { at: 10, spec: spec({ vcpus: 1 }) },
          ]),
        ],
      }),
    );
    const gangHosts = new Set(
      launches(facts)
        .slice(0, 4)
        .map((l) => l.instanceId),
    );
    const small = changes(facts, "job-00000002").find((c) => c.to === "STARTING")!;
    expect(gangHosts.has(small.instanceId!)).toBe(false);
    expect(launches(facts)).toHaveLength(5);
  });

  it("blocks with COMPUTE_ENVIRONMENT_MAX_RESOURCE when maxvCpus cannot hold every node", () => {
    const { facts } = run(
      scenario({
        computeEnvironments: [
          managedCe("ce", { instanceTypes: ["c6i"], maxvCpus: 16, allocationStrategy: "BEST_FIT" }),
        ],
        workload: [jobsAt("w", [{ at: 0, spec: mnp() }])],
      }),
    );
    const blocked = facts.find((f) => f.kind === "JobQueueBlocked") as
      | { statusReason: string }
      | undefined;
    expect(blocked?.statusReason).toMatch(/^MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE/);
    expect(launches(facts)).toHaveLength(0);
  });

  it("frees every node's instance when the main node ends, and can be retried as a whole", () => {
    const { facts } = run(
      scenario({
        settings: instantSettings,
        computeEnvironments: [managedCe("ce", { instanceTypes: ["c6i.2xlarge"] })],
        jobQueues: [queue("q", ["ce"])],
        workload: [
          jobsAt("w", [
            {
              at: 0,
              spec: mnp({
                exitCodes: [{ exitCode: 1, probability: 1 }],
                retryStrategy: { attempts: 2, evaluateOnExit: [] },
              }),
            },
          ]),
        ],
      }),
    );
    const ends = facts.filter((f): f is JobAttemptEnded => f.kind === "JobAttemptEnded");
    expect(ends.map((e) => e.willRetry)).toEqual([true, false]);
    expect(launches(facts)).toHaveLength(4); // the retry reuses the same four instances
  });
});
