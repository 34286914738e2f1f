/**
 * Fargate and Fargate Spot compute environments (aws-batch-model.md §7, §8, §11, §13.8, §13.13,
 * §13.19): one task per job attempt, sized to the job, billed per second with a 60 s minimum at the
 * rates of data/fargate.json (copied by hand below, from AWS's pricing page as SOURCES.md quotes it).
 */
import { describe, expect, it } from "vitest";
import type { ComputeEnvironment, JobSpec } from "../../src/scenario/types.ts";
import type {
  Fact,
  InstanceLaunched,
  InstanceTerminated,
  JobAttemptEnded,
  JobStateChanged,
} from "../../src/sim/facts.ts";
import { instantSettings, jobsAt, managedCe, queue, run, scenario, spec } from "./fixtures.ts";

/** us-east-1 Linux rates (USD): On-Demand x86 / ARM, and Fargate Spot x86. */
const OD_X86 = { vcpu: 0.04048, gb: 0.004445 };
const OD_ARM = { vcpu: 0.03238, gb: 0.00356 };
const SPOT_X86 = { vcpu: 0.01334053, gb: 0.00146489 };

/** A FARGATE / FARGATE_SPOT CE as validation normalises it (no EC2 fields). */
const fargateCe = (name: string, type: "FARGATE" | "FARGATE_SPOT", maxvCpus = 256) =>
  managedCe(name, { type, maxvCpus, allocationStrategy: "BEST_FIT", instanceTypes: [] });

const fargateJob = (partial: Partial<JobSpec> & { runtimeSeconds?: number } = {}) =>
  spec({ platform: "FARGATE", vcpus: 1, memoryMiB: 2048, ...partial });

const ofKind = <K extends Fact["kind"]>(facts: Fact[], kind: K) =>
  facts.filter((f): f is Extract<Fact, { kind: K }> => f.kind === kind);

function runFargate(
  jobs: { at: number; spec: JobSpec }[],
  ces: ComputeEnvironment[] = [fargateCe("fg", "FARGATE")],
  settings = {
    ...instantSettings,
    fargateStartingSeconds: { kind: "fixed" as const, seconds: 45 },
  },
  untilSeconds: number | null = null,
) {
  return run(
    scenario({
      settings,
      untilSeconds,
      computeEnvironments: ces,
      jobQueues: [
        queue(
          "q",
          ces.map((c) => c.computeEnvironmentName),
        ),
      ],
      workload: [jobsAt("w", jobs)],
    }),
  ).facts;
}

