import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/engine/rng.ts";
import type { Action, Scenario, WorkloadStream } from "../../src/scenario/types.ts";
import {
  countSubmissions,
  createSubmissionSource,
  drawAttempt,
  type Submission,
  sampleDistribution,
} from "../../src/workload/index.ts";
import {
  arrivalsStream,
  type DepLike,
  fixed,
  jobsStream,
  makeScenario,
  makeSpec,
  pipelineStream,
  SETTINGS,
} from "./fixtures.ts";

function drain(scenario: Scenario, seed: string | number = scenario.seed): Submission[] {
  const source = createSubmissionSource(scenario, createRng(seed));
  const out: Submission[] = [];
  for (let s = source.next(); s !== undefined; s = source.next()) out.push(s);
  return out;
}

const at = (...atSeconds: number[]) => ({ process: "at" as const, atSeconds });

const cancel = (atSeconds: number, jobName: string): Action => ({
  atSeconds,
  kind: "cancelJob",
  jobName,
  reason: "test",
});

/** extract → (transform, qc) → load, transform an N_TO_N array on extract. */
function etl(arrivals = at(0, 100)): WorkloadStream {
  return pipelineStream("etl", arrivals, [
    ["extract", [], makeSpec({ arraySize: 4 })],
    ["transform", [{ jobName: "extract", type: "N_TO_N" }], makeSpec({ arraySize: 4 })],
    ["qc", ["extract"]],
    ["load", ["transform", "qc", { jobName: null, type: "SEQUENTIAL" }]],
  ]);
}

describe("pipelines", () => {
  it("submits every step of an arrival at that instant, in list order, named <stream>-<n>-<step>", () => {
    const subs = drain(makeScenario({ workload: [etl()] }));
    expect(subs.map((s) => [s.atSeconds, s.jobName, s.stream])).toEqual([
      [0, "etl-1-extract", "etl"],
      [0, "etl-1-transform", "etl"],
      [0, "etl-1-qc", "etl"],
      [0, "etl-1-load", "etl"],
      [100, "etl-2-extract", "etl"],
      [100, "etl-2-transform", "etl"],
      [100, "etl-2-qc", "etl"],
      [100, "etl-2-load", "etl"],
    ]);
  });

  it("resolves dependsOn to the same arrival's steps and keeps each dependency's type", () => {
    const subs = drain(makeScenario({ workload: [etl()] }));
    const byName = new Map(subs.map((s) => [s.jobName, s]));
    expect(byName.get("etl-2-extract")?.dependsOn).toEqual([]);
    expect(byName.get("etl-2-transform")?.dependsOn).toEqual([
      { jobName: "etl-2-extract", type: "N_TO_N" },
    ]);
    expect(byName.get("etl-2-load")?.dependsOn).toEqual([
      { jobName: "etl-2-transform", type: null },
      { jobName: "etl-2-qc", type: null },
      { jobName: null, type: "SEQUENTIAL" },
    ]);
  });

  it("names the steps later steps depend on and releases each on its last dependent", () => {
    const subs = drain(makeScenario({ workload: [etl(at(0))] }));
    expect(subs.map((s) => [s.jobName, s.named, s.releaseNames])).toEqual([
      ["etl-1-extract", true, []],
      ["etl-1-transform", true, []],
      ["etl-1-qc", true, ["etl-1-extract"]],
      ["etl-1-load", false, ["etl-1-transform", "etl-1-qc"]],
    ]);
  });

  it("keeps a pipeline's arrival block together when another stream submits at the same instant", () => {
    const scenario = makeScenario({
      workload: [
        etl(at(0, 10)),
        arrivalsStream("a", at(0, 10)),
        pipelineStream("p", at(10), [["x"], ["y", ["x"]]]),
      ],
    });
    expect(drain(scenario).map((s) => s.jobName)).toEqual([
      "etl-1-extract",
      "etl-1-transform",
      "etl-1-qc",
      "etl-1-load",
      "a-1",
      "etl-2-extract",
      "etl-2-transform",
      "etl-2-qc",
      "etl-2-load",
      "a-2",
      "p-1-x",
      "p-1-y",
    ]);
  });

  it("draws the steps' first attempts from the pipeline stream's forks, in step order", () => {
    const spec = makeSpec({ runtime: { kind: "exponential", meanSeconds: 60 } });
    const scenario = makeScenario({
      workload: [
        pipelineStream("p", at(0, 5), [
          ["a", [], spec],
          ["b", ["a"], spec],
        ]),
      ],
    });
    const runtime = createRng("s").fork("runtime/p");
    const expected = [0, 1, 2, 3].map(() => sampleDistribution(spec.runtime, runtime));
    expect(drain(scenario, "s").map((s) => s.runtimeSeconds)).toEqual(expected);
  });

  it("refuses a step that depends on a step that is not earlier", () => {
    const scenario = makeScenario({
      workload: [pipelineStream("p", at(0), [["a", ["b"]], ["b"]])],
    });
    expect(() => createSubmissionSource(scenario, createRng(1))).toThrow(/p: step a depends on b/);
  });
});

