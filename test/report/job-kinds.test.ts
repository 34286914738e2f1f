/** Reports of arrays, retries, timeouts, OOM kills, cancels, terminates, actions and rejections. */
import { describe, expect, it } from "vitest";
import {
  createAttemptsCsvFold,
  createEventsFold,
  createJobLedger,
  createJobsCsvFold,
  createSummaryFold,
  type EventsMode,
  formatSummaryTable,
} from "../../src/report/index.ts";
import type { Fact, JobAttemptEnded, JobStatus } from "../../src/sim/index.ts";
import { attemptEnded, collect, ctx, keyOf, moved, submitted } from "./fixture.ts";

type Event = { [key: string]: unknown; detail: { [key: string]: unknown } };

function events(facts: readonly Fact[], mode: EventsMode = "full"): Event[] {
  const text = collect((write) => createEventsFold(ctx, mode, write), facts);
  return text
    .trimEnd()
    .split("\n")
    .filter((l) => l !== "")
    .map((line) => JSON.parse(line) as Event);
}

function summarize(facts: readonly Fact[]) {
  const fold = createSummaryFold(ctx);
  for (const f of facts) fold.onFact(f);
  return fold.finish();
}

function csvRows(text: string): Record<string, string>[] {
  // No cell of these fixtures holds a comma or a quote, so a plain split parses them.
  const [header = "", ...lines] = text.trimEnd().split("\n");
  const names = header.split(",");
  return lines.map((l) => Object.fromEntries(names.map((h, i) => [h, l.split(",")[i] ?? ""])));
}

const EXITED = "Essential container in task exited";

/** An attempt that ended in a given way (exit code, cause, reasons, retry). */
function ended(
  time: number,
  jobId: string,
  attempt: number,
  startedAt: number,
  how: Partial<JobAttemptEnded> & { exitCode: number | null },
): JobAttemptEnded {
  return {
    ...attemptEnded(time, jobId, {
      attempt,
      startingAt: startedAt - 10,
      startedAt,
      exitCode: how.exitCode ?? 0,
      costUsd: 0.001,
    }),
    succeeded: how.exitCode === 0,
    ...how,
  };
}

/**
 * Array P of 2 (jobName "render"): children created at 5, P:0 runs 30–100 and succeeds, P:1 runs
 * 40–120 and exits 1, so P fails at 120.
 */
function arrayRun(): Fact[] {
  const child = (i: number) => ({ arrayJobId: "P", arrayIndex: i, jobName: "render" });
  return [
    submitted(0, "P", { arraySize: 2, jobName: "render" }),
    moved(5, "P", "SUBMITTED", "PENDING"),
    submitted(5, "P:0", child(0)),
    moved(5, "P:0", "SUBMITTED", "PENDING"),
    submitted(5, "P:1", child(1)),
    moved(5, "P:1", "SUBMITTED", "PENDING"),
    moved(5, "P:0", "PENDING", "RUNNABLE"),
    moved(5, "P:1", "PENDING", "RUNNABLE"),
    moved(20, "P:0", "RUNNABLE", "STARTING", { attempt: 1 }),
    moved(30, "P:0", "STARTING", "RUNNING", { attempt: 1 }),
    moved(30, "P:1", "RUNNABLE", "STARTING", { attempt: 1 }),
    moved(40, "P:1", "STARTING", "RUNNING", { attempt: 1 }),
    ended(100, "P:0", 1, 30, { exitCode: 0 }),
    moved(100, "P:0", "RUNNING", "SUCCEEDED", { reason: EXITED, attempt: 1 }),
    ended(120, "P:1", 1, 40, { exitCode: 1 }),
    moved(120, "P:1", "RUNNING", "FAILED", { reason: EXITED, attempt: 1 }),
    moved(120, "P", "PENDING", "FAILED"),
    { kind: "RunEnded", time: 200 },
  ];
}

