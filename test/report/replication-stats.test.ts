import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  compareMetrics,
  estimate,
  estimateMetrics,
  formatComparisonTable,
  formatEstimate,
  HEADLINE_METRICS,
  headlineValues,
  pairedDifference,
  replicationSeed,
  replicationSeeds,
  runsCsv,
  type Summary,
  significance,
  sweepCsv,
  tQuantile,
} from "../../src/report/index.ts";

const golden = (name: string): Summary =>
  JSON.parse(
    readFileSync(new URL(`../golden/${name}.summary.json`, import.meta.url), "utf8"),
  ) as Summary;

/** The value at a dotted path of a JSON object (undefined when absent). */
function at(value: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (v, key) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : v),
      value,
    );
}

describe("the headline metrics", () => {
  it("are summary.json paths, read as they are in the file (null where they do not apply)", () => {
    for (const name of ["quickstart", "spot-with-ondemand-spill", "fairshare-two-teams"]) {
      const summary = golden(name);
      const values = headlineValues(summary);
      HEADLINE_METRICS.forEach((path, i) => {
        const expected = at(summary, path);
        expect(expected === null || typeof expected === "number", `${name} ${path}`).toBe(true);
        expect(values[i], `${name} ${path}`).toBe(expected ?? null);
      });
    }
  });

  it("include the ones the issue names", () => {
    for (const path of [
      "waitSeconds.mean",
      "waitSeconds.p50",
      "waitSeconds.p90",
      "waitSeconds.p99",
      "responseSeconds.mean",
      "cost.totalUsd",
      "utilization.ratio",
      "jobs.failed",
      "spot.interruptions",
    ])
      expect(HEADLINE_METRICS).toContain(path);
  });

  it("read spot.interruptions as null without Spot, and fairness.jainIndex as null without shares", () => {
    const values = headlineValues(golden("quickstart"));
    expect(values[HEADLINE_METRICS.indexOf("spot.interruptions")]).toBeNull();
    expect(values[HEADLINE_METRICS.indexOf("fairness.jainIndex")]).toBeNull();
  });
});

describe("replication seeds", () => {
  it("use the base seed for replication 1 and <base>/replication-<r> after it", () => {
    expect(replicationSeed("42", 1)).toBe("42");
    expect(replicationSeed("42", 3)).toBe("42/replication-3");
    expect(replicationSeeds("s", 3)).toEqual(["s", "s/replication-2", "s/replication-3"]);
    expect(() => replicationSeed("42", 0)).toThrow();
  });
});

describe("estimate", () => {
  it("gives mean ± t(0.975, n − 1)·s/√n", () => {
    // mean 3, s² = 2.5, so s/√n = √0.5; t(0.975, 4) = 2.776445.
    const e = estimate([1, 2, 3, 4, 5]);
    const half = tQuantile(0.975, 4) * Math.sqrt(0.5);
    expect(half).toBeCloseTo(1.963243, 5);
    expect(e?.mean).toBe(3);
    expect(e?.n).toBe(5);
    expect(e?.ci95?.[0]).toBeCloseTo(3 - half, 12);
    expect(e?.ci95?.[1]).toBeCloseTo(3 + half, 12);
  });

  it("has no interval for one run, and is null when the metric never applies", () => {
    expect(estimate([7])).toEqual({ mean: 7, ci95: null, n: 1 });
    expect(estimate([null, null])).toBeNull();
    expect(estimate([])).toBeNull();
  });

  it("uses only the runs where the metric applies, and says how many", () => {
    const e = estimate([2, null, 4]);
    expect(e?.n).toBe(2);
    expect(e?.mean).toBe(3);
    // s = √2, √n = √2: the half-width is t(0.975, 1) = 12.706.
    expect((e?.ci95?.[1] ?? 0) - 3).toBeCloseTo(12.7062, 4);
  });

  it("gives a zero-width interval when every run agrees", () => {
    expect(estimate([0.1, 0.1, 0.1])?.ci95).toEqual([0.1, 0.1]);
  });
});

describe("the paired difference", () => {
  it("is the estimate of b − a over the replications where both apply", () => {
    const d = pairedDifference([1, null, 3, 4], [2, 5, null, 6]);
    expect(d?.n).toBe(2);
    expect(d?.mean).toBe(1.5);
  });

  it("is exactly 0 with a zero-width interval for a run compared with itself", () => {
    const a = [103.25, 99.5, 120.125, 87.75];
    expect(pairedDifference(a, a)).toEqual({ mean: 0, ci95: [0, 0], n: 4 });
  });

  it("is null when no replication has both", () => {
    expect(pairedDifference([1, null], [null, 2])).toBeNull();
  });

  it("is narrower than the difference of two unpaired intervals when runs are correlated", () => {
    const a = [100, 140, 90, 160, 120];
    const b = a.map((x, i) => x + 10 + (i % 2));
    const d = pairedDifference(a, b);
    const ea = estimate(a);
    expect(d?.ci95?.[0]).toBeGreaterThan(0);
    expect((d?.ci95?.[1] ?? 0) - (d?.ci95?.[0] ?? 0)).toBeLessThan(
      (ea?.ci95?.[1] ?? 0) - (ea?.ci95?.[0] ?? 0),
    );
  });
});

