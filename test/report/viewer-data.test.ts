import { describe, expect, it } from "vitest";
import {
  createSummaryFold,
  createTimeseriesFold,
  createViewerDataFold,
  VIEWER_DATA_FORMAT,
  type ViewerData,
  type ViewerDataOptions,
} from "../../src/report/index.ts";
import { SeriesReducer } from "../../src/report/series-reducer.ts";
import type { Fact, InstanceLaunched } from "../../src/sim/index.ts";
import { attemptEnded, collect, ctx, keyOf, moved, submitted, tinyRun } from "./fixture.ts";

/** Feeds `facts` to a viewer-data fold (and a summary fold) and returns the viewer data. */
function viewerData(facts: readonly Fact[], options: ViewerDataOptions = {}): ViewerData {
  const summary = createSummaryFold(ctx);
  const fold = createViewerDataFold(ctx, options);
  for (const f of facts) {
    summary.onFact(f);
    fold.onFact(f);
  }
  return fold.finish(summary.finish());
}

function launched(time: number, instanceId: string, extra: Partial<InstanceLaunched> = {}): Fact {
  return {
    kind: "InstanceLaunched",
    time,
    instanceId,
    computeEnvironment: "ce1",
    instanceType: "c6i.xlarge",
    purchaseOption: "ON_DEMAND",
    vcpu: 4,
    memoryMiB: 7900,
    gpu: 0,
    usdPerHour: 0.36,
    onDemandUsdPerHour: 0.36,
    billingStartsAt: time,
    ...extra,
  };
}

function terminated(
  time: number,
  instanceId: string,
  billedUsd: number,
  reason = "scale-in",
): Fact {
  return {
    kind: "InstanceTerminated",
    time,
    instanceId,
    reason,
    billedSeconds: 60,
    billedUsd,
    idleUsd: 0,
  };
}

/** One 2-vCPU job on one instance: submitted at 0, placed at 10, running 12 → 70, instance gone at 100. */
function oneJobRun(): Fact[] {
  return [
    launched(0, "i-1"),
    submitted(0, "A"),
    moved(0, "A", "SUBMITTED", "RUNNABLE"),
    {
      kind: "JobWaiting",
      time: 0,
      jobKey: keyOf("A"),
      jobId: "A",
      reason: "SCALING",
      detail: "instances booting",
    },
    { kind: "InstanceReady", time: 10, instanceId: "i-1" },
    moved(10, "A", "RUNNABLE", "STARTING", { attempt: 1 }),
    moved(12, "A", "STARTING", "RUNNING", { attempt: 1 }),
    attemptEnded(70, "A", { attempt: 1, startingAt: 10, startedAt: 12, exitCode: 0, costUsd: 1 }),
    moved(70, "A", "RUNNING", "SUCCEEDED", { reason: "Essential container in task exited" }),
    terminated(100, "i-1", 0.01),
    { kind: "RunEnded", time: 100 },
  ];
}

