import { describe, expect, it } from "vitest";
import { problems, scenario, variant } from "./helpers.ts";

/** BASE with a pipeline stream `etl` appended; its first step is on line 21. */
const pipe = (...steps: string[]): string =>
  variant({}, [
    "  - name: etl",
    "    arrivals: {process: fixed, every: 1d, count: 2}",
    "    pipeline:",
    "      steps:",
    ...steps,
  ]);

describe("pipelines", () => {
  it("normalises steps in list order, with their specs, sim blocks and dependencies", () => {
    const s = scenario(
      pipe(
        "        - {step: extract, submit: {jobQueue: q, jobDefinition: d, arrayProperties: {size: 4}}}",
        "        - {step: transform, submit: {jobQueue: q, jobDefinition: d, arrayProperties: {size: 4}, dependsOn: [{jobName: extract, type: N_TO_N}]}, sim: {runtime: 1m}}",
        "        - {step: load, submit: {jobQueue: q, jobDefinition: d, dependsOn: [{jobName: transform}]}}",
      ),
    );
    const etl = s.workload[1];
    if (etl?.kind !== "pipeline") throw new Error("expected a pipeline");
    expect(etl.name).toBe("etl");
    expect(etl.arrivals).toEqual({
      process: "fixed",
      everySeconds: 86400,
      fromSeconds: 0,
      toSeconds: null,
      count: 2,
    });
    expect(
      etl.steps.map((st) => [st.step, st.spec.arraySize, st.spec.runtime, st.dependsOn]),
    ).toEqual([
      ["extract", 4, { kind: "fixed", seconds: 600 }, []],
      ["transform", 4, { kind: "fixed", seconds: 60 }, [{ jobName: "extract", type: "N_TO_N" }]],
      ["load", null, { kind: "fixed", seconds: 600 }, [{ jobName: "transform", type: null }]],
    ]);
    expect(etl.steps[0]?.spec).toMatchObject({ jobQueue: "q", jobDefinition: "d", vcpus: 1 });
  });

  it("lets a step depend only on earlier steps of its pipeline", () => {
    expect(
      problems(
        pipe(
          "        - {step: a, submit: {jobQueue: q, jobDefinition: d, dependsOn: [{jobName: b}, {jobName: a}, {jobName: bb}]}}",
          "        - {step: b, submit: {jobQueue: q, jobDefinition: d}}",
        ),
      ),
    ).toEqual([
      "s.yaml:21:83 error workload[1].pipeline.steps[0].submit.dependsOn[0].jobName: b is a later step: a step may depend only on earlier steps of its pipeline",
      "s.yaml:21:97 error workload[1].pipeline.steps[0].submit.dependsOn[1].jobName: a step cannot depend on itself",
      "s.yaml:21:111 error workload[1].pipeline.steps[0].submit.dependsOn[2].jobName: unknown step bb (did you mean b?)",
    ]);
  });

  it("derives job names: submit.jobName is refused, step names are unique and plain", () => {
    expect(
      problems(
        pipe(
          "        - {step: a, submit: {jobName: x, jobQueue: q, jobDefinition: d}}",
          "        - {step: a, submit: {jobQueue: q, jobDefinition: d}}",
          "        - {step: 'b c', submit: {jobQueue: q, jobDefinition: d}}",
        ),
      ),
    ).toEqual([
      "s.yaml:21:30 error workload[1].pipeline.steps[0].submit.jobName: not allowed in a pipeline step: its jobs are named etl-<n>-a",
      "s.yaml:22:18 error workload[1].pipeline.steps[1].step: duplicate step a (first at line 21)",
      "s.yaml:23:18 error workload[1].pipeline.steps[2].step: may contain only letters, digits, hyphens and underscores",
    ]);
  });

  it("applies the N_TO_N and SEQUENTIAL rules between steps", () => {
    expect(
      problems(
        pipe(
          "        - {step: a, submit: {jobQueue: q, jobDefinition: d, arrayProperties: {size: 4}}}",
          "        - {step: b, submit: {jobQueue: q, jobDefinition: d, arrayProperties: {size: 5}, dependsOn: [{jobName: a, type: N_TO_N}, {type: SEQUENTIAL}]}}",
        ),
      ),
    ).toEqual([
      "s.yaml:22:101 error workload[1].pipeline.steps[1].submit.dependsOn[0]: N_TO_N needs two array jobs of the same size: this job has size 5, a has size 4",
    ]);
  });

  it("needs arrivals, bounded like an arrivals stream, and no stream-level submit or jobs", () => {
    expect(
      problems(
        variant({}, [
          "  - name: etl",
          "    submit: {jobQueue: q, jobDefinition: d}",
          "    pipeline:",
          "      steps:",
          "        - {step: a, submit: {jobQueue: q, jobDefinition: d}}",
        ]),
      ),
    ).toEqual([
      "s.yaml:17:5 error workload[1].arrivals: required for a pipeline",
      "s.yaml:18:5 error workload[1].submit: not for a pipeline (each of its steps has its own submit)",
    ]);
    expect(
      problems(
        variant({}, [
          "  - name: etl",
          "    arrivals: {process: fixed, every: 1d}",
          "    pipeline: {steps: [{step: a, submit: {jobQueue: q, jobDefinition: d}}]}",
        ]),
      ),
    ).toEqual([
      "s.yaml:18:15 error workload[1].arrivals: fixed arrivals need to:, count: or the scenario's until: to end",
    ]);
    expect(
      problems(
        variant({}, [
          "  - name: etl",
          "    jobs: []",
          "    pipeline: {steps: [{step: a, submit: {jobQueue: q, jobDefinition: d}}]}",
        ]),
      ),
    ).toEqual(["s.yaml:19:5 error workload[1].pipeline: give either jobs: or pipeline:, not both"]);
    expect(
      problems(
        variant({}, ["  - name: etl", "    arrivals: {at: [0]}", "    pipeline: {steps: []}"]),
      ),
    ).toEqual(["s.yaml:19:23 error workload[1].pipeline.steps: needs at least one step"]);
  });
});
