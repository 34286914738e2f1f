/**
 * `batchsim explain` on real run folders: a FIFO queue on a managed CE (jobs wait for instances to
 * boot, then for room at maxvCpus), a job PENDING on a dependency, an array job, two jobs of one name
 * and a job too big for any instance type (blocked, cancelled by a jobStateTimeLimitAction).
 * Assertions on wait reasons apply to the reasons decisions.csv holds, so they check the story's
 * structure whatever the scheduler states.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchsim, cleanUp, tempFolder, writeScenario } from "./helpers.ts";

const FIFO = `name: explain-me
seed: 3
computeEnvironments:
  - computeEnvironmentName: ondemand
    type: MANAGED
    computeResources:
      type: EC2
      allocationStrategy: BEST_FIT_PROGRESSIVE
      minvCpus: 0
      maxvCpus: 8
      instanceTypes: [c6i]
jobQueues:
  - jobQueueName: main
    priority: 1
    computeEnvironmentOrder:
      - {order: 1, computeEnvironment: ondemand}
    jobStateTimeLimitActions:
      - {reason: "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT", state: RUNNABLE, maxTimeSeconds: 600, action: CANCEL}
jobDefinitions:
  - jobDefinitionName: worker
    type: container
    containerProperties:
      resourceRequirements:
        - {type: VCPU, value: "2"}
        - {type: MEMORY, value: "4096"}
    sim:
      runtime: 10m
workload:
  - name: etl
    jobs:
      - {at: 0, submit: {jobName: twin, jobQueue: main, jobDefinition: worker}}
      - {at: 0, submit: {jobName: twin, jobQueue: main, jobDefinition: worker}}
      - {at: 0, submit: {jobName: extract, jobQueue: main, jobDefinition: worker}}
      - {at: 0, submit: {jobName: load, jobQueue: main, jobDefinition: worker, dependsOn: [{jobName: extract}]}}
      - {at: 0, submit: {jobName: many, jobQueue: main, jobDefinition: worker, arrayProperties: {size: 3}}}
      - {at: 2h, submit: {jobName: huge, jobQueue: main, jobDefinition: worker, containerOverrides: {resourceRequirements: [{type: VCPU, value: "1024"}]}}}
`;

const FAIR = `name: fair
seed: 3
computeEnvironments:
  - computeEnvironmentName: ondemand
    type: MANAGED
    computeResources: {type: EC2, minvCpus: 0, maxvCpus: 16, instanceTypes: [c6i]}
schedulingPolicies:
  - name: teams
    fairsharePolicy:
      shareDistribution:
        - {shareIdentifier: a, weightFactor: 1}
        - {shareIdentifier: b, weightFactor: 0.5}
jobQueues:
  - jobQueueName: shared
    priority: 1
    schedulingPolicyArn: teams
    computeEnvironmentOrder:
      - {order: 1, computeEnvironment: ondemand}
jobDefinitions:
  - jobDefinitionName: worker
    type: container
    schedulingPriority: 1
    containerProperties:
      resourceRequirements:
        - {type: VCPU, value: "2"}
        - {type: MEMORY, value: "4096"}
    sim: {runtime: 10m}
workload:
  - name: a
    submit: {jobQueue: shared, jobDefinition: worker, shareIdentifier: a}
    arrivals: {process: poisson, ratePerHour: 120, count: 40}
  - name: b
    submit: {jobQueue: shared, jobDefinition: worker, shareIdentifier: b}
    arrivals: {process: poisson, ratePerHour: 120, count: 40}
`;

let dir = "";
const RUN = "runs/explain-me";

/** decisions.csv rows (no cell of these runs' ids and codes holds a comma before the detail). */
function decisions(run: string): { time: number; jobId: string; reason: string }[] {
  const lines = readFileSync(join(dir, run, "decisions.csv"), "utf8")
    .trimEnd()
    .split("\n");
  expect(lines[0]).toBe("time,jobId,reason,detail");
  return lines.slice(1).map((l) => {
    const [time = "", jobId = "", reason = ""] = l.split(",");
    return { time: Number(time), jobId, reason };
  });
}

const explain = (...args: string[]) => batchsim(dir, "explain", ...args);

beforeAll(() => {
  dir = tempFolder();
  for (const [file, text] of [
    ["fifo.yaml", FIFO],
    ["fair.yaml", FAIR],
  ] as const) {
    const r = batchsim(dir, "run", writeScenario(dir, file, text), "--quiet");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  }
});
afterAll(() => cleanUp(dir));

