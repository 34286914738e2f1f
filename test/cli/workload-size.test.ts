import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadScenarioSource } from "../../src/cli/scenario-file.ts";
import {
  BYTES_PER_JOB,
  MEMORY_FRACTION,
  workloadSizeProblem,
} from "../../src/cli/workload-size.ts";
import { batchsim, cleanUp, SMALL_SCENARIO, tempFolder, writeScenario } from "./helpers.ts";

const MMC = fileURLToPath(new URL("../../scenarios/mmc-erlang.yaml", import.meta.url));

/** SMALL_SCENARIO with its arrivals replaced. */
function withArrivals(arrivals: string): string {
  const text = SMALL_SCENARIO.replace(
    "arrivals: {process: poisson, ratePerHour: 60, count: 30}",
    `arrivals: ${arrivals}`,
  );
  expect(text).not.toBe(SMALL_SCENARIO);
  return text;
}

/** 1-based line and column of the first `needle` in `text`. */
function lineColOf(text: string, needle: string): { line: number; col: number } {
  const before = text.slice(0, text.indexOf(needle)).split("\n");
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

const BILLION = withArrivals("{process: poisson, ratePerHour: 3600, count: 1000000000}");
const TOO_LARGE =
  /^this scenario would create about 1\.0e9 jobs \(≈ 1\.0 TB in memory, more than half of this machine's ~\d+(\.\d)? [GT]B\): cut it with count: or until:$/;

let dir = "";
beforeEach(() => {
  dir = tempFolder();
});
afterEach(() => cleanUp(dir));

describe("batchsim run refuses a workload too large for memory before simulating", () => {
  it("exits 2 at once on a billion arrivals, at the stream's arrivals:, leaving no folder", () => {
    const file = writeScenario(dir, "big.yaml", BILLION);
    const started = performance.now();
    const r = batchsim(dir, "run", file, "--out", "out");
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const { line, col } = lineColOf(BILLION, "{process: poisson, ratePerHour: 3600");
    const prefix = `big.yaml:${line}:${col} error workload[0].arrivals: `;
    expect(r.stderr.startsWith(prefix)).toBe(true);
    expect(r.stderr.slice(prefix.length).trimEnd()).toMatch(TOO_LARGE);
    expect(r.stderr.split("\n")).toHaveLength(2);
    expect(existsSync(`${dir}/out`)).toBe(false);
    expect(readdirSync(dir)).toEqual(["big.yaml"]);
  });

  it("refuses a --set count of a billion on a bundled scenario the same way", () => {
    const started = performance.now();
    // At the scenario's own 36/h a billion arrivals would also span 3,171 years (refused for that);
    // at 3,600/h they span 32 years and only their number is too large.
    const r = batchsim(
      dir,
      "run",
      MMC,
      "--set",
      "workload[0].arrivals.count=1000000000",
      "--set",
      "workload[0].arrivals.ratePerHour=3600",
    );
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.status).toBe(2);
    const line = r.stderr.trimEnd();
    expect(line).toMatch(/mmc-erlang\.yaml:\d+:\d+ error workload\[0\]\.arrivals: /);
    expect(line.slice(line.indexOf("arrivals: ") + "arrivals: ".length)).toMatch(TOO_LARGE);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses poisson arrivals bounded only by a long until, by rate × window", () => {
    const text = `${withArrivals("{process: poisson, ratePerHour: 3600}")}until: 36500d\n`;
    const r = batchsim(dir, "run", writeScenario(dir, "long.yaml", text), "--quiet");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^long\.yaml:\d+:\d+ error workload\[0\]\.arrivals: this scenario would create about 3\.2e9 jobs \(≈ 3\.2 TB in memory, /,
    );
    expect(readdirSync(dir)).toEqual(["long.yaml"]);
  });

  it("is reported by batchsim validate too", () => {
    const file = writeScenario(dir, "big.yaml", BILLION);
    const r = batchsim(dir, "validate", file);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^big\.yaml:\d+:\d+ error workload\[0\]\.arrivals: this scenario /);
  });
});

describe("workloadSizeProblem", () => {
  function load(text: string) {
    const source = { file: "s.yaml", text, sha256: "" };
    return { source, scenario: loadScenarioSource(source).scenario };
  }

  it("refuses when jobs × BYTES_PER_JOB exceed MEMORY_FRACTION of the machine's memory", () => {
    const { source, scenario } = load(withArrivals("{process: fixed, every: 1s, count: 1000000}"));
    const limit = (1e6 * BYTES_PER_JOB) / MEMORY_FRACTION;
    expect(workloadSizeProblem(source, scenario, limit)).toBeNull();
    expect(workloadSizeProblem(source, scenario, limit - 1)?.message).toBe(
      "this scenario would create about 1.0e6 jobs (≈ 1.0 GB in memory, more than half of this machine's ~2.0 GB): cut it with count: or until:",
    );
  });

  it("points at the stream that contributes most, with the fields that bound it", () => {
    const text = SMALL_SCENARIO.replace(
      /workload:\n[\s\S]*$/,
      [
        "workload:",
        "  - name: small",
        "    submit: {jobQueue: main, jobDefinition: worker}",
        "    arrivals: {process: fixed, every: 1h, count: 10}",
        "  - name: daily",
        "    submit: {jobQueue: main, jobDefinition: worker}",
        "    arrivals:",
        "      process: diurnal",
        `      ratePerHour: [${Array(24).fill(1000).join(", ")}]`,
        "      days: 100",
        "",
      ].join("\n"),
    );
    const { source, scenario } = load(text);
    const p = workloadSizeProblem(source, scenario, 1e9);
    expect(p).toMatchObject({
      file: "s.yaml",
      ...lineColOf(text, "process: diurnal"),
      path: "workload[1].arrivals",
    });
    expect(p?.message).toMatch(/about 2\.4e6 jobs .*: cut it with days: or until:$/);
  });
});

describe("compare and sweep refuse it too, before running anything", () => {
  it("compare: exit 2 with the located message, no output folder", () => {
    const file = writeScenario(dir, "big.yaml", BILLION);
    const r = batchsim(dir, "compare", file, file, "--out", "cmp");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("big.yaml:");
    expect(r.stderr).toContain("this scenario would create about 1.0e9 jobs");
    expect(readdirSync(dir)).toEqual(["big.yaml"]);
  });

  it("sweep: every point refused at once, nothing run", () => {
    const file = writeScenario(dir, "big.yaml", BILLION);
    const r = batchsim(
      dir,
      "sweep",
      file,
      "--set",
      "settings.jobStartingSeconds=0,1",
      "--out",
      "s",
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("this scenario would create about 1.0e9 jobs");
    expect(r.stderr).toContain("every point is invalid");
    expect(readdirSync(dir)).toEqual(["big.yaml"]);
  });
});
