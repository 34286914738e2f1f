/**
 * Calibration recovers known parameters from synthetic histories that batchsim itself generates:
 * a scenario with known settings and runtimes is run with the real CLI (`--events full`), and its
 * events.jsonl is calibrated. Tolerance: every fitted median, p90 and interval within 10 % of the
 * truth (with these seeds they land within 5 %).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { calibrateCommand } from "../../src/cli/calibrate.ts";
import { batchsim, cleanUp, tempFolder } from "./helpers.ts";
import { runCommand } from "./history-helpers.ts";

const TOLERANCE = 0.1;

/** ~3,000 worker jobs (Poisson, 5 h) and 30 pipelines of an array of 20 and a job that depends on it. */
const SOURCE = `name: calibration-source
seed: 11
settings:
  schedulerIntervalSeconds: 5
  jobStartingSeconds: { distribution: lognormal, median: 20, p90: 40 }
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources:
      type: EC2
      allocationStrategy: BEST_FIT_PROGRESSIVE
      minvCpus: 0
      maxvCpus: 4096
      instanceTypes: [m6i]
jobQueues:
  - jobQueueName: main
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }]
jobDefinitions:
  - jobDefinitionName: worker
    type: container
    containerProperties:
      resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "4096" }]
    sim:
      runtime: { distribution: lognormal, median: 10m, p90: 30m }
  - jobDefinitionName: short
    type: container
    containerProperties:
      resourceRequirements: [{ type: VCPU, value: "1" }, { type: MEMORY, value: "1024" }]
    sim:
      runtime: { distribution: lognormal, median: 1m, p90: 2m }
workload:
  - name: work
    submit: { jobQueue: main, jobDefinition: worker }
    arrivals: { process: poisson, ratePerHour: 600, to: 5h }
  - name: batch
    arrivals: { process: fixed, every: 10m, to: 5h }
    pipeline:
      steps:
        - step: fan
          submit: { jobQueue: main, jobDefinition: short, arrayProperties: { size: 20 } }
        - step: gather
          submit: { jobQueue: main, jobDefinition: short, dependsOn: [{ jobName: fan }] }
`;

/** The same with another truth: a 10 s cycle, a fixed 30 s STARTING, exponential runtimes. */
const OTHER = SOURCE.replace("schedulerIntervalSeconds: 5", "schedulerIntervalSeconds: 10")
  .replace(/jobStartingSeconds: .*/, "jobStartingSeconds: 30")
  .replace(
    "{ distribution: lognormal, median: 10m, p90: 30m }",
    "{ distribution: exponential, mean: 5m }",
  )
  .replace("ratePerHour: 600", "ratePerHour: 300");

let dir = "";

/** Runs a scenario with the real CLI and returns its events.jsonl path. */
function simulate(name: string, text: string): string {
  writeFileSync(join(dir, `${name}.yaml`), text);
  const r = batchsim(
    dir,
    "run",
    `${name}.yaml`,
    "--out",
    name,
    "--events",
    "full",
    "--report",
    "none",
  );
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return join(dir, name, "events.jsonl");
}