describe("explicit jobs: named and releaseNames", () => {
  it("names the jobs that later jobs depend on and releases them on the last one", () => {
    const scenario = makeScenario({
      workload: [
        jobsStream("etl", [
          [0, "extract"],
          [5, "transform", ["extract"]],
          [9, "report", ["extract", "transform"]],
          [9, "alone"],
        ]),
      ],
    });
    expect(drain(scenario).map((s) => [s.jobName, s.named, s.releaseNames])).toEqual([
      ["extract", true, []],
      ["transform", true, []],
      ["report", false, ["extract", "transform"]],
      ["alone", false, []],
    ]);
  });

  it("follows the merged order when a jobs: list depends on another list's job", () => {
    const scenario = makeScenario({
      workload: [
        jobsStream("a", [[10, "late", ["early"]]]),
        jobsStream("b", [
          [0, "early"],
          [20, "later", ["early"]],
        ]),
      ],
    });
    const subs = drain(scenario);
    expect(subs.map((s) => [s.jobName, s.named, s.releaseNames])).toEqual([
      ["early", true, []],
      ["late", false, []],
      ["later", false, ["early"]],
    ]);
  });

  it("names the jobs actions name and never releases them", () => {
    const scenario = makeScenario({
      workload: [
        jobsStream("j", [
          [0, "target"],
          [5, "dependent", ["target"]],
          [6, "untouched"],
        ]),
      ],
      actions: [cancel(3, "target"), cancel(7, "untouched")],
    });
    expect(drain(scenario).map((s) => [s.jobName, s.named, s.releaseNames])).toEqual([
      ["target", true, []],
      ["dependent", false, []],
      ["untouched", true, []],
    ]);
  });

  /**
   * Random workloads: jobs: lists whose dependencies point at jobs emitted earlier, a pipeline with
   * a random DAG of steps, an arrivals stream, and cancel actions on some explicit jobs.
   */
  const workloadArb: fc.Arbitrary<RandomWorkload> = fc.record({
    lists: fc.array(
      fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: 6 }),
          deps: fc.array(fc.nat(), { maxLength: 3 }),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      { minLength: 1, maxLength: 3 },
    ),
    steps: fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: 1, maxLength: 5 }),
    pipelineAt: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
    targets: fc.array(fc.nat(), { maxLength: 2 }),
    until: fc.option(fc.integer({ min: 1, max: 7 }), { nil: null }),
  });

  interface RandomWorkload {
    lists: { at: number; deps: number[] }[][];
    steps: number[][];
    pipelineAt: number[];
    targets: number[];
    until: number | null;
  }

  function randomScenario(w: RandomWorkload): Scenario {
    // Emission order of the explicit jobs: (at, list, index in the list sorted stably by at).
    const order = w.lists
      .flatMap((jobs, l) =>
        jobs
          .map((j, i) => ({ ...j, l, i, name: `L${l}J${i}` }))
          .sort((a, b) => a.at - b.at)
          .map((j, k) => ({ ...j, k })),
      )
      .sort((a, b) => a.at - b.at || a.l - b.l || a.k - b.k);
    const depsOf = new Map<string, string[]>();
    order.forEach((j, pos) => {
      depsOf.set(j.name, pos === 0 ? [] : [...new Set(j.deps.map((d) => order[d % pos]!.name))]);
    });
    const workload: WorkloadStream[] = w.lists.map((jobs, l) =>
      jobsStream(
        `list${l}`,
        jobs.map((j, i): readonly [number, string, string[]] => [
          j.at,
          `L${l}J${i}`,
          depsOf.get(`L${l}J${i}`) ?? [],
        ]),
      ),
    );
    const steps = w.steps.map((deps, k): readonly [string, DepLike[]] => [
      `s${k}`,
      k === 0 ? [] : [...new Set(deps.map((d) => `s${d % k}`))],
    ]);
    workload.push(pipelineStream("pipe", at(...w.pipelineAt), steps));
    workload.push(arrivalsStream("noise", at(0, 3, 6)));
    const actions = w.targets.map((t) => cancel(1, order[t % order.length]!.name));
    return makeScenario({ workload, actions, untilSeconds: w.until });
  }

  test.prop([workloadArb])(
    "names every referenced job and releases it exactly once, on its last reference",
    (w) => {
      const scenario = randomScenario(w);
      const subs = drain(scenario);
      const actionNames = new Set(
        scenario.actions.flatMap((a) => (a.kind === "cancelJob" ? [a.jobName] : [])),
      );
      const lastReference = new Map<string, number>();
      subs.forEach((s, pos) => {
        for (const d of s.dependsOn) if (d.jobName !== null) lastReference.set(d.jobName, pos);
      });
      const seen = new Map<string, Submission>();
      const released = new Map<string, number>();
      subs.forEach((s, pos) => {
        for (const d of s.dependsOn) {
          if (d.jobName === null) continue;
          // Every reference is to a job submitted before, named, and not yet released.
          expect(seen.get(d.jobName)?.named).toBe(true);
          expect(released.has(d.jobName)).toBe(false);
        }
        for (const name of s.releaseNames) {
          expect(released.has(name)).toBe(false);
          released.set(name, pos);
        }
        seen.set(s.jobName, s);
      });
      for (const [name, pos] of lastReference) {
        if (actionNames.has(name)) expect(released.has(name)).toBe(false);
        else expect(released.get(name)).toBe(pos);
      }
      for (const name of released.keys()) expect(lastReference.has(name)).toBe(true);
      for (const s of subs) {
        const expected = lastReference.has(s.jobName) || actionNames.has(s.jobName);
        expect(s.named).toBe(expected);
      }
    },
  );
});