describe("the viewer data", () => {
  it("of an empty run has empty tables and every CE, queue and cost series at 0", () => {
    const data = viewerData([{ kind: "RunEnded", time: 0 }]);
    expect(data.format).toBe(VIEWER_DATA_FORMAT);
    expect(data.startEpochMs).toBe(ctx.startEpochMs);
    expect(data.endSeconds).toBe(0);
    expect(data.computeEnvironments).toEqual([{ name: "ce1", purchaseOption: "ON_DEMAND" }]);
    expect(data.jobQueues).toEqual([
      { name: "q1", platform: "EC2", schedulingPolicy: null, computeReservation: null },
    ]);
    expect(data.shares).toEqual([]);
    expect(data.series).toEqual(
      [
        "vcpuProvisioned/ce1",
        "vcpuInUse/ce1",
        "runnableJobs/q1",
        "costUsdPerHour/",
        "costUsd/",
      ].map((id) => {
        const [metric, key] = id.split("/");
        return { metric, key, t: [0], v: [0] };
      }),
    );
    expect(data.jobs).toEqual({
      id: [],
      name: [],
      queue: [],
      share: [],
      vcpus: [],
      submittedAt: [],
      waitSeconds: [],
      status: [],
      startedAt: [],
      endedAt: [],
      statusReason: [],
    });
    expect(data.instances.id).toEqual([]);
    expect(data.instances.reasons).toEqual([]);
    expect(data.attempts.job).toEqual([]);
    expect(data.attempts.causes).toEqual([]);
    expect(data.waits).toEqual({ job: [], t: [], reason: [], reasons: [], detail: [] });
    expect(data.limits).toEqual({
      jobs: 100_000,
      jobsDropped: 0,
      attempts: 200_000,
      attemptsDropped: 0,
      waits: 100_000,
      waitsDropped: 0,
      seriesPoints: 2000,
    });
    expect(data.summary.jobs.submitted).toBe(0);
  });

  it("of a one-job run has its job, attempt, instance, wait and series exactly", () => {
    const data = viewerData(oneJobRun());
    expect(data.endSeconds).toBe(100);
    expect(data.jobs).toEqual({
      id: ["A"],
      name: ["job-A"],
      queue: [0],
      share: [-1],
      vcpus: [2],
      submittedAt: [0],
      waitSeconds: [10],
      status: ["SUCCEEDED"],
      startedAt: [10],
      endedAt: [70],
      statusReason: ["Essential container in task exited"],
    });
    expect(data.attempts).toEqual({
      job: [0],
      instance: [0],
      startingAt: [10],
      runningAt: [12],
      endAt: [70],
      cause: [0],
      causes: ["exited"],
      exitCode: [0],
    });
    expect(data.instances).toEqual({
      id: ["i-1"],
      ce: [0],
      type: [0],
      types: ["c6i.xlarge"],
      vcpu: [4],
      launchedAt: [0],
      readyAt: [10],
      terminatedAt: [100],
      noticeAt: [null],
      reason: [0],
      reasons: ["scale-in"],
      billedUsd: [0.01],
    });
    expect(data.waits).toEqual({
      job: [0],
      t: [0],
      reason: [0],
      reasons: ["SCALING"],
      detail: ["instances booting"],
    });
    const series = Object.fromEntries(data.series.map((s) => [`${s.metric}/${s.key}`, [s.t, s.v]]));
    expect(series).toEqual({
      "vcpuProvisioned/ce1": [
        [0, 100],
        [4, 0],
      ],
      "vcpuInUse/ce1": [
        [0, 10, 70],
        [0, 2, 0],
      ],
      "runnableJobs/q1": [
        [0, 10],
        [1, 0],
      ],
      "vcpuInUseByQueue/q1": [
        [10, 70],
        [2, 0],
      ],
      "costUsdPerHour/": [
        [0, 100],
        [0.36, 0],
      ],
      "costUsd/": [
        [0, 100],
        [0, 0.01],
      ],
    });
    expect(data.summary.jobs.succeeded).toBe(1);
  });

  it("keeps every job that runs, unfinished ones with their status and blocked reason", () => {
    const data = viewerData(tinyRun());
    expect(data.jobs.id).toEqual(["A", "B", "C", "E"]);
    expect(data.jobs.status).toEqual(["SUCCEEDED", "SUCCEEDED", "FAILED", "RUNNABLE"]);
    expect(data.jobs.statusReason).toEqual([
      "Essential container in task exited",
      "Essential container in task exited",
      "Cancelled by user, test",
      "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
    ]);
    expect(data.jobs.startedAt).toEqual([100, 100, null, null]);
    expect(data.jobs.endedAt).toEqual([220, 170, 50, null]);
    expect(data.jobs.vcpus).toEqual([2, 2, 4, 2]);
    // B's two attempts and A's, in STARTING order.
    expect(data.attempts.job).toEqual([0, 1, 1]);
    expect(data.attempts.startingAt).toEqual([100, 100, 150]);
    expect(data.attempts.runningAt).toEqual([120, 120, 160]);
    expect(data.attempts.endAt).toEqual([220, 130, 170]);
    expect(data.attempts.exitCode).toEqual([0, 1, 0]);
    expect(data.instances.reasons).toEqual(["end of run"]);
  });

  it("has each job's time RUNNABLE summed over its attempts: summary.json's waits", () => {
    const data = viewerData(tinyRun());
    // A: RUNNABLE 0–100. B: 10–100 and, after its failed first attempt, 130–150 (first start −
    // submitted is 90). C: 20–50, then cancelled.
    expect(data.jobs.id.slice(0, 3)).toEqual(["A", "B", "C"]);
    expect(data.jobs.waitSeconds.slice(0, 3)).toEqual([100, 110, 30]);
    expect(data.jobs.startedAt[1]! - data.jobs.submittedAt[1]!).toBe(90);
    // summary.json's waitSeconds are over the finished jobs (endedAt !== null): the same values.
    const finished = data.jobs.waitSeconds.filter((_, j) => data.jobs.endedAt[j] !== null);
    const sorted = [...finished].sort((a, b) => a - b);
    const rank = (p: number) => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
    expect(data.summary.waitSeconds).toMatchObject({
      p50: rank(50),
      p90: rank(90),
      p99: rank(99),
      max: sorted.at(-1),
    });
    expect(data.summary.byQueue.q1!.waitSeconds.max).toBe(110);
  });

  it("sums a retried job's two RUNNABLE spells, rounded to the millisecond", () => {
    const data = viewerData([
      launched(0, "i-1"),
      { kind: "InstanceReady", time: 0, instanceId: "i-1" },
      submitted(0.5, "R"),
      moved(1, "R", "SUBMITTED", "PENDING"),
      moved(2.0004, "R", "PENDING", "RUNNABLE"),
      moved(7, "R", "RUNNABLE", "STARTING", { attempt: 1 }),
      moved(8, "R", "STARTING", "RUNNING", { attempt: 1 }),
      attemptEnded(20, "R", {
        attempt: 1,
        startingAt: 7,
        startedAt: 8,
        exitCode: 1,
        costUsd: 0,
        willRetry: true,
      }),
      moved(20, "R", "RUNNING", "RUNNABLE", { attempt: 1 }),
      moved(32.5, "R", "RUNNABLE", "STARTING", { attempt: 2 }),
      moved(33, "R", "STARTING", "RUNNING", { attempt: 2 }),
      attemptEnded(40, "R", {
        attempt: 2,
        startingAt: 32.5,
        startedAt: 33,
        exitCode: 0,
        costUsd: 0,
      }),
      moved(40, "R", "RUNNING", "SUCCEEDED", { attempt: 2 }),
      { kind: "RunEnded", time: 50 },
    ]);
    // RUNNABLE 2.0004–7 and 20–32.5: 4.9996 + 12.5 to the millisecond (PENDING is not waiting)
    expect(data.jobs.waitSeconds).toEqual([17.5]);
    expect(data.jobs.startedAt[0]! - data.jobs.submittedAt[0]!).toBe(6.5);
    expect(data.summary.waitSeconds.max).toBeCloseTo(17.4996, 9);
    expect(data.attempts.job).toEqual([0, 0]);
  });

  it("keeps the first jobs up to the limit, without the others' attempts and waits", () => {
    const facts: Fact[] = [
      launched(0, "i-1"),
      { kind: "InstanceReady", time: 0, instanceId: "i-1" },
    ];
    for (const [i, id] of ["a", "b", "c"].entries()) {
      facts.push(submitted(i, id), moved(i, id, "SUBMITTED", "RUNNABLE"));
      facts.push({
        kind: "JobWaiting",
        time: i,
        jobId: id,
        jobKey: keyOf(id),
        reason: "AT_MAX",
        detail: "at max",
      });
    }
    for (const [i, id] of ["c", "b", "a"].entries()) {
      const t = 10 + i;
      facts.push(
        moved(t, id, "RUNNABLE", "STARTING", { attempt: 1 }),
        moved(t, id, "STARTING", "RUNNING", { attempt: 1 }),
        attemptEnded(t + 5, id, {
          attempt: 1,
          startingAt: t,
          startedAt: t,
          exitCode: 0,
          costUsd: 0,
        }),
        moved(t + 5, id, "RUNNING", "SUCCEEDED", { attempt: 1 }),
      );
    }
    facts.push({ kind: "RunEnded", time: 30 });
    const data = viewerData(facts, { jobs: 2 });
    expect(data.jobs.id).toEqual(["a", "b"]);
    expect(data.jobs.waitSeconds).toEqual([12, 10]);
    expect(data.jobs.endedAt).toEqual([17, 16]);
    // c started first: its attempt and its wait row are not there; a's and b's point at rows 0, 1
    expect(data.attempts.job).toEqual([1, 0]);
    expect(data.attempts.startingAt).toEqual([11, 12]);
    expect(data.waits.job).toEqual([0, 1]);
    expect(data.waits.t).toEqual([0, 1]);
    expect(data.limits).toMatchObject({
      jobs: 2,
      jobsDropped: 1,
      attemptsDropped: 0,
      waitsDropped: 0,
    });
    // summary.json still counts every job
    expect(data.summary.jobs.submitted).toBe(3);
  });

  it("leaves array parents out and keeps their children, with share indexes in first-seen order", () => {
    const data = viewerData([
      submitted(0, "P", { arraySize: 2, shareIdentifier: "teamB" }),
      submitted(0, "P:0", { arrayJobId: "P", arrayIndex: 0, shareIdentifier: "teamB" }),
      submitted(0, "P:1", { arrayJobId: "P", arrayIndex: 1, shareIdentifier: "teamB" }),
      submitted(1, "X", { shareIdentifier: "teamA" }),
      submitted(2, "Y"),
      { kind: "RunEnded", time: 5 },
    ]);
    expect(data.jobs.id).toEqual(["P:0", "P:1", "X", "Y"]);
    expect(data.shares).toEqual(["teamB", "teamA"]);
    expect(data.jobs.share).toEqual([0, 0, 1, -1]);
    expect(data.jobs.status).toEqual(["SUBMITTED", "SUBMITTED", "SUBMITTED", "SUBMITTED"]);
  });

  it("marks an attempt still open at the end as running, with no end", () => {
    const data = viewerData([
      launched(0, "i-1"),
      { kind: "InstanceReady", time: 0, instanceId: "i-1" },
      submitted(0, "A"),
      moved(0, "A", "SUBMITTED", "RUNNABLE"),
      moved(5, "A", "RUNNABLE", "STARTING", { attempt: 1 }),
      { kind: "RunEnded", time: 9 },
    ]);
    expect(data.attempts.cause).toEqual([0]);
    expect(data.attempts.causes).toEqual(["running"]);
    expect(data.attempts.endAt).toEqual([null]);
    expect(data.attempts.runningAt).toEqual([null]);
    expect(data.attempts.exitCode).toEqual([null]);
    expect(data.instances.terminatedAt).toEqual([null]);
    expect(data.instances.reasons).toEqual([""]);
    expect(data.jobs.status).toEqual(["STARTING"]);
  });

  it("records a Spot notice and the reclaim", () => {
    const data = viewerData([
      launched(0, "i-s", { purchaseOption: "SPOT", instanceType: "m6i.large", vcpu: 2 }),
      { kind: "InstanceReady", time: 3, instanceId: "i-s" },
      { kind: "InstanceInterruptionNoticed", time: 40, instanceId: "i-s", reclaimAt: 160 },
      terminated(160, "i-s", 0.002, "spot reclaim"),
      { kind: "RunEnded", time: 200 },
    ]);
    expect(data.instances.noticeAt).toEqual([40]);
    expect(data.instances.terminatedAt).toEqual([160]);
    expect(data.instances.types).toEqual(["m6i.large"]);
    expect(data.instances.reasons).toEqual(["spot reclaim"]);
  });

  it("keeps the first attempts and waits up to the limits and counts the rest", () => {
    const facts: Fact[] = [
      launched(0, "i-1"),
      { kind: "InstanceReady", time: 0, instanceId: "i-1" },
    ];
    for (const id of ["a", "b", "c"]) {
      facts.push(submitted(1, id), moved(1, id, "SUBMITTED", "RUNNABLE"));
      facts.push({
        kind: "JobWaiting",
        time: 1,
        jobId: id,
        jobKey: keyOf(id),
        reason: "AT_MAX",
        detail: "at max",
      });
    }
    for (const [i, id] of ["a", "b", "c"].entries()) {
      facts.push(moved(10 + i, id, "RUNNABLE", "STARTING", { attempt: 1 }));
    }
    facts.push({ kind: "RunEnded", time: 20 });
    const data = viewerData(facts, { attempts: 2, waits: 1 });
    expect(data.attempts.job).toEqual([0, 1]);
    expect(data.waits.job).toEqual([0]);
    expect(data.limits).toEqual({
      jobs: 100_000,
      jobsDropped: 0,
      attempts: 2,
      attemptsDropped: 1,
      waits: 1,
      waitsDropped: 2,
      seriesPoints: 2000,
    });
    expect(data.jobs.startedAt).toEqual([10, 11, 12]);
  });

  it("has timeseries.csv's change points as its series, whether fed by that fold or its own", () => {
    const csv = collect((write) => createTimeseriesFold(ctx, write), tinyRun())
      .trimEnd()
      .split("\n")
      .slice(1);
    const own = viewerData(tinyRun());
    const rows: string[] = [];
    for (const s of own.series)
      for (let i = 0; i < s.t.length; i++) rows.push(`${s.t[i]},${s.metric},${s.key},${s.v[i]}`);
    const byTime = (r: string) => Number(r.split(",")[0]);
    const sorted = (list: string[]) =>
      [...list].sort((a, b) => byTime(a) - byTime(b) || a.localeCompare(b));
    expect(sorted(rows)).toEqual(sorted(csv));

    const summary = createSummaryFold(ctx);
    const fold = createViewerDataFold(ctx, { externalSeries: true });
    const file = createTimeseriesFold(ctx, () => {}, fold.onPoint);
    for (const f of tinyRun()) {
      summary.onFact(f);
      file.onFact(f);
      fold.onFact(f);
    }
    file.finish();
    expect(JSON.stringify(fold.finish(summary.finish()))).toBe(JSON.stringify(own));
  });

  it("reduces a long series to the limit, keeping the first, each bucket's maximum and the last", () => {
    // runnableJobs/q1 goes 1, 0, 1, 0 … : 12 change points at t = 0, 10, …, 110.
    const facts: Fact[] = [];
    for (let i = 0; i < 12; i++) {
      const id = `j${i}`;
      if (i % 2 === 0)
        facts.push(submitted(i * 10, id), moved(i * 10, id, "SUBMITTED", "RUNNABLE"));
      else facts.push(moved(i * 10, `j${i - 1}`, "RUNNABLE", "FAILED"));
    }
    facts.push({ kind: "RunEnded", time: 120 });
    const data = viewerData(facts, { seriesPoints: 5 });
    const runnable = data.series.find((s) => s.metric === "runnableJobs");
    // 12 points > 5: 3 buckets of 64 s from t = 0 (110 s is in bucket 1): the first point, the
    // earliest maximum of 10–60 s and of 70–110 s, the last point.
    expect(runnable).toEqual({
      metric: "runnableJobs",
      key: "q1",
      t: [0, 20, 80, 110],
      v: [1, 1, 1, 0],
    });
    expect(data.series.find((s) => s.metric === "costUsd")?.t).toEqual([0]);
  });
});

