import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/engine/rng.ts";
import {
  formatProblem,
  type LoadOptions,
  loadScenario,
  type Scenario,
  type TraceReader,
} from "../../src/scenario/index.ts";
import { createSubmissionSource, parseSwf, type Submission } from "../../src/workload/index.ts";
import { CATALOG } from "./helpers.ts";

const FIXTURE = readFileSync(new URL("../workload/fixtures/small.swf", import.meta.url));

/** A reader serving `bytes` for any path, remembering the paths asked for. */
function readerOf(bytes: Uint8Array = FIXTURE): TraceReader & { paths: string[] } {
  const paths: string[] = [];
  const read: TraceReader = (path) => {
    paths.push(path);
    return { ok: true, ...parseSwf(bytes) };
  };
  return Object.assign(read, { paths });
}

/** A scenario (8-vCPU UNMANAGED machine, FIFO queue `q`, fair-share queue `fs`) replaying `arrivals`. */
function text(arrivals: string, submit = "{jobQueue: q, jobDefinition: d}", extra = ""): string {
  return [
    "name: t", // 1
    "catalog: {instanceTypes: [{instanceType: m.big, vcpu: 8, memoryGiB: 16, onDemandUsdPerHour: 0}]}", // 2
    "schedulingPolicies: [{name: p}]", // 3
    "computeEnvironments:", // 4
    "  - {computeEnvironmentName: ce, type: UNMANAGED, sim: {instances: [{instanceType: m.big, count: 1}]}}", // 5
    "jobQueues:", // 6
    "  - {jobQueueName: q, priority: 1, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}", // 7
    "  - {jobQueueName: long, priority: 1, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}", // 8
    "  - {jobQueueName: fs, priority: 1, schedulingPolicyArn: p, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}", // 9
    "jobDefinitions:", // 10
    "  - {jobDefinitionName: d, type: container, schedulingPriority: 1, containerProperties: {resourceRequirements: [{type: MEMORY, value: '512'}]}}", // 11
    "workload:", // 12
    "  - name: w", // 13
    `    submit: ${submit}`, // 14
    `    arrivals: ${arrivals}`, // 15
    ...(extra === "" ? [] : [extra]),
  ].join("\n");
}

const TRACE = "{process: trace, format: swf, path: small.swf";

function load(
  yaml: string,
  options: LoadOptions = {},
  reader: TraceReader = readerOf(),
  file = "s.yaml",
) {
  return loadScenario(yaml, file, CATALOG, options, { readTrace: reader });
}

function scenarioOf(yaml: string, options: LoadOptions = {}, reader?: TraceReader): Scenario {
  const r = load(yaml, options, reader);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join("\n"));
  return r.scenario;
}

function problemsOf(yaml: string, options: LoadOptions = {}, reader?: TraceReader): string[] {
  const r = load(yaml, options, reader);
  return r.ok ? [] : r.problems.map(formatProblem);
}

function submissions(scenario: Scenario): Submission[] {
  const source = createSubmissionSource(scenario, createRng(scenario.seed));
  const out: Submission[] = [];
  for (let s = source.next(); s !== undefined; s = source.next()) out.push(s);
  return out;
}