/** Story lines with a time: `  hh:mm:ss (N s)  text`, as [seconds, text]. */
function steps(story: string): [number, string][] {
  return story.split("\n").flatMap((l) => {
    const m = /^ {2}(?:\d+d )?\d\d:\d\d:\d\d \(([\d.]+)s\) +(.*)$/.exec(l);
    return m ? [[Number(m[1]), m[2] ?? ""] as [number, string]] : [];
  });
}

describe("batchsim explain RUN_DIR JOB", () => {
  it("tells a job's story in time order: submitted, RUNNABLE, its waits, its attempt, its end, its cost", () => {
    const r = explain(RUN, "job-00000001");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^job-00000001 \(twin\) in queue main: 2 vCPU, 4096 MiB\n/);
    const s = steps(r.stdout);
    const texts = s.map(([, text]) => text);
    expect(texts[0]).toBe("submitted to queue main");
    expect(texts[1]).toBe("RUNNABLE: waiting in the queue to be placed");
    expect(texts).toContainEqual(
      expect.stringMatching(
        /^attempt 1: placed on instance i-\d+ \(c6i\.\w+\) in CE ondemand — STARTING, after .+ RUNNABLE$/,
      ),
    );
    expect(texts).toContain("attempt 1: RUNNING");
    expect(texts).toContain(
      "attempt 1: ended — succeeded, exit code 0, Essential container in task exited; ran 10m",
    );
    expect(texts.at(-1)).toBe("SUCCEEDED: Essential container in task exited");
    expect(s.map(([t]) => t)).toEqual(s.map(([t]) => t).sort((a, b) => a - b));
    expect(r.stdout).toMatch(
      /\nfinal status: SUCCEEDED — Essential container in task exited\ncost: \$0\.\d{4} /,
    );
    // The instances take minutes to boot: whatever reasons decisions.csv states, each is a timed line.
    const own = decisions(RUN).filter((d) => d.jobId === "job-00000001");
    const waits = texts.filter((t) => t.startsWith("waited: "));
    expect(waits.length).toBe(new Set(own.map((d) => d.time)).size);
    for (const w of waits) expect(w).toMatch(/ — \d[\dhms ]*$/);
    if (own.some((d) => d.reason === "SCALING")) expect(r.stdout).toContain("SCALING");
  });

  it("finds a job by its name and shows the wait on dependencies", () => {
    const r = explain(RUN, "load");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^job-00000004 \(load\) in queue main/);
    expect(steps(r.stdout)[1]).toEqual([
      0,
      expect.stringMatching(/^PENDING on its dependencies — \d+m/),
    ]);
  });

  it("tells the blocked job's wait and its cancellation by the time-limit action", () => {
    const r = explain(RUN, "huge");
    expect(r.status).toBe(0);
    const texts = steps(r.stdout).map(([, t]) => t);
    expect(texts.at(-1)).toBe(
      "FAILED: Canceled by JobStateTimeLimit action due to reason: MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
    );
    expect(texts.some((t) => t.startsWith("attempt"))).toBe(false);
    const own = decisions(RUN).filter((d) => d.jobId === "job-00000006");
    if (own.some((d) => d.reason === "BLOCKED")) {
      expect(texts).toContainEqual(
        expect.stringMatching(/^waited: .*JOB_RESOURCE_REQUIREMENT.* — 10m$/),
      );
    }
    expect(r.stdout).toContain("cost: $0.0000");
  });

  it("summarises an array job's children and points to one of them", () => {
    const r = explain(RUN, "many");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^job-00000005 \(many\) in queue main: an array job of 3 children\n/);
    expect(r.stdout).toContain("\nchildren: SUCCEEDED 3\nfinal status: SUCCEEDED\n");
    const child = /batchsim explain runs\/explain-me (job-00000005:\d)\n$/.exec(r.stdout)?.[1];
    expect(child).toBeDefined();
    const c = explain(RUN, child ?? "");
    expect(c.status).toBe(0);
    expect(c.stdout).toContain(", child ");
    expect(c.stdout).toContain(" of array job job-00000005: 2 vCPU");
  });

  it("exits 2 on an unknown job, with a did-you-mean", () => {
    const r = explain(RUN, "job-0000006");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "batchsim explain: no job job-0000006 in runs/explain-me/jobs.csv (did you mean job-00000006?)\n",
    );
    expect(explain(RUN, "extrcat").stderr).toMatch(/\(did you mean extract\?\)\n$/);
  });

  it("exits 2 on a name several jobs share, listing their ids", () => {
    const r = explain(RUN, "twin");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^ {2}job-00000001 {2}queue main, SUCCEEDED, submitted 00:00:00 \(0s\)\n/,
    );
    expect(r.stderr).toContain("\n  job-00000002  queue main,");
    expect(r.stderr).toMatch(
      /\nbatchsim explain: 2 jobs are named "twin" in runs\/explain-me\/jobs\.csv; give a jobId\n$/,
    );
  });

  it("exits 2 when the folder is not a run folder, or is missing", () => {
    mkdirSync(join(dir, "empty"), { recursive: true });
    const r = explain("empty", "job-00000001");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("batchsim explain: empty is not a run folder (it has no jobs.csv)\n");
    const missing = explain("nowhere", "job-00000001");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^batchsim explain: nowhere: no such run folder/);
    expect(explain(RUN).status).toBe(2);
  });
});

