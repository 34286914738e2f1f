import { describe, expect, it } from "vitest";
import {
  empirical,
  fitLognormal,
  fitUniform,
  normalCdf,
  normalQuantile,
  quantile,
  Z90,
} from "../../src/cli/history/fit.ts";
import {
  createJsonSplitter,
  HistoryInputError,
  type JsonValueText,
} from "../../src/cli/history/json-values.ts";
import { createHistoryReader } from "../../src/cli/history/read.ts";

/** n points of a lognormal at the quantiles (i + ½)/n: a sample with no noise. */
function lognormalSample(mu: number, sigma: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.exp(mu + sigma * normalQuantile((i + 0.5) / n)));
}

describe("fit", () => {
  it("computes Φ and Φ⁻¹ consistently", () => {
    for (const p of [0.001, 0.02, 0.1, 0.5, 0.9, 0.975, 0.999])
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    expect(normalQuantile(0.9)).toBeCloseTo(Z90, 8);
  });

  it("recovers a lognormal's median and p90, with a KS statistic far below the critical value", () => {
    const mu = Math.log(20);
    const sigma = Math.log(2) / Z90; // median 20, p90 40
    const fit = fitLognormal(lognormalSample(mu, sigma, 2000));
    expect(fit).not.toBeNull();
    expect(fit!.median).toBeCloseTo(20, 1);
    expect(fit!.p90 / 40).toBeCloseTo(1, 2);
    expect(fit!.ks).toBeLessThan(0.005);
    expect(fit!.ksCritical5).toBeCloseTo(0.886 / Math.sqrt(2000), 10);
  });

  it("rejects a sample that is not lognormal (KS above the critical value) and refuses zeros", () => {
    const uniform = Array.from({ length: 2000 }, (_, i) => 1 + (i + 0.5) / 2000);
    const bimodal = [...uniform.slice(0, 1000), ...uniform.slice(0, 1000).map((x) => x * 100)];
    const fit = fitLognormal(bimodal)!;
    expect(fit.ks).toBeGreaterThan(fit.ksCritical5);
    expect(fitLognormal([0, 1, 2])).toBeNull();
    expect(fitLognormal([3, 3, 3])).toBeNull();
  });

  it("fits a uniform [0, 2 × mean] with its KS statistic", () => {
    const sample = Array.from({ length: 1000 }, (_, i) => (5 * (i + 0.5)) / 1000);
    const fit = fitUniform(sample)!;
    expect(fit.max).toBeCloseTo(5, 10);
    expect(fit.ks).toBeLessThan(0.002);
  });

  it("keeps distinct values with counts, or reduces to equally weighted quantiles", () => {
    expect(empirical([3, 1, 3, 2], 10)).toEqual({
      values: [1, 2, 3],
      weights: [1, 1, 2],
      reduced: false,
    });
    expect(empirical([1.23456, 2], 10)).toEqual({ values: [1.235, 2], reduced: false });
    const big = Array.from({ length: 5000 }, (_, i) => i);
    const e = empirical(big, 100);
    expect(e.reduced).toBe(true);
    expect(e.values).toHaveLength(100);
    expect(e.weights).toBeUndefined();
    expect(e.values[0]).toBeCloseTo(quantile(big, 0.005), 3);
  });
});

function split(text: string, chunks: number[] = []): JsonValueText[] {
  const out: JsonValueText[] = [];
  const s = createJsonSplitter((v) => out.push(v));
  let at = 0;
  for (const c of chunks) {
    s.push(text.slice(at, c));
    at = c;
  }
  s.push(text.slice(at));
  s.end();
  return out;
}

function splitError(text: string): HistoryInputError {
  try {
    split(text);
  } catch (error) {
    if (error instanceof HistoryInputError) return error;
    throw error;
  }
  throw new Error("expected a HistoryInputError");
}