describe("trace arrivals (process: trace, format: swf)", () => {
  it("submits one job per known job line, at its submit time after the first job, named by its job number", () => {
    const subs = submissions(scenarioOf(text(`${TRACE}}`)));
    expect(subs.map((s) => [s.jobName, s.atSeconds, s.spec.vcpus, s.runtimeSeconds])).toEqual([
      ["w-1", 0, 4, 50],
      ["w-2", 10, 4, 30],
      ["w-3", 20, 2, 40],
      // job 4 (run time −1) is skipped
      ["w-5", 30, 8, 20],
      ["w-6", 30, 1, 10],
      ["w-7", 50, 2, 25], // allocated −1: its 2 requested processors
      ["w-8", 100, 6, 60],
      ["w-9", 110, 3, 15],
      ["w-10", 200, 1, 5],
      ["w-11", 205, 8, 100],
      ["w-12", 300, 2, 30],
    ]);
    expect(subs.every((s) => s.spec.memoryMiB === 512 && s.spec.jobQueue === "q")).toBe(true);
  });

  it("counts the skipped job and says so in a notice", () => {
    const r = load(text(`${TRACE}}`));
    if (!r.ok) throw new Error("did not load");
    const stream = r.scenario.workload[0];
    if (stream?.kind !== "trace") throw new Error("not a trace stream");
    expect(stream.trace.rows.length).toBe(11);
    expect(stream.trace.skipped).toBe(1);
    expect(stream.trace.malformedLines).toBe(0);
    expect(r.notices).toEqual([
      "workload[0] (w) replays 11 jobs of small.swf; 1 job skipped (unknown runtime, processors or submit time)",
    ]);
  });

  it("cuts a window with from and to, on the trace's clock after its first job; the window starts at 0", () => {
    const subs = submissions(scenarioOf(text(`${TRACE}, from: 30, to: 200}`)));
    expect(subs.map((s) => [s.jobName, s.atSeconds])).toEqual([
      ["w-5", 0],
      ["w-6", 0],
      ["w-7", 20],
      ["w-8", 70],
      ["w-9", 80],
    ]);
  });

  it("stops after maxJobs jobs (skipped lines do not count) and scales the gaps with timeScale", () => {
    const subs = submissions(scenarioOf(text(`${TRACE}, maxJobs: 4, timeScale: 0.5}`)));
    expect(subs.map((s) => [s.jobName, s.atSeconds, s.runtimeSeconds])).toEqual([
      ["w-1", 0, 50],
      ["w-2", 5, 30],
      ["w-3", 10, 40],
      ["w-5", 15, 20], // run times are not scaled
    ]);
  });

  it("drops jobs at or after the scenario's until", () => {
    const s = scenarioOf(text(`${TRACE}}`), { until: "100s" });
    expect(submissions(s).map((x) => x.jobName)).toEqual([
      "w-1",
      "w-2",
      "w-3",
      "w-5",
      "w-6",
      "w-7",
    ]);
  });

  it("maps processors to vCPU and MEMORY, the requested time to a timeout, and queues by number", () => {
    const subs = submissions(
      scenarioOf(
        text(
          `${TRACE}, vcpusPerProcessor: 2, memoryMiBPerProcessor: 1GiB, requestedTimeAsTimeout: true, queues: {2: long}}`,
        ),
      ),
    );
    const w3 = subs.find((s) => s.jobName === "w-3");
    expect(w3?.spec).toMatchObject({
      vcpus: 4,
      memoryMiB: 2048,
      attemptDurationSeconds: 60, // 50 s requested: AWS's minimum is 60
      jobQueue: "long", // SWF queue 2
    });
    const w7 = subs.find((s) => s.jobName === "w-7");
    expect(w7?.spec).toMatchObject({ vcpus: 4, attemptDurationSeconds: 600, jobQueue: "q" });
  });

  it("gives each job a shareIdentifier from a template on a fair-share queue", () => {
    const subs = submissions(
      scenarioOf(
        text(`${TRACE}, shareIdentifier: "u{user}g{group}"}`, "{jobQueue: fs, jobDefinition: d}"),
      ),
    );
    expect(subs.slice(0, 3).map((s) => s.spec.shareIdentifier)).toEqual(["u1g1", "u2g1", "u1g2"]);
  });

  it("resolves a relative path against the scenario file's folder and keeps an absolute one", () => {
    const reader = readerOf();
    expect(load(text(`${TRACE}}`), {}, reader, "runs/cfg/s.yaml").ok).toBe(true);
    const abs = text("{process: trace, format: swf, path: /data/t.swf.gz}");
    expect(load(abs, {}, reader, "runs/cfg/s.yaml").ok).toBe(true);
    expect(load(text(`${TRACE}}`), {}, reader, "s.yaml").ok).toBe(true);
    expect(reader.paths).toEqual(["runs/cfg/small.swf", "/data/t.swf.gz", "small.swf"]);
  });
});

