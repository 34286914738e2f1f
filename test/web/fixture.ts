/**
 * Small hand-made ViewerData for the viewer's unit tests: an empty run, a one-job run, a Spot run
 * with an interruption (and a retried job whose time RUNNABLE is not first start − submitted) and a
 * fair-share run with two shares. Every table's columns line up; summary.json's waits are the
 * finished jobs' waitSeconds.
 */
import type { Stats } from "../../src/report/stats.ts";
import type { QueueSummary, Summary } from "../../src/report/summary-types.ts";
import type { Series, ViewerData, ViewerPayload } from "../../src/report/viewer-data-types.ts";

const NO_STATS: Stats = { mean: null, p50: null, p90: null, p99: null, max: null };

function stats(values: number[]): Stats {
  if (values.length === 0) return NO_STATS;
  const s = [...values].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.max(1, Math.ceil((p / 100) * s.length)) - 1]!;
  return {
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    p50: rank(50),
    p90: rank(90),
    p99: rank(99),
    max: s[s.length - 1]!,
  };
}

/** A summary.json with every field, for `jobs` waits and the given totals. */
export function makeSummary(o: {
  name: string;
  simulatedSeconds: number;
  waits: number[];
  submitted: number;
  succeeded?: number;
  failed?: number;
  attempts?: number;
  totalUsd: number;
  byComputeEnvironment?: Record<string, number>;
  queues?: string[];
  byShare?: Summary["byShare"];
  spot?: Summary["spot"];
  utilization?: number | null;
}): Summary {
  const succeeded = o.succeeded ?? o.submitted;
  const failed = o.failed ?? 0;
  const counts = {
    submitted: o.submitted,
    succeeded,
    failed,
    unfinished: o.submitted - succeeded - failed,
    attempts: o.attempts ?? o.submitted,
  };
  const byQueue: Record<string, QueueSummary> = {};
  for (const q of o.queues ?? ["main"])
    byQueue[q] = {
      jobs: counts,
      waitSeconds: stats(o.waits),
      responseSeconds: stats(o.waits),
      blocked: null,
    };
  const spot = o.byComputeEnvironment?.spot;
  return {
    scenario: { name: o.name, sha256: "0".repeat(64) },
    seed: "42",
    batchsimVersion: "0.1.0",
    simulatedSeconds: o.simulatedSeconds,
    makespanSeconds: o.submitted > 0 ? o.simulatedSeconds / 2 : 0,
    jobs: {
      ...counts,
      arrayParents: 0,
      retries: 0,
      timeouts: 0,
      oomKills: 0,
      cancelled: 0,
      terminated: 0,
      rejected: 0,
      byStatus: {
        SUBMITTED: 0,
        PENDING: 0,
        RUNNABLE: 0,
        STARTING: 0,
        RUNNING: 0,
        SUCCEEDED: succeeded,
        FAILED: failed,
      },
      runnableAtEnd: {
        SHARE_ORDER: 0,
        RESERVATION: 0,
        SCALING: 0,
        AT_MAX: 0,
        NO_ROOM: 0,
        CAPACITY: 0,
        BLOCKED: 0,
        IN_LINE: 0,
      },
    },
    waitSeconds: stats(o.waits),
    responseSeconds: stats(o.waits),
    boundedSlowdown: stats(o.waits.map(() => 1)),
    byQueue,
    byShare: o.byShare ?? null,
    cost: {
      totalUsd: o.totalUsd,
      byComputeEnvironment: o.byComputeEnvironment ?? { ondemand: o.totalUsd },
      byPurchaseOption: {
        ON_DEMAND: o.totalUsd - (spot ?? 0),
        SPOT: spot ?? null,
        FARGATE: null,
        FARGATE_SPOT: null,
      },
      idleUsd: o.totalUsd / 4,
      wastedUsd: 0,
      byInstanceType: { "c6i.xlarge": o.totalUsd },
      savingsVsOnDemandUsd: spot === undefined ? null : spot,
      usdPerVcpuHour: o.totalUsd > 0 ? 0.0425 : null,
      usdPerSucceededJob: succeeded > 0 ? o.totalUsd / succeeded : null,
    },
    utilization: {
      allocatedVcpuSeconds: 0,
      provisionedVcpuSeconds: 0,
      ratio: o.utilization === undefined ? 0.5 : o.utilization,
    },
    spot: o.spot ?? null,
    fairness: { jainIndex: o.byShare ? 0.9 : null },
    assumptions: { schedulerIntervalSeconds: 5, instanceReadySeconds: 180 },
    outputs: { events: "full" },
    workload: { trace: null },
  };
}

