import { expect, describe as group, it } from "vitest";
import { createSummaryFold, describe, jainIndex, nearestRank } from "../../src/report/index.ts";
import type { Fact } from "../../src/sim/index.ts";
import { attemptEnded, ctx, keyOf, moved, submitted, tinyRun } from "./fixture.ts";

function summarize(facts: readonly Fact[], context = ctx) {
  const fold = createSummaryFold(context);
  for (const f of facts) fold.onFact(f);
  return fold.finish();
}

group("summary.json", () => {
  it("counts jobs that run, with unfinished ones apart and attempts started", () => {
    expect(summarize(tinyRun()).jobs).toEqual({
      submitted: 4,
      succeeded: 2,
      failed: 1,
      unfinished: 1,
      attempts: 3,
      arrayParents: 0,
      retries: 1,
      timeouts: 0,
      oomKills: 0,
      cancelled: 1,
      terminated: 0,
      rejected: 0,
      byStatus: {
        SUBMITTED: 0,
        PENDING: 0,
        RUNNABLE: 1,
        STARTING: 0,
        RUNNING: 0,
        SUCCEEDED: 2,
        FAILED: 1,
      },
      // E blocks its queue, but this fixture states no JobWaiting for it.
      runnableAtEnd: {
        SHARE_ORDER: 0,
        RESERVATION: 0,
        SCALING: 0,
        AT_MAX: 0,
        NO_ROOM: 0,
        CAPACITY: 0,
        BLOCKED: 0,
        IN_LINE: 1,
      },
    });
  });

  it("computes wait as RUNNABLE time summed over attempts, over finished jobs only", () => {
    // Waits: A 100, B 90 + 20 = 110, C 30 (cancelled while RUNNABLE); E is unfinished.
    expect(summarize(tinyRun()).waitSeconds).toEqual({
      mean: 80,
      p50: 100,
      p90: 110,
      p99: 110,
      max: 110,
    });
  });

  it("computes response as stoppedAt minus createdAt", () => {
    // A 220 − 0, B 170 − 10, C 50 − 20.
    const r = summarize(tinyRun()).responseSeconds;
    expect(r).toEqual({ mean: 410 / 3, p50: 160, p90: 220, p99: 220, max: 220 });
  });

  it("bounds slowdown by a 10 s runtime floor and by 1", () => {
    // A (100 + 100) / 100 = 2; B (110 + 20) / 20 = 6.5; C (30 + 0) / max(0, 10) = 3.
    expect(summarize(tinyRun()).boundedSlowdown).toEqual({
      mean: 11.5 / 3,
      p50: 3,
      p90: 6.5,
      p99: 6.5,
      max: 6.5,
    });
  });

  it("bills the instance, splits idle and wasted money, and fills every purchase option", () => {
    expect(summarize(tinyRun()).cost).toEqual({
      totalUsd: 0.037,
      byComputeEnvironment: { ce1: 0.037 },
      byPurchaseOption: { ON_DEMAND: 0.037, SPOT: null, FARGATE: null, FARGATE_SPOT: null },
      idleUsd: 0.0255,
      wastedUsd: 0.0015,
      byInstanceType: { "c6i.xlarge": 0.037 },
      savingsVsOnDemandUsd: null,
      // 0.037 / (4 vCPU × 400 s / 3600), and over the 2 succeeded jobs.
      usdPerVcpuHour: 0.037 / (1600 / 3600),
      usdPerSucceededJob: 0.037 / 2,
    });
  });

  it("measures utilization from STARTING to attempt end against launched-to-terminated vCPU", () => {
    // A 2 × 120, B 2 × 30 + 2 × 20 = 340 vCPU-s; the instance 4 × 400 = 1600 vCPU-s.
    expect(summarize(tinyRun()).utilization).toEqual({
      allocatedVcpuSeconds: 340,
      provisionedVcpuSeconds: 1600,
      ratio: 340 / 1600,
    });
  });

  it("reports run times, identity and null for metrics that do not apply", () => {
    const s = summarize(tinyRun());
    expect(s.simulatedSeconds).toBe(400);
    expect(s.makespanSeconds).toBe(220);
    expect(s.scenario).toEqual({ name: "tiny", sha256: "ab".repeat(32) });
    expect(s.seed).toBe("42");
    expect(s.spot).toBeNull();
    expect(s.byShare).toBeNull();
    expect(s.fairness.jainIndex).toBeNull();
    expect(s.assumptions).toEqual({ schedulerIntervalSeconds: 5 });
    expect(s.outputs).toEqual({ events: "full" });
  });

  it("gives every contract key, in the contract's order", () => {
    expect(Object.keys(summarize(tinyRun()))).toEqual([
      "scenario",
      "seed",
      "batchsimVersion",
      "simulatedSeconds",
      "makespanSeconds",
      "jobs",
      "waitSeconds",
      "responseSeconds",
      "boundedSlowdown",
      "byQueue",
      "byShare",
      "cost",
      "utilization",
      "spot",
      "fairness",
      "assumptions",
      "outputs",
      "workload",
    ]);
  });

  it("breaks jobs down by queue", () => {
    const q = summarize(tinyRun()).byQueue.q1;
    expect(q?.jobs.submitted).toBe(4);
    expect(q?.waitSeconds.p50).toBe(100);
  });

  it("describes each queue's and share's own waits, and all jobs' once when one group has them all", () => {
    const context = {
      ...ctx,
      jobQueues: [
        { name: "q1", platform: "EC2" as const },
        { name: "q2", platform: "EC2" as const },
        { name: "q3", platform: "EC2" as const },
      ],
    };
    const job = (id: string, queue: string, share: string, waited: number): Fact[] => [
      submitted(0, id, { jobQueue: queue, shareIdentifier: share }),
      moved(0, id, "SUBMITTED", "RUNNABLE"),
      moved(waited, id, "RUNNABLE", "STARTING", { attempt: 1 }),
      attemptEnded(waited + 10, id, {
        attempt: 1,
        startingAt: waited,
        startedAt: waited,
        exitCode: 0,
        costUsd: 0,
      }),
      moved(waited + 10, id, "STARTING", "SUCCEEDED"),
    ];
    const facts: Fact[] = [
      ...job("a", "q1", "alpha", 10),
      ...job("b", "q1", "alpha", 20),
      ...job("c", "q2", "alpha", 60),
      { kind: "RunEnded", time: 100 },
    ];
    const s = summarize(facts, context);
    expect(s.waitSeconds).toEqual({ mean: 30, p50: 20, p90: 60, p99: 60, max: 60 });
    expect(s.byQueue.q1?.waitSeconds).toEqual({ mean: 15, p50: 10, p90: 20, p99: 20, max: 20 });
    expect(s.byQueue.q1?.responseSeconds.max).toBe(30);
    expect(s.byQueue.q2?.waitSeconds).toEqual({ mean: 60, p50: 60, p90: 60, p99: 60, max: 60 });
    expect(s.byQueue.q3?.waitSeconds.mean).toBeNull();
    // One share holds every job: its stats are all jobs'.
    expect(s.byShare?.alpha?.waitSeconds).toEqual(s.waitSeconds);
  });

  it("gives shares their vCPU-seconds and a Jain index weighted by weightFactor", () => {
    const facts: Fact[] = [
      submitted(0, "a", { shareIdentifier: "alpha" }),
      submitted(0, "b", { shareIdentifier: "beta" }),
      moved(0, "a", "SUBMITTED", "RUNNABLE"),
      moved(0, "b", "SUBMITTED", "RUNNABLE"),
      moved(0, "a", "RUNNABLE", "STARTING", { attempt: 1 }),
      moved(0, "b", "RUNNABLE", "STARTING", { attempt: 1 }),
      attemptEnded(50, "a", { attempt: 1, startingAt: 0, startedAt: 0, exitCode: 0, costUsd: 0 }),
      moved(50, "a", "STARTING", "SUCCEEDED"),
      attemptEnded(150, "b", { attempt: 1, startingAt: 0, startedAt: 0, exitCode: 0, costUsd: 0 }),
      moved(150, "b", "STARTING", "SUCCEEDED"),
      { kind: "RunEnded", time: 150 },
    ];
    const s = summarize(facts);
    expect(s.byShare?.alpha?.vcpuSeconds).toBe(100);
    expect(s.byShare?.beta?.vcpuSeconds).toBe(300);
    expect(s.fairness.jainIndex).toBe(400 ** 2 / (2 * (100 ** 2 + 300 ** 2)));
    const weighted = summarize(facts, {
      ...ctx,
      weightFactor: (share) => (share === "alpha" ? 3 : 1),
    });
    expect(weighted.fairness.jainIndex).toBe(1);
  });

  it("counts an array parent apart from the jobs that run", () => {
    const s = summarize([submitted(0, "p", { arraySize: 2 }), { kind: "RunEnded", time: 0 }]);
    expect(s.jobs).toMatchObject({ submitted: 0, unfinished: 0, arrayParents: 1 });
  });

  it("counts Spot reclaims when the scenario has a Spot CE", () => {
    const spotCtx = {
      ...ctx,
      computeEnvironments: [{ name: "ce1", purchaseOption: "SPOT" as const }],
    };
    const facts: Fact[] = [
      {
        kind: "InstanceLaunched",
        time: 0,
        instanceId: "i-1",
        computeEnvironment: "ce1",
        instanceType: "c6i.xlarge",
        purchaseOption: "SPOT",
        vcpu: 4,
        memoryMiB: 7900,
        gpu: 0,
        usdPerHour: 0.1,
        onDemandUsdPerHour: 0.1,
        billingStartsAt: 0,
      },
      submitted(0, "A"),
      moved(0, "A", "SUBMITTED", "RUNNABLE"),
      moved(0, "A", "RUNNABLE", "STARTING", { attempt: 1 }),
      {
        ...attemptEnded(90, "A", {
          attempt: 1,
          startingAt: 0,
          startedAt: 20,
          exitCode: 0,
          costUsd: 0.001,
        }),
        exitCode: null,
        succeeded: false,
        statusReason: "Host EC2 (instance i-1) terminated.",
      },
      moved(90, "A", "RUNNING", "FAILED", { reason: "Host EC2 (instance i-1) terminated." }),
      {
        kind: "InstanceTerminated",
        time: 90,
        instanceId: "i-1",
        reason: "spot reclaim",
        billedSeconds: 90,
        billedUsd: 0.0025,
        idleUsd: 0,
      },
      { kind: "RunEnded", time: 90 },
    ];
    const s = summarize(facts, spotCtx);
    expect(s.spot).toEqual({ interruptions: 1, jobsInterrupted: 1 });
    expect(s.cost.byPurchaseOption).toEqual({
      ON_DEMAND: null,
      SPOT: 0.0025,
      FARGATE: null,
      FARGATE_SPOT: null,
    });
    expect(s.cost.wastedUsd).toBe(0.001);
  });

  it("gives null statistics and zero makespan when no job finished", () => {
    const s = summarize([{ kind: "RunEnded", time: 10 }]);
    expect(s.waitSeconds).toEqual({ mean: null, p50: null, p90: null, p99: null, max: null });
    expect(s.makespanSeconds).toBe(0);
    expect(s.utilization.ratio).toBeNull();
  });
});

