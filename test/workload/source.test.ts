import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/engine/rng.ts";
import type { Scenario } from "../../src/scenario/types.ts";
import {
  countSubmissions,
  createSubmissionSource,
  type Submission,
  sampleDistribution,
} from "../../src/workload/index.ts";
import { arrivalsStream, fixed, jobsStream, makeScenario, makeSpec, SETTINGS } from "./fixtures.ts";
import { binomialSe, mean, SE } from "./stats.ts";

function drain(scenario: Scenario, seed: string | number = scenario.seed): Submission[] {
  const source = createSubmissionSource(scenario, createRng(seed));
  const out: Submission[] = [];
  for (let s = source.next(); s !== undefined; s = source.next()) out.push(s);
  return out;
}

const at = (...atSeconds: number[]) => ({ process: "at" as const, atSeconds });

describe("createSubmissionSource", () => {
  it("merges streams in time order; ties go to file order, then order within the stream", () => {
    const scenario = makeScenario({
      workload: [
        arrivalsStream("a", at(0, 10, 20)),
        arrivalsStream("b", at(10, 5)),
        jobsStream("c", [
          [10, "c1"],
          [0, "c0"],
          [10, "c2"],
        ]),
      ],
    });
    expect(drain(scenario).map((s) => [s.atSeconds, s.jobName])).toEqual([
      [0, "a-1"],
      [0, "c0"],
      [5, "b-1"],
      [10, "a-2"],
      [10, "b-2"],
      [10, "c1"],
      [10, "c2"],
      [20, "a-3"],
    ]);
  });

  it("peeks the time of the next submission, and Infinity / undefined once all are out", () => {
    const source = createSubmissionSource(
      makeScenario({ workload: [arrivalsStream("a", at(30)), arrivalsStream("b", at(20))] }),
      createRng(1),
    );
    expect(source.peekTime()).toBe(20);
    expect(source.next()?.jobName).toBe("b-1");
    expect(source.peekTime()).toBe(30);
    expect(source.next()?.jobName).toBe("a-1");
    expect(source.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(source.next()).toBeUndefined();
  });

  it("names arrival jobs <namePrefix>-<n> from 1 and explicit jobs by their jobName", () => {
    const scenario = makeScenario({
      workload: [
        arrivalsStream("nightly", at(0, 1, 2), makeSpec(), "render"),
        jobsStream("etl", [
          [0, "extract"],
          [1, "load", ["extract"]],
        ]),
      ],
    });
    const subs = drain(scenario);
    expect(subs.map((s) => s.jobName)).toEqual([
      "render-1",
      "extract",
      "render-2",
      "load",
      "render-3",
    ]);
    expect(subs.map((s) => s.stream)).toEqual(["nightly", "etl", "nightly", "etl", "nightly"]);
    expect(subs.find((s) => s.jobName === "load")?.dependsOn).toEqual([
      { jobName: "extract", type: null },
    ]);
    expect(subs.find((s) => s.jobName === "render-1")?.dependsOn).toEqual([]);
  });

  it("drops submissions at or past the scenario's until, explicit ones included", () => {
    const scenario = makeScenario({
      untilSeconds: 100,
      workload: [
        arrivalsStream("a", {
          process: "fixed",
          everySeconds: 40,
          fromSeconds: 0,
          toSeconds: null,
          count: null,
        }),
        jobsStream("j", [
          [99, "in"],
          [100, "out"],
        ]),
      ],
    });
    expect(drain(scenario).map((s) => s.jobName)).toEqual(["a-1", "a-2", "a-3", "in"]);
    expect(countSubmissions(scenario, createRng(scenario.seed))).toBe(4);
  });

  it("draws runtimes from `runtime/<stream>`, exit codes from `exitCode/<stream>`, starting from `jobStarting/<stream>`", () => {
    const spec = makeSpec({
      exitCodes: [
        { exitCode: 0, probability: 0.5 },
        { exitCode: 3, probability: 0.5 },
      ],
    });
    const scenario = makeScenario({
      settings: { ...SETTINGS, jobStartingSeconds: { kind: "exponential", meanSeconds: 20 } },
      workload: [arrivalsStream("r", at(0, 0, 0, 0, 0), spec)],
    });
    const subs = drain(scenario, "seed");
    const root = createRng("seed");
    const runtime = root.fork("runtime/r");
    const exitCode = root.fork("exitCode/r");
    const starting = root.fork("jobStarting/r");
    for (const s of subs) {
      expect(s.runtimeSeconds).toBe(sampleDistribution(spec.runtime, runtime));
      expect(s.exitCode).toBe(exitCode.next() < 0.5 ? 0 : 3);
      expect(s.startingSeconds).toBe(
        sampleDistribution(scenario.settings.jobStartingSeconds, starting),
      );
    }
  });

  it("draws exit codes with their probabilities (within 5 standard errors over 20000 jobs)", () => {
    const n = 20_000;
    const spec = makeSpec({
      exitCodes: [
        { exitCode: 0, probability: 0.75 },
        { exitCode: 1, probability: 0.2 },
        { exitCode: 137, probability: 0.05 },
      ],
    });
    const arrivals = {
      process: "fixed" as const,
      everySeconds: 1,
      fromSeconds: 0,
      toSeconds: null,
      count: n,
    };
    const subs = drain(makeScenario({ workload: [arrivalsStream("x", arrivals, spec)] }));
    for (const { exitCode, probability } of spec.exitCodes) {
      const observed = subs.filter((s) => s.exitCode === exitCode).length / n;
      expect(Math.abs(observed - probability)).toBeLessThan(SE * binomialSe(probability, n));
    }
  });

  it("draws starting times from settings.jobStartingSeconds", () => {
    const n = 20_000;
    const arrivals = {
      process: "fixed" as const,
      everySeconds: 1,
      fromSeconds: 0,
      toSeconds: null,
      count: n,
    };
    const fixedStart = drain(makeScenario({ workload: [arrivalsStream("x", arrivals)] }));
    expect(new Set(fixedStart.map((s) => s.startingSeconds))).toEqual(new Set([20]));
    const random = drain(
      makeScenario({
        settings: { ...SETTINGS, jobStartingSeconds: { kind: "exponential", meanSeconds: 20 } },
        workload: [arrivalsStream("x", arrivals)],
      }),
    );
    expect(Math.abs(mean(random.map((s) => s.startingSeconds)) - 20)).toBeLessThan(
      (SE * 20) / Math.sqrt(n),
    );
  });

  it("gives identical submissions for the same seed and different ones for another seed", () => {
    const scenario = makeScenario({
      workload: [
        arrivalsStream("p", {
          process: "poisson",
          ratePerHour: 30,
          fromSeconds: 0,
          toSeconds: 10 * 3600,
          count: null,
        }),
        jobsStream("j", [[100, "one"]]),
      ],
    });
    expect(drain(scenario, 7)).toEqual(drain(scenario, 7));
    expect(drain(scenario, 7)).not.toEqual(drain(scenario, 8));
  });

  it("keeps a stream's arrivals, runtimes and exit codes when another stream is added before it", () => {
    const spec = makeSpec({
      exitCodes: [
        { exitCode: 0, probability: 0.5 },
        { exitCode: 1, probability: 0.5 },
      ],
    });
    const a = arrivalsStream(
      "a",
      { process: "poisson", ratePerHour: 60, fromSeconds: 0, toSeconds: 5 * 3600, count: null },
      spec,
    );
    const b = arrivalsStream(
      "b",
      { process: "poisson", ratePerHour: 90, fromSeconds: 0, toSeconds: 5 * 3600, count: null },
      spec,
    );
    const alone = drain(makeScenario({ workload: [a] }));
    const withB = drain(makeScenario({ workload: [b, a] })).filter((s) => s.stream === "a");
    expect(alone.length).toBeGreaterThan(100);
    expect(withB).toEqual(alone);
  });

  it("keeps a stream's arrival instants and exit codes when only its runtime distribution changes", () => {
    const arrivals = {
      process: "poisson" as const,
      ratePerHour: 60,
      fromSeconds: 0,
      toSeconds: 5 * 3600,
      count: null,
    };
    const spec = makeSpec({
      exitCodes: [
        { exitCode: 0, probability: 0.5 },
        { exitCode: 1, probability: 0.5 },
      ],
    });
    const before = drain(makeScenario({ workload: [arrivalsStream("a", arrivals, spec)] }));
    const after = drain(
      makeScenario({ workload: [arrivalsStream("a", arrivals, { ...spec, runtime: fixed(60) })] }),
    );
    expect(after.map((s) => [s.atSeconds, s.exitCode])).toEqual(
      before.map((s) => [s.atSeconds, s.exitCode]),
    );
    expect(after.every((s) => s.runtimeSeconds === 60)).toBe(true);
  });

  test.prop([
    fc.array(
      fc.oneof(
        fc.record({
          rate: fc.integer({ min: 0, max: 200 }),
          hours: fc.integer({ min: 0, max: 5 }),
        }),
        fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 20 }),
      ),
      { maxLength: 5 },
    ),
    fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }),
  ])(
    "emits in non-decreasing time, numbers each stream 1, 2, … and agrees with countSubmissions",
    (streams, untilSeconds) => {
      const workload = streams.map((s, i) =>
        Array.isArray(s)
          ? arrivalsStream(`s${i}`, at(...s))
          : arrivalsStream(`s${i}`, {
              process: "poisson",
              ratePerHour: s.rate,
              fromSeconds: 0,
              toSeconds: s.hours * 3600,
              count: null,
            }),
      );
      const scenario = makeScenario({ workload, untilSeconds });
      const subs = drain(scenario);
      expect(countSubmissions(scenario, createRng(scenario.seed))).toBe(subs.length);
      // With a bound: the count itself up to it, a number past it beyond.
      for (const max of [0, 1, subs.length - 1, subs.length, Math.floor(subs.length / 2)]) {
        const capped = countSubmissions(scenario, createRng(scenario.seed), max);
        if (subs.length <= max) expect(capped).toBe(subs.length);
        else expect(capped).toBeGreaterThan(max);
        expect(capped).toBeLessThanOrEqual(subs.length);
      }
      subs.forEach((s, i) => {
        if (i > 0) expect(s.atSeconds).toBeGreaterThanOrEqual(subs[i - 1]!.atSeconds);
        if (untilSeconds !== null) expect(s.atSeconds).toBeLessThan(untilSeconds);
      });
      for (const stream of workload) {
        const names = subs.filter((s) => s.stream === stream.name).map((s) => s.jobName);
        expect(names).toEqual(names.map((_, k) => `${stream.name}-${k + 1}`));
      }
    },
  );

  it("is lazy: a million-job stream yields its first submission at once", () => {
    const arrivals = {
      process: "poisson" as const,
      ratePerHour: 1,
      fromSeconds: 0,
      toSeconds: null,
      count: 1e15,
    };
    const source = createSubmissionSource(
      makeScenario({ workload: [arrivalsStream("big", arrivals)] }),
      createRng(1),
    );
    expect(source.next()?.jobName).toBe("big-1");
    expect(source.next()?.jobName).toBe("big-2");
  });
});
