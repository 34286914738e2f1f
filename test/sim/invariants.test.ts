import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../src/cli/scenario-file.ts";
import type {
  Fact,
  InstanceLaunched,
  InstanceTerminated,
  JobAttemptEnded,
  JobStateChanged,
  JobStatus,
  JobSubmitted,
} from "../../src/sim/facts.ts";
import { simulate } from "../../src/sim/index.ts";
import { InvariantChecker } from "../../src/sim/invariants.ts";

const START = Date.UTC(2026, 0, 1);

const keys = new Map<string, number>();
/** The engine's dense key of a job: 0, 1, 2… in the order jobIds are first seen. */
function keyOf(jobId: string): number {
  let key = keys.get(jobId);
  if (key === undefined) {
    key = keys.size;
    keys.set(jobId, key);
  }
  return key;
}

function submitted(time: number, jobId: string, arraySize: number | null = null): JobSubmitted {
  return {
    kind: "JobSubmitted",
    time,
    jobId,
    jobKey: keyOf(jobId),
    jobName: jobId,
    jobQueue: "q",
    jobDefinition: "d",
    shareIdentifier: null,
    schedulingPriority: null,
    arrayJobId: null,
    arrayIndex: null,
    arraySize,
    maxAttempts: 2,
    evaluateOnExit: [],
    attemptDurationSeconds: null,
    vcpus: 1,
    memoryMiB: 1024,
    gpus: 0,
    dependsOn: [],
    stream: "w",
  };
}

function changed(
  time: number,
  jobId: string,
  from: JobStatus,
  to: JobStatus,
  attempt = 0,
  instanceId: string | null = null,
): JobStateChanged {
  return {
    kind: "JobStateChanged",
    time,
    jobId,
    jobKey: keyOf(jobId),
    from,
    to,
    statusReason: "",
    attempt,
    instanceId,
    computeEnvironment: instanceId === null ? null : "ce",
    isCancelled: false,
    isTerminated: false,
  };
}

function ended(
  time: number,
  jobId: string,
  outcome: { attempt?: number; succeeded?: boolean; willRetry?: boolean; startingAt?: number },
): JobAttemptEnded {
  const startingAt = outcome.startingAt ?? 20;
  return {
    kind: "JobAttemptEnded",
    time,
    jobId,
    jobKey: keyOf(jobId),
    attempt: outcome.attempt ?? 1,
    startingAt,
    startedAt: startingAt + 10,
    exitCode: outcome.succeeded === false ? 1 : 0,
    statusReason: "Essential container in task exited",
    reason: "",
    succeeded: outcome.succeeded ?? true,
    cause: "exited",
    willRetry: outcome.willRetry ?? false,
    instanceId: "i-1",
    computeEnvironment: "ce",
    instanceType: "c6i.large",
    costUsd: 0.001,
  };
}

function launched(time: number, instanceId = "i-1", billingStartsAt = time + 30): InstanceLaunched {
  return {
    kind: "InstanceLaunched",
    time,
    instanceId,
    computeEnvironment: "ce",
    instanceType: "c6i.large",
    purchaseOption: "ON_DEMAND",
    vcpu: 2,
    memoryMiB: 3900,
    gpu: 0,
    usdPerHour: 0.085,
    onDemandUsdPerHour: 0.085,
    billingStartsAt,
  };
}

function terminated(
  time: number,
  billedSeconds: number,
  reason = "scale-in",
  instanceId = "i-1",
): InstanceTerminated {
  const billedUsd = (billedSeconds * 0.085) / 3600;
  return {
    kind: "InstanceTerminated",
    time,
    instanceId,
    reason,
    billedSeconds,
    billedUsd,
    idleUsd: billedUsd / 2,
  };
}

/** A job j1 placed on the ready instance i-1 at 20 s and RUNNING at 30 s. */
const RUNNING_ON_I1: readonly Fact[] = [
  launched(0),
  { kind: "InstanceReady", time: 10, instanceId: "i-1" },
  submitted(15, "j1"),
  changed(15, "j1", "SUBMITTED", "RUNNABLE"),
  changed(20, "j1", "RUNNABLE", "STARTING", 1, "i-1"),
  changed(30, "j1", "STARTING", "RUNNING", 1),
];

