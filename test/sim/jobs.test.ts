import { describe, expect, it } from "vitest";
import type { Action, JobSpec } from "../../src/scenario/types.ts";
import type { Fact, JobAttemptEnded, JobStateChanged, JobSubmitted } from "../../src/sim/facts.ts";
import { fleetCe, instantSettings, jobsAt, queue, run, scenario, spec } from "./fixtures.ts";

/** A big fixed fleet: 8 × m6i.4xlarge (16 vCPU each), so capacity never gets in the way. */
const fleet = fleetCe("fleet", [{ instanceType: "m6i.4xlarge", count: 8 }]);
const base = { computeEnvironments: [fleet], jobQueues: [queue("q", ["fleet"])] };

const changes = (facts: Fact[], jobId?: string) =>
  facts.filter(
    (f): f is JobStateChanged => f.kind === "JobStateChanged" && (!jobId || f.jobId === jobId),
  );
const attempts = (facts: Fact[], jobId: string) =>
  facts.filter((f): f is JobAttemptEnded => f.kind === "JobAttemptEnded" && f.jobId === jobId);
const final = (facts: Fact[], jobId: string) => changes(facts, jobId).at(-1);
const startOf = (facts: Fact[], jobId: string) =>
  changes(facts, jobId).find((f) => f.to === "STARTING")?.time;
const endOf = (facts: Fact[], jobId: string) => attempts(facts, jobId).at(-1)?.time;

const exit = (code: number): Partial<JobSpec> => ({
  exitCodes: [{ exitCode: code, probability: 1 }],
});
const retry = (
  attemptsAllowed: number,
  evaluateOnExit: JobSpec["retryStrategy"]["evaluateOnExit"] = [],
) => ({
  retryStrategy: { attempts: attemptsAllowed, evaluateOnExit },
});
const one = (s: JobSpec, actions: Action[] = []) =>
  run(scenario({ ...base, workload: [jobsAt("w", [{ at: 0, jobName: "a", spec: s }])], actions }));

describe("retries", () => {
  it("retries a failing job until its attempts are used up when no evaluateOnExit entry matches", () => {
    const { facts } = one(spec({ ...exit(1), ...retry(3) }));
    expect(attempts(facts, "job-00000001").map((a) => a.willRetry)).toEqual([true, true, false]);
    expect(final(facts, "job-00000001")?.to).toBe("FAILED");
    expect(changes(facts, "job-00000001").filter((c) => c.to === "RUNNABLE")).toHaveLength(3);
  });

  it("stops at a catch-all EXIT placed last, and retries what an earlier entry matches", () => {
    const rules = [
      { onStatusReason: null, onReason: null, onExitCode: "2", action: "RETRY" as const },
      { onStatusReason: null, onReason: "*", onExitCode: null, action: "EXIT" as const },
    ];
    expect(
      attempts(one(spec({ ...exit(1), ...retry(3, rules) })).facts, "job-00000001"),
    ).toHaveLength(1);
    expect(
      attempts(one(spec({ ...exit(2), ...retry(3, rules) })).facts, "job-00000001"),
    ).toHaveLength(3);
  });

  it("matches a trailing-* prefix and never matches an absent reason with a non-* pattern", () => {
    const onReason = (p: string) => [
      { onStatusReason: null, onReason: p, onExitCode: null, action: "EXIT" as const },
    ];
    // An ordinary exit has no container reason: "Out*" does not match, so the default RETRY applies.
    expect(
      attempts(one(spec({ ...exit(1), ...retry(2, onReason("Out*")) })).facts, "job-00000001"),
    ).toHaveLength(2);
    const oom = spec({
      ...retry(2, onReason("OutOfMemoryError*")),
      memoryMiB: 1024,
      memoryUsedMiB: 2048,
    });
    expect(attempts(one(oom).facts, "job-00000001")).toHaveLength(1);
  });

  it("keeps a retried job's place with retryRequeue original and sends it to the back with tail", () => {
    // One 1-vCPU slot; a (fails once, retried) and b, c queued behind it.
    const slot = fleetCe("slot", [{ instanceType: "t3.nano", count: 1 }]);
    const tiny = (p: Partial<JobSpec>) =>
      spec({ vcpus: 2, memoryMiB: 100, runtimeSeconds: 100, ...p });
    const jobs = jobsAt("w", [
      {
        at: 0,
        jobName: "a",
        spec: tiny({ ...retry(2), exitCodes: [{ exitCode: 1, probability: 1 }] }),
      },
      { at: 1, jobName: "b", spec: tiny({}) },
      { at: 2, jobName: "c", spec: tiny({}) },
    ]);
    const order = (requeue: "original" | "tail") => {
      const s = scenario({
        settings: { ...instantSettings, retryRequeue: requeue },
        computeEnvironments: [slot],
        jobQueues: [queue("q", ["slot"])],
        workload: [jobs],
      });
      return changes(run(s).facts)
        .filter((c) => c.to === "STARTING")
        .map((c) => c.jobId);
    };
    expect(order("original")).toEqual([
      "job-00000001",
      "job-00000001",
      "job-00000002",
      "job-00000003",
    ]);
    expect(order("tail")).toEqual(["job-00000001", "job-00000002", "job-00000003", "job-00000001"]);
  });
});