describe("the JSON value splitter", () => {
  const text = '{"a": "}{"}\n{"b": [1, {"c": "\\""}]}{"d": 2}\n\n[\n  {"e": 1},\n  {"f": 2}\n]\n';
  const expected = [
    { text: '{"a": "}{"}', line: 1 },
    { text: '{"b": [1, {"c": "\\""}]}', line: 2 },
    { text: '{"d": 2}', line: 2 },
    { text: '{"e": 1}', line: 5 },
    { text: '{"f": 2}', line: 6 },
  ];

  it("splits concatenated values, JSON lines and a top-level array's elements, with their lines", () => {
    expect(split(text)).toEqual(expected);
  });

  it("gives the same values wherever the text is cut into chunks", () => {
    for (let i = 0; i <= text.length; i++) {
      for (const j of [i, Math.min(text.length, i + 3)])
        expect(split(text, [i, j])).toEqual(expected);
    }
  });

  it("locates what is not a sequence of objects", () => {
    expect(splitError("jobId,status\n").line).toBe(1);
    expect(splitError('{"a": 1}\n\n42\n').message).toMatch(/not a JSON object: found "4"/);
    expect(splitError('{"a": 1}\n\n42\n').line).toBe(3);
    expect(splitError('{"a": 1}\n{"b": [1,\n').line).toBe(2);
    expect(splitError('[{"a": 1}\n{"b": 1}]').message).toMatch(/expected "," or "]"/);
    expect(splitError('[{"a": 1},\n').line).toBe(1);
  });
});

describe("the history reader", () => {
  const detail = (over: Record<string, unknown>) => ({
    jobId: "j1",
    jobName: "n",
    jobQueue: "arn:aws:batch:us-east-1:1:job-queue/q",
    jobDefinition: "arn:aws:batch:us-east-1:1:job-definition/d:7",
    status: "RUNNABLE",
    createdAt: 1000,
    ...over,
  });
  const event = (time: string, over: Record<string, unknown>) => ({
    "detail-type": "Batch Job State Change",
    source: "aws.batch",
    time,
    detail: detail(over),
  });
  const read = (values: unknown[]) => {
    const r = createHistoryReader();
    values.forEach((v, i) => {
      r.add({ text: JSON.stringify(v), line: i + 1 });
    });
    return r.finish();
  };

  it("keeps the latest detail per job and each status time, deduplicated, in time order", () => {
    const h = read([
      event("1970-01-01T00:00:20Z", { status: "RUNNING", startedAt: 20_500 }),
      event("1970-01-01T00:00:05Z", { status: "RUNNABLE" }),
      event("1970-01-01T00:00:05Z", { status: "RUNNABLE" }), // delivered twice
      event("1970-01-01T00:00:09Z", { status: "STARTING" }),
      event("1970-01-01T00:01:00Z", { status: "SUCCEEDED", startedAt: 20_500, stoppedAt: 60_250 }),
      { "detail-type": "Batch Job Queue Blocked", detail: {} },
    ]);
    expect(h.format).toBe("events");
    expect(h.skippedEvents).toBe(1);
    expect(h.subSecondTimes).toBe(false);
    const [job] = h.jobs;
    expect(job).toMatchObject({ jobQueue: "q", jobDefinition: "d", status: "SUCCEEDED" });
    expect(job!.statuses).toEqual([
      { status: "RUNNABLE", at: 5000 },
      { status: "STARTING", at: 9000 },
      { status: "RUNNING", at: 20_500 },
      { status: "SUCCEEDED", at: 60_250 },
    ]);
  });

  it("refuses a file that mixes DescribeJobs output and events, at the later kind", () => {
    expect(() => read([{ jobs: [detail({})] }, event("1970-01-01T00:00:05Z", {})])).toThrow(
      /line 1 was DescribeJobs output/,
    );
  });

  it("reads array children as children of their parent, and legacy vcpus/memory", () => {
    const h = read([
      {
        jobs: [
          detail({
            jobId: "p",
            arrayProperties: { size: 2 },
            container: { vcpus: 4, memory: 512 },
          }),
          detail({ jobId: "p:0", arrayProperties: { index: 0 } }),
          detail({ jobId: "p:1", arrayProperties: { index: 1 } }),
        ],
      },
    ]);
    expect(h.jobs.map((j) => [j.jobId, j.arraySize, j.arrayIndex, j.parentJobId])).toEqual([
      ["p", 2, null, null],
      ["p:0", null, 0, "p"],
      ["p:1", null, 1, "p"],
    ]);
    expect(h.jobs[0]).toMatchObject({ vcpus: 4, memoryMiB: 512 });
  });
});
