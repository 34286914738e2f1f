import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  batchsim,
  batchsimWithEnv,
  cleanUp,
  ENV,
  SMALL_SCENARIO,
  tempFolder,
  writeScenario,
} from "./helpers.ts";

const MAXVCPUS = "computeEnvironments[0].computeResources.maxvCpus";
const RUNTIME_MAX = "jobDefinitions[0].sim.runtime.max";
/** 2 × 2 points, 2 replications each. */
const SWEEP = [
  "--set",
  `${MAXVCPUS}=4,16`,
  "--set",
  `${RUNTIME_MAX}=[10m, 30m]`,
  "--replications",
  "2",
];
const FILES = ["runs.csv", "sweep.csv", "sweep.json"];

let dir = "";
let file = "";
beforeEach(() => {
  dir = tempFolder();
  file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
});
afterEach(() => cleanUp(dir));

function read(folder: string, names = FILES): Record<string, string> {
  return Object.fromEntries(names.map((f) => [f, readFileSync(join(dir, folder, f), "utf8")]));
}

/** The environment without an array index, plus `extra`. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e = { ...ENV, ...extra };
  if (!("AWS_BATCH_JOB_ARRAY_INDEX" in extra)) delete e.AWS_BATCH_JOB_ARRAY_INDEX;
  if (!("JOB_COMPLETION_INDEX" in extra)) delete e.JOB_COMPLETION_INDEX;
  return e;
}

function sweep(...args: string[]) {
  return batchsimWithEnv(dir, env(), "sweep", file, ...SWEEP, ...args);
}

describe("batchsim sweep", { timeout: 60_000 }, () => {
  it("writes one sweep.csv row per point and one runs.csv row per run, whatever the number of workers", () => {
    const one = sweep("--out", "one", "--workers", "1");
    expect(one.stderr).toBe("");
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/^4 points × 2 replications/);
    expect(one.stdout).toMatch(/folder: one\n$/);
    expect(sweep("--out", "two", "--workers", "2", "--quiet").status).toBe(0);
    const files = read("one");
    expect(read("two")).toEqual(files);
    const rows = files["sweep.csv"]?.trimEnd().split("\n") ?? [];
    expect(rows[0]).toMatch(
      /^point,computeEnvironments\[0\]\.computeResources\.maxvCpus,jobDefinitions\[0\]\.sim\.runtime\.max,waitSeconds\.mean,waitSeconds\.mean\.ci95_lo,waitSeconds\.mean\.ci95_hi,/,
    );
    expect(rows.slice(1).map((r) => r.split(",").slice(0, 3).join(","))).toEqual([
      "0,4,10m",
      "1,4,30m",
      "2,16,10m",
      "3,16,30m",
    ]);
    const runs = files["runs.csv"]?.trimEnd().split("\n") ?? [];
    expect(runs[0]).toMatch(/^point,[^,]+,[^,]+,replication,seed,waitSeconds\.mean,/);
    expect(runs.slice(1).map((r) => r.split(",").slice(0, 5).join(","))).toEqual([
      "0,4,10m,1,7",
      "0,4,10m,2,7/replication-2",
      "1,4,30m,1,7",
      "1,4,30m,2,7/replication-2",
      "2,16,10m,1,7",
      "2,16,10m,2,7/replication-2",
      "3,16,30m,1,7",
      "3,16,30m,2,7/replication-2",
    ]);
    // Fewer vCPU, longer waits: the sweep measured something.
    const wait = (row: number) => Number(rows[row]?.split(",")[3]);
    expect(wait(1)).toBeGreaterThan(wait(3));
  });

  it("computes the same numbers as batchsim run for the same point and seed", () => {
    expect(sweep("--out", "sw", "--quiet").status).toBe(0);
    const r = batchsim(
      dir,
      "run",
      file,
      "--set",
      `${MAXVCPUS}=4`,
      "--set",
      `${RUNTIME_MAX}=30m`,
      "--seed",
      "7/replication-2",
      "--out",
      "run",
      "--quiet",
      "--report",
      "none",
    );
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, "run", "summary.json"), "utf8"));
    const runs = read("sw")["runs.csv"]?.split("\n") ?? [];
    const header = runs[0]?.split(",") ?? [];
    const row = runs.find((l) => l.startsWith("1,4,30m,2,"))?.split(",") ?? [];
    expect(Number(row[header.indexOf("waitSeconds.mean")])).toBe(summary.waitSeconds.mean);
    expect(Number(row[header.indexOf("cost.totalUsd")])).toBe(summary.cost.totalUsd);
    expect(Number(row[header.indexOf("jobs.succeeded")])).toBe(summary.jobs.succeeded);
  });

  it("runs one point with --index (or the array job's variable) and merges the points into the full sweep, byte for byte", () => {
    expect(sweep("--out", "full", "--quiet").status).toBe(0);
    const full = read("full");
    const r = sweep("--out", "parts", "--index", "2");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /point 2 of 4 \(computeEnvironments\[0\]\.computeResources\.maxvCpus=16, jobDefinitions\[0\]\.sim\.runtime\.max=10m\): parts\/points\/2\n$/,
    );
    // An indexed point holds exactly the full sweep's rows of that point.
    const point = read("parts/points/2", ["runs.csv", "point.json"]);
    const fullRuns = full["runs.csv"]?.split("\n") ?? [];
    expect(point["runs.csv"]).toBe(
      `${[fullRuns[0], ...fullRuns.filter((l) => l.startsWith("2,"))].join("\n")}\n`,
    );
    const pointJson = JSON.parse(point["point.json"] ?? "");
    expect(pointJson.point).toBe(2);
    expect(pointJson.points).toBe(4);
    expect(pointJson.seeds).toEqual(["7", "7/replication-2"]);
    expect(pointJson.sweep).toBe(JSON.parse(full["sweep.json"] ?? "").sweep);
    // AWS Batch array jobs and Kubernetes Indexed Jobs say the index in the environment.
    const aws = batchsimWithEnv(
      dir,
      env({ AWS_BATCH_JOB_ARRAY_INDEX: "0" }),
      "sweep",
      file,
      ...SWEEP,
      "--out",
      "parts",
      "--quiet",
    );
    expect(aws.status).toBe(0);
    const k8s = batchsimWithEnv(
      dir,
      env({ JOB_COMPLETION_INDEX: "1" }),
      "sweep",
      file,
      ...SWEEP,
      "--out",
      "parts",
      "--quiet",
    );
    expect(k8s.status).toBe(0);
    // --index wins over the environment.
    const flag = batchsimWithEnv(
      dir,
      env({ AWS_BATCH_JOB_ARRAY_INDEX: "0" }),
      "sweep",
      file,
      ...SWEEP,
      "--out",
      "parts",
      "--quiet",
      "--index",
      "3",
    );
    expect(flag.status).toBe(0);
    expect(readdirSync(join(dir, "parts", "points")).sort()).toEqual(["0", "1", "2", "3"]);
    const merged = batchsim(dir, "sweep", "merge", "parts");
    expect(merged.stderr).toBe("");
    expect(merged.status).toBe(0);
    expect(merged.stdout).toBe("merged 4 points: parts/sweep.csv\n");
    expect(read("parts")).toEqual(full);
  });

  it("refuses to merge missing or foreign points, naming them, and writes nothing", () => {
    const three = (...args: string[]) =>
      batchsimWithEnv(
        dir,
        env(),
        "sweep",
        file,
        "--set",
        `${MAXVCPUS}=4,8,16`,
        "--out",
        "parts",
        "--quiet",
        ...args,
      );
    for (const i of ["0", "1"]) expect(three("--index", i).status).toBe(0);
    // Point 1 again, from a sweep with other seeds: foreign.
    expect(
      sweep("--out", "parts", "--quiet", "--index", "1", "--seed", "8", "--force").status,
    ).toBe(0);
    const r = batchsim(dir, "sweep", "merge", "parts");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      [
        "batchsim sweep merge: parts: point 1 is from a different sweep (--seed 8 instead of (none))",
        "batchsim sweep merge: parts: missing point 2 (of 3)",
        "batchsim sweep merge: parts cannot be merged; nothing was written",
        "",
      ].join("\n"),
    );
    expect(readdirSync(join(dir, "parts"))).toEqual(["points"]);
    writeFileSync(join(dir, "parts", "points", "0", "point.json"), "{");
    const broken = batchsim(dir, "sweep", "merge", "parts");
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/parts: points\/0\/point\.json is not valid JSON\n/);
    expect(batchsim(dir, "sweep", "merge", "nowhere").stderr).toBe(
      "batchsim sweep merge: nowhere: no such folder\n",
    );
  });

  it("refuses a bad --set path with a did-you-mean before running anything", () => {
    const r = sweep("--set", "computeEnvironments[0].computeResources.maxvCpu=1,2");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^--set:3:1 error computeEnvironments\[0\]\.computeResources\.maxvCpu: maxvCpu is not a field of the scenario \(did you mean maxvCpus\?\)\n/,
    );
    expect(r.stderr).toMatch(
      /batchsim sweep: every point is invalid: point 0 \(.*\); and 5 more; nothing was run\n$/,
    );
    expect(existsSync(join(dir, "runs"))).toBe(false);
  });

  it("validates every point before running any: a value of the wrong type names its point", () => {
    const r = batchsimWithEnv(dir, env(), "sweep", file, "--set", `${MAXVCPUS}=8,lots`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^--set:1:1 error computeEnvironments\[0\]\.computeResources\.maxvCpus: /,
    );
    expect(r.stderr).toMatch(
      /batchsim sweep: 1 of 2 points are invalid: point 1 \(computeEnvironments\[0\]\.computeResources\.maxvCpus=lots\); nothing was run\n$/,
    );
    expect(r.stderr).not.toMatch(/at |internal/);
    expect(existsSync(join(dir, "runs"))).toBe(false);
  });

  it("refuses an index outside the sweep, a bad index variable, --replications 0 and an existing folder", () => {
    const outside = sweep("--index", "4");
    expect(outside.status).toBe(2);
    expect(outside.stderr).toBe("batchsim sweep: --index 4 is outside the sweep (points 0 to 3)\n");
    const variable = batchsimWithEnv(
      dir,
      env({ JOB_COMPLETION_INDEX: "x" }),
      "sweep",
      file,
      ...SWEEP,
    );
    expect(variable.status).toBe(2);
    expect(variable.stderr).toMatch(
      /^batchsim sweep: JOB_COMPLETION_INDEX must be a whole number from 0/,
    );
    const outsideVariable = batchsimWithEnv(
      dir,
      env({ AWS_BATCH_JOB_ARRAY_INDEX: "9" }),
      "sweep",
      file,
      ...SWEEP,
    );
    expect(outsideVariable.stderr).toBe(
      "batchsim sweep: AWS_BATCH_JOB_ARRAY_INDEX 9 is outside the sweep (points 0 to 3)\n",
    );
    const zero = batchsimWithEnv(dir, env(), "sweep", file, "--replications", "0");
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/--replications must be a whole number from 1/);
    expect(batchsimWithEnv(dir, env(), "sweep", file, "--out", "o", "--quiet").status).toBe(0);
    const before = read("o");
    const exists = sweep("--out", "o");
    expect(exists.status).toBe(2);
    expect(exists.stderr).toBe("batchsim: output folder exists (use --force): o\n");
    expect(read("o")).toEqual(before);
    expect(existsSync(join(dir, "runs"))).toBe(false);
  });

  it("sweeps nothing but replications when no --set is given, into runs/sweep-<name>", () => {
    const r = batchsimWithEnv(dir, env(), "sweep", file, "--replications", "3", "--quiet");
    expect(r.status).toBe(0);
    const rows = read("runs/sweep-small")["sweep.csv"]?.trimEnd().split("\n") ?? [];
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/^0,[\d.]+,[\d.]+,[\d.]+,/);
  });
});