describe("array jobs", () => {
  it("keeps the parent's statusSummary equal to its children's statuses after every fact", () => {
    const ledger = createJobLedger({ keepAttempts: true });
    const status = new Map<string, JobStatus>();
    for (const f of arrayRun()) {
      ledger.onFact(f);
      if (f.kind === "JobSubmitted" && f.arrayJobId !== null) status.set(f.jobId, "SUBMITTED");
      if (f.kind === "JobStateChanged" && status.has(f.jobId)) status.set(f.jobId, f.to);
      const parent = ledger.find(keyOf("P"));
      if (!parent?.arraySummary) continue;
      const expected = [
        "SUBMITTED",
        "PENDING",
        "RUNNABLE",
        "STARTING",
        "RUNNING",
        "SUCCEEDED",
        "FAILED",
      ].map((s) => [...status.values()].filter((v) => v === s).length);
      expect([...parent.arraySummary.counts]).toEqual(expected);
    }
  });

  it("gives the parent's events arrayProperties with size and a current statusSummary, children their index", () => {
    const jobEvents = events(arrayRun()).filter(
      (e) => e["detail-type"] === "Batch Job State Change",
    );
    const parent = jobEvents.filter((e) => e.detail.jobId === "P");
    expect(parent.map((e) => e.detail.status)).toEqual(["PENDING", "FAILED"]);
    const none = { SUBMITTED: 0, PENDING: 0, RUNNABLE: 0, STARTING: 0, RUNNING: 0 };
    expect(parent[0]?.detail.arrayProperties).toEqual({
      statusSummary: { ...none, SUCCEEDED: 0, FAILED: 0 },
      statusSummaryLastUpdatedAt: ctx.startEpochMs,
      size: 2,
    });
    expect(parent[1]?.detail.arrayProperties).toEqual({
      statusSummary: { ...none, SUCCEEDED: 1, FAILED: 1 },
      statusSummaryLastUpdatedAt: ctx.startEpochMs + 120_000,
      size: 2,
    });
    const child = jobEvents.find((e) => e.detail.jobId === "P:1" && e.detail.status === "FAILED");
    expect(child?.detail.arrayProperties).toEqual({ index: 1 });
    expect(child?.detail.jobName).toBe("render");
  });

  it("writes the parent's jobs.csv row with only createdAt, stoppedAt, status and statusReason", () => {
    const rows = csvRows(collect(createJobsCsvFold, arrayRun()));
    expect(rows.map((r) => r.jobId)).toEqual(["P:0", "P:1", "P"]);
    const parent = rows[2]!;
    const filled = Object.entries(parent).filter(([, v]) => v !== "");
    expect(Object.fromEntries(filled)).toEqual({
      jobId: "P",
      jobName: "render",
      jobQueue: "q1",
      status: "FAILED",
      createdAt: "0",
      stoppedAt: "120",
    });
    expect(rows[1]).toMatchObject({
      jobId: "P:1",
      jobName: "render",
      arrayJobId: "P",
      arrayIndex: "1",
      status: "FAILED",
      attempts: "1",
      exitCode: "1",
      createdAt: "5",
      waitSeconds: "25",
    });
  });

  it("counts children as jobs and the parent apart, and takes every statistic over the children", () => {
    const s = summarize(arrayRun());
    expect(s.jobs).toMatchObject({
      submitted: 2,
      succeeded: 1,
      failed: 1,
      unfinished: 0,
      attempts: 2,
      arrayParents: 1,
    });
    expect(s.jobs.byStatus).toMatchObject({ SUCCEEDED: 1, FAILED: 1, PENDING: 0 });
    // Waits: P:0 5 → 20 = 15, P:1 5 → 30 = 25; responses 95 and 115 (the parent's 120 is not there).
    expect(s.waitSeconds).toMatchObject({ mean: 20, max: 25 });
    expect(s.responseSeconds).toMatchObject({ mean: 105, max: 115 });
    expect(s.byQueue.q1?.jobs.submitted).toBe(2);
    expect(s.makespanSeconds).toBe(120);
  });

  it("counts an unfinished child by its status and never the parent", () => {
    const facts = arrayRun().slice(0, 12);
    facts.push({ kind: "RunEnded", time: 50 });
    const s = summarize(facts);
    expect(s.jobs.byStatus).toEqual({
      SUBMITTED: 0,
      PENDING: 0,
      RUNNABLE: 0,
      STARTING: 0,
      RUNNING: 2,
      SUCCEEDED: 0,
      FAILED: 0,
    });
    expect(s.jobs.unfinished).toBe(2);
  });
});

