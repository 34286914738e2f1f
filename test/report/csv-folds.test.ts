import { describe, expect, it } from "vitest";
import {
  createAttemptsCsvFold,
  createInstancesCsvFold,
  createJobsCsvFold,
} from "../../src/report/index.ts";
import { collect, submitted, tinyRun } from "./fixture.ts";

describe("jobs.csv", () => {
  const text = collect(createJobsCsvFold, tinyRun());
  const lines = text.trimEnd().split("\n");

  it("has the contract's columns in the contract's order", () => {
    expect(lines[0]).toBe(
      "jobId,jobName,jobQueue,shareIdentifier,arrayJobId,arrayIndex,status,statusReason,attempts,exitCode,createdAt,runnableAt,startedAt,stoppedAt,waitSeconds,runSeconds,vcpus,memoryMiB,gpus,computeEnvironment,instanceType,instanceId,costUsd",
    );
  });

  it("writes finished jobs in order of completion, then unfinished ones", () => {
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["C", "B", "A", "E"]);
  });

  it("quotes a statusReason that holds a comma", () => {
    expect(lines[1]).toBe(
      'C,job-C,q1,,,,FAILED,"Cancelled by user, test",0,,20,20,,50,30,0,4,4096,0,,,,0',
    );
  });

  it("sums wait and run over attempts and takes instance columns from the last attempt", () => {
    expect(lines[2]).toBe(
      "B,job-B,q1,,,,SUCCEEDED,Essential container in task exited,2,0,10,10,160,170,110,20,2,4096,0,ce1,c6i.xlarge,i-1,0.0025",
    );
  });

  it("reports an unfinished job with its blocked reason, no stoppedAt and wait up to the end", () => {
    expect(lines[4]).toBe(
      "E,job-E,q1,,,,RUNNABLE,MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT,0,,200,200,,,200,0,2,4096,0,,,,0",
    );
  });

  it("leaves an array parent's per-attempt columns empty", () => {
    const parent = collect(createJobsCsvFold, [
      submitted(0, "p", { arraySize: 2 }),
      { kind: "RunEnded", time: 5 },
    ]);
    expect(parent.split("\n")[1]).toBe("p,job-p,q1,,,,SUBMITTED,,,,0,,,,,,,,,,,,");
  });
});

describe("attempts.csv", () => {
  it("writes one row per ended attempt with its status, times and cost", () => {
    // No cell of this fixture holds a comma or a quote, so a plain split parses it.
    const [header = "", ...lines] = collect(createAttemptsCsvFold, tinyRun()).trimEnd().split("\n");
    const rows = lines.map((l) =>
      Object.fromEntries(header.split(",").map((h, i) => [h, l.split(",")[i]])),
    );
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      jobId: "B",
      jobName: "job-B",
      jobQueue: "q1",
      attempt: "1",
      status: "FAILED",
      statusReason: "Essential container in task exited",
      reason: "",
      exitCode: "1",
      startingAt: "100",
      startedAt: "120",
      stoppedAt: "130",
      runSeconds: "10",
      computeEnvironment: "ce1",
      instanceType: "c6i.xlarge",
      instanceId: "i-1",
      costUsd: "0.0015",
      cause: "exited",
    });
  });
});

describe("instances.csv", () => {
  it("joins launch, ready and termination and counts the attempts placed", () => {
    const text = collect(createInstancesCsvFold, tinyRun());
    expect(text).toBe(
      "instanceId,computeEnvironment,instanceType,purchaseOption,vcpu,memoryMiB,gpu,usdPerHour,launchedAt,readyAt,terminatedAt,terminationReason,billedSeconds,billedUsd,idleUsd,jobsRun\n" +
        "i-1,ce1,c6i.xlarge,ON_DEMAND,4,7900,0,0.36,0,100,400,end of run,370,0.037,0.0255,3\n",
    );
  });
});
