import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTimeseriesFold, reportContext } from "../../src/report/index.ts";
import type { ExplicitJob, Scenario } from "../../src/scenario/types.ts";
import type { Fact, JobStatus } from "../../src/sim/facts.ts";
import { fleetCe, instantSettings, managedCe, queue, run, scenario, spec } from "./fixtures.ts";

/** Legal transitions of this version (no retries, cancels or arrays yet). */
const LEGAL: Record<string, readonly JobStatus[]> = {
  SUBMITTED: ["PENDING", "RUNNABLE"],
  PENDING: ["RUNNABLE", "FAILED"],
  RUNNABLE: ["STARTING"],
  STARTING: ["RUNNING"],
  RUNNING: ["SUCCEEDED", "FAILED"],
};

const jobArb = fc.record({
  at: fc.integer({ min: 0, max: 3600 }),
  vcpus: fc.integer({ min: 1, max: 40 }),
  memoryMiB: fc.integer({ min: 4, max: 70_000 }),
  runtimeSeconds: fc.integer({ min: 0, max: 4000 }),
  fails: fc.boolean(),
  queue: fc.integer({ min: 0, max: 1 }),
  dep: fc.option(fc.nat(), { nil: undefined }),
});

const paramsArb = fc.record({
  jobs: fc.array(jobArb, { minLength: 1, maxLength: 40 }),
  maxvCpus: fc.integer({ min: 1, max: 128 }),
  minvCpus: fc.integer({ min: 0, max: 16 }),
  strategy: fc.constantFrom("BEST_FIT", "BEST_FIT_PROGRESSIVE" as const),
  interval: fc.constantFrom(0, 5),
  ready: fc.constantFrom(0, 60, 180),
  backfill: fc.boolean(),
  seed: fc.string({ maxLength: 6 }),
});

/** Builds the scenario inside the property so a counterexample prints the small parameters, not the catalog. */
type Params = typeof paramsArb extends fc.Arbitrary<infer T> ? T : never;

function build(g: Params): Scenario {
  const sorted = [...g.jobs].sort((a, b) => a.at - b.at);
  const jobs: ExplicitJob[] = sorted.map((j, i) => ({
    atSeconds: j.at,
    jobName: `j${i}`,
    spec: spec({
      jobQueue: j.queue === 0 ? "high" : "low",
      vcpus: j.vcpus,
      memoryMiB: j.memoryMiB,
      runtimeSeconds: j.runtimeSeconds,
      exitCodes: [{ exitCode: j.fails ? 1 : 0, probability: 1 }],
    }),
    dependsOn: j.dep !== undefined && i > 0 ? [{ jobName: `j${j.dep % i}`, type: null }] : [],
  }));
  return scenario({
    seed: g.seed,
    settings: {
      ...instantSettings,
      schedulerIntervalSeconds: g.interval,
      fifoBackfill: g.backfill,
      instanceReadySeconds: { kind: "fixed", seconds: g.ready },
      instanceBillingDelaySeconds: 30,
    },
    computeEnvironments: [
      managedCe("a", {
        maxvCpus: g.maxvCpus,
        minvCpus: Math.min(g.minvCpus, g.maxvCpus),
        allocationStrategy: g.strategy,
        instanceTypes: ["c6i", "m6i.large"],
      }),
      fleetCe("b", [{ instanceType: "m6i.xlarge", count: 2 }]),
    ],
    jobQueues: [queue("high", ["a", "b"], 10), queue("low", ["b"], 1)],
    workload: [{ kind: "jobs", name: "w", jobs }],
  });
}