describe("batchsim explain RUN_DIR --queue NAME --at TIME", () => {
  /** The table's rows: [#, jobId, jobName, share, vCPU, ...]. */
  function rows(text: string): string[][] {
    return text
      .split("\n")
      .filter((l) => /^ *\d+ {2}job-/.test(l))
      .map((l) => l.trim().split(/ {2,}/));
  }

  it("lists a FIFO queue's RUNNABLE jobs by creation, with the queue's vCPU in use", () => {
    const r = explain(RUN, "--queue", "main", "--at", "5m");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^queue main \(FIFO\) at 00:05:00 \(300s\): 4 jobs RUNNABLE\n/);
    expect(r.stdout).toContain("order: first in, first out (by createdAt)\n");
    expect(r.stdout).toContain("vCPU in use by the queue's jobs: 4\n");
    expect(rows(r.stdout).map((row) => row[1])).toEqual([
      "job-00000003",
      "job-00000005:0",
      "job-00000005:1",
      "job-00000005:2",
    ]);
    // Same answer for the time in seconds.
    expect(explain(RUN, "--queue", "main", "--at", "300").stdout).toBe(r.stdout);
  });

  it("shows the blocked job with its latest reason", () => {
    const r = explain(RUN, "--queue", "main", "--at", "2h5m");
    expect(r.status).toBe(0);
    const [row] = rows(r.stdout);
    expect(row?.slice(1, 5)).toEqual(["job-00000006", "huge", "-", "1024"]);
    expect(row?.[5]).toBe("02:00:00 (7200s), 5m");
    if (decisions(RUN).some((d) => d.jobId === "job-00000006" && d.time <= 7500))
      expect(row?.[6]).toMatch(/^BLOCKED /);
  });

  it("orders a fair-share queue by share, the share with the least vCPU in use first", () => {
    const r = explain("runs/fair", "--queue", "shared", "--at", "30m");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      "order: approximate: by share vCPU in use at that time (lowest first), then by createdAt within a share",
    );
    const usage = /\nvCPU in use by share: (.*)\n/.exec(r.stdout)?.[1] ?? "";
    const inUse = new Map(usage.split(", ").map((p) => [p.split(" ")[0], Number(p.split(" ")[1])]));
    const shares = rows(r.stdout).map((row) => row[3] ?? "");
    expect(shares.length).toBeGreaterThan(0);
    expect(shares.length).toBeLessThanOrEqual(100);
    const order = [...new Set(shares)];
    expect(shares).toEqual([...shares].sort((x, y) => order.indexOf(x) - order.indexOf(y)));
    const used = order.map((s) => inUse.get(s) ?? 0);
    expect(used).toEqual([...used].sort((x, y) => x - y));
  });

  it("exits 2 on a bad --at, an --at after the run, an unknown queue, or --queue alone", () => {
    const bad = explain(RUN, "--queue", "main", "--at", "soon");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      'batchsim explain: --at must be seconds or a duration like 2h30m (got "soon")\n',
    );
    const late = explain(RUN, "--queue", "main", "--at", "3h");
    expect(late.status).toBe(2);
    expect(late.stderr).toBe(
      "batchsim explain: --at 3h is after the end of the run (2h 10m, 7800s)\n",
    );
    const queue = explain(RUN, "--queue", "mian", "--at", "1m");
    expect(queue.status).toBe(2);
    expect(queue.stderr).toBe(
      'batchsim explain: no queue "mian" in runs/explain-me/jobs.csv (did you mean "main"?)\n',
    );
    expect(explain(RUN, "--queue", "main").stderr).toMatch(/--queue and --at go together/);
    expect(explain(RUN, "job-00000001", "--queue", "main", "--at", "1m").status).toBe(2);
  });

  it("is listed in batchsim --help", () => {
    expect(batchsim(dir, "--help").stdout).toContain(
      "usage: batchsim explain RUN_DIR JOB_ID_OR_NAME",
    );
  });
});