describe("compareMetrics", () => {
  const rows = [headlineValues(golden("quickstart")), headlineValues(golden("all-on-demand"))];

  it("gives every metric of a scenario compared with itself a delta of exactly 0, or null", () => {
    const metrics = compareMetrics(rows, rows);
    expect(Object.keys(metrics)).toEqual(HEADLINE_METRICS);
    for (const path of HEADLINE_METRICS) {
      const c = metrics[path];
      if (c?.a === null) expect(c).toEqual({ a: null, b: null, delta: null });
      else expect(c?.delta).toEqual({ mean: 0, ci95: [0, 0], n: 2 });
    }
    expect(metrics["spot.interruptions"]).toEqual({ a: null, b: null, delta: null });
  });

  it("says which differences are significant, and in which direction", () => {
    expect(significance({ mean: 5, ci95: [1, 9], n: 5 })).toBe("higher");
    expect(significance({ mean: -5, ci95: [-9, -1], n: 5 })).toBe("lower");
    expect(significance({ mean: 1, ci95: [-1, 3], n: 5 })).toBeNull();
    expect(significance({ mean: 1, ci95: null, n: 1 })).toBeNull();
    expect(significance(null)).toBeNull();
  });
});

describe("the experiment tables", () => {
  it("prints mean ± half-width, n when not every run counts, and marks significant differences", () => {
    expect(formatEstimate("waitSeconds.mean", { mean: 100, ci95: [90, 110], n: 5 }, 5)).toBe(
      "100.0 s ± 10.0 s",
    );
    expect(formatEstimate("cost.totalUsd", { mean: -2.5, ci95: [-3, -2], n: 3 }, 5, true)).toBe(
      "-$2.50 ± $0.50 (n=3)",
    );
    expect(formatEstimate("jobs.failed", null, 5)).toBe("-");
    const a = [[100], [110], [120]].map((r) =>
      HEADLINE_METRICS.map((_, i) => (i === 0 ? r[0]! : null)),
    );
    const b = a.map((r) => r.map((x) => (x === null ? null : x + 50)));
    const table = formatComparisonTable({ a: "A", b: "B" }, compareMetrics(a, b), 3);
    expect(table).toMatch(/waitSeconds\.mean .*\+50\.0 s ± 0\.0 s {2}significant: b higher/);
    expect(table).not.toMatch(/waitSeconds\.p50 .*significant/);
  });
});

describe("the experiment CSV files", () => {
  it("write null as an empty cell and numbers in full, so they read back exactly", () => {
    const values = HEADLINE_METRICS.map((_, i) => (i === 0 ? 0.1 + 0.2 : null));
    const text = runsCsv(["replication", "seed"], [{ lead: [1, "a,b"], values }]);
    const [header, line] = text.split("\n");
    expect(header).toBe(["replication", "seed", ...HEADLINE_METRICS].join(","));
    expect(line).toBe(`1,"a,b",0.30000000000000004${",".repeat(HEADLINE_METRICS.length - 1)}`);
    expect(Number(line?.split(",")[3])).toBe(0.1 + 0.2);
  });

  it("give each sweep point the mean and interval bounds of every metric (bounds empty for one run)", () => {
    const row = (x: number) => HEADLINE_METRICS.map((_, i) => (i === 0 ? x : null));
    const text = sweepCsv(
      ["maxvCpus"],
      [
        { point: 0, parameterValues: ["16"], seeds: ["1"], values: [row(10)] },
        {
          point: 1,
          parameterValues: ["32"],
          seeds: ["1", "1/replication-2"],
          values: [row(4), row(6)],
        },
      ],
    );
    const lines = text.trimEnd().split("\n");
    expect(
      lines[0]?.startsWith(
        "point,maxvCpus,waitSeconds.mean,waitSeconds.mean.ci95_lo,waitSeconds.mean.ci95_hi,waitSeconds.p50,",
      ),
    ).toBe(true);
    expect(lines[1]?.startsWith("0,16,10,,,,,,")).toBe(true);
    const e = estimateMetrics([row(4), row(6)])["waitSeconds.mean"];
    expect(lines[2]?.startsWith(`1,32,5,${e?.ci95?.[0]},${e?.ci95?.[1]},,,`)).toBe(true);
  });
});
