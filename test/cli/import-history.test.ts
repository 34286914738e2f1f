import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { importHistoryCommand } from "../../src/cli/import-history.ts";
import { batchsim, cleanUp, tempFolder } from "./helpers.ts";
import { runCommand } from "./history-helpers.ts";

/** Two DescribeJobs pages, written by hand from the API shapes (aws-batch-model.md §1, §3, §10). */
const FIXTURE = fileURLToPath(new URL("./fixtures/history/describe-jobs.json", import.meta.url));
const ID = "4f1c2a9e-1b7d-4c3e-9a51-0a6f2b8c00";

interface Submission {
  at: number;
  submit: Record<string, unknown> & { jobName: string };
  sim?: Record<string, unknown>;
}

let dir = "";
beforeEach(() => {
  dir = tempFolder();
});
afterEach(() => cleanUp(dir));

function importHistory(...args: string[]) {
  return runCommand(importHistoryCommand, args);
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed scenario is checked field by field
function jobsOf(scenario: any): Submission[] {
  return scenario.workload[0].jobs;
}

function byName(jobs: Submission[]): Record<string, Submission> {
  return Object.fromEntries(jobs.map((j) => [j.submit.jobName, j]));
}

/** The fixture's two pages (the file is a JSON array of them). */
function fixturePages(): { jobs: Record<string, unknown>[] }[] {
  return JSON.parse(readFileSync(FIXTURE, "utf8"));
}

describe("batchsim import history: DescribeJobs output", () => {
  it("replays the fixture's arrays, dependencies, names, resources, retries and runtimes", () => {
    const out = join(dir, "replay.yaml");
    const r = importHistory(FIXTURE, "--out", out);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      `${out}: 7 submissions over 70 s: 1 array job (3 children), 6 other jobs; 2 job queues, 3 job definitions; run it with: batchsim run ${out}\n`,
    );
    expect(r.stderr).toMatch(new RegExp(`^${out}: note: 1 job name was repeated`));
    const text = readFileSync(join(dir, "replay.yaml"), "utf8");
    const scenario = parse(text);
    expect(scenario.name).toBe("describe-jobs");
    expect(scenario.start).toBe("2026-01-01T09:00:00.000Z");
    const jobs = jobsOf(scenario);
    // The array's children are not listed: 5 + 2 jobs, in createdAt order.
    expect(jobs.map((j) => [j.submit.jobName, j.at])).toEqual([
      ["extract", 0],
      ["render", 10],
      ["transform", 20],
      ["load", 30],
      ["flaky", 40],
      ["load-2", 60],
      ["cleanup", 70],
    ]);
    const j = byName(jobs);
    expect(j.render!.submit.arrayProperties).toEqual({ size: 3 });
    expect(j.render!.sim).toEqual({
      runtime: { distribution: "empirical", values: [200, 220, 240] },
    });
    expect(j.transform!.submit.dependsOn).toEqual([{ jobName: "extract" }, { jobName: "render" }]);
    expect(j.transform!.submit.containerOverrides).toEqual({
      resourceRequirements: [
        { type: "VCPU", value: "4" },
        { type: "MEMORY", value: "8192" },
      ],
    });
    expect(j.load!.submit.dependsOn).toEqual([{ jobName: "transform" }]);
    // A repeated jobName is made unique, and the history's id and name stay in a comment.
    expect(j["load-2"]!.submit).toMatchObject({
      jobQueue: "high",
      dependsOn: [{ jobName: "load" }],
    });
    expect(text).toMatch(new RegExp(`jobName: load-2.*# jobId ${ID}09; history jobName "load"`));
    expect(j.flaky!.submit.retryStrategy).toEqual({ attempts: 2 });
    expect(j.flaky!.sim).toEqual({ runtime: 45, exitCodes: { "1": 1 } });
    expect(j.extract!.sim).toEqual({ runtime: 300 });
    expect(j.cleanup!.submit.dependsOn).toEqual([{ jobName: "flaky" }]);
    expect(j.cleanup!.sim).toBeUndefined();

    expect(scenario.jobQueues.map((q: { jobQueueName: string }) => q.jobQueueName)).toEqual([
      "main",
      "high",
    ]);
    const definitions = Object.fromEntries(
      scenario.jobDefinitions.map(
        (d: {
          jobDefinitionName: string;
          containerProperties: { resourceRequirements: { value: string }[] };
        }) => [d.jobDefinitionName, d.containerProperties.resourceRequirements.map((x) => x.value)],
      ),
    );
    expect(definitions).toEqual({
      etl: ["2", "4096"],
      render: ["4", "8192"],
      report: ["1", "2048"],
    });
    // Peak concurrent vCPU on main: extract 2 + render 3 × 4 + flaky 2 = 16 → 24.
    expect(
      scenario.computeEnvironments.map(
        (c: { computeEnvironmentName: string; computeResources: { maxvCpus: number } }) => [
          c.computeEnvironmentName,
          c.computeResources.maxvCpus,
        ],
      ),
    ).toEqual([
      ["main-ce", 24],
      ["high-ce", 2],
    ]);
    expect(text).toMatch(/PLACEHOLDERS/);
  });

  it("writes a scenario that validates and runs as the history did", () => {
    expect(importHistory(FIXTURE, "--out", join(dir, "replay.yaml")).status).toBe(0);
    const v = batchsim(dir, "validate", "replay.yaml");
    expect(v.stderr).toBe("");
    expect(v.status).toBe(0);
    const run = batchsim(dir, "run", "replay.yaml", "--report", "none", "--quiet", "--out", "run");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, "run", "summary.json"), "utf8"));
    expect(summary.jobs).toMatchObject({
      submitted: 9, // 3 children + 6 other jobs
      arrayParents: 1,
      succeeded: 7,
      failed: 2, // flaky, after 2 attempts, and cleanup, which depends on it
      retries: 1,
    });
    const jobsCsv = readFileSync(join(dir, "run", "jobs.csv"), "utf8");
    expect(jobsCsv).toMatch(/,cleanup,high,.*Dependent Job failed/);
  });

  it("reads the same history as pages one after the other, as JSON lines and as bare JobDetails", () => {
    const pages = fixturePages();
    const variants = {
      // Two `aws batch describe-jobs` outputs appended to one file.
      "appended.json": pages.map((p) => JSON.stringify(p, null, 4)).join("\n"),
      "pages.jsonl": pages.map((p) => JSON.stringify(p)).join("\n"),
      "details.json": JSON.stringify(pages.flatMap((p) => p.jobs)),
    };
    const imported = (file: string): unknown => {
      const out = join(dir, `${file}.yaml`);
      expect(importHistory(file, "--name", "x", "--out", out).status, file).toBe(0);
      return parse(readFileSync(out, "utf8"));
    };
    const reference = imported(FIXTURE) as object;
    for (const [name, text] of Object.entries(variants)) {
      writeFileSync(join(dir, name), text);
      const scenario = imported(join(dir, name)) as object;
      expect({ ...scenario, description: "" }, name).toEqual({ ...reference, description: "" });
    }
  });

  it("with --runtimes distribution gives each definition its runtimes and no job its own", () => {
    const out = join(dir, "d.yaml");
    expect(importHistory(FIXTURE, "--runtimes", "distribution", "--out", out).status).toBe(0);
    const scenario = parse(readFileSync(out, "utf8"));
    const j = byName(jobsOf(scenario));
    expect(j.extract!.sim).toBeUndefined();
    expect(j.flaky!.sim).toEqual({ exitCodes: { "1": 1 } }); // outcomes are still replayed
    const etl = scenario.jobDefinitions.find(
      (d: { jobDefinitionName: string }) => d.jobDefinitionName === "etl",
    );
    expect(etl.sim.runtime).toEqual({ distribution: "empirical", values: [45, 120, 300, 600] });
  });
});

