import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HEADLINE_METRICS } from "../../src/report/index.ts";
import { batchsim, cleanUp, SMALL_SCENARIO, tempFolder, writeScenario } from "./helpers.ts";

let dir = "";
beforeEach(() => {
  dir = tempFolder();
});
afterEach(() => cleanUp(dir));

interface Side {
  mean: number;
  ci95: [number, number] | null;
  n: number;
}
interface Comparison {
  replications: number;
  a: string;
  b: string;
  metrics: Record<string, { a: Side | null; b: Side | null; delta: Side | null }>;
}

function comparison(folder: string): Comparison {
  return JSON.parse(readFileSync(join(dir, folder, "comparison.json"), "utf8")) as Comparison;
}

/** SMALL_SCENARIO with another name, maxvCpus and seed. */
function variant(name: string, maxvCpus: number, seed = 7): string {
  return SMALL_SCENARIO.replace("name: small", `name: ${name}`)
    .replace("maxvCpus: 16", `maxvCpus: ${maxvCpus}`)
    .replace("seed: 7", `seed: ${seed}`);
}

describe("batchsim compare", { timeout: 60_000 }, () => {
  it("shows exactly zero difference, with a zero-width interval, for a scenario compared with itself", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    const r = batchsim(dir, "compare", file, file, "--replications", "4");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const c = comparison("runs/compare-small-vs-small");
    expect(Object.keys(c)).toEqual(["replications", "a", "b", "metrics"]);
    expect([c.a, c.b]).toEqual(["small", "small"]);
    expect(c.replications).toBe(4);
    expect(Object.keys(c.metrics)).toEqual(HEADLINE_METRICS);
    for (const [path, m] of Object.entries(c.metrics)) {
      if (m.a === null) {
        expect(m, path).toEqual({ a: null, b: null, delta: null });
        continue;
      }
      expect(m.b, path).toEqual(m.a);
      expect(m.delta, path).toEqual({ mean: 0, ci95: [0, 0], n: 4 });
    }
    // No Spot, no shares: those metrics do not apply.
    expect(c.metrics["spot.interruptions"]).toEqual({ a: null, b: null, delta: null });
    expect(c.metrics["fairness.jainIndex"]).toEqual({ a: null, b: null, delta: null });
    expect(r.stdout).not.toMatch(/significant/);
    expect(r.stdout).toMatch(/^a: small \(s\.yaml\)\nb: small \(s\.yaml\)\n4 replications each/);
    const csv = readFileSync(join(dir, "runs/compare-small-vs-small/replications.csv"), "utf8");
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe(["scenario", "replication", "seed", ...HEADLINE_METRICS].join(","));
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 3).join(","))).toEqual([
      "a,1,7",
      "a,2,7/replication-2",
      "a,3,7/replication-3",
      "a,4,7/replication-4",
      "b,1,7",
      "b,2,7/replication-2",
      "b,3,7/replication-3",
      "b,4,7/replication-4",
    ]);
    expect(lines.slice(5).map((l) => l.slice(1))).toEqual(lines.slice(1, 5).map((l) => l.slice(1)));
  });

  it("finds fewer vCPU significantly worse: the wait's difference interval lies above 0", () => {
    const a = writeScenario(dir, "a.yaml", SMALL_SCENARIO);
    // B is A with a quarter of the vCPU, and a seed of its own that common random numbers override.
    const b = writeScenario(dir, "b.yaml", variant("small-4vcpu", 4, 99));
    const r = batchsim(
      dir,
      "compare",
      a,
      b,
      "--replications",
      "5",
      "--out",
      "cmp",
      "--workers",
      "2",
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      "b.yaml: note: seed 99 is not used: both scenarios run with the seeds of a.yaml (7, …), common random numbers\n",
    );
    const wait = comparison("cmp").metrics["waitSeconds.mean"];
    expect(wait?.delta?.ci95?.[0]).toBeGreaterThan(0);
    expect(wait?.delta?.mean).toBeCloseTo((wait?.b?.mean ?? 0) - (wait?.a?.mean ?? 0), 6);
    expect(r.stdout).toMatch(/\n {2}waitSeconds\.mean .* significant: b higher\n/);
    // The same jobs arrive with the same runtimes: as many succeed in both.
    const succeeded = comparison("cmp").metrics["jobs.succeeded"];
    expect(succeeded?.delta).toEqual({ mean: 0, ci95: [0, 0], n: 5 });
  });

  it("writes the same files whatever the number of workers", () => {
    const a = writeScenario(dir, "a.yaml", SMALL_SCENARIO);
    const b = writeScenario(dir, "b.yaml", variant("small-8", 8));
    for (const w of ["1", "2"])
      expect(
        batchsim(
          dir,
          "compare",
          a,
          b,
          "--replications",
          "3",
          "--out",
          `w${w}`,
          "--workers",
          w,
          "--quiet",
        ).status,
      ).toBe(0);
    for (const f of ["comparison.json", "replications.csv"])
      expect(readFileSync(join(dir, "w2", f), "utf8")).toBe(
        readFileSync(join(dir, "w1", f), "utf8"),
      );
  });

  it("reports the problems of both files at once and runs nothing", () => {
    const a = writeScenario(
      dir,
      "a.yaml",
      SMALL_SCENARIO.replace("maxvCpus: 16", "maxvCpus: many"),
    );
    const r = batchsim(dir, "compare", a, "missing.yaml");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^missing\.yaml:1:1 error \$: cannot read missing\.yaml: no such file or directory\n$/,
    );
    const b = writeScenario(
      dir,
      "b.yaml",
      SMALL_SCENARIO.replace("ratePerHour: 60", "ratePerHour: x"),
    );
    const both = batchsim(dir, "compare", a, b);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(
      /^a\.yaml:\d+:\d+ error computeEnvironments\[0\]\.computeResources\.maxvCpus: .*\nb\.yaml:\d+:\d+ error workload\[0\]\.arrivals\.ratePerHour: /,
    );
    expect(existsSync(join(dir, "runs"))).toBe(false);
  });

  it("refuses --replications 0, a single file and an existing folder without --force", () => {
    const a = writeScenario(dir, "a.yaml", SMALL_SCENARIO);
    const zero = batchsim(dir, "compare", a, a, "--replications", "0");
    expect(zero.status).toBe(2);
    expect(zero.stderr).toBe(
      'batchsim compare: --replications must be a whole number from 1 to 1000000 (got "0")\n',
    );
    expect(batchsim(dir, "compare", a).stderr).toMatch(
      /^batchsim compare: expected two scenario files; usage: /,
    );
    expect(
      batchsim(dir, "compare", a, a, "--replications", "2", "--out", "o", "--quiet").status,
    ).toBe(0);
    const before = readFileSync(join(dir, "o", "comparison.json"), "utf8");
    const again = batchsim(dir, "compare", a, a, "--replications", "3", "--out", "o");
    expect(again.status).toBe(2);
    expect(again.stderr).toBe("batchsim: output folder exists (use --force): o\n");
    expect(readFileSync(join(dir, "o", "comparison.json"), "utf8")).toBe(before);
  });
});
