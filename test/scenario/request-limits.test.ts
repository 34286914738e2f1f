import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/index.ts";
import { CATALOG, problems, variant } from "./helpers.ts";

/** BASE with the definition's `type:` line followed by `extra`. */
const def = (extra: string): string => variant({ 10: `    type: container\n${extra}` });
/** BASE with its stream's submit (line 15) replaced. */
const submit = (line: string): string => variant({ 15: line });

/** BASE's definition as RegisterJobDefinition would get it (no `sim:`), with `parameters: {p}`. */
function definitionJson(p: string): string {
  return JSON.stringify({
    jobDefinitionName: "d",
    type: "container",
    parameters: { p },
    containerProperties: {
      resourceRequirements: [
        { type: "VCPU", value: "1" },
        { type: "MEMORY", value: "2048" },
      ],
    },
  });
}

/** A `parameters: {p}` value that makes BASE's definition exactly `bytes` long as JSON (ASCII). */
function parameterFor(bytes: number): string {
  return "x".repeat(bytes - definitionJson("").length);
}

/** A `tags:` flow mapping of `count` keys `prefix1`, `prefix2`, … */
function tags(prefix: string, count: number): string {
  return `{${Array.from({ length: count }, (_, i) => `${prefix}${i + 1}: v`).join(", ")}}`;
}