describe("batchsim import history: Batch Job State Change events", () => {
  it("detects and reads events: batchsim's own events.jsonl of the replay imports to the same jobs", () => {
    expect(importHistory(FIXTURE, "--out", join(dir, "replay.yaml")).status).toBe(0);
    const run = batchsim(dir, "run", "replay.yaml", "--report", "none", "--quiet", "--out", "run");
    expect(run.status).toBe(0);
    const events = join(dir, "run", "events.jsonl");
    expect(importHistory(events, "--name", "again", "--out", join(dir, "again.yaml")).status).toBe(
      0,
    );
    const text = readFileSync(join(dir, "again.yaml"), "utf8");
    expect(text).toMatch(/\(Batch Job State Change events\)/);
    const first = jobsOf(parse(readFileSync(join(dir, "replay.yaml"), "utf8")));
    const again = jobsOf(parse(text));
    const shape = (jobs: Submission[]) =>
      jobs.map((j) => ({
        jobName: j.submit.jobName,
        jobQueue: j.submit.jobQueue,
        jobDefinition: j.submit.jobDefinition,
        arrayProperties: j.submit.arrayProperties,
        dependsOn: j.submit.dependsOn,
        retryStrategy: j.submit.retryStrategy,
        exitCodes: j.sim?.exitCodes,
      }));
    expect(shape(again)).toEqual(shape(first));
    // Submission times and plain jobs' runtimes come back exactly.
    expect(again.map((j) => j.at)).toEqual(first.map((j) => j.at));
    for (const name of ["extract", "transform", "load", "flaky", "load-2"])
      expect(byName(again)[name]!.sim?.runtime, name).toBe(byName(first)[name]!.sim?.runtime);
  });
});