describe("trace arrivals: problems", () => {
  it("needs a format and a path, and reads only swf", () => {
    expect(problemsOf(text("{process: trace}"))).toEqual([
      "s.yaml:15:16 error workload[0].arrivals.format: required for trace arrivals: format: swf",
      "s.yaml:15:16 error workload[0].arrivals.path: required for trace arrivals",
    ]);
    expect(problemsOf(text("{process: trace, format: gwf, path: x}"))).toEqual([
      "s.yaml:15:40 error workload[0].arrivals.format: unknown trace format gwf: batchsim reads swf (the Standard Workload Format)",
    ]);
  });

  it("reports a file it cannot read at the path", () => {
    const reader: TraceReader = () => ({ ok: false, problem: "no such file or directory" });
    expect(problemsOf(text(`${TRACE}}`), {}, reader)).toEqual([
      "s.yaml:15:51 error workload[0].arrivals.path: cannot read small.swf: no such file or directory",
    ]);
  });

  it("reports malformed lines as trace.swf:line, or skips and counts them with --lenient", () => {
    const lines = FIXTURE.toString("utf8").split("\n");
    lines[16] = "3 120 0 40 2"; // line 17: the third job, cut short
    lines[18] = lines[18]!.replace(" 130 ", " 13O "); // line 19: a letter O
    const reader = readerOf(new TextEncoder().encode(lines.join("\n")));
    expect(problemsOf(text(`${TRACE}}`), {}, reader)).toEqual([
      "small.swf:17:1 error workload[0].arrivals.path: 5 fields, expected 18 (--lenient skips malformed lines)",
      'small.swf:19:1 error workload[0].arrivals.path: field 2 (submit time) is not a number: "13O" (--lenient skips malformed lines)',
    ]);
    const r = load(text(`${TRACE}}`), { lenient: true }, reader);
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join("\n"));
    const stream = r.scenario.workload[0];
    expect(stream?.kind === "trace" && stream.trace.malformedLines).toBe(2);
    expect(r.notices[0]).toMatch(/2 malformed lines skipped \(--lenient\)$/);
  });

  it("needs the command line's reader", () => {
    const r = loadScenario(text(`${TRACE}}`), "s.yaml", CATALOG);
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([
      "s.yaml:15:51 error workload[0].arrivals.path: traces are read by the batchsim command line; this loader has no reader",
    ]);
  });

  it("rejects what the trace decides: VCPU overrides, arrays, a stream runtime", () => {
    const submit =
      "{jobQueue: q, jobDefinition: d, arrayProperties: {size: 2}, containerOverrides: {resourceRequirements: [{type: VCPU, value: '2'}]}}";
    expect(problemsOf(text(`${TRACE}}`, submit, "    sim: {runtime: 5m}"))).toEqual([
      "s.yaml:14:45 error workload[0].submit.arrayProperties: a trace job is a single job, not an array",
      "s.yaml:14:117 error workload[0].submit.containerOverrides.resourceRequirements[0]: the trace gives each job's VCPU (processors × vcpusPerProcessor)",
      "s.yaml:16:11 error workload[0].sim.runtime: a trace gives each job's runtime (its field 4)",
    ]);
  });

  it("checks the shareIdentifier template and where it may be used", () => {
    expect(
      problemsOf(
        text(`${TRACE}, shareIdentifier: "user-{user}"}`, "{jobQueue: fs, jobDefinition: d}"),
      ),
    ).toEqual([
      "s.yaml:15:79 error workload[0].arrivals.shareIdentifier: expected letters, digits and the placeholders {user}, {group}, {queue} (a share identifier is letters and digits only)",
    ]);
    expect(problemsOf(text(`${TRACE}, shareIdentifier: "u{user}"}`))).toEqual([
      "s.yaml:15:79 error workload[0].arrivals.shareIdentifier: only for fair-share queues (job queue q has no schedulingPolicyArn)",
    ]);
  });

  it("checks the queue mapping's numbers and names", () => {
    expect(problemsOf(text(`${TRACE}, queues: {x: q, 2: lnog}}`))).toEqual([
      "s.yaml:15:71 error workload[0].arrivals.queues.x: expected an SWF queue number (an integer)",
      "s.yaml:15:80 error workload[0].arrivals.queues.2: unknown job queue lnog (did you mean long?)",
    ]);
  });

  it("is not a pipeline's arrival process", () => {
    const yaml = text(`${TRACE}}`).replace(
      "    submit: {jobQueue: q, jobDefinition: d}",
      "    pipeline: {steps: [{step: a, submit: {jobQueue: q, jobDefinition: d}}]}",
    );
    expect(problemsOf(yaml)).toContainEqual(
      "s.yaml:15:25 error workload[0].arrivals.process: a trace is replayed by an arrivals stream with submit:, not by a pipeline",
    );
  });
});
