import { describe, expect, it } from "vitest";
import type { Fact } from "../../src/sim/facts.ts";
import { simulate } from "../../src/sim/index.ts";
import { fleetCe, instantSettings, queue, scenario, spec } from "./fixtures.ts";

/** Erlang C: probability that an arrival waits in an M/M/c queue with offered load a = λ/μ. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1; // Σ_{k=0}^{c-1} a^k / k!
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a)); // a^c / c! · c / (c − a)
  return top / (sum + top);
}

/** Mean and batch-means standard error (the waits of a queue are autocorrelated). */
function batchMeans(xs: readonly number[], batches: number): { mean: number; se: number } {
  const size = Math.floor(xs.length / batches);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let s = 0;
    for (let i = b * size; i < (b + 1) * size; i++) s += xs[i]!;
    means.push(s / size);
  }
  const mean = means.reduce((a, b) => a + b, 0) / batches;
  const variance = means.reduce((a, m) => a + (m - mean) ** 2, 0) / (batches - 1);
  return { mean, se: Math.sqrt(variance / batches) };
}

describe("an M/M/c queue", () => {
  // M/M/8: λ = 36/h, mean service 600 s (μ = 6/h), a = 6, ρ = 0.75, on 8 one-vCPU instances with
  // every latency zero. Erlang C gives the mean wait in queue Wq = C(c, a) / (cμ − λ).
  const c = 8;
  const lambdaPerSecond = 36 / 3600;
  const mu = 1 / 600;
  const jobs = 200_000;
  const warmup = 5_000;
  const s = scenario({
    seed: "erlang",
    settings: instantSettings,
    extraTypes: [
      {
        instanceType: "mm.1",
        family: "mm",
        vcpu: 1,
        memoryGiB: 4,
        gpu: 0,
        gpuModel: "",
        arch: "x86_64",
        onDemandUsdPerHour: 0.01,
        spotUsdPerHour: null,
        spotInterruptionBucket: "5-10%",
      },
    ],
    computeEnvironments: [fleetCe("fleet", [{ instanceType: "mm.1", count: c }])],
    jobQueues: [queue("q", ["fleet"])],
    workload: [
      {
        kind: "arrivals",
        name: "mm",
        namePrefix: "mm",
        spec: spec({
          vcpus: 1,
          memoryMiB: 1024,
          runtime: { kind: "exponential", meanSeconds: 600 },
        }),
        arrivals: {
          process: "poisson",
          ratePerHour: 36,
          fromSeconds: 0,
          toSeconds: null,
          count: jobs,
        },
      },
    ],
  });
  const runnableAt = new Map<string, number>();
  const waits: number[] = [];
  simulate(s, (f: Fact) => {
    if (f.kind !== "JobStateChanged") return;
    if (f.to === "RUNNABLE") runnableAt.set(f.jobId, f.time);
    else if (f.to === "STARTING") {
      waits.push(f.time - runnableAt.get(f.jobId)!);
      runnableAt.delete(f.jobId);
    }
  });
  // Jobs start in FIFO order, so waits[] is in arrival order; drop the empty-system warm-up.
  const steady = waits.slice(warmup);

  it("starts every job", () => {
    expect(waits).toHaveLength(jobs);
  });

  it("has the mean queue wait of the Erlang C formula, within 4 batch-means standard errors", () => {
    const a = lambdaPerSecond / mu;
    const wq = erlangC(c, a) / (c * mu - lambdaPerSecond);
    const { mean, se } = batchMeans(steady, 50);
    expect(wq).toBeCloseTo(107.094, 2); // C(8, 6) ≈ 0.35698; Wq = 0.35698 / (8/600 − 0.01) s
    expect(se).toBeLessThan(0.05 * wq); // the sample is large enough for the check to mean something
    expect(Math.abs(mean - wq)).toBeLessThan(4 * se);
  });

  it("makes about C(c, a) of the arrivals wait", () => {
    const waited = steady.filter((w) => w > 0).length / steady.length;
    const expected = erlangC(c, lambdaPerSecond / mu);
    // binomial-ish standard error inflated for autocorrelation: a ±0.02 band at n ≈ 195k.
    expect(Math.abs(waited - expected)).toBeLessThan(0.02);
  });
});