function series(metric: string, key: string, points: [number, number][]): Series {
  return { metric, key, t: points.map((p) => p[0]), v: points.map((p) => p[1]) };
}

function emptyTables(): Pick<ViewerData, "instances" | "jobs" | "attempts" | "waits"> {
  return {
    instances: {
      id: [],
      ce: [],
      type: [],
      types: [],
      vcpu: [],
      launchedAt: [],
      readyAt: [],
      terminatedAt: [],
      noticeAt: [],
      reason: [],
      reasons: [],
      billedUsd: [],
    },
    jobs: {
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
    },
    attempts: {
      job: [],
      instance: [],
      startingAt: [],
      runningAt: [],
      endAt: [],
      cause: [],
      causes: [],
      exitCode: [],
    },
    waits: { job: [], t: [], reason: [], reasons: [], detail: [] },
  };
}

const LIMITS = {
  jobs: 100000,
  jobsDropped: 0,
  attempts: 200000,
  attemptsDropped: 0,
  waits: 100000,
  waitsDropped: 0,
  seriesPoints: 2000,
};

/** A run with one CE and one queue in which no job was submitted. */
export function emptyRun(): ViewerData {
  return {
    format: 1,
    summary: makeSummary({
      name: "empty",
      simulatedSeconds: 3600,
      waits: [],
      submitted: 0,
      totalUsd: 0,
      utilization: null,
    }),
    startEpochMs: 0,
    endSeconds: 3600,
    computeEnvironments: [{ name: "ondemand", purchaseOption: "ON_DEMAND" }],
    jobQueues: [
      { name: "main", platform: "EC2", schedulingPolicy: null, computeReservation: null },
    ],
    shares: [],
    series: [
      series("vcpuProvisioned", "ondemand", [[0, 0]]),
      series("vcpuInUse", "ondemand", [[0, 0]]),
      series("runnableJobs", "main", [[0, 0]]),
      series("costUsdPerHour", "", [[0, 0]]),
      series("costUsd", "", [
        [0, 0],
        [3600, 0],
      ]),
    ],
    ...emptyTables(),
    limits: LIMITS,
  };
}

/** One job (work-1, 2 vCPU) on one c6i.xlarge: submitted at 10, STARTING at 200, done at 800. */
export function oneJobRun(): ViewerData {
  return {
    format: 1,
    summary: makeSummary({
      name: "one-job",
      simulatedSeconds: 1200,
      waits: [190],
      submitted: 1,
      totalUsd: 0.0472,
    }),
    startEpochMs: Date.UTC(2025, 0, 1),
    endSeconds: 1200,
    computeEnvironments: [{ name: "ondemand", purchaseOption: "ON_DEMAND" }],
    jobQueues: [
      { name: "main", platform: "EC2", schedulingPolicy: null, computeReservation: null },
    ],
    shares: [],
    series: [
      series("vcpuProvisioned", "ondemand", [
        [0, 0],
        [15, 4],
        [1100, 0],
      ]),
      series("vcpuInUse", "ondemand", [
        [0, 0],
        [200, 2],
        [800, 0],
      ]),
      series("runnableJobs", "main", [
        [0, 0],
        [10, 1],
        [200, 0],
      ]),
      series("costUsdPerHour", "", [
        [0, 0],
        [45, 0.17],
        [1100, 0],
      ]),
      series("costUsd", "", [
        [0, 0],
        [45, 0],
        [1100, 0.0472],
        [1200, 0.0472],
      ]),
    ],
    instances: {
      id: ["i-00000000000000001"],
      ce: [0],
      type: [0],
      types: ["c6i.xlarge"],
      vcpu: [4],
      launchedAt: [15],
      readyAt: [195],
      terminatedAt: [1100],
      noticeAt: [null],
      reason: [0],
      reasons: ["scale-in"],
      billedUsd: [0.0472],
    },
    jobs: {
      id: ["job-00000001"],
      name: ["work-1"],
      queue: [0],
      share: [-1],
      vcpus: [2],
      submittedAt: [10],
      waitSeconds: [190],
      status: ["SUCCEEDED"],
      startedAt: [200],
      endedAt: [800],
      statusReason: ["Essential container in task exited"],
    },
    attempts: {
      job: [0],
      instance: [0],
      startingAt: [200],
      runningAt: [220],
      endAt: [800],
      cause: [0],
      causes: ["exited"],
      exitCode: [0],
    },
    waits: {
      job: [0],
      t: [10],
      reason: [0],
      reasons: ["SCALING"],
      detail: ["ondemand is scaling out"],
    },
    limits: LIMITS,
  };
}