/** Replays the facts, checking each against the state machine and capacity; returns per-job final states. */
function replay(facts: readonly Fact[]): Map<string, JobStatus> {
  const status = new Map<string, JobStatus>();
  const vcpusOf = new Map<string, number>();
  const capacity = new Map<string, number>();
  const used = new Map<string, number>();
  const where = new Map<string, string>();
  let time = 0;
  for (const f of facts) {
    expect(f.time).toBeGreaterThanOrEqual(time);
    time = f.time;
    if (f.kind === "JobSubmitted") {
      expect(status.has(f.jobId)).toBe(false);
      status.set(f.jobId, "SUBMITTED");
      vcpusOf.set(f.jobId, f.vcpus);
    } else if (f.kind === "JobStateChanged") {
      expect(status.get(f.jobId)).toBe(f.from);
      expect(LEGAL[f.from]).toContain(f.to);
      status.set(f.jobId, f.to);
      if (f.to === "STARTING") {
        const id = f.instanceId!;
        used.set(id, (used.get(id) ?? 0) + vcpusOf.get(f.jobId)!);
        where.set(f.jobId, id);
        expect(used.get(id)!).toBeLessThanOrEqual(capacity.get(id)!); // in use ≤ provisioned
      }
    } else if (f.kind === "JobAttemptEnded") {
      const id = where.get(f.jobId)!;
      used.set(id, used.get(id)! - vcpusOf.get(f.jobId)!);
      expect(f.costUsd).toBeGreaterThanOrEqual(0);
    } else if (f.kind === "InstanceLaunched") {
      capacity.set(f.instanceId, f.vcpu);
    } else if (f.kind === "InstanceTerminated") {
      expect(f.billedUsd).toBeGreaterThanOrEqual(0); // cost accrued never decreases
      expect(f.idleUsd).toBeLessThanOrEqual(f.billedUsd + 1e-12);
      expect(used.get(f.instanceId) ?? 0).toBeGreaterThanOrEqual(0);
    }
  }
  return status;
}

describe("simulation invariants over generated scenarios", () => {
  it("moves every job only along legal transitions and never over-fills an instance", () => {
    fc.assert(
      fc.property(paramsArb, (g) => {
        const s = build(g);
        replay(run(s).facts);
      }),
      { numRuns: 150 },
    );
  });

  it("ends every job at most once, and leaves RUNNABLE only jobs that wait for capacity", () => {
    fc.assert(
      fc.property(paramsArb, (g) => {
        const { facts } = run(build(g));
        replay(facts);
        const ends = facts.flatMap((f) =>
          f.kind === "JobStateChanged" && (f.to === "SUCCEEDED" || f.to === "FAILED")
            ? [f.jobId]
            : [],
        );
        expect(new Set(ends).size).toBe(ends.length);
      }),
      { numRuns: 150 },
    );
  });

  it("ends every job in exactly one terminal state when every job fits every CE", () => {
    const fitting = paramsArb.map((g) => ({
      ...g,
      maxvCpus: 64 + g.maxvCpus,
      jobs: g.jobs.map((j) => ({
        ...j,
        vcpus: 1 + (j.vcpus % 4),
        memoryMiB: 4 + (j.memoryMiB % 15_000),
      })),
    }));
    fc.assert(
      fc.property(fitting, (g) => {
        const final = replay(run(build(g)).facts);
        expect(final.size).toBe(g.jobs.length);
        for (const st of final.values()) expect(["SUCCEEDED", "FAILED"]).toContain(st);
      }),
      { numRuns: 150 },
    );
  });

  it("gives identical facts for the same scenario and seed", () => {
    fc.assert(
      fc.property(paramsArb, (g) => {
        const s = build(g);
        expect(run(s).facts).toEqual(run(s).facts);
      }),
      { numRuns: 50 },
    );
  });

  it("accrues cost that never decreases and ends at the billed total", () => {
    fc.assert(
      fc.property(paramsArb, (g) => {
        const s = build(g);
        const meta = {
          scenarioSha256: "",
          batchsimVersion: "",
          assumptions: {},
          outputs: { events: "none" },
        };
        let csv = "";
        const fold = createTimeseriesFold(reportContext(s, meta), (t) => {
          csv += t;
        });
        const { facts } = run(s);
        for (const f of facts) fold.onFact(f);
        fold.finish();
        const cost = csv
          .split("\n")
          .map((l) => l.split(","))
          .filter((c) => c[1] === "costUsd")
          .map((c) => Number(c[3]));
        for (let i = 1; i < cost.length; i++) expect(cost[i]!).toBeGreaterThanOrEqual(cost[i - 1]!);
        const billed = facts.reduce(
          (sum, f) => sum + (f.kind === "InstanceTerminated" ? f.billedUsd : 0),
          0,
        );
        expect(cost.at(-1)!).toBeCloseTo(billed, 9);
      }),
      { numRuns: 100 },
    );
  });
});
