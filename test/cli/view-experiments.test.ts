import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ViewerPayload } from "../../src/report/viewer-data-types.ts";
import { batchsim, cleanUp, tempFolder } from "./helpers.ts";

const DATA_OPEN = '<script id="batchsim-data" type="application/json">';

/** The payload embedded in a page. */
function payloadOf(page: string): ViewerPayload {
  const at = page.indexOf(DATA_OPEN);
  return JSON.parse(page.slice(at + DATA_OPEN.length, page.indexOf("</script>", at)));
}

/** Writes `files` (name → text) into `dir` (created) under the test folder. */
function folder(name: string, files: Record<string, string>): string {
  mkdirSync(join(dir, name), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, name, file), text);
  return name;
}

const COMPARISON = {
  replications: 5,
  a: "base",
  b: "fewer",
  metrics: {
    "waitSeconds.mean": {
      a: { mean: 600, ci95: [570, 630] },
      b: { mean: 900, ci95: [860, 940] },
      delta: { mean: 300, ci95: [250, 350] },
    },
    "spot.interruptions": { a: null, b: null, delta: null },
  },
};

// A parameter value holding a comma and a quote (RFC 4180 quoting), an empty cell (null) and
// one point with no interval (its bounds empty).
const SWEEP_CSV = [
  "point,computeEnvironments[0].computeResources.maxvCpus,workload[0].tags,waitSeconds.mean.mean,waitSeconds.mean.ci95_lo,waitSeconds.mean.ci95_hi,spot.interruptions.mean,spot.interruptions.ci95_lo,spot.interruptions.ci95_hi",
  '0,16,"[a, ""b""]",900,850,950,,,',
  '1,32,"[a, ""b""]",500.5,,,,,',
  "",
].join("\n");

let dir = "";
beforeAll(() => {
  dir = tempFolder();
  // A stand-in run folder: summary.json, and a report.html whose payload holds one run.
  folder("runs/r", {
    "summary.json": "{}\n",
    "report.html": `<html>${DATA_OPEN}{"runs":[{"label":"r","data":{"format":1,"endSeconds":5}}]}</script></html>\n`,
  });
  folder("runs/cmp", { "comparison.json": JSON.stringify(COMPARISON, null, 2) });
  folder("runs/sw", {
    "sweep.csv": SWEEP_CSV,
    "sweep.json": JSON.stringify({
      replications: 3,
      parameters: ["computeEnvironments[0].computeResources.maxvCpus", "workload[0].tags"],
    }),
  });
});
afterAll(() => cleanUp(dir));

describe("batchsim view: compare and sweep folders", () => {
  it("reads a comparison, a sweep and a run, experiments in argument order", () => {
    const r = batchsim(dir, "view", "runs/sw", "runs/r", "runs/cmp", "--out", "all.html");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const payload = payloadOf(readFileSync(join(dir, "all.html"), "utf8"));
    expect(payload.runs.map((run) => run.label)).toEqual(["r"]);
    expect(payload.experiments).toEqual([
      {
        kind: "sweep",
        label: "sw",
        replications: 3,
        parameters: ["computeEnvironments[0].computeResources.maxvCpus", "workload[0].tags"],
        points: [
          {
            values: ["16", '[a, "b"]'],
            metrics: {
              "waitSeconds.mean": { mean: 900, ci95: [850, 950] },
              "spot.interruptions": null,
            },
          },
          {
            values: ["32", '[a, "b"]'],
            metrics: {
              "waitSeconds.mean": { mean: 500.5, ci95: null },
              "spot.interruptions": null,
            },
          },
        ],
      },
      { kind: "comparison", label: "cmp", ...COMPARISON },
    ]);
  });

  it("names A and B 'A' and 'B' when comparison.json does not", () => {
    const { a: _a, b: _b, ...unnamed } = COMPARISON;
    folder("runs/unnamed", { "comparison.json": JSON.stringify(unnamed) });
    const r = batchsim(dir, "view", "runs/unnamed", "--no-serve");
    expect(r.status).toBe(0);
    const x = payloadOf(r.stdout).experiments?.[0];
    expect(x).toMatchObject({ kind: "comparison", label: "unnamed", a: "A", b: "B" });
    expect(payloadOf(r.stdout).runs).toEqual([]);
  });

  it("says replications 0 (not known) without sweep.json, and reads a bare mean column", () => {
    folder("runs/bare", {
      "sweep.csv":
        "point,seed,cost.totalUsd,cost.totalUsd.ci95_lo,cost.totalUsd.ci95_hi\n0,7,1.5,1,2\n",
    });
    const r = batchsim(dir, "view", "runs/bare", "--no-serve");
    expect(r.status).toBe(0);
    expect(payloadOf(r.stdout).experiments).toEqual([
      {
        kind: "sweep",
        label: "bare",
        replications: 0,
        parameters: ["seed"],
        points: [{ values: ["7"], metrics: { "cost.totalUsd": { mean: 1.5, ci95: [1, 2] } } }],
      },
    ]);
  });

  it("reads replications and parameters from sweep.json's definition", () => {
    folder("runs/defined", {
      "sweep.csv": "point,seed,x.mean,x.ci95_lo,x.ci95_hi\n0,7,1,,\n",
      "sweep.json": JSON.stringify({
        sweep: "abc",
        definition: { replications: 4, parameters: [{ path: "seed", values: ["7"] }] },
        points: 1,
      }),
    });
    const r = batchsim(dir, "view", "runs/defined", "--no-serve");
    expect(r.status).toBe(0);
    expect(payloadOf(r.stdout).experiments?.[0]).toMatchObject({
      replications: 4,
      parameters: ["seed"],
    });
  });

  it("keeps labels unique across runs and experiments", () => {
    const r = batchsim(dir, "view", "runs/cmp", "runs/cmp", "--no-serve");
    expect(r.status).toBe(0);
    expect(payloadOf(r.stdout).experiments?.map((x) => x.label)).toEqual(["cmp", "cmp (2)"]);
  });
});