describe("countSubmissions", () => {
  it("counts an array submission as its parent and its children", () => {
    const scenario = makeScenario({
      workload: [
        arrivalsStream("arr", at(0, 1, 2), makeSpec({ arraySize: 10 })),
        jobsStream("j", [
          [0, "plain"],
          [0, "array", [], makeSpec({ arraySize: 3 })],
        ]),
      ],
    });
    expect(countSubmissions(scenario, createRng(1))).toBe(3 * 11 + 1 + 4);
    // Bounded: an array's jobs count whole, so a bound inside one is passed by all of it.
    expect(countSubmissions(scenario, createRng(1), 38)).toBe(38);
    expect(countSubmissions(scenario, createRng(1), 37)).toBe(38);
    expect(countSubmissions(scenario, createRng(1), 15)).toBe(22);
    expect(countSubmissions(scenario, createRng(1), 0)).toBe(11);
  });

  it("counts every step of every pipeline arrival, arrays expanded, and stops at until", () => {
    const scenario = makeScenario({ workload: [etl(at(0, 100, 200))], untilSeconds: 150 });
    // extract 1 + 4, transform 1 + 4, qc 1, load 1 = 12 jobs an arrival; two arrivals before 150.
    expect(countSubmissions(scenario, createRng(1))).toBe(24);
    expect(drain(scenario)).toHaveLength(8);
  });

  it("agrees with the submissions when there are no arrays", () => {
    const scenario = makeScenario({
      workload: [
        pipelineStream(
          "p",
          { process: "poisson", ratePerHour: 30, fromSeconds: 0, toSeconds: 7200, count: null },
          [["a"], ["b", ["a"]]],
        ),
        jobsStream("j", [[5, "x"]]),
      ],
    });
    expect(countSubmissions(scenario, createRng(3))).toBe(drain(scenario, 3).length);
  });
});

describe("drawAttempt", () => {
  const spec = makeSpec({
    runtime: { kind: "exponential", meanSeconds: 300 },
    exitCodes: [
      { exitCode: 0, probability: 0.5 },
      { exitCode: 1, probability: 0.5 },
    ],
  });
  const settings = {
    ...SETTINGS,
    jobStartingSeconds: { kind: "uniform", minSeconds: 10, maxSeconds: 30 },
  } as const;

  it("draws runtime, exit code and starting time, in that order, from the one rng", () => {
    const rng = createRng("x").fork("children/s/job");
    const u = createRng("x").fork("children/s/job");
    const draws = drawAttempt(spec, settings, rng);
    expect(draws.runtimeSeconds).toBe(sampleDistribution(spec.runtime, u));
    expect(draws.exitCode).toBe(u.next() < 0.5 ? 0 : 1);
    expect(draws.startingSeconds).toBe(10 + u.next() * 20);
    // Exactly three uniforms: the next attempt starts on the fourth.
    expect(drawAttempt(spec, settings, rng).runtimeSeconds).toBe(
      sampleDistribution(spec.runtime, u),
    );
  });

  it("gives the same draws for the same seed and fork, and others for another fork", () => {
    const run = (label: string) => {
      const rng = createRng(42).fork(label);
      return [0, 1, 2, 3, 4].map(() => drawAttempt(spec, settings, rng));
    };
    expect(run("children/s/a")).toEqual(run("children/s/a"));
    expect(run("children/s/a")).not.toEqual(run("children/s/b"));
  });

  it("does not depend on the stream's first-attempt draws (an array's size changes nothing else)", () => {
    const withArray = drain(
      makeScenario({
        workload: [
          jobsStream("j", [
            [0, "a", [], makeSpec({ arraySize: 5, runtime: fixed(1) })],
            [1, "b"],
          ]),
        ],
      }),
    );
    const without = drain(
      makeScenario({
        workload: [
          jobsStream("j", [
            [0, "a", [], makeSpec({ runtime: fixed(1) })],
            [1, "b"],
          ]),
        ],
      }),
    );
    expect(withArray[1]).toEqual(without[1]);
  });
});
