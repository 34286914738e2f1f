/**
 * The confidence interval of `--replications` covers the true value at about its nominal rate: for
 * an M/M/c queue the true mean wait is the Erlang C formula's, and the 95 % interval of the mean
 * wait over 10 replications should contain it for about 95 % of base seeds. Each run starts empty
 * and idle, so its mean wait is a little below the steady state's (the misses are all below); the
 * band is generous: at least 34 of 40 seeds (85 %).
 */
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../src/cli/scenario-file.ts";
import { summarizeRun } from "../../src/cli/summary-run.ts";
import { estimate, replicationSeeds } from "../../src/report/index.ts";

/** Erlang C: probability that an arrival waits in an M/M/c queue with offered load a = λ/μ. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a));
  return top / (sum + top);
}

const SEEDS = 40;
const REPLICATIONS = 10;
/** Jobs per run: enough that the empty start's bias is small next to the interval's width. */
const JOBS = 4000;

describe("the 95 % confidence interval over replications", () => {
  it("covers the Erlang C mean wait of an M/M/8 queue for at least 34 of 40 base seeds", () => {
    // scenarios/mmc-erlang.yaml: λ = 36/h, 1/μ = 10 min, c = 8, every latency zero.
    const c = 8;
    const lambda = 36 / 3600;
    const mu = 1 / 600;
    const wq = erlangC(c, lambda / mu) / (c * mu - lambda);
    expect(wq).toBeCloseTo(107.094, 2);
    const { scenario, sha256 } = loadScenarioFile("scenarios/mmc-erlang.yaml", {
      sets: [`workload[0].arrivals.count=${JOBS}`],
    });
    const meta = { scenarioSha256: sha256, batchsimVersion: "", assumptions: {}, outputs: {} };
    let covered = 0;
    let halfWidths = 0;
    for (let s = 1; s <= SEEDS; s++) {
      const waits = replicationSeeds(`coverage-${s}`, REPLICATIONS).map(
        (seed) => summarizeRun({ ...scenario, seed }, meta).waitSeconds.mean,
      );
      const ci = estimate(waits)?.ci95;
      if (!ci) throw new Error("no interval");
      if (ci[0] <= wq && wq <= ci[1]) covered += 1;
      halfWidths += (ci[1] - ci[0]) / 2;
    }
    expect(covered).toBeGreaterThanOrEqual(34);
    // …and not by being wide: the intervals are a fraction of the value they estimate.
    expect(halfWidths / SEEDS).toBeLessThan(0.25 * wq);
  }, 60_000);
});