describe("timeouts and OOM kills", () => {
  it("kills a job 30 s after its timeout, exit 137, and never retries it", () => {
    const { facts } = one(spec({ runtimeSeconds: 600, attemptDurationSeconds: 60, ...retry(3) }));
    const [a] = attempts(facts, "job-00000001");
    expect(attempts(facts, "job-00000001")).toHaveLength(1);
    expect(a).toMatchObject({
      exitCode: 137,
      statusReason: "Job attempt duration exceeded timeout",
      cause: "timeout",
    });
    expect(a!.time - a!.startedAt!).toBe(90);
  });

  it("lets a job that ends within the timeout succeed", () => {
    const { facts } = one(spec({ runtimeSeconds: 50, attemptDurationSeconds: 60 }));
    expect(final(facts, "job-00000001")?.to).toBe("SUCCEEDED");
  });

  it("OOM-kills a container that uses more than its MEMORY after half its runtime", () => {
    const { facts } = one(spec({ runtimeSeconds: 600, memoryMiB: 1024, memoryUsedMiB: 1500 }));
    const [a] = attempts(facts, "job-00000001");
    expect(a).toMatchObject({
      exitCode: 137,
      reason: "OutOfMemoryError: Container killed due to memory usage",
      cause: "oom",
    });
    expect(a!.time - a!.startedAt!).toBe(300);
  });
});

