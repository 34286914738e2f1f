// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { checkPayload, readPayload } from "../../web/src/payload.ts";
import { oneJobRun, payload } from "./fixture.ts";

function page(json: string): Document {
  document.body.innerHTML = "";
  const script = document.createElement("script");
  script.id = "batchsim-data";
  script.type = "application/json";
  script.textContent = json;
  document.body.append(script);
  return document;
}

describe("reading the embedded payload", () => {
  it("reads the built page's placeholder as no run", () => {
    expect(readPayload(page('{"runs":[]}'))).toEqual({ kind: "empty" });
  });

  it("reads a run", () => {
    const r = readPayload(page(JSON.stringify(payload([oneJobRun()], ["base"]))));
    expect(r.kind).toBe("ok");
    if (r.kind === "ok") {
      expect(r.runs.map((x) => x.label)).toEqual(["base"]);
      expect(r.problems).toEqual([]);
    }
  });

  it("refuses another data format", () => {
    const data = { ...oneJobRun(), format: 2 };
    expect(checkPayload({ runs: [{ label: "x", data }] })).toEqual({
      kind: "incompatible",
      format: 2,
    });
  });

  it("says so when the data is not JSON", () => {
    expect(readPayload(page("{runs:")).kind).toBe("invalid");
  });

  it("replaces a table whose columns do not line up by an empty one and reports it", () => {
    const run = oneJobRun();
    const data = { ...run, attempts: { ...run.attempts, endAt: [] } };
    const r = checkPayload({ runs: [{ label: "x", data }] });
    expect(r.kind).toBe("ok");
    if (r.kind !== "ok") return;
    expect(r.problems).toEqual(["x: the attempts table is malformed and is not shown"]);
    expect(r.runs[0]!.data.attempts.job).toEqual([]);
  });

  it("requires the jobs table's waitSeconds column, lined up with the others", () => {
    const run = oneJobRun();
    for (const jobs of [
      { ...run.jobs, waitSeconds: undefined },
      { ...run.jobs, waitSeconds: [190, 5] },
    ]) {
      const r = checkPayload({ runs: [{ label: "x", data: { ...run, jobs } }] });
      expect(r.kind).toBe("ok");
      if (r.kind !== "ok") return;
      expect(r.problems).toEqual(["x: the jobs table is malformed and is not shown"]);
      expect(r.runs[0]!.data.jobs.waitSeconds).toEqual([]);
      expect(r.runs[0]!.data.jobs.id).toEqual([]);
    }
  });

  it("reads the limits, with 0 for any count that is missing", () => {
    const run = oneJobRun();
    const read = (limits: unknown) => {
      const r = checkPayload({ runs: [{ label: "x", data: { ...run, limits } }] });
      return r.kind === "ok" ? r.runs[0]!.data.limits : null;
    };
    expect(read(run.limits)).toEqual(run.limits);
    expect(read({ ...run.limits, jobs: 10, jobsDropped: 4 })).toMatchObject({
      jobs: 10,
      jobsDropped: 4,
    });
    const { jobs: _j, jobsDropped: _d, ...older } = run.limits;
    expect(read(older)).toEqual({ ...older, jobs: 0, jobsDropped: 0 });
    expect(read(undefined)).toEqual({
      jobs: 0,
      jobsDropped: 0,
      attempts: 0,
      attemptsDropped: 0,
      waits: 0,
      waitsDropped: 0,
      seriesPoints: 0,
    });
  });
});