/** R retries once (exit 1, then 0); T times out; O is OOM-killed; all on queue q1. */
function failureRun(): Fact[] {
  return [
    submitted(0, "R", { maxAttempts: 3 }),
    submitted(0, "T"),
    submitted(0, "O"),
    ...["R", "T", "O"].flatMap((id) => [
      moved(0, id, "SUBMITTED", "RUNNABLE"),
      moved(0, id, "RUNNABLE", "STARTING", { attempt: 1 }),
      moved(10, id, "STARTING", "RUNNING", { attempt: 1 }),
    ]),
    ended(50, "R", 1, 10, { exitCode: 1, willRetry: true }),
    moved(50, "R", "RUNNING", "RUNNABLE", { reason: EXITED, attempt: 1 }),
    moved(60, "R", "RUNNABLE", "STARTING", { attempt: 2 }),
    moved(70, "R", "STARTING", "RUNNING", { attempt: 2 }),
    ended(90, "R", 2, 70, { exitCode: 0 }),
    moved(90, "R", "RUNNING", "SUCCEEDED", { reason: EXITED, attempt: 2 }),
    ended(100, "T", 1, 10, {
      exitCode: 137,
      cause: "timeout",
      statusReason: "Job attempt duration exceeded timeout",
    }),
    moved(100, "T", "RUNNING", "FAILED", {
      reason: "Job attempt duration exceeded timeout",
      attempt: 1,
    }),
    ended(110, "O", 1, 10, {
      exitCode: 137,
      cause: "oom",
      reason: "OutOfMemoryError: Container killed due to memory usage",
    }),
    moved(110, "O", "RUNNING", "FAILED", { reason: EXITED, attempt: 1 }),
    { kind: "RunEnded", time: 120 },
  ];
}

describe("retries, timeouts and OOM kills", () => {
  it("writes one attempts.csv row per attempt, the retried one with its reason, exit code and cause", () => {
    const rows = csvRows(collect(createAttemptsCsvFold, failureRun()));
    const pick = (r: Record<string, string>) => [
      r.jobId,
      r.attempt,
      r.status,
      r.statusReason,
      r.reason,
      r.exitCode,
      r.cause,
    ];
    expect(rows.map(pick)).toEqual([
      ["R", "1", "FAILED", EXITED, "", "1", "exited"],
      ["R", "2", "SUCCEEDED", EXITED, "", "0", "exited"],
      ["T", "1", "FAILED", "Job attempt duration exceeded timeout", "", "137", "timeout"],
      [
        "O",
        "1",
        "FAILED",
        EXITED,
        "OutOfMemoryError: Container killed due to memory usage",
        "137",
        "oom",
      ],
    ]);
  });

  it("counts retries, timeouts and OOM kills, and wastes the money of attempts that did not succeed", () => {
    const s = summarize(failureRun());
    expect(s.jobs).toMatchObject({
      submitted: 3,
      succeeded: 1,
      failed: 2,
      attempts: 4,
      retries: 1,
      timeouts: 1,
      oomKills: 1,
      cancelled: 0,
      terminated: 0,
      rejected: 0,
    });
    expect(s.cost.wastedUsd).toBeCloseTo(0.003, 12);
  });

  it("shows every attempt in the JobDetail with its statusReason and container exit code and reason", () => {
    const last = events(failureRun()).filter(
      (e) => e.detail.status === "SUCCEEDED" || e.detail.status === "FAILED",
    );
    const r = last.find((e) => e.detail.jobId === "R");
    expect(r?.detail.retryStrategy).toEqual({ attempts: 3 });
    expect(r?.detail.attempts).toEqual([
      expect.objectContaining({
        statusReason: EXITED,
        container: expect.objectContaining({ exitCode: 1 }),
      }),
      expect.objectContaining({
        statusReason: EXITED,
        container: expect.objectContaining({ exitCode: 0 }),
      }),
    ]);
    const o = last.find((e) => e.detail.jobId === "O");
    expect(o?.detail.attempts).toEqual([
      expect.objectContaining({
        container: expect.objectContaining({
          exitCode: 137,
          reason: "OutOfMemoryError: Container killed due to memory usage",
        }),
      }),
    ]);
    // One attempt allowed: AWS shows no retryStrategy.
    expect(o?.detail).not.toHaveProperty("retryStrategy");
  });

  it("shows the timeout when the JobSubmitted fact carries attemptDurationSeconds", () => {
    const facts = failureRun().map((f) =>
      f.kind === "JobSubmitted" && f.jobId === "T"
        ? ({ ...f, attemptDurationSeconds: 90 } as Fact)
        : f,
    );
    const t = events(facts).find((e) => e.detail.jobId === "T");
    expect(t?.detail.timeout).toEqual({ attemptDurationSeconds: 90 });
    const r = events(facts).find((e) => e.detail.jobId === "R");
    expect(r?.detail).not.toHaveProperty("timeout");
  });

  it("prints the incidents line in the summary table", () => {
    expect(formatSummaryTable(summarize(failureRun()), "runs/x")).toContain(
      "  incidents    1 retry, 1 timeout, 1 OOM kill\n",
    );
  });
});