/**
 * An On-Demand and a Spot CE; job 1 runs on the On-Demand instance, job 2's first attempt is on
 * Spot instance i-2, noticed at 500 and reclaimed at 620 (interrupted), its second on i-3. Job 2
 * was RUNNABLE 0–300 and 620–850: it waited 530 s, though it first started 300 s after submission.
 */
export function spotRun(): ViewerData {
  const t = emptyTables();
  return {
    format: 1,
    summary: makeSummary({
      name: "spot",
      simulatedSeconds: 2000,
      waits: [100, 530],
      submitted: 2,
      attempts: 3,
      totalUsd: 0.3,
      byComputeEnvironment: { ondemand: 0.2, spot: 0.1 },
      spot: { interruptions: 1, jobsInterrupted: 1 },
    }),
    startEpochMs: 0,
    endSeconds: 2000,
    computeEnvironments: [
      { name: "ondemand", purchaseOption: "ON_DEMAND" },
      { name: "spot", purchaseOption: "SPOT" },
    ],
    jobQueues: [
      { name: "main", platform: "EC2", schedulingPolicy: null, computeReservation: null },
    ],
    shares: [],
    series: [
      series("vcpuProvisioned", "ondemand", [
        [0, 0],
        [0, 4],
        [1500, 0],
      ]),
      series("vcpuProvisioned", "spot", [
        [0, 0],
        [100, 8],
        [620, 0],
        [650, 8],
        [1900, 0],
      ]),
      series("vcpuInUse", "ondemand", [
        [0, 0],
        [100, 2],
        [1000, 0],
      ]),
      series("vcpuInUse", "spot", [
        [0, 0],
        [300, 4],
        [620, 0],
        [850, 4],
        [1600, 0],
      ]),
      series("runnableJobs", "main", [
        [0, 0],
        [0, 2],
        [100, 1],
        [300, 0],
        [620, 1],
        [850, 0],
      ]),
      series("costUsdPerHour", "", [
        [0, 0],
        [30, 0.17],
        [130, 0.3],
        [620, 0.17],
        [680, 0.3],
        [1500, 0.13],
        [1900, 0],
      ]),
      series("costUsd", "", [
        [0, 0],
        [1900, 0.3],
        [2000, 0.3],
      ]),
    ],
    instances: {
      ...t.instances,
      id: ["i-1", "i-2", "i-3"],
      ce: [0, 1, 1],
      type: [0, 1, 1],
      types: ["c6i.xlarge", "c6i.2xlarge"],
      vcpu: [4, 8, 8],
      launchedAt: [0, 100, 650],
      readyAt: [0, 280, 830],
      terminatedAt: [1500, 620, null],
      noticeAt: [null, 500, null],
      reason: [0, 1, 2],
      reasons: ["scale-in", "spot reclaim", "end of run"],
      billedUsd: [0.2, 0.03, 0.07],
    },
    jobs: {
      id: ["job-1", "job-2"],
      name: ["render-a", "render-b"],
      queue: [0, 0],
      share: [-1, -1],
      vcpus: [2, 4],
      submittedAt: [0, 0],
      waitSeconds: [100, 530],
      status: ["SUCCEEDED", "SUCCEEDED"],
      startedAt: [100, 300],
      endedAt: [1000, 1600],
      statusReason: ["Essential container in task exited", "Essential container in task exited"],
    },
    attempts: {
      job: [0, 1, 1],
      instance: [0, 1, 2],
      startingAt: [100, 300, 850],
      runningAt: [120, 320, 870],
      endAt: [1000, 620, 1600],
      cause: [0, 1, 0],
      causes: ["exited", "interrupted"],
      exitCode: [0, null, 0],
    },
    waits: {
      job: [1, 1, 1],
      t: [0, 100, 620],
      reason: [0, 1, 0],
      reasons: ["SCALING", "CAPACITY"],
      detail: ["spot is scaling out", "no room", "spot is scaling out"],
    },
    limits: LIMITS,
  };
}

