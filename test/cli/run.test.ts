import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BIN,
  batchsim,
  cleanUp,
  ENV,
  SMALL_SCENARIO,
  tempFolder,
  writeScenario,
} from "./helpers.ts";

const RUN_FILES = [
  "attempts.csv",
  "decisions.csv",
  "events.jsonl",
  "instances.csv",
  "jobs.csv",
  "report.html",
  "summary.json",
  "timeseries.csv",
];

let dir = "";
beforeEach(() => {
  dir = tempFolder();
});
afterEach(() => cleanUp(dir));

function readRun(folder: string): Record<string, string> {
  return Object.fromEntries(RUN_FILES.map((f) => [f, readFileSync(join(dir, folder, f), "utf8")]));
}

describe("batchsim run (needs simulate())", () => {
  it("writes the eight files of the run folder under runs/<name> and prints the summary table", () => {
    const r = batchsim(dir, "run", writeScenario(dir, "s.yaml", SMALL_SCENARIO));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, "runs", "small")).sort()).toEqual(RUN_FILES);
    expect(readdirSync(join(dir, "runs"))).toEqual(["small"]);
    expect(r.stdout).toMatch(/^small\n {2}jobs +30 submitted, /);
    expect(r.stdout).toMatch(/run folder: runs\/small\n$/);
    const summary = JSON.parse(readRun("runs/small")["summary.json"] ?? "");
    expect(summary.jobs.submitted).toBe(30);
    expect(summary.outputs).toEqual({ events: "full" });
    expect(summary.seed).toBe("7");
    expect(summary.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("writes byte-identical files whatever --out is", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    expect(batchsim(dir, "run", file, "--out", "a", "--quiet").status).toBe(0);
    expect(batchsim(dir, "run", file, "--out", "deeper/b", "--quiet").status).toBe(0);
    expect(readRun("deeper/b")).toEqual(readRun("a"));
  });

  it("changes the outputs when --seed changes", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    expect(batchsim(dir, "run", file, "--out", "a", "--quiet").status).toBe(0);
    expect(batchsim(dir, "run", file, "--out", "b", "--quiet", "--seed", "8").status).toBe(0);
    const a = readRun("a");
    const b = readRun("b");
    expect(b["jobs.csv"]).not.toBe(a["jobs.csv"]);
    expect(JSON.parse(b["summary.json"] ?? "").seed).toBe("8");
  });

  it("replaces an existing folder with --force and prints nothing with --quiet", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    expect(batchsim(dir, "run", file, "--out", "a", "--quiet").status).toBe(0);
    const r = batchsim(dir, "run", file, "--out", "a", "--quiet", "--force", "--events", "compact");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(readdirSync(dir).sort()).toEqual(["a", "s.yaml"]);
    const run = readRun("a");
    expect(JSON.parse(run["summary.json"] ?? "").outputs).toEqual({ events: "compact" });
    expect(run["events.jsonl"]?.split("\n")[0]).toMatch(/^\{"t":/);
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "stops on %s with exit %i and leaves no folder behind",
    async (signal, code) => {
      const big = SMALL_SCENARIO.replace(
        "ratePerHour: 60, count: 30",
        "ratePerHour: 100000, count: 2000000",
      );
      const file = writeScenario(dir, "big.yaml", big);
      const child = spawn(process.execPath, [BIN, "run", file, "--out", "out", "--quiet"], {
        cwd: dir,
        env: ENV,
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise<string>((resolve) =>
        child.on("exit", (code, sig) => resolve(`code ${code} signal ${sig}`)),
      );
      const started = Date.now();
      while (!readdirSync(dir).some((f) => f.includes(".tmp-")) && Date.now() - started < 30_000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill(signal);
      // On a failure, what the command said tells which of its steps the signal met.
      expect(await exited, stderr).toBe(`code ${code} signal null`);
      expect(readdirSync(dir), stderr).toEqual(["big.yaml"]);
      expect(existsSync(join(dir, "out"))).toBe(false);
    },
    60_000,
  );
});