describe("batchsim view: bad compare and sweep folders exit 2", () => {
  const bad = (name: string, files: Record<string, string>) => {
    folder(`bad/${name}`, files);
    const r = batchsim(dir, "view", `bad/${name}`, "--out", "x.html");
    expect(r.stdout).toBe("");
    expect(r.status).toBe(2);
    return r.stderr;
  };

  it("refuses a comparison.json that is not JSON or not of the format", () => {
    expect(bad("c1", { "comparison.json": "{nope" })).toMatch(
      /^batchsim view: bad\/c1\/comparison\.json is not JSON \(.+\)\n$/,
    );
    expect(bad("c2", { "comparison.json": JSON.stringify({ metrics: {} }) })).toBe(
      'batchsim view: bad/c2/comparison.json is malformed: "replications" is not a whole number of at least 1\n',
    );
    expect(bad("c3", { "comparison.json": JSON.stringify({ replications: 2 }) })).toBe(
      'batchsim view: bad/c3/comparison.json is malformed: "metrics" is not an object\n',
    );
    const wrongCi = {
      replications: 2,
      metrics: { "jobs.failed": { a: null, b: null, delta: { mean: 1, ci95: [2] } } },
    };
    expect(bad("c4", { "comparison.json": JSON.stringify(wrongCi) })).toBe(
      'batchsim view: bad/c4/comparison.json is malformed: metrics["jobs.failed"].delta is not {"mean", "ci95": [lo, hi]} or null\n',
    );
    expect(bad("c5", { "comparison.json": JSON.stringify({ ...COMPARISON, a: 3 }) })).toBe(
      'batchsim view: bad/c5/comparison.json is malformed: "a" is not a scenario name\n',
    );
  });

  it("refuses a sweep.csv that is not of the format", () => {
    const header = "point,p,m.mean,m.ci95_lo,m.ci95_hi";
    expect(bad("s1", { "sweep.csv": "p,m.mean,m.ci95_lo,m.ci95_hi\n" })).toBe(
      'batchsim view: bad/s1/sweep.csv is malformed: its first column is not "point"\n',
    );
    expect(bad("s2", { "sweep.csv": `${header}\n0,1,2,1\n` })).toBe(
      "batchsim view: bad/s2/sweep.csv is malformed: line 2 has 4 cells, the header 5\n",
    );
    expect(bad("s3", { "sweep.csv": `${header}\n0,1,fast,,\n` })).toBe(
      'batchsim view: bad/s3/sweep.csv is malformed: line 2: m.mean "fast" is not a number\n',
    );
    expect(bad("s4", { "sweep.csv": `${header}\n0,"1,2,,\n` })).toBe(
      "batchsim view: bad/s4/sweep.csv is malformed: unterminated quoted cell at the end of the file\n",
    );
    expect(bad("s5", { "sweep.csv": `${header},extra\n` })).toBe(
      'batchsim view: bad/s5/sweep.csv is malformed: column "extra" is not a metric\'s mean or interval bound (M.mean, M.ci95_lo, M.ci95_hi)\n',
    );
    expect(bad("s6", { "sweep.csv": "point,m.mean,m.ci95_lo,m.ci95_hi\n" })).toBe(
      "batchsim view: bad/s6/sweep.csv is malformed: it has no parameter column\n",
    );
    expect(bad("s7", { "sweep.csv": `${header}\n0,1,2,1,\n` })).toMatch(
      /^batchsim view: bad\/s7\/sweep\.csv is malformed: line 2: m has an interval without a mean, half an interval/,
    );
  });

  it("refuses a sweep.json that does not fit", () => {
    const csv = "point,p,m.mean,m.ci95_lo,m.ci95_hi\n0,1,2,1,3\n";
    expect(bad("j1", { "sweep.csv": csv, "sweep.json": "[" })).toMatch(
      /^batchsim view: bad\/j1\/sweep\.json is not JSON/,
    );
    expect(bad("j2", { "sweep.csv": csv, "sweep.json": '{"replications": 0}' })).toBe(
      'batchsim view: bad/j2/sweep.json is malformed: "replications" is not a whole number of at least 1\n',
    );
    expect(bad("j3", { "sweep.csv": csv, "sweep.json": '{"parameters": ["q"]}' })).toBe(
      "batchsim view: bad/j3/sweep.json is malformed: its parameters (q) are not sweep.csv's (p)\n",
    );
  });

  it("says to merge a sweep folder that holds only points", () => {
    mkdirSync(join(dir, "bad/pts/points/0"), { recursive: true });
    const r = batchsim(dir, "view", "bad/pts", "--out", "x.html");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "batchsim view: bad/pts has no sweep.csv (its points were run one at a time): run batchsim sweep merge bad/pts\n",
    );
  });
});