/** X is cancelled while RUNNABLE (by an action at 50); Y is terminated while RUNNING. */
function cancelRun(): Fact[] {
  return [
    submitted(0, "X"),
    submitted(0, "Y"),
    moved(0, "X", "SUBMITTED", "RUNNABLE"),
    moved(0, "Y", "SUBMITTED", "RUNNABLE"),
    moved(0, "Y", "RUNNABLE", "STARTING", { attempt: 1 }),
    moved(10, "Y", "STARTING", "RUNNING", { attempt: 1 }),
    { kind: "ActionApplied", time: 50, action: "cancelJob", target: "X", detail: "not needed" },
    moved(50, "X", "RUNNABLE", "FAILED", { reason: "not needed", isCancelled: true }),
    { kind: "ActionApplied", time: 60, action: "terminateJob", target: "Y", detail: "stop" },
    ended(60, "Y", 1, 10, { exitCode: null, cause: "terminated", statusReason: "stop" }),
    moved(60, "Y", "RUNNING", "FAILED", { reason: "stop", attempt: 1, isTerminated: true }),
    {
      kind: "ActionApplied",
      time: 70,
      action: "updateComputeEnvironment",
      target: "ce1",
      detail: "state DISABLED",
    },
    {
      kind: "JobRejected",
      time: 80,
      jobName: "late",
      jobQueue: "q1",
      reason: "job queue q1 is DISABLED",
    },
    { kind: "RunEnded", time: 100 },
  ];
}

describe("cancels, terminates, actions and rejections", () => {
  it("sets isCancelled / isTerminated on the terminal event only", () => {
    const jobEvents = events(cancelRun()).filter(
      (e) => e["detail-type"] === "Batch Job State Change",
    );
    const flags = jobEvents.map((e) => [
      e.detail.jobId,
      e.detail.status,
      e.detail.isCancelled,
      e.detail.isTerminated,
    ]);
    expect(flags).toEqual([
      ["X", "RUNNABLE", undefined, undefined],
      ["Y", "RUNNABLE", undefined, undefined],
      ["Y", "STARTING", undefined, undefined],
      ["Y", "RUNNING", undefined, undefined],
      ["X", "FAILED", true, undefined],
      ["Y", "FAILED", undefined, true],
    ]);
  });

  it("counts cancelled, terminated and rejected jobs", () => {
    const s = summarize(cancelRun());
    expect(s.jobs).toMatchObject({
      submitted: 2,
      failed: 2,
      cancelled: 1,
      terminated: 1,
      rejected: 1,
      retries: 0,
    });
    expect(formatSummaryTable(s, "runs/x")).toContain(
      "  incidents    1 cancelled, 1 terminated, 1 rejected\n",
    );
  });

  it("writes a batchsim Action Applied event per action, naming what it applied to", () => {
    const actions = events(cancelRun()).filter(
      (e) => e["detail-type"] === "batchsim Action Applied",
    );
    expect(actions.map((e) => [e.source, e.resources, e.detail])).toEqual([
      [
        "batchsim",
        ["arn:aws:batch:us-east-1:123456789012:job/X"],
        { action: "cancelJob", target: "X", detail: "not needed" },
      ],
      [
        "batchsim",
        ["arn:aws:batch:us-east-1:123456789012:job/Y"],
        { action: "terminateJob", target: "Y", detail: "stop" },
      ],
      [
        "batchsim",
        ["arn:aws:batch:us-east-1:123456789012:compute-environment/ce1"],
        { action: "updateComputeEnvironment", target: "ce1", detail: "state DISABLED" },
      ],
    ]);
    const rejected = events(cancelRun()).filter(
      (e) => e["detail-type"] === "batchsim Job Rejected",
    );
    expect(rejected.map((e) => e.detail)).toEqual([
      { jobName: "late", jobQueue: "q1", reason: "job queue q1 is DISABLED" },
    ]);
  });

  it("writes short lines for actions, rejections and the flags in compact mode", () => {
    const lines = events(cancelRun(), "compact");
    expect(lines).toHaveLength(events(cancelRun()).length);
    expect(lines).toContainEqual({ t: 50, action: "cancelJob", target: "X", detail: "not needed" });
    expect(lines).toContainEqual({
      t: 50,
      jobId: "X",
      status: "FAILED",
      statusReason: "not needed",
      isCancelled: true,
    });
    expect(lines).toContainEqual({
      t: 60,
      jobId: "Y",
      status: "FAILED",
      statusReason: "stop",
      isTerminated: true,
    });
    expect(lines).toContainEqual({
      t: 80,
      jobName: "late",
      jobQueue: "q1",
      rejected: "job queue q1 is DISABLED",
    });
  });

  it("writes the terminated attempt with cause terminated and no exit code", () => {
    const rows = csvRows(collect(createAttemptsCsvFold, cancelRun()));
    expect(rows).toEqual([
      expect.objectContaining({ jobId: "Y", status: "FAILED", exitCode: "", cause: "terminated" }),
    ]);
  });
});
