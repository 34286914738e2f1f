import { describe, expect, it } from "vitest";
import { createEventsFold, type EventsMode, eventId } from "../../src/report/index.ts";
import type { Fact } from "../../src/sim/index.ts";
import { collect, ctx, tinyRun } from "./fixture.ts";

type Event = { [key: string]: unknown; detail: { [key: string]: unknown } };

function events(mode: EventsMode, facts: readonly Fact[] = tinyRun()): Event[] {
  const text = collect((write) => createEventsFold(ctx, mode, write), facts);
  return text === ""
    ? []
    : text
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as Event);
}

describe("events.jsonl (full)", () => {
  const all = events("full");
  const jobEvents = all.filter((e) => e["detail-type"] === "Batch Job State Change");

  it("writes one Batch Job State Change per state change and none for SUBMITTED", () => {
    const changes = tinyRun().filter((f) => f.kind === "JobStateChanged").length;
    expect(jobEvents).toHaveLength(changes);
    expect(jobEvents.some((e) => e.detail.status === "SUBMITTED")).toBe(false);
  });

  it("uses the EventBridge envelope with a time counted from start", () => {
    const first = jobEvents[0];
    expect(first).toMatchObject({
      version: "0",
      "detail-type": "Batch Job State Change",
      source: "aws.batch",
      account: "123456789012",
      time: "2026-01-01T00:00:00.000Z",
      region: "us-east-1",
      resources: ["arn:aws:batch:us-east-1:123456789012:job/A"],
    });
    const succeededB = jobEvents.find(
      (e) => e.detail.jobId === "B" && e.detail.status === "SUCCEEDED",
    );
    expect(succeededB?.time).toBe("2026-01-01T00:02:50.000Z");
  });

  it("numbers event ids deterministically", () => {
    expect(all.map((e) => e.id)).toEqual(all.map((_, i) => eventId(i + 1)));
    expect(eventId(26)).toBe("00000000-0000-4000-8000-00000000001a");
  });

  it("gives a DescribeJobs JobDetail with ARNs, epoch-ms times and the attempts so far", () => {
    const b = jobEvents.find((e) => e.detail.jobId === "B" && e.detail.status === "SUCCEEDED");
    const start = ctx.startEpochMs;
    expect(b?.detail).toMatchObject({
      jobArn: "arn:aws:batch:us-east-1:123456789012:job/B",
      jobName: "job-B",
      jobQueue: "arn:aws:batch:us-east-1:123456789012:job-queue/q1",
      jobDefinition: "arn:aws:batch:us-east-1:123456789012:job-definition/def:1",
      statusReason: "Essential container in task exited",
      createdAt: start + 10_000,
      startedAt: start + 160_000,
      stoppedAt: start + 170_000,
      platformCapabilities: ["EC2"],
    });
    expect(b?.detail.attempts).toEqual([
      expect.objectContaining({
        startedAt: start + 120_000,
        stoppedAt: start + 130_000,
        container: expect.objectContaining({ exitCode: 1 }),
      }),
      expect.objectContaining({
        startedAt: start + 160_000,
        stoppedAt: start + 170_000,
        container: expect.objectContaining({ exitCode: 0 }),
      }),
    ]);
  });

  it("omits startedAt and stoppedAt before the job runs", () => {
    const runnable = jobEvents.find(
      (e) => e.detail.jobId === "A" && e.detail.status === "RUNNABLE",
    );
    expect(runnable?.detail).not.toHaveProperty("startedAt");
    expect(runnable?.detail).not.toHaveProperty("stoppedAt");
    expect(runnable?.detail.attempts).toEqual([]);
  });

  it("writes a Batch Job Queue Blocked event naming the job and the queue", () => {
    const blocked = all.filter((e) => e["detail-type"] === "Batch Job Queue Blocked");
    expect(blocked).toHaveLength(1);
    expect(blocked[0]?.resources).toEqual([
      "arn:aws:batch:us-east-1:123456789012:job/E",
      "arn:aws:batch:us-east-1:123456789012:job-queue/q1",
    ]);
    expect(blocked[0]?.detail).toMatchObject({
      status: "RUNNABLE",
      statusReason: "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
    });
  });

  it("writes instance events with batchsim's own detail-types", () => {
    const types = all.filter((e) => e.source === "batchsim").map((e) => e["detail-type"]);
    expect(types).toEqual([
      "batchsim Instance Launched",
      "batchsim Instance Ready",
      "batchsim Instance Terminated",
    ]);
  });
});

describe("events.jsonl (compact and none)", () => {
  it("writes one short line per event in compact mode", () => {
    const lines = events("compact");
    expect(lines).toHaveLength(events("full").length);
    expect(lines[1]).toEqual({ t: 0, jobId: "A", status: "RUNNABLE", statusReason: "" });
  });

  it("writes nothing in none mode", () => {
    expect(events("none")).toEqual([]);
  });
});