function calibrateJson(file: string, ...args: string[]) {
  const r = runCommand(calibrateCommand, [file, "--json", ...args]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

function expectNear(actual: number, truth: number, what: string): void {
  expect(Math.abs(actual - truth) / truth, `${what}: ${actual} vs ${truth}`).toBeLessThanOrEqual(
    TOLERANCE,
  );
}

/** DescribeJobs pages of 100 from events: each job's last JobDetail. */
function describeJobsFrom(events: string): string {
  const last = new Map<string, unknown>();
  for (const line of readFileSync(events, "utf8").split("\n")) {
    if (line === "") continue;
    const e = JSON.parse(line);
    if (e["detail-type"] === "Batch Job State Change") last.set(e.detail.jobId, e.detail);
  }
  const jobs = [...last.values()];
  const pages: string[] = [];
  for (let i = 0; i < jobs.length; i += 100)
    pages.push(JSON.stringify({ jobs: jobs.slice(i, i + 100) }, null, 2));
  return pages.join("\n");
}

beforeAll(() => {
  dir = tempFolder();
});
afterAll(() => cleanUp(dir));

describe("batchsim calibrate: events of a known scenario", () => {
  let events = "";
  // biome-ignore lint/suspicious/noExplicitAny: the JSON output is checked field by field
  let c: any;
  beforeAll(() => {
    events = simulate("source", SOURCE);
    c = calibrateJson(events);
  });

  it("recovers schedulerIntervalSeconds 5 from SUBMITTED → RUNNABLE of jobs without dependencies", () => {
    // 2,990 workers; the array children and the dependent jobs are left out.
    expect(c.submittedToRunnable.n).toBeGreaterThan(2500);
    expect(c.submittedToRunnable.summary.max).toBeLessThanOrEqual(5);
    expectNear(c.settings.schedulerIntervalSeconds, 5, "schedulerIntervalSeconds");
    expect(c.submittedToRunnable.uniform.ks).toBeLessThan(0.05);
  });

  it("recovers jobStartingSeconds lognormal median 20 s, p90 40 s", () => {
    const fit = c.jobStartingSeconds;
    expect(fit.n).toBeGreaterThan(3000);
    expect(fit.choice).toBe("lognormal");
    expectNear(fit.value.median, 20, "jobStartingSeconds median");
    expectNear(fit.value.p90, 40, "jobStartingSeconds p90");
    expect(fit.lognormal.ks).toBeLessThan(fit.lognormal.ksCritical5);
    expect(c.settings.jobStartingSeconds).toEqual(fit.value);
    expect(c.fargateStartingSeconds).toBeNull();
  });

  it("finds that jobs with free capacity start in the cycle they become RUNNABLE, as batchsim models", () => {
    const r = c.runnableToStarting;
    expect(r.freeCapacity.n).toBeGreaterThan(r.attempts * 0.5);
    expect(r.freeCapacity.summary.p50).toBe(0);
    expect(r.freeWithinOneSecond / r.freeCapacity.n).toBeGreaterThan(0.95);
    expect(r.waited.n).toBe(r.attempts - r.freeCapacity.n);
    expect(r.waited.max).toBeGreaterThan(60); // waits for a scale-out (instances boot in 180 s)
  });

  it("recovers each job definition's runtime: worker median 10m p90 30m, short median 1m p90 2m", () => {
    const worker = c.runtimes.worker;
    expect(worker.choice).toBe("lognormal");
    expectNear(worker.value.median, 600, "worker median");
    expectNear(worker.value.p90, 1800, "worker p90");
    const short = c.runtimes.short;
    expect(short.n).toBe(30 * 21); // every child and every gather job
    expectNear(short.value.median, 60, "short median");
    expectNear(short.value.p90, 120, "short p90");
    expect(c.jobDefinitions.worker.sim.runtime).toEqual(worker.value);
  });

  it("prints a YAML block whose settings and sim blocks paste into the scenario and validate", () => {
    const r = runCommand(calibrateCommand, [events]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/KS D = .* \(Lilliefors 5 % critical value/);
    expect(r.stdout).toMatch(/Not measurable from this history:\n.*instanceReadySeconds/);
    const block = parse(r.stdout);
    expect(block.settings).toEqual(c.settings);
    const scenario = parse(SOURCE);
    scenario.name = "calibrated";
    scenario.settings = block.settings;
    for (const d of block.jobDefinitions) {
      const target = scenario.jobDefinitions.find(
        (x: { jobDefinitionName: string }) => x.jobDefinitionName === d.jobDefinitionName,
      );
      target.sim = d.sim;
    }
    writeFileSync(join(dir, "calibrated.yaml"), JSON.stringify(scenario));
    const v = batchsim(dir, "validate", "calibrated.yaml");
    expect(v.stderr).toBe("");
    expect(v.status).toBe(0);
  });

  it("from DescribeJobs output fits the same runtimes and the delay before start, and says what it cannot split", () => {
    writeFileSync(join(dir, "describe-jobs.json"), describeJobsFrom(events));
    const d = calibrateJson(join(dir, "describe-jobs.json"));
    expect(d.input.format).toBe("describeJobs");
    expect(d.settings).toEqual({});
    expect(d.jobStartingSeconds).toBeNull();
    expect(d.submittedToRunnable).toBeNull();
    expect(d.runtimes).toEqual(c.runtimes);
    expect(d.delayBeforeStart).toEqual(c.delayBeforeStart);
    expect(d.cannotTell.join(" ")).toMatch(/DescribeJobs output has no RUNNABLE or STARTING times/);
    const yaml = runCommand(calibrateCommand, [join(dir, "describe-jobs.json")]).stdout;
    expect(parse(yaml).settings).toEqual({});
    expect(yaml).toMatch(/cannot be split into the scheduler's cycle/);
  });

  it("says when event times are whole seconds, as EventBridge writes them", () => {
    const lines = readFileSync(events, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => {
        const e = JSON.parse(l);
        e.time = `${e.time.slice(0, 19)}Z`;
        return JSON.stringify(e);
      });
    writeFileSync(join(dir, "seconds.jsonl"), `${lines.join("\n")}\n`);
    const s = calibrateJson(join(dir, "seconds.jsonl"));
    expect(s.input.subSecondEventTimes).toBe(false);
    expect(c.input.subSecondEventTimes).toBe(true);
    expect(s.cannotTell.join(" ")).toMatch(/event times are whole seconds/);
    expectNear(s.jobStartingSeconds.value.median, 20, "jobStartingSeconds median (whole seconds)");
  });
});

describe("batchsim calibrate: another truth", () => {
  // biome-ignore lint/suspicious/noExplicitAny: the JSON output is checked field by field
  let c: any;
  beforeAll(() => {
    c = calibrateJson(simulate("other", OTHER));
  });

  it("recovers a 10 s cycle and a fixed 30 s STARTING", () => {
    expectNear(c.settings.schedulerIntervalSeconds, 10, "schedulerIntervalSeconds");
    expect(c.jobStartingSeconds.choice).toBe("fixed");
    expect(c.settings.jobStartingSeconds).toBe(30);
  });

  it("rejects a lognormal for exponential runtimes and gives the empirical distribution", () => {
    const worker = c.runtimes.worker;
    expect(worker.lognormal.ks).toBeGreaterThan(worker.lognormal.ksCritical5);
    expect(worker.choice).toBe("empirical");
    expect(worker.value.distribution).toBe("empirical");
    expect(worker.value.values).toHaveLength(100);
    expectNear(worker.summary.mean, 300, "worker mean runtime");
    expectNear(worker.summary.p50, 300 * Math.LN2, "worker median runtime");
  });
});

describe("batchsim calibrate: bad input", () => {
  it("refuses what is not a history with file:line, and bad options, with exit 2", () => {
    writeFileSync(join(dir, "bad.jsonl"), '{"detail-type": "Batch Job State Change"}\n[1]\n');
    const r = runCommand(calibrateCommand, [join(dir, "bad.jsonl")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl:1:1 error: a Batch Job State Change event needs a detail/);
    writeFileSync(join(dir, "text.txt"), "hello\n");
    expect(runCommand(calibrateCommand, [join(dir, "text.txt")]).stderr).toMatch(
      /text\.txt:1:1 error: not a JSON object/,
    );
    expect(
      runCommand(calibrateCommand, [join(dir, "text.txt"), "--free-within", "soon"]).status,
    ).toBe(2);
    expect(runCommand(calibrateCommand, []).status).toBe(2);
  });
});