describe("array jobs", () => {
  const arrayOf = (size: number, p: Partial<JobSpec> = {}) => spec({ arraySize: size, ...p });

  it("creates children <parent>:<i> in PENDING and ends the parent SUCCEEDED when all succeed", () => {
    const { facts } = one(arrayOf(3));
    const kids = facts.filter(
      (f): f is JobSubmitted => f.kind === "JobSubmitted" && f.arrayJobId !== null,
    );
    expect(kids.map((k) => k.jobId)).toEqual([
      "job-00000001:0",
      "job-00000001:1",
      "job-00000001:2",
    ]);
    expect(changes(facts, "job-00000001").map((c) => c.to)).toEqual(["PENDING", "SUCCEEDED"]);
    expect(changes(facts, "job-00000001:1")[0]).toMatchObject({ from: "SUBMITTED", to: "PENDING" });
  });

  it("fails the parent when any child fails, once the last child ends", () => {
    const { facts } = one(
      arrayOf(4, {
        exitCodes: [
          { exitCode: 0, probability: 0.5 },
          { exitCode: 1, probability: 0.5 },
        ],
      }),
    );
    const childEnds = changes(facts).filter(
      (c) => c.jobId.includes(":") && (c.to === "SUCCEEDED" || c.to === "FAILED"),
    );
    expect(childEnds.some((c) => c.to === "FAILED")).toBe(true);
    const parentEnd = final(facts, "job-00000001")!;
    expect(parentEnd.to).toBe("FAILED");
    expect(parentEnd.time).toBe(Math.max(...childEnds.map((c) => c.time)));
  });

  it("never overlaps the children of a SEQUENTIAL array", () => {
    const s = scenario({
      ...base,
      workload: [
        jobsAt("w", [
          {
            at: 0,
            jobName: "seq",
            spec: arrayOf(5, { runtime: { kind: "uniform", minSeconds: 10, maxSeconds: 100 } }),
            dependsOn: [{ jobName: null, type: "SEQUENTIAL" }],
          },
        ]),
      ],
    });
    const { facts } = run(s);
    for (let i = 1; i < 5; i++) {
      expect(startOf(facts, `job-00000001:${i}`)).toBe(endOf(facts, `job-00000001:${i - 1}`));
    }
  });

  it("starts each N_TO_N child as its own counterpart ends, not when the whole array ends", () => {
    const varied = arrayOf(6, { runtime: { kind: "uniform", minSeconds: 10, maxSeconds: 1000 } });
    const s = scenario({
      ...base,
      workload: [
        jobsAt("w", [
          { at: 0, jobName: "a", spec: varied },
          { at: 0, jobName: "b", spec: varied, dependsOn: [{ jobName: "a", type: "N_TO_N" }] },
        ]),
      ],
    });
    const { facts } = run(s);
    const aEnd = endOf(facts, "job-00000001:5")!;
    const starts: number[] = [];
    for (let i = 0; i < 6; i++) {
      expect(startOf(facts, `job-00000002:${i}`)).toBe(endOf(facts, `job-00000001:${i}`));
      starts.push(startOf(facts, `job-00000002:${i}`)!);
    }
    expect(Math.min(...starts)).toBeLessThan(Math.max(aEnd, ...starts)); // some start before a ends
  });

  it("holds every child until the parent's plain dependency succeeds, and fails them all if it fails", () => {
    const make = (code: number) =>
      run(
        scenario({
          ...base,
          workload: [
            jobsAt("w", [
              { at: 0, jobName: "first", spec: spec({ runtimeSeconds: 300, ...exit(code) }) },
              { at: 0, jobName: "arr", spec: arrayOf(3), dependsOn: ["first"] },
            ]),
          ],
        }),
      ).facts;
    const ok = make(0);
    for (let i = 0; i < 3; i++) expect(startOf(ok, `job-00000002:${i}`)).toBe(300);
    const bad = make(1);
    for (let i = 0; i < 3; i++) {
      expect(final(bad, `job-00000002:${i}`)).toMatchObject({
        to: "FAILED",
        statusReason: "Dependent Job failed",
      });
    }
    expect(final(bad, "job-00000002")?.to).toBe("FAILED");
  });

  it("fails every later child of a SEQUENTIAL array once one fails", () => {
    const s = scenario({
      ...base,
      workload: [
        jobsAt("w", [
          { at: 0, spec: arrayOf(4, exit(1)), dependsOn: [{ jobName: null, type: "SEQUENTIAL" }] },
        ]),
      ],
    });
    const { facts } = run(s);
    expect(final(facts, "job-00000001:0")?.statusReason).toBe("Essential container in task exited");
    for (let i = 1; i < 4; i++)
      expect(final(facts, `job-00000001:${i}`)?.statusReason).toBe("Dependent Job failed");
  });
});

