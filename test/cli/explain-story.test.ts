import { describe, expect, it } from "vitest";
import { jobStory } from "../../src/cli/explain-job.ts";
import { formatSnapshot, orderJobs, type Snapshot } from "../../src/cli/explain-queue.ts";
import type { AttemptRow, Decision, JobRow } from "../../src/cli/explain-rows.ts";
import { reasonWords } from "../../src/cli/explain-words.ts";
import { formatClock, formatElapsed } from "../../src/report/index.ts";

const info = { endSeconds: 9000, schedulerIntervalSeconds: 5, queues: ["q"] };

function job(extra: Partial<JobRow> = {}): JobRow {
  return {
    jobId: "job-1",
    jobName: "render",
    jobQueue: "q",
    shareIdentifier: "",
    arrayJobId: "",
    arrayIndex: null,
    status: "SUCCEEDED",
    statusReason: "Essential container in task exited",
    createdAt: 0,
    runnableAt: 0,
    stoppedAt: 7530,
    waitSeconds: 0,
    vcpus: 2,
    memoryMiB: 4096,
    gpus: 0,
    costUsd: 0.0123,
    ...extra,
  };
}

function attempt(n: number, extra: Partial<AttemptRow> = {}): AttemptRow {
  return {
    jobId: "job-1",
    attempt: n,
    status: "SUCCEEDED",
    statusReason: "Essential container in task exited",
    reason: "",
    exitCode: 0,
    startingAt: 0,
    startedAt: 0,
    stoppedAt: 0,
    computeEnvironment: "spot-ce",
    instanceType: "c6i.large",
    instanceId: "i-7",
    costUsd: 0.01,
    cause: "exited",
    ...extra,
  };
}

/** The story with the time column's padding reduced to two spaces. */
const aligned = (text: string): string => text.replace(/\) {2,}/g, ")  ");

const d = (time: number, reason: string, detail = ""): Decision => ({
  time,
  jobId: "job-1",
  reason,
  detail,
});