/** Feeds the facts to a fresh checker; returns the error message, or null when every fact passed. */
function violation(facts: readonly Fact[]): string | null {
  const checker = new InvariantChecker(START);
  try {
    for (const f of facts) checker.check(f);
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}

describe("invariant checker on hand-made facts", () => {
  it("accepts a whole lifecycle: a retry, a success, scale-in and the run's end", () => {
    expect(
      violation([
        ...RUNNING_ON_I1,
        ended(100, "j1", { succeeded: false, willRetry: true }),
        changed(100, "j1", "RUNNING", "RUNNABLE", 1),
        changed(105, "j1", "RUNNABLE", "STARTING", 2, "i-1"),
        changed(115, "j1", "STARTING", "RUNNING", 2),
        ended(200, "j1", { attempt: 2, startingAt: 105 }),
        changed(200, "j1", "RUNNING", "SUCCEEDED", 2),
        terminated(500, 470),
        { kind: "RunEnded", time: 500 },
      ]),
    ).toBeNull();
  });

  it("accepts an array parent going PENDING then SUCCEEDED, and a cancel from SUBMITTED", () => {
    expect(
      violation([
        submitted(0, "p", 2),
        changed(0, "p", "SUBMITTED", "PENDING"),
        changed(50, "p", "PENDING", "SUCCEEDED"),
        submitted(60, "c"),
        changed(60, "c", "SUBMITTED", "FAILED"),
      ]),
    ).toBeNull();
  });

  it("names the job and the time (seconds and ISO) when time goes backwards", () => {
    expect(violation([submitted(10, "j1"), changed(5, "j1", "SUBMITTED", "RUNNABLE")])).toBe(
      "invariant: fact JobStateChanged at 5 s (2026-01-01T00:00:05.000Z): time went backwards or is not finite (last fact at 10 s)",
    );
  });

  it("refuses a time that is not a number", () => {
    expect(violation([submitted(Number.NaN, "j1")])).toMatch(
      /^invariant: fact JobSubmitted at NaN s:/,
    );
  });

  it("refuses a transition of a job never submitted", () => {
    expect(violation([changed(0, "j9", "SUBMITTED", "RUNNABLE")])).toMatch(
      /^invariant: job j9 at 0 s \(2026-01-01T00:00:00\.000Z\): SUBMITTED → RUNNABLE but the job is not live/,
    );
  });

  it("refuses a job submitted twice", () => {
    expect(violation([submitted(0, "j1"), submitted(1, "j1")])).toMatch(
      /job j1 at 1 s .*submitted twice/,
    );
  });

  it("refuses a transition whose from is not the job's status", () => {
    expect(
      violation([
        submitted(0, "j1"),
        changed(0, "j1", "SUBMITTED", "RUNNABLE"),
        changed(1, "j1", "SUBMITTED", "PENDING"),
      ]),
    ).toMatch(/job j1 at 1 s .*SUBMITTED → PENDING but the job is RUNNABLE$/);
  });

  it("refuses a transition AWS does not make (RUNNABLE → RUNNING)", () => {
    expect(
      violation([
        submitted(0, "j1"),
        changed(0, "j1", "SUBMITTED", "RUNNABLE"),
        changed(1, "j1", "RUNNABLE", "RUNNING"),
      ]),
    ).toMatch(/job j1 at 1 s .*RUNNABLE → RUNNING is not an allowed transition$/);
  });

  it("refuses an array parent that becomes RUNNABLE", () => {
    expect(violation([submitted(0, "p", 3), changed(0, "p", "SUBMITTED", "RUNNABLE")])).toMatch(
      /job p at 0 s .*SUBMITTED → RUNNABLE is not an allowed transition for an array parent$/,
    );
  });

  it("refuses PENDING → SUCCEEDED for a job that is not an array parent", () => {
    expect(
      violation([
        submitted(0, "j1"),
        changed(0, "j1", "SUBMITTED", "PENDING"),
        changed(1, "j1", "PENDING", "SUCCEEDED"),
      ]),
    ).toMatch(/PENDING → SUCCEEDED is not an allowed transition$/);
  });

  it("keeps terminal states final", () => {
    expect(
      violation([
        submitted(0, "j1"),
        changed(0, "j1", "SUBMITTED", "FAILED"),
        changed(1, "j1", "FAILED", "RUNNABLE"),
      ]),
    ).toMatch(
      /job j1 at 1 s .*FAILED → RUNNABLE but the job is not live \(never submitted, or already terminal\)$/,
    );
  });

  it("refuses an attempt that ends without its JobAttemptEnded", () => {
    expect(violation([...RUNNING_ON_I1, changed(90, "j1", "RUNNING", "SUCCEEDED", 1)])).toMatch(
      /job j1 at 90 s .*RUNNING → SUCCEEDED without a JobAttemptEnded$/,
    );
  });

  it("refuses a transition that contradicts what JobAttemptEnded announced", () => {
    expect(
      violation([
        ...RUNNING_ON_I1,
        ended(90, "j1", { succeeded: false, willRetry: true }),
        changed(90, "j1", "RUNNING", "FAILED", 1),
      ]),
    ).toMatch(/job j1 at 90 s .*RUNNING → FAILED but its JobAttemptEnded announced RUNNABLE$/);
  });

  it("refuses an attempt that ends twice, or with the wrong number", () => {
    expect(violation([...RUNNING_ON_I1, ended(90, "j1", {}), ended(90, "j1", {})])).toMatch(
      /attempt 1 ended but the job is RUNNING and its attempt already ended$/,
    );
    expect(violation([...RUNNING_ON_I1, ended(90, "j1", { attempt: 2 })])).toMatch(
      /job j1 at 90 s .*attempt 2 ended but attempt 1 is current$/,
    );
  });

  it("refuses a job started on an instance that is not ready, or noticed for interruption", () => {
    const placed = [submitted(1, "j1"), changed(1, "j1", "SUBMITTED", "RUNNABLE")];
    expect(
      violation([launched(0), ...placed, changed(2, "j1", "RUNNABLE", "STARTING", 1, "i-1")]),
    ).toMatch(/^invariant: instance i-1 at 2 s .*: job j1 started on it while it is not ready$/);
    expect(
      violation([
        launched(0),
        { kind: "InstanceReady", time: 0, instanceId: "i-1" },
        { kind: "InstanceInterruptionNoticed", time: 1, instanceId: "i-1", reclaimAt: 121 },
        ...placed,
        changed(2, "j1", "RUNNABLE", "STARTING", 1, "i-1"),
      ]),
    ).toMatch(/instance i-1 at 2 s .*while it is noticed for interruption$/);
    expect(violation([...placed, changed(2, "j1", "RUNNABLE", "STARTING", 1, "i-7")])).toMatch(
      /instance i-7 at 2 s .*while it is not live$/,
    );
  });

  it("refuses an instance scaled in with an attempt still on it", () => {
    expect(violation([...RUNNING_ON_I1, terminated(100, 70)])).toMatch(
      /^invariant: instance i-1 at 100 s .*: terminated \(scale-in\) with 1 attempts still on it$/,
    );
    // At the end of the run an unfinished attempt may still be on it.
    expect(violation([...RUNNING_ON_I1, terminated(100, 70, "end of run")])).toBeNull();
  });

  it("refuses billed seconds that do not cover the billing window or the 60 s minimum", () => {
    expect(violation([launched(0), terminated(1000, 900)])).toMatch(
      /instance i-1 at 1000 s .*: billed 900 s for a billing window of 970 s \(from 30 s\)$/,
    );
    expect(violation([launched(0), terminated(40, 10)])).toMatch(
      /billed 10 s for a billing window of 10 s/,
    );
    // Gone before billing started: nothing is billed.
    expect(violation([launched(0), terminated(20, 0)])).toBeNull();
  });

  it("refuses idle money above the bill and a negative attempt cost", () => {
    expect(violation([launched(0), { ...terminated(100, 70), idleUsd: 1 }])).toMatch(
      /instance i-1 at 100 s .*of which 1 USD idle$/,
    );
    expect(violation([...RUNNING_ON_I1, { ...ended(90, "j1", {}), costUsd: -1 }])).toMatch(
      /job j1 at 90 s .*attempt 1 cost -1 USD$/,
    );
  });

  it("refuses any fact after RunEnded", () => {
    expect(violation([{ kind: "RunEnded", time: 5 }, submitted(5, "j1")])).toMatch(
      /^invariant: fact JobSubmitted at 5 s .*: came after RunEnded$/,
    );
  });

  it("refuses a run whose engine created a job with no JobSubmitted", () => {
    const checker = new InvariantChecker(START);
    checker.check(submitted(0, "j1"));
    expect(() => checker.checkCreated(2)).toThrow(
      /^invariant: run at 0 s .*: 2 jobs were created but 1 JobSubmitted facts were stated$/,
    );
  });
});

describe("invariants on the example scenarios", () => {
  const folder = new URL("../../scenarios/", import.meta.url).pathname;
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".yaml"))) {
    it(`simulates scenarios/${file} with no invariant broken`, () => {
      const { scenario } = loadScenarioFile(`${folder}${file}`);
      let facts = 0;
      simulate(scenario, () => {
        facts++;
      });
      expect(facts).toBeGreaterThan(0);
    });
  }
});