group("statistics", () => {
  it("takes nearest-rank percentiles", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(nearestRank(hundred, 50)).toBe(50);
    expect(nearestRank(hundred, 90)).toBe(90);
    expect(nearestRank(hundred, 99)).toBe(99);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(nearestRank([7], 1)).toBe(7);
  });

  it("sorts numerically, not as text", () => {
    expect(describe([100, 9, 20]).p50).toBe(20);
  });

  it("gives a Jain index of 1/n when one share gets everything", () => {
    expect(jainIndex([0, 0, 0, 12])).toBe(0.25);
  });
});

group("summary.json → byQueue.blocked", () => {
  const blockedE: Fact = {
    kind: "JobQueueBlocked",
    time: 200,
    jobId: "E",
    jobKey: 4,
    jobQueue: "q1",
    statusReason: "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
  };

  it("names the job that still blocks its queue at the end, with why and since when", () => {
    expect(summarize(tinyRun()).byQueue.q1?.blocked).toEqual({
      jobId: "E",
      jobName: "job-E",
      statusReason: "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
      sinceSeconds: 200,
    });
  });

  it("is null once the blocking job left RUNNABLE (an update let it run, or it was cancelled)", () => {
    const facts: Fact[] = [
      submitted(200, "E"),
      moved(200, "E", "SUBMITTED", "RUNNABLE"),
      { ...blockedE, jobKey: (submitted(200, "E") as { jobKey: number }).jobKey },
      moved(300, "E", "RUNNABLE", "FAILED", { reason: "Canceled by JobStateTimeLimit action" }),
      { kind: "RunEnded", time: 400 },
    ];
    expect(summarize(facts).byQueue.q1?.blocked).toBeNull();
  });

  it("keeps the first time when the same head is blocked again in later cycles", () => {
    const key = (submitted(0, "E") as { jobKey: number }).jobKey;
    const facts: Fact[] = [
      submitted(100, "E"),
      moved(100, "E", "SUBMITTED", "RUNNABLE"),
      { ...blockedE, time: 100, jobKey: key },
      { ...blockedE, time: 250, jobKey: key },
      { kind: "RunEnded", time: 400 },
    ];
    expect(summarize(facts).byQueue.q1?.blocked?.sinceSeconds).toBe(100);
  });
});