describe("a job's story", () => {
  const story = aligned(
    jobStory({
      job: job({ createdAt: 100, runnableAt: 725 }),
      attempts: [
        attempt(1, {
          status: "FAILED",
          exitCode: 137,
          reason: "OutOfMemoryError: Container killed due to memory usage",
          cause: "oom",
          startingAt: 925,
          startedAt: 945,
          stoppedAt: 1545,
        }),
        attempt(2, { startingAt: 1600, startedAt: 1620, stoppedAt: 7530 }),
      ],
      decisions: [d(725, "SCALING", "spot-ce"), d(800, "AT_MAX", "spot-ce"), d(1545, "NO_ROOM")],
      info,
    }),
  );

  it("tells each step with its clock time and raw seconds, in order", () => {
    const lines = story.split("\n");
    expect(lines[0]).toBe("job-1 (render) in queue q: 2 vCPU, 4096 MiB");
    expect(story).toContain("00:01:40 (100s)  submitted to queue q\n");
    expect(story).toContain("00:01:40 (100s)  PENDING on its dependencies — 10m 25s\n");
    expect(story).toContain(
      "00:12:05 (725s)  waited: compute environment spot-ce could still scale out (instances launching/booting) — 1m 15s\n",
    );
    expect(story).toContain(
      "00:13:20 (800s)  waited: every compute environment that could run it was at maxvCpus (spot-ce) — 2m 5s\n",
    );
    expect(story).toContain(
      "00:15:25 (925s)  attempt 1: placed on instance i-7 (c6i.large) in CE spot-ce — STARTING, after 3m 20s RUNNABLE\n",
    );
    expect(story).toContain(
      "attempt 1: ended — failed, exit code 137, Essential container in task exited, OutOfMemoryError: Container killed due to memory usage, ended by an out-of-memory kill; ran 10m → retried: back to RUNNABLE\n",
    );
    expect(story).toContain("00:25:45 (1545s)  waited: no ready instance had room for it — 55s\n");
    expect(story).toContain("after 55s RUNNABLE");
    expect(story).toContain("02:05:30 (7530s)  SUCCEEDED: Essential container in task exited\n");
    expect(story).toMatch(
      /final status: SUCCEEDED — Essential container in task exited\ncost: \$0\.0123/,
    );
    expect(story).toContain("reasons:\n  SCALING: ");
    const times = lines
      .filter((l) => /^ {2}\d\d:/.test(l))
      .map((l) => Number(/\(([\d.]+)s\)/.exec(l)?.[1]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("says when a job is still waiting at the end of the run, and when nothing was stated", () => {
    const open = jobStory({
      job: job({ status: "RUNNABLE", stoppedAt: null, costUsd: 0, runnableAt: 10 }),
      attempts: [],
      decisions: [d(4000, "BLOCKED", "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - too big.")],
      info,
    });
    expect(open).toContain(
      "waited its turn, no reason stated for it (the scheduler states reasons for the jobs it looks at; those further back wait for the ones ahead) — 1h 6m 30s",
    );
    expect(open).toContain(
      "waited: MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - too big. [BLOCKED] — 1h 23m 20s (still waiting when the run ended)",
    );
    expect(open).toContain("the run ended at 02:30:00 (9000s) with the job still RUNNABLE");
    const old = jobStory({ job: job(), attempts: [], decisions: null, info });
    expect(old).toContain("has no decisions.csv");
  });

  it("drops a reason replaced at the same instant", () => {
    const s = jobStory({
      job: job({ stoppedAt: 100 }),
      attempts: [attempt(1, { startingAt: 60, startedAt: 70, stoppedAt: 100 })],
      decisions: [d(30, "AT_MAX", "ce"), d(30, "SHARE_ORDER", "share a, usage 10")],
      info,
    });
    expect(s).not.toContain("AT_MAX");
    expect(s).toContain("waited: share a, usage 10 [SHARE_ORDER] — 30s");
  });
});

describe("the words of explain", () => {
  it("formats clocks and durations", () => {
    expect(formatClock(7530)).toBe("02:05:30");
    expect(formatClock(90061.9)).toBe("1d 01:01:01");
    expect(formatElapsed(7530)).toBe("2h 5m 30s");
    expect(formatElapsed(86405)).toBe("1d 5s");
    expect(formatElapsed(3.25)).toBe("3.3s");
    expect(formatElapsed(0)).toBe("0s");
  });

  it("uses the scheduler's own words when it wrote a sentence, tagged with the code", () => {
    expect(reasonWords("SCALING", "")).toBe(
      "its compute environment could still scale out (instances launching/booting)",
    );
    expect(reasonWords("AT_MAX", "at maxvCpus with no room: ce")).toBe(
      "at maxvCpus with no room: ce [AT_MAX]",
    );
    expect(reasonWords("NEW_CODE", "x")).toBe("NEW_CODE (x)");
  });
});

describe("the queue snapshot", () => {
  const q = (jobId: string, share: string, createdAt: number) => ({
    job: job({ jobId, shareIdentifier: share, createdAt, status: "RUNNABLE", stoppedAt: null }),
    waitingSince: createdAt,
    reason: null,
  });

  it("orders FIFO by createdAt then jobId, fair share by share usage then createdAt", () => {
    const jobs = [q("c", "b", 5), q("a", "a", 9), q("b", "b", 1), q("d", "a", 9)];
    expect(orderJobs(jobs, false, new Map()).map((j) => j.job.jobId)).toEqual(["b", "c", "a", "d"]);
    const usage = new Map([
      ["a", 8],
      ["b", 2],
    ]);
    expect(orderJobs(jobs, true, usage).map((j) => j.job.jobId)).toEqual(["b", "c", "a", "d"]);
    expect(orderJobs(jobs, true, new Map([["b", 9]])).map((j) => j.job.jobId)).toEqual([
      "a",
      "d",
      "b",
      "c",
    ]);
  });

  it("prints the first 100 like frontOfQueue", () => {
    const jobs = Array.from({ length: 150 }, (_, i) => q(`job-${i}`, "", i));
    const snapshot: Snapshot = {
      queue: "q",
      time: 200,
      fairShare: false,
      jobs,
      queueVcpuInUse: 16,
      shareVcpuInUse: new Map(),
      hasDecisions: true,
    };
    const text = formatSnapshot(snapshot);
    expect(text).toContain("queue q (FIFO) at 00:03:20 (200s): 150 jobs RUNNABLE\n");
    expect(text).toContain("vCPU in use by the queue's jobs: 16\n");
    expect(text).toContain("frontOfQueue: the first 100 of 150\n");
    expect(text).toMatch(/\n {2}1 {2}job-0 /);
    expect(text).toMatch(/\n100 {2}job-99 /);
    expect(text).not.toContain("job-100 ");
  });
});
