import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HEADLINE_METRICS, headlineValues, type Summary } from "../../src/report/index.ts";
import { batchsim, cleanUp, SMALL_SCENARIO, tempFolder, writeScenario } from "./helpers.ts";

let dir = "";
let file = "";
beforeEach(() => {
  dir = tempFolder();
  file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
});
afterEach(() => cleanUp(dir));

const text = (...parts: string[]) => readFileSync(join(dir, ...parts), "utf8");

describe("batchsim run --replications", { timeout: 60_000 }, () => {
  it("writes the plain run's folder plus replications.csv and summary.json → replications", () => {
    expect(batchsim(dir, "run", file, "--out", "plain", "--quiet").status).toBe(0);
    const r = batchsim(dir, "run", file, "--out", "reps", "--replications", "4");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/run folder: reps\n\n4 replications: mean ± half-width/);
    expect(r.stdout).toMatch(/\n {2}waitSeconds\.mean +[\d.,]+ s ± [\d.,]+ s\n/);
    const plainFiles = readdirSync(join(dir, "plain")).sort();
    expect(readdirSync(join(dir, "reps")).sort()).toEqual(
      [...plainFiles, "replications.csv"].sort(),
    );
    // Replication 1 is exactly the plain run.
    for (const f of plainFiles.filter((f) => f !== "summary.json"))
      expect(text("reps", f), f).toBe(text("plain", f));
    const plain = JSON.parse(text("plain", "summary.json")) as Summary;
    const { replications, ...rest } = JSON.parse(text("reps", "summary.json"));
    expect(rest).toEqual(plain);
    expect(Object.keys(JSON.parse(text("reps", "summary.json"))).at(-1)).toBe("replications");
    expect(replications.n).toBe(4);
    expect(replications.seeds).toEqual([
      "7",
      "7/replication-2",
      "7/replication-3",
      "7/replication-4",
    ]);
    expect(Object.keys(replications.metrics)).toEqual(HEADLINE_METRICS);
    expect(replications.metrics["spot.interruptions"]).toBeNull();
    const wait = replications.metrics["waitSeconds.mean"];
    expect(Object.keys(wait)).toEqual(["mean", "ci95", "n"]);
    expect(wait.ci95[0]).toBeLessThanOrEqual(wait.mean);
    expect(wait.ci95[1]).toBeGreaterThanOrEqual(wait.mean);
    const lines = text("reps", "replications.csv").trimEnd().split("\n");
    expect(lines[0]).toBe(["replication", "seed", ...HEADLINE_METRICS].join(","));
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(
      ["1", "7", ...headlineValues(plain).map((v) => (v === null ? "" : String(v)))].join(","),
    );
  });

  it("gives replication r the numbers of a plain run with --seed <seed>/replication-<r>", () => {
    expect(
      batchsim(dir, "run", file, "--out", "reps", "--replications", "3", "--quiet").status,
    ).toBe(0);
    const args = ["--out", "r3", "--quiet", "--seed", "7/replication-3", "--report", "none"];
    expect(batchsim(dir, "run", file, ...args).status).toBe(0);
    const r3 = JSON.parse(text("r3", "summary.json")) as Summary;
    const row = text("reps", "replications.csv").trimEnd().split("\n")[3];
    expect(row).toBe(
      [
        "3",
        "7/replication-3",
        ...headlineValues(r3).map((v) => (v === null ? "" : String(v))),
      ].join(","),
    );
  });

  it("writes byte-identical folders with 1 worker and with 2", () => {
    for (const w of ["1", "2"])
      expect(
        batchsim(
          dir,
          "run",
          file,
          "--out",
          `w${w}`,
          "--replications",
          "5",
          "--workers",
          w,
          "--quiet",
          "--report",
          "none",
        ).status,
      ).toBe(0);
    for (const f of readdirSync(join(dir, "w1"))) expect(text("w2", f), f).toBe(text("w1", f));
  });

  it("refuses --replications 0 or 1.5, and --workers 0", () => {
    for (const bad of ["0", "1.5", "x"]) {
      const r = batchsim(dir, "run", file, "--replications", bad);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        `batchsim run: --replications must be a whole number from 1 to 1000000 (got "${bad}")\n`,
      );
    }
    const w = batchsim(dir, "run", file, "--workers", "0");
    expect(w.status).toBe(2);
    expect(w.stderr).toBe(
      'batchsim run: --workers must be a whole number from 1 to 1000000 (got "0")\n',
    );
    expect(readdirSync(dir)).toEqual(["s.yaml"]);
  });
});