describe("actions", () => {
  const cancelAt = (atSeconds: number, jobName: string, reason: string): Action => ({
    atSeconds,
    kind: "cancelJob",
    jobName,
    reason,
  });

  it("cancels a PENDING job only when its dependency ends, and reports the dependency's failure instead", () => {
    const make = (code: number) =>
      run(
        scenario({
          ...base,
          workload: [
            jobsAt("w", [
              { at: 0, jobName: "dep", spec: spec({ runtimeSeconds: 100, ...exit(code) }) },
              { at: 0, jobName: "x", dependsOn: ["dep"] },
            ]),
          ],
          actions: [cancelAt(10, "x", "not needed")],
        }),
      ).facts;
    const failedDep = final(make(1), "job-00000002")!;
    expect(failedDep).toMatchObject({
      to: "FAILED",
      statusReason: "Dependent Job failed",
      isCancelled: false,
      time: 100,
    });
    const okDep = final(make(0), "job-00000002")!;
    expect(okDep).toMatchObject({
      to: "FAILED",
      statusReason: "not needed",
      isCancelled: true,
      time: 100,
    });
  });

  it("terminates a RUNNING job: FAILED, isTerminated, never retried", () => {
    const { facts } = one(spec({ runtimeSeconds: 600, ...retry(3) }), [
      { atSeconds: 60, kind: "terminateJob", jobName: "a", reason: "stop" },
    ]);
    expect(attempts(facts, "job-00000001")).toHaveLength(1);
    expect(final(facts, "job-00000001")).toMatchObject({
      to: "FAILED",
      statusReason: "stop",
      isTerminated: true,
      time: 60,
    });
  });

  it("stops placing on a CE disabled at noon and spills to the next one", () => {
    const other = fleetCe("other", [{ instanceType: "m6i.4xlarge", count: 1 }]);
    const s = scenario({
      computeEnvironments: [fleet, other],
      jobQueues: [queue("q", ["fleet", "other"])],
      workload: [jobsAt("w", [{ at: 0 }, { at: 13 * 3600 }])],
      actions: [
        {
          atSeconds: 12 * 3600,
          kind: "updateComputeEnvironment",
          computeEnvironment: "fleet",
          state: "DISABLED",
          minvCpus: null,
          maxvCpus: null,
          desiredvCpus: null,
        },
      ],
    });
    const placed = changes(run(s).facts).filter((c) => c.to === "STARTING");
    expect(placed.map((c) => c.computeEnvironment)).toEqual(["fleet", "other"]);
  });

  it("rejects submissions to a queue while it is DISABLED", () => {
    const s = scenario({
      ...base,
      workload: [jobsAt("w", [{ at: 0 }, { at: 100 }, { at: 200 }])],
      actions: [
        {
          atSeconds: 50,
          kind: "updateJobQueue",
          jobQueue: "q",
          state: "DISABLED",
          priority: null,
          computeEnvironments: null,
        },
        {
          atSeconds: 150,
          kind: "updateJobQueue",
          jobQueue: "q",
          state: "ENABLED",
          priority: null,
          computeEnvironments: null,
        },
      ],
    });
    const { facts } = run(s);
    expect(facts.filter((f) => f.kind === "JobRejected").map((f) => f.time)).toEqual([100]);
    expect(facts.filter((f) => f.kind === "JobSubmitted")).toHaveLength(2);
  });
});

describe("common random numbers", () => {
  it("gives an array's children the same runtimes when another stream is added before it", () => {
    const arr = jobsAt("w", [
      {
        at: 100,
        jobName: "a",
        spec: spec({ arraySize: 5, runtime: { kind: "exponential", meanSeconds: 300 } }),
      },
    ]);
    const other = jobsAt("first", [
      { at: 0, spec: spec({ runtime: { kind: "exponential", meanSeconds: 300 } }) },
    ]);
    const runtimes = (workload: ReturnType<typeof jobsAt>[]) =>
      run(scenario({ ...base, workload }))
        .facts.filter(
          (f): f is JobAttemptEnded => f.kind === "JobAttemptEnded" && f.jobId.includes(":"),
        )
        .map((f) => f.time - f.startedAt!)
        .sort((x, y) => x - y);
    const alone = runtimes([arr]);
    expect(alone).toHaveLength(5);
    expect(runtimes([other, arr])).toEqual(alone);
  });
});