group("summary.json → jobs.runnableAtEnd", () => {
  const waiting = (time: number, jobId: string, reason: "AT_MAX" | "NO_ROOM"): Fact => ({
    kind: "JobWaiting",
    time,
    jobId,
    jobKey: keyOf(jobId),
    reason,
    detail: "",
  });

  it("counts the jobs still RUNNABLE by their last wait reason, IN_LINE when none was stated", () => {
    const facts: Fact[] = [
      submitted(0, "X"),
      moved(0, "X", "SUBMITTED", "RUNNABLE"),
      waiting(5, "X", "NO_ROOM"),
      waiting(10, "X", "AT_MAX"),
      submitted(0, "Y"),
      moved(0, "Y", "SUBMITTED", "RUNNABLE"),
      // Z waited, ran, and is back in RUNNABLE for a retry with no reason stated yet.
      submitted(0, "Z"),
      moved(0, "Z", "SUBMITTED", "RUNNABLE"),
      waiting(5, "Z", "NO_ROOM"),
      moved(20, "Z", "RUNNABLE", "STARTING", { attempt: 1 }),
      moved(30, "Z", "STARTING", "RUNNABLE", { attempt: 1 }),
      submitted(0, "W"),
      moved(0, "W", "SUBMITTED", "PENDING"),
      { kind: "RunEnded", time: 100 },
    ];
    const jobs = summarize(facts).jobs;
    expect(jobs.byStatus.RUNNABLE).toBe(3);
    expect(jobs.byStatus.PENDING).toBe(1);
    expect(jobs.runnableAtEnd).toEqual({
      SHARE_ORDER: 0,
      RESERVATION: 0,
      SCALING: 0,
      AT_MAX: 1,
      NO_ROOM: 0,
      CAPACITY: 0,
      BLOCKED: 0,
      IN_LINE: 2,
    });
  });
});