describe("batchsim import history: bad input", () => {
  const out = () => join(dir, "out.yaml");

  function expectRefused(file: string, message: RegExp): void {
    const r = importHistory(file, "--out", out());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(out())).toBe(false);
  }

  function write(name: string, text: string): string {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  }

  it("refuses what is not JSON, with file:line", () => {
    const f = write("jobs.csv", "jobId,status\nj1,SUCCEEDED\n");
    expectRefused(f, new RegExp(`^${f}:1:1 error: not a JSON object: found "j"`));
  });

  it("locates a syntax error in a line of JSON lines", () => {
    const line = JSON.stringify(fixturePages()[0]);
    const f = write("broken.jsonl", `${line}\n${line}\n{"jobs": [{"jobId": }]}\n`);
    expectRefused(f, new RegExp(`^${f}:3:1 error: not valid JSON: Unexpected token`));
  });

  it("refuses an unknown shape at its line, and says what look-alikes are", () => {
    const f = write("other.json", '{"jobs": []}\n{"hello": "world"}\n');
    expectRefused(f, new RegExp(`^${f}:2:1 error: not a DescribeJobs page .*keys: hello`));
    const list = write("list.json", '{"jobSummaryList": []}');
    expectRefused(list, /this is ListJobs output/);
    const compact = write("compact.jsonl", '{"t":1,"jobId":"j","status":"RUNNABLE"}\n');
    expectRefused(compact, /batchsim's compact events.jsonl.*--events full/);
  });

  it("locates a JobDetail without createdAt at its line inside the page", () => {
    const pages = fixturePages();
    delete pages[1]!.jobs[3]!.createdAt;
    const f = write("missing.json", JSON.stringify(pages, null, 2));
    const text = readFileSync(f, "utf8").split("\n");
    const line = text.findIndex((l) => l.includes(`"${ID}09"`)) + 1;
    expectRefused(f, new RegExp(`^${f}:${line}:1 error: job ${ID}09: a JobDetail needs createdAt`));
  });

  it("refuses an empty file, a missing file, bad options and an existing --out", () => {
    expectRefused(write("empty.json", "\n"), /:1:1 error: no jobs: expected DescribeJobs output/);
    expectRefused(join(dir, "nope.json"), /nope.json:1:1 error: cannot read .*no such file/);
    expect(importHistory(FIXTURE, "--runtimes", "median", "--out", out()).status).toBe(2);
    expect(importHistory(FIXTURE, "--name", "a b", "--out", out()).status).toBe(2);
    expect(importHistory(FIXTURE, "--bogus").stderr).toMatch(/unknown option --bogus/);
    expect(existsSync(out())).toBe(false);
    writeFileSync(out(), "keep me");
    const r = importHistory(FIXTURE, "--out", out());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`batchsim: output file exists (use --force): ${out()}\n`);
    expect(readFileSync(out(), "utf8")).toBe("keep me");
    expect(importHistory(FIXTURE, "--out", out(), "--force").status).toBe(0);
    const nested = join(dir, "a", "b", "replay.yaml");
    expect(importHistory(FIXTURE, "--out", nested).status).toBe(0);
    expect(existsSync(nested)).toBe(true);
  });
});