/** One fair-share queue with shares A (weight 1) and B (weight 3), four 2-vCPU jobs on one instance. */
export function fairShareRun(): ViewerData {
  const t = emptyTables();
  const share = (name: string, waits: number[], vcpuSeconds: number) =>
    [
      name,
      {
        jobs: { submitted: 2, succeeded: 2, failed: 0, unfinished: 0, attempts: 2 },
        waitSeconds: stats(waits),
        vcpuSeconds,
      },
    ] as const;
  return {
    format: 1,
    summary: makeSummary({
      name: "fair",
      simulatedSeconds: 1000,
      waits: [0, 0, 400, 400],
      submitted: 4,
      totalUsd: 0.05,
      queues: ["fs"],
      byShare: Object.fromEntries([share("A", [0, 400], 1600), share("B", [0, 400], 1600)]),
    }),
    startEpochMs: 0,
    endSeconds: 1000,
    computeEnvironments: [{ name: "ondemand", purchaseOption: "ON_DEMAND" }],
    jobQueues: [{ name: "fs", platform: "EC2", schedulingPolicy: "fair", computeReservation: 25 }],
    shares: ["A", "B"],
    series: [
      series("vcpuProvisioned", "ondemand", [
        [0, 0],
        [0, 4],
        [1000, 4],
      ]),
      series("vcpuInUse", "ondemand", [
        [0, 0],
        [0, 4],
        [800, 0],
      ]),
      series("runnableJobs", "fs", [
        [0, 0],
        [0, 2],
        [400, 0],
      ]),
      series("vcpuInUseByQueue", "fs", [
        [0, 0],
        [0, 4],
        [800, 0],
      ]),
      series("vcpuInUseByShare", "A", [
        [0, 0],
        [0, 2],
        [800, 0],
      ]),
      series("vcpuInUseByShare", "B", [
        [0, 0],
        [0, 2],
        [800, 0],
      ]),
      series("entitledShare", "A", [
        [0, 0.75],
        [800, 0],
      ]),
      series("entitledShare", "B", [
        [0, 0.25],
        [800, 0],
      ]),
      series("costUsdPerHour", "", [
        [0, 0],
        [30, 0.17],
        [1000, 0],
      ]),
      series("costUsd", "", [
        [0, 0],
        [1000, 0.05],
      ]),
    ],
    instances: {
      ...t.instances,
      id: ["i-1"],
      ce: [0],
      type: [0],
      types: ["c6i.xlarge"],
      vcpu: [4],
      launchedAt: [0],
      readyAt: [0],
      terminatedAt: [null],
      noticeAt: [null],
      reason: [0],
      reasons: ["end of run"],
      billedUsd: [0.05],
    },
    jobs: {
      id: ["job-1", "job-2", "job-3", "job-4"],
      name: ["a-1", "b-1", "a-2", "b-2"],
      queue: [0, 0, 0, 0],
      share: [0, 1, 0, 1],
      vcpus: [2, 2, 2, 2],
      submittedAt: [0, 0, 0, 0],
      waitSeconds: [0, 0, 400, 400],
      status: ["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"],
      startedAt: [0, 0, 400, 400],
      endedAt: [400, 400, 800, 800],
      statusReason: ["", "", "", ""],
    },
    attempts: {
      job: [0, 1, 2, 3],
      instance: [0, 0, 0, 0],
      startingAt: [0, 0, 400, 400],
      runningAt: [20, 20, 420, 420],
      endAt: [400, 400, 800, 800],
      cause: [0, 0, 0, 0],
      causes: ["exited"],
      exitCode: [0, 0, 0, 0],
    },
    waits: {
      job: [2, 3],
      t: [0, 0],
      reason: [0, 0],
      reasons: ["SHARE_ORDER"],
      detail: ["share A is over its usage", "share B is over its usage"],
    },
    limits: LIMITS,
  };
}

/** A payload of runs, labelled run-1, run-2… unless labels are given. */
export function payload(runs: ViewerData[], labels?: string[]): ViewerPayload {
  return { runs: runs.map((data, i) => ({ label: labels?.[i] ?? `run-${i + 1}`, data })) };
}