describe("SeriesReducer", () => {
  function reduce(points: readonly [number, number][], max: number) {
    const r = new SeriesReducer(max);
    for (const [t, v] of points) r.push(t, v);
    return r.points();
  }

  it("keeps every point up to the limit", () => {
    expect(
      reduce(
        [
          [0, 1],
          [5, 2],
          [9, 0],
        ],
        3,
      ),
    ).toEqual({ t: [0, 5, 9], v: [1, 2, 0] });
  });

  it("keeps the first point, each bucket's maximum (the earliest on ties) and the last", () => {
    const points: [number, number][] = [
      [0, 1],
      [1, 5],
      [2, 3],
      [3, 7],
      [4, 2],
      [5, 6],
      [6, 4],
    ];
    // B = 3 buckets; w = 4 s puts t = 6 in bucket 1: {1,2,3} → (3,7); {4,5,6} → (5,6); last (6,4).
    expect(reduce(points, 5)).toEqual({ t: [0, 3, 5, 6], v: [1, 7, 6, 4] });
    expect(
      reduce(
        [
          [0, 0],
          [1, 2],
          [2, 2],
          [3, 2],
          [4, 2],
        ],
        3,
      ),
    ).toEqual({ t: [0, 1, 4], v: [0, 2, 2] });
  });

  it("gives the same answer streaming as the rule applied to the whole series", () => {
    // The rule, written out directly: w is the smallest power of two ≥ 1 putting the last point below B.
    function rule(points: readonly [number, number][], max: number) {
      if (points.length <= max) return { t: points.map((p) => p[0]), v: points.map((p) => p[1]) };
      const [t0, v0] = points[0] as [number, number];
      const [tn, vn] = points[points.length - 1] as [number, number];
      const B = max - 2;
      let w = 1;
      while (Math.floor((tn - t0) / w) >= B) w *= 2;
      const best = new Map<number, [number, number]>();
      for (const [t, v] of points.slice(1)) {
        const b = Math.floor((t - t0) / w);
        const kept = best.get(b);
        if (!kept || v > kept[1]) best.set(b, [t, v]);
      }
      const kept = [[t0, v0], ...[...best.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1])];
      if ((kept[kept.length - 1] as number[])[0] !== tn) kept.push([tn, vn]);
      return { t: kept.map((p) => p[0] as number), v: kept.map((p) => p[1] as number) };
    }
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 300);
      const max = 3 + Math.floor(random() * 40);
      const points: [number, number][] = [];
      let t = Math.floor(random() * 100);
      for (let i = 0; i < n; i++) {
        points.push([t, Math.floor(random() * 10)]);
        t += random() < 0.3 ? 0.5 + Math.floor(random() * 4000) : 1 + Math.floor(random() * 30);
      }
      const got = reduce(points, max);
      expect(got).toEqual(rule(points, max));
      expect(got.t.length).toBeLessThanOrEqual(max);
    }
  });

  it("refuses a limit below 3", () => {
    expect(() => new SeriesReducer(2)).toThrow(/seriesPoints must be an integer ≥ 3/);
    expect(() => createViewerDataFold(ctx, { seriesPoints: 1.5 })).toThrow(/≥ 3/);
  });
});

describe("viewer data of a fair-share queue", () => {
  it("carries the queue's policy name and computeReservation", () => {
    const fairCtx = {
      ...ctx,
      jobQueues: [
        { name: "q1", platform: "EC2" as const, schedulingPolicy: "fair", computeReservation: 25 },
      ],
    };
    const fold = createViewerDataFold(fairCtx);
    const summaryFold = createSummaryFold(fairCtx);
    const facts: Fact[] = [{ kind: "RunEnded", time: 0 }];
    for (const f of facts) {
      fold.onFact(f);
      summaryFold.onFact(f);
    }
    expect(fold.finish(summaryFold.finish()).jobQueues).toEqual([
      { name: "q1", platform: "EC2", schedulingPolicy: "fair", computeReservation: 25 },
    ]);
  });
});
