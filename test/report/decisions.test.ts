import { describe, expect, it } from "vitest";
import { createDecisionsCsvFold } from "../../src/report/index.ts";
import type { Fact, WaitReason } from "../../src/sim/index.ts";
import { collect, tinyRun } from "./fixture.ts";

function waiting(time: number, jobId: string, reason: WaitReason, detail = ""): Fact {
  return { kind: "JobWaiting", time, jobId, jobKey: 0, reason, detail };
}

describe("decisions.csv", () => {
  it("writes the header and one row per JobWaiting fact, in fact order", () => {
    const text = collect(createDecisionsCsvFold, [
      ...tinyRun().slice(0, 5),
      waiting(0, "A", "SCALING", "ce1"),
      waiting(5, "B", "AT_MAX", "ce1"),
      waiting(100, "A", "SHARE_ORDER", "share a"),
      waiting(200, "E", "BLOCKED", "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT"),
      { kind: "RunEnded", time: 400 },
    ]);
    expect(text).toBe(
      [
        "time,jobId,reason,detail",
        "0,A,SCALING,ce1",
        "5,B,AT_MAX,ce1",
        "100,A,SHARE_ORDER,share a",
        "200,E,BLOCKED,MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
        "",
      ].join("\n"),
    );
  });

  it("rounds times to the millisecond like the other CSVs and quotes a detail with a comma", () => {
    const text = collect(createDecisionsCsvFold, [
      waiting(1 / 3, "A", "NO_ROOM"),
      waiting(12.34567, "A", "RESERVATION", 'held back 50%, "new" shares'),
    ]);
    expect(text.split("\n").slice(1)).toEqual([
      "0.333,A,NO_ROOM,",
      '12.346,A,RESERVATION,"held back 50%, ""new"" shares"',
      "",
    ]);
  });

  it("writes only the header for a run without waits: other facts make no row", () => {
    expect(collect(createDecisionsCsvFold, tinyRun())).toBe("time,jobId,reason,detail\n");
  });

  it("keeps no state: a million reason changes stream straight through", () => {
    let rows = 0;
    const fold = createDecisionsCsvFold((text) => {
      rows += text.split("\n").length - 1;
    });
    for (let i = 0; i < 1_000_000; i++) fold.onFact(waiting(i, `job-${i}`, "SCALING", "ce"));
    fold.finish();
    expect(rows).toBe(1_000_001);
  });
});