describe("the size of a job definition (AWS: at most 24 KiB)", () => {
  it("accepts 24,576 bytes as JSON and rejects 24,577, at the definition", () => {
    expect(definitionJson(parameterFor(24_576)).length).toBe(24_576);
    expect(problems(def(`    parameters: {p: ${parameterFor(24_576)}}`))).toEqual([]);
    expect(problems(def(`    parameters: {p: ${parameterFor(24_577)}}`))).toEqual([
      "s.yaml:9:5 error jobDefinitions[0]: the job definition is 24,577 bytes as JSON; AWS allows at most 24 KiB (24,576 bytes)",
    ]);
  });

  it("counts UTF-8 bytes, not characters", () => {
    // "é" is 2 bytes: 8,200 of them are 16,400 bytes, under 24 KiB as characters, over it as bytes.
    const p = `${"é".repeat(8_200)}${parameterFor(24_577 - 16_400)}`;
    expect(problems(def(`    parameters: {p: ${p}}`))).toEqual([
      "s.yaml:9:5 error jobDefinitions[0]: the job definition is 24,577 bytes as JSON; AWS allows at most 24 KiB (24,576 bytes)",
    ]);
  });

  it("leaves out the sim: block, which AWS never sees", () => {
    const values = Array.from({ length: 5_000 }, (_, i) => `${i + 60}s`).join(", ");
    const sim = `    sim: {runtime: {distribution: empirical, values: [${values}]}}`;
    expect(sim.length).toBeGreaterThan(30_000);
    expect(problems(variant({ 12: sim }))).toEqual([]);
  });

  it("reports a definition that aliases make huge without turning it into JSON", () => {
    const text = variant({
      10: `    type: container\n    parameters: {a: &long ${"x".repeat(20_000)}}\n    propagateTags: [${Array(900).fill("*long").join(", ")}]`,
    });
    const t0 = performance.now();
    expect(problems(text)).toEqual([
      "s.yaml:9:5 error jobDefinitions[0]: the job definition is more than 16,777,216 bytes as JSON; AWS allows at most 24 KiB (24,576 bytes)",
    ]);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});

describe("the size of a SubmitJob request (AWS: at most 30 KiB)", () => {
  /** `{jobQueue: q, jobDefinition: d, parameters: {p}}` is 58 bytes as JSON with an empty p. */
  const request = (bytes: number): string =>
    `{jobQueue: q, jobDefinition: d, parameters: {p: ${"x".repeat(bytes - 58)}}}`;

  it("accepts 30,720 bytes as JSON and rejects 30,721, at the stream's submit", () => {
    expect(
      JSON.stringify({ jobQueue: "q", jobDefinition: "d", parameters: { p: "" } }).length,
    ).toBe(58);
    expect(problems(submit(`    submit: ${request(30_720)}`))).toEqual([]);
    expect(problems(submit(`    submit: ${request(30_721)}`))).toEqual([
      "s.yaml:15:13 error workload[0].submit: the SubmitJob request is 30,721 bytes as JSON; AWS allows at most 30 KiB (30,720 bytes)",
    ]);
  });

  it("checks each jobs: entry's submit and each pipeline step's", () => {
    const text = variant({}, [
      "  - name: e",
      "    jobs:",
      `      - {at: 0, submit: ${request(30_720)}}`,
      `      - {at: 0, submit: ${request(30_721)}}`,
      "  - name: p",
      "    arrivals: {process: fixed, every: 1h, count: 1}",
      "    pipeline:",
      "      steps:",
      `        - {step: a, submit: ${request(30_721)}}`,
    ]);
    expect(problems(text)).toEqual([
      "s.yaml:20:25 error workload[1].jobs[1].submit: the SubmitJob request is 30,721 bytes as JSON; AWS allows at most 30 KiB (30,720 bytes)",
      "s.yaml:25:29 error workload[2].pipeline.steps[0].submit: the SubmitJob request is 30,721 bytes as JSON; AWS allows at most 30 KiB (30,720 bytes)",
    ]);
  });
});

describe("tags (AWS: at most 50 on a job, its own and its job definition's together)", () => {
  it("accepts 50 on a job definition and rejects 51, at its tags", () => {
    expect(problems(def(`    tags: ${tags("t", 50)}`))).toEqual([]);
    expect(problems(def(`    tags: ${tags("t", 51)}`))).toEqual([
      "s.yaml:11:11 error jobDefinitions[0].tags: 51 tags; AWS allows at most 50 on a job definition (RegisterJobDefinition rejects more)",
    ]);
  });

  it("accepts 50 on a job and rejects 51, at its tags", () => {
    expect(
      problems(submit(`    submit: {jobQueue: q, jobDefinition: d, tags: ${tags("t", 50)}}`)),
    ).toEqual([]);
    expect(
      problems(submit(`    submit: {jobQueue: q, jobDefinition: d, tags: ${tags("t", 51)}}`)),
    ).toEqual([
      "s.yaml:15:51 error workload[0].submit.tags: 51 tags; AWS allows at most 50 on a job (SubmitJob rejects more)",
    ]);
  });

  it("fails a job whose tags and its definition's are more than 50 together, at the job's tags", () => {
    const both = (own: number, ref = "d"): string =>
      variant({
        10: `    type: container\n    tags: ${tags("team", 30)}`,
        15: `    submit: {jobQueue: q, jobDefinition: ${ref}, tags: ${tags("cost", own)}}`,
      });
    expect(problems(both(20))).toEqual([]);
    const message =
      "error workload[0].submit.tags: the job would have 51 tags: 21 here and 30 more from job definition d; AWS fails a job with more than 50 (its own and its job definition's together)";
    expect(problems(both(21))).toEqual([`s.yaml:16:51 ${message}`]);
    // The definition named by ARN and revision is the same definition.
    const arn = "arn:aws:batch:us-east-1:123456789012:job-definition/d:1";
    expect(problems(both(21, arn))).toEqual([`s.yaml:16:${51 + arn.length - 1} ${message}`]);
  });

  it("counts a key on both the job and its definition once, as AWS merges them", () => {
    const text = variant({
      10: `    type: container\n    tags: ${tags("team", 30)}`,
      15: `    submit: {jobQueue: q, jobDefinition: d, tags: {team1: override, ${tags("cost", 20).slice(1)}}`,
    });
    expect(problems(text)).toEqual([]);
  });

  it("reports a definition over 50 once, not again at each of its jobs", () => {
    const text = variant({
      10: `    type: container\n    tags: ${tags("team", 51)}`,
      15: `    submit: {jobQueue: q, jobDefinition: d, tags: {cost: v}}`,
    });
    expect(problems(text)).toEqual([
      "s.yaml:11:11 error jobDefinitions[0].tags: 51 tags; AWS allows at most 50 on a job definition (RegisterJobDefinition rejects more)",
    ]);
  });

  it("takes a map of keys (1–128 characters) to string values (at most 256), as AWS does", () => {
    const with_ = (t: string): string[] =>
      problems(submit(`    submit: {jobQueue: q, jobDefinition: d, tags: ${t}}`));
    expect(with_(`{${"k".repeat(128)}: ${"v".repeat(256)}, empty: ""}`)).toEqual([]);
    expect(with_(`{${"k".repeat(129)}: v}`)).toEqual([
      `s.yaml:15:${51 + 129 + 3} error workload[0].submit.tags.${"k".repeat(129)}: a tag key must be 1–128 characters`,
    ]);
    expect(with_(`{team: ${"v".repeat(257)}}`)).toEqual([
      "s.yaml:15:58 error workload[0].submit.tags.team: a tag value must be at most 256 characters",
    ]);
    expect(with_("{cost-center: 1234}")).toEqual([
      "s.yaml:15:65 error workload[0].submit.tags.cost-center: expected string, got 1234",
    ]);
    expect(with_("[team]")).toEqual([
      "s.yaml:15:51 error workload[0].submit.tags: expected record, got a list",
    ]);
  });

  it("still have no effect: the scenario loads with the notice", () => {
    const text = variant({
      10: `    type: container\n    tags: ${tags("team", 30)}`,
      15: `    submit: {jobQueue: q, jobDefinition: d, tags: ${tags("cost", 20)}}`,
    });
    const r = loadScenario(text, "s.yaml", CATALOG);
    expect(r.ok && r.notices).toEqual(["accepted, no effect in simulation: tags"]);
  });
});
