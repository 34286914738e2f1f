/** Hand-built fact sequences for the report tests (times in seconds, money in USD). */
import type { ReportContext } from "../../src/report/index.ts";
import type { Fact, JobAttemptEnded, JobStatus, JobSubmitted } from "../../src/sim/index.ts";

export const ctx: ReportContext = {
  scenarioName: "tiny",
  scenarioSha256: "ab".repeat(32),
  seed: "42",
  batchsimVersion: "0.1.0",
  region: "us-east-1",
  startEpochMs: Date.UTC(2026, 0, 1),
  computeEnvironments: [{ name: "ce1", purchaseOption: "ON_DEMAND" }],
  jobQueues: [{ name: "q1", platform: "EC2" }],
  assumptions: { schedulerIntervalSeconds: 5 },
  outputs: { events: "full" },
};

export function submitted(time: number, jobId: string, extra: Partial<JobSubmitted> = {}): Fact {
  return {
    kind: "JobSubmitted",
    time,
    jobId,
    jobKey: keyOf(jobId),
    jobName: `job-${jobId}`,
    jobQueue: "q1",
    jobDefinition: "def",
    shareIdentifier: null,
    schedulingPriority: null,
    arrayJobId: null,
    arrayIndex: null,
    arraySize: null,
    maxAttempts: 1,
    evaluateOnExit: [],
    attemptDurationSeconds: null,
    vcpus: 2,
    memoryMiB: 4096,
    gpus: 0,
    dependsOn: [],
    stream: "s",
    ...extra,
  };
}

export function moved(
  time: number,
  jobId: string,
  from: JobStatus,
  to: JobStatus,
  opts: {
    reason?: string;
    attempt?: number;
    instanceId?: string;
    isCancelled?: boolean;
    isTerminated?: boolean;
  } = {},
): Fact {
  const placed = to === "STARTING";
  return {
    kind: "JobStateChanged",
    time,
    jobId,
    jobKey: keyOf(jobId),
    from,
    to,
    statusReason: opts.reason ?? "",
    attempt: opts.attempt ?? 0,
    instanceId: placed ? (opts.instanceId ?? "i-1") : null,
    computeEnvironment: placed ? "ce1" : null,
    isCancelled: opts.isCancelled ?? false,
    isTerminated: opts.isTerminated ?? false,
  };
}

export function attemptEnded(
  time: number,
  jobId: string,
  a: {
    attempt: number;
    startingAt: number;
    startedAt: number;
    exitCode: number;
    costUsd: number;
    willRetry?: boolean;
  },
): JobAttemptEnded {
  return {
    kind: "JobAttemptEnded",
    time,
    jobId,
    jobKey: keyOf(jobId),
    attempt: a.attempt,
    startingAt: a.startingAt,
    startedAt: a.startedAt,
    exitCode: a.exitCode,
    statusReason: "Essential container in task exited",
    reason: "",
    succeeded: a.exitCode === 0,
    cause: "exited",
    willRetry: a.willRetry ?? false,
    instanceId: "i-1",
    computeEnvironment: "ce1",
    instanceType: "c6i.xlarge",
    costUsd: a.costUsd,
  };
}

/** A run of 400 s: one 4-vCPU instance at $0.36/h ($0.0001/s) billed from 30 s; jobs A and B
 * succeed (B after a failed attempt), C is cancelled while RUNNABLE, E is still RUNNABLE at the end. */
export function tinyRun(): Fact[] {
  const running = (t: number, id: string, attempt: number) =>
    moved(t, id, "STARTING", "RUNNING", { attempt });
  return [
    submitted(0, "A"),
    {
      kind: "InstanceLaunched",
      time: 0,
      instanceId: "i-1",
      computeEnvironment: "ce1",
      instanceType: "c6i.xlarge",
      purchaseOption: "ON_DEMAND",
      vcpu: 4,
      memoryMiB: 7900,
      gpu: 0,
      usdPerHour: 0.36,
      onDemandUsdPerHour: 0.36,
      billingStartsAt: 30,
    },
    moved(0, "A", "SUBMITTED", "RUNNABLE"),
    submitted(10, "B"),
    moved(10, "B", "SUBMITTED", "RUNNABLE"),
    submitted(20, "C", { vcpus: 4 }),
    moved(20, "C", "SUBMITTED", "RUNNABLE"),
    moved(50, "C", "RUNNABLE", "FAILED", { reason: "Cancelled by user, test", isCancelled: true }),
    { kind: "InstanceReady", time: 100, instanceId: "i-1" },
    moved(100, "A", "RUNNABLE", "STARTING", { attempt: 1 }),
    moved(100, "B", "RUNNABLE", "STARTING", { attempt: 1 }),
    running(120, "A", 1),
    running(120, "B", 1),
    attemptEnded(130, "B", {
      attempt: 1,
      startingAt: 100,
      startedAt: 120,
      exitCode: 1,
      costUsd: 0.0015,
      willRetry: true,
    }),
    moved(130, "B", "RUNNING", "RUNNABLE", {
      reason: "Essential container in task exited",
      attempt: 1,
    }),
    moved(150, "B", "RUNNABLE", "STARTING", { attempt: 2 }),
    running(160, "B", 2),
    attemptEnded(170, "B", {
      attempt: 2,
      startingAt: 150,
      startedAt: 160,
      exitCode: 0,
      costUsd: 0.001,
    }),
    moved(170, "B", "RUNNING", "SUCCEEDED", {
      reason: "Essential container in task exited",
      attempt: 2,
    }),
    submitted(200, "E"),
    moved(200, "E", "SUBMITTED", "RUNNABLE"),
    {
      kind: "JobQueueBlocked",
      time: 200,
      jobId: "E",
      jobKey: keyOf("E"),
      jobQueue: "q1",
      statusReason: "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
    },
    attemptEnded(220, "A", {
      attempt: 1,
      startingAt: 100,
      startedAt: 120,
      exitCode: 0,
      costUsd: 0.006,
    }),
    moved(220, "A", "RUNNING", "SUCCEEDED", {
      reason: "Essential container in task exited",
      attempt: 1,
    }),
    {
      kind: "InstanceTerminated",
      time: 400,
      instanceId: "i-1",
      reason: "end of run",
      billedSeconds: 370,
      billedUsd: 0.037,
      idleUsd: 0.0255,
    },
    { kind: "RunEnded", time: 400 },
  ];
}

/** Feeds facts to a fold and returns what it wrote. */
export function collect(
  make: (write: (text: string) => void) => { onFact(f: Fact): void; finish(): unknown },
  facts: readonly Fact[],
): string {
  let out = "";
  const fold = make((text) => {
    out += text;
  });
  for (const f of facts) fold.onFact(f);
  fold.finish();
  return out;
}

const keys = new Map<string, number>();
/** A job's jobKey in these fixtures: 0, 1, 2… in the order jobIds are first seen. */
export function keyOf(jobId: string): number {
  let key = keys.get(jobId);
  if (key === undefined) {
    key = keys.size;
    keys.set(jobId, key);
  }
  return key;
}
