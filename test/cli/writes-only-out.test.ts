/**
 * Issue 10: batchsim writes nowhere but under --out. A sandbox holds the scenarios (one replaying a
 * trace file next to it), an empty working folder, and empty HOME and TMPDIR; after runs (one and two
 * workers), a validate, a compare and a refused file, everything but the output folders is as it was.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchsimWithEnv, cleanUp, ENV, SMALL_SCENARIO, tempFolder } from "./helpers.ts";

const TRACE_SCENARIO = `name: replay
catalog:
  instanceTypes:
    - { instanceType: trace.machine, vcpu: 4, memoryGiB: 4, onDemandUsdPerHour: 0.1 }
computeEnvironments:
  - computeEnvironmentName: machine
    type: UNMANAGED
    sim: { instances: [{ instanceType: trace.machine, count: 1 }] }
jobQueues:
  - jobQueueName: fcfs
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: machine }]
jobDefinitions:
  - jobDefinitionName: job
    type: container
    containerProperties: { resourceRequirements: [{ type: MEMORY, value: "1024" }] }
workload:
  - name: t
    submit: { jobQueue: fcfs, jobDefinition: job }
    arrivals: { process: trace, format: swf, path: trace.swf }
`;
const TRACE = [
  "; a three-job SWF trace",
  "1 0 0 100 1 -1 -1 1 200 -1 1 1 1 -1 1 -1 -1 -1",
  "2 10 0 50 2 -1 -1 2 100 -1 1 2 1 -1 1 -1 -1 -1",
  "3 20 0 30 1 -1 -1 1 60 -1 1 1 1 -1 1 -1 -1 -1",
  "",
].join("\n");

let root: string;
beforeAll(() => {
  root = tempFolder();
  for (const d of ["scen", "work", "home", "tmp", "out"]) mkdirSync(join(root, d));
  writeFileSync(join(root, "scen", "s.yaml"), SMALL_SCENARIO);
  writeFileSync(join(root, "scen", "t.yaml"), TRACE_SCENARIO);
  writeFileSync(join(root, "scen", "trace.swf"), TRACE);
  writeFileSync(join(root, "scen", "bad.yaml"), "name: bad\nseed: [1, 2\n");
});
afterAll(() => cleanUp(root));

/** Every file below `dir`, relative to the sandbox, with its size and modification time. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out.push(`${relative(root, p)} ${s.size} ${s.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

describe("batchsim writes nowhere but under --out", () => {
  it("runs, validates and refuses without touching the scenarios' folder, the working folder, HOME or TMPDIR", {
    timeout: 60_000,
  }, () => {
    // TSX_DISABLE_CACHE: when src/ is newer than the bundle (while editing), the command runs
    // through tsx, whose compile cache would go to TMPDIR; the installed command runs the bundle.
    const env = {
      ...ENV,
      HOME: join(root, "home"),
      TMPDIR: join(root, "tmp"),
      TSX_DISABLE_CACHE: "1",
    };
    const before = files(join(root, "scen"));
    const work = join(root, "work");
    const run = (...args: string[]) => batchsimWithEnv(work, env, ...args);
    expect(run("run", "../scen/s.yaml", "--out", "../out/a", "--quiet").status).toBe(0);
    expect(
      run("run", "../scen/s.yaml", "--out", "../out/b", "--quiet", "--workers", "2").status,
    ).toBe(0);
    expect(run("run", "../scen/t.yaml", "--out", "../out/c", "--quiet").status).toBe(0);
    expect(run("validate", "../scen/s.yaml", "../scen/t.yaml").status).toBe(0);
    const compare = ["compare", "../scen/s.yaml", "../scen/t.yaml", "--out", "../out/e"];
    expect(run(...compare, "--replications", "2", "--quiet").status).toBe(0);
    expect(run("run", "../scen/bad.yaml", "--out", "../out/d", "--quiet").status).toBe(2);

    expect(files(join(root, "scen"))).toEqual(before);
    for (const d of ["work", "home", "tmp"]) expect(readdirSync(join(root, d)), d).toEqual([]);
    expect(readdirSync(join(root, "out")).sort()).toEqual(["a", "b", "c", "e"]);
    expect(readFileSync(join(root, "out", "a", "jobs.csv"))).toEqual(
      readFileSync(join(root, "out", "b", "jobs.csv")),
    );
    expect(readdirSync(join(root, "out", "c"))).toContain("summary.json");
  });
});