describe("Fargate tasks", () => {
  it("bills a job's task vCPU-hours × the vCPU rate + GB-hours × the GB rate, from STARTING to the end", () => {
    const facts = runFargate([{ at: 0, spec: fargateJob({ runtimeSeconds: 1800 }) }]);
    const [task] = ofKind(facts, "InstanceLaunched") as InstanceLaunched[];
    const [end] = ofKind(facts, "InstanceTerminated") as InstanceTerminated[];
    const [attempt] = ofKind(facts, "JobAttemptEnded") as JobAttemptEnded[];
    // 45 s starting (fargateStartingSeconds) + 1800 s running = 1845 s billed.
    const hours = 1845 / 3600;
    const expected = 1 * hours * OD_X86.vcpu + 2 * hours * OD_X86.gb; // 0.025302125
    expect(expected).toBeCloseTo(0.025302125, 12);
    expect(task!.purchaseOption).toBe("FARGATE");
    expect(task!.instanceType).toBe("fargate.1vcpu-2gb");
    expect(task!.instanceId).toMatch(/^task-[0-9a-f]{32}$/);
    expect(task!.vcpu).toBe(1);
    expect(task!.memoryMiB).toBe(2048);
    expect(end!.billedSeconds).toBe(1845);
    expect(end!.billedUsd).toBeCloseTo(expected, 12);
    expect(end!.idleUsd).toBe(0);
    expect(end!.reason).toBe("task stopped");
    expect(attempt!.costUsd).toBeCloseTo(expected, 12);
    expect(attempt!.startedAt).toBe(45);
  });

  it("bills at least 60 s", () => {
    const facts = runFargate([{ at: 0, spec: fargateJob({ runtimeSeconds: 5 }) }], undefined, {
      ...instantSettings,
      fargateStartingSeconds: { kind: "fixed", seconds: 10 },
    });
    const [end] = ofKind(facts, "InstanceTerminated");
    const [attempt] = ofKind(facts, "JobAttemptEnded");
    const expected = (60 / 3600) * (OD_X86.vcpu + 2 * OD_X86.gb);
    expect(end!.billedSeconds).toBe(60);
    expect(end!.billedUsd).toBeCloseTo(expected, 14);
    expect(attempt!.costUsd).toBeCloseTo(expected, 14);
  });

  it("prices ARM64 and extra ephemeral storage, and Fargate Spot at its own rates", () => {
    const arm = runFargate([
      {
        at: 0,
        spec: fargateJob({
          runtimeSeconds: 3555,
          vcpus: 2,
          memoryMiB: 4096,
          cpuArchitecture: "ARM64",
          ephemeralStorageGiB: 30,
        }),
      },
    ]);
    // One hour: 2 vCPU × 0.03238 + 4 GB × 0.00356 + 10 GB of storage above 20 × 0.000111.
    expect(ofKind(arm, "InstanceTerminated")[0]!.billedUsd).toBeCloseTo(
      2 * OD_ARM.vcpu + 4 * OD_ARM.gb + 10 * 0.000111,
      12,
    );
    const spot = runFargate(
      [{ at: 0, spec: fargateJob({ runtimeSeconds: 3555, vcpus: 0.25, memoryMiB: 512 }) }],
      [fargateCe("fs", "FARGATE_SPOT")],
    );
    const [launch] = ofKind(spot, "InstanceLaunched");
    expect(launch!.purchaseOption).toBe("FARGATE_SPOT");
    expect(launch!.instanceType).toBe("fargate.0.25vcpu-0.5gb");
    expect(launch!.onDemandUsdPerHour).toBeCloseTo(0.25 * OD_X86.vcpu + 0.5 * OD_X86.gb, 14);
    expect(ofKind(spot, "InstanceTerminated")[0]!.billedUsd).toBeCloseTo(
      0.25 * SPOT_X86.vcpu + 0.5 * SPOT_X86.gb,
      12,
    );
  });

  it("caps the sum of running jobs' vCPU at maxvCpus and spills to the next Fargate CE", () => {
    const jobs = Array.from({ length: 8 }, () => ({
      at: 0,
      spec: fargateJob({ runtimeSeconds: 600 }),
    }));
    const facts = runFargate(jobs, [
      fargateCe("spot", "FARGATE_SPOT", 2),
      fargateCe("od", "FARGATE", 3),
    ]);
    const launches = ofKind(facts, "InstanceLaunched");
    const byCe = (ce: string, t: number) =>
      launches.filter((l) => l.computeEnvironment === ce && l.time === t).length;
    expect(byCe("spot", 0)).toBe(2);
    expect(byCe("od", 0)).toBe(3);
    // The other three wait for room: tasks end at 645 s, and the next start then.
    const starts = ofKind(facts, "JobStateChanged").filter(
      (f: JobStateChanged) => f.to === "STARTING",
    );
    expect(starts.map((s) => s.time)).toEqual([0, 0, 0, 0, 0, 645, 645, 645]);
    // Never more than 2 + 3 tasks at once.
    let live = 0;
    let most = 0;
    for (const f of facts) {
      if (f.kind === "InstanceLaunched") most = Math.max(most, ++live);
      if (f.kind === "InstanceTerminated") live--;
    }
    expect(most).toBe(5);
  });

  it("interrupts Fargate Spot tasks with `Your Spot Task was interrupted.` and exit 137, at the bucket's hazard", () => {
    // 2000 tasks of 30 days in the >20% bucket: p = 0.25 a month, λ = −ln(0.75)/730 h. A task is
    // interrupted when its notice comes more than spotNoticeSeconds before its end.
    const days = 30;
    const jobs = Array.from({ length: 2000 }, () => ({
      at: 0,
      spec: fargateJob({ runtimeSeconds: days * 86400, vcpus: 0.25, memoryMiB: 512 }),
    }));
    const facts = runFargate(jobs, [fargateCe("fs", "FARGATE_SPOT", 10000)], {
      ...instantSettings,
      fargateStartingSeconds: { kind: "fixed", seconds: 45 },
      fargateSpotInterruptionBucket: ">20%",
      spotNoticeSeconds: 120,
    });
    const ended = ofKind(facts, "JobAttemptEnded");
    const interrupted = ended.filter((e) => e.cause === "interrupted");
    const lambda = -Math.log(0.75) / (730 * 3600);
    const p = 1 - Math.exp(-lambda * (days * 86400 + 45 - 120));
    const expected = 2000 * p; // ≈ 494
    const sd = Math.sqrt(2000 * p * (1 - p));
    expect(Math.abs(interrupted.length - expected)).toBeLessThan(4 * sd);
    for (const e of interrupted) {
      expect(e.statusReason).toBe("Your Spot Task was interrupted.");
      expect(e.exitCode).toBe(137);
    }
    const reclaims = ofKind(facts, "InstanceTerminated").filter((t) => t.reason === "spot reclaim");
    expect(reclaims.length).toBe(interrupted.length);
  });

  it("retries an interrupted Fargate Spot job with onExitCode 137, and wastes the killed attempt's bill", () => {
    const job = fargateJob({
      runtimeSeconds: 400 * 86400,
      retryStrategy: {
        attempts: 10,
        evaluateOnExit: [
          { onStatusReason: "Your Spot Task*", onReason: null, onExitCode: null, action: "RETRY" },
        ],
      },
    });
    const facts = runFargate([{ at: 0, spec: job }], [fargateCe("fs", "FARGATE_SPOT")], {
      ...instantSettings,
      fargateStartingSeconds: { kind: "fixed", seconds: 45 },
      fargateSpotInterruptionBucket: ">20%",
    });
    const attempts = ofKind(facts, "JobAttemptEnded");
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts.slice(0, -1).every((a) => a.cause === "interrupted" && a.willRetry)).toBe(true);
    // Each attempt ran on its own task.
    expect(new Set(attempts.map((a) => a.instanceId)).size).toBe(attempts.length);
  });

  it("a spotInterruption storm on a FARGATE_SPOT CE interrupts its running tasks", () => {
    const ces = [fargateCe("fs", "FARGATE_SPOT")];
    const { facts } = run(
      scenario({
        settings: instantSettings,
        computeEnvironments: ces,
        jobQueues: [queue("q", ["fs"])],
        workload: [
          jobsAt(
            "w",
            [0, 0, 0].map((at) => ({ at, spec: fargateJob({ runtimeSeconds: 3600 }) })),
          ),
        ],
        actions: [
          {
            atSeconds: 600,
            kind: "spotInterruption",
            fraction: 1,
            instanceTypes: null,
            computeEnvironment: "fs",
          },
        ],
      }),
    );
    const ended = ofKind(facts, "JobAttemptEnded");
    expect(ended.map((e) => [e.time, e.exitCode, e.statusReason])).toEqual(
      [1, 2, 3].map(() => [720, 137, "Your Spot Task was interrupted."]),
    );
  });
});
