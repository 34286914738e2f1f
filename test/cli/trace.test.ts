/**
 * SWF traces through the real command: import swf → run → export swf, a strict-FIFO replay against
 * an independent first-come-first-served calculation, malformed lines, paths relative to the
 * scenario file.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSwf } from "../../src/workload/index.ts";
import { batchsim, cleanUp, tempFolder } from "./helpers.ts";

const FIXTURE = new URL("../workload/fixtures/small.swf", import.meta.url).pathname;

let dir: string;
beforeAll(() => {
  dir = tempFolder();
});
afterAll(() => cleanUp(dir));

/** jobName → the values of `columns` in a run folder's jobs.csv (batchsim's cells hold no commas here). */
function jobsCsv(run: string, columns: readonly string[]): Map<string, string[]> {
  const [head, ...rows] = readFileSync(join(run, "jobs.csv"), "utf8").trim().split("\n");
  const names = head!.split(",");
  const index = columns.map((c) => names.indexOf(c));
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const cells = row.split(",");
    out.set(
      cells[names.indexOf("jobName")]!,
      index.map((i) => cells[i]!),
    );
  }
  return out;
}

/** A job of a trace as the test reads it: its own reading of the 18 fields, not batchsim's parser. */
interface TraceJob {
  readonly number: number;
  readonly submit: number;
  readonly runtime: number;
  readonly processors: number;
}

function readJobs(text: string): TraceJob[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.trim().startsWith(";"))
    .map((l) => l.trim().split(/\s+/).map(Number))
    .map((f) => ({
      number: f[0]!,
      submit: f[1]!,
      runtime: f[3]!,
      processors: f[4]! > 0 ? f[4]! : f[7]!,
    }))
    .filter((j) => j.runtime > 0 && j.processors > 0);
}

/**
 * Strict first come, first served on P processors without backfill: a job starts at the first
 * instant at or after its submission, and not before the job ahead of it started, when enough
 * processors are free (jobs ending at that instant free theirs first). Returns each job's wait.
 */
function fcfsWaits(jobs: readonly TraceJob[], processors: number): Map<number, number> {
  const order = [...jobs].sort((a, b) => a.submit - b.submit || a.number - b.number);
  const first = order[0]?.submit ?? 0;
  let running: { end: number; processors: number }[] = [];
  let free = processors;
  let previousStart = 0;
  const waits = new Map<number, number>();
  for (const job of order) {
    const submit = job.submit - first;
    let t = Math.max(submit, previousStart);
    for (;;) {
      for (const r of running) if (r.end <= t) free += r.processors;
      running = running.filter((r) => r.end > t);
      if (free >= job.processors) break;
      t = Math.min(...running.map((r) => r.end));
    }
    free -= job.processors;
    running.push({ end: t + job.runtime, processors: job.processors });
    previousStart = t;
    waits.set(job.number, t - submit);
  }
  return waits;
}

/** A strict-FIFO, zero-latency scenario: one UNMANAGED machine of `vcpu` vCPU replaying `path`. */
function strictFifo(path: string, vcpu: number, extra = ""): string {
  return `name: fcfs
catalog:
  instanceTypes:
    - { instanceType: trace.machine, vcpu: ${vcpu}, memoryGiB: ${vcpu}, onDemandUsdPerHour: 0 }
settings:
  fifoBackfill: false
  schedulerIntervalSeconds: 0
  instanceReadySeconds: 0
  jobStartingSeconds: 0
  instanceBillingDelaySeconds: 0
  ecsMemoryOverheadPercent: 0
  ecsMemoryOverheadMiB: 0
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
    arrivals: { process: trace, format: swf, path: ${JSON.stringify(path)}${extra} }
`;
}

/** A random trace of `n` jobs on up to `processors` processors (a fixed LCG: the same every time). */
function randomTrace(n: number, processors: number): string {
  let x = 12345;
  const next = (): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const lines = [`; MaxProcs: ${processors}`];
  let submit = 1000;
  for (let i = 1; i <= n; i++) {
    submit += Math.floor(next() * 40);
    const procs = 1 + Math.floor(next() * next() * processors);
    const runtime = 1 + Math.floor(next() * 300);
    lines.push(`${i} ${submit} -1 ${runtime} ${procs} -1 -1 ${procs} -1 -1 1 1 1 -1 1 -1 -1 -1`);
  }
  return `${lines.join("\n")}\n`;
}

describe("batchsim import swf → run → export swf", { timeout: 60_000 }, () => {
  it("round-trips submit times, runtimes and processors", () => {
    const r1 = batchsim(dir, "import", "swf", FIXTURE, "--out", "rt/small.yaml");
    expect(r1.stderr).toBe("");
    expect(r1.status).toBe(0);
    expect(r1.stdout).toBe(
      "rt/small.yaml: 11 jobs of small.swf (1 skipped) on one 8-vCPU machine; run it with: batchsim run rt/small.yaml\n",
    );
    // Only the scenario is written, and it names the trace relative to itself.
    expect(readdirSync(join(dir, "rt"))).toEqual(["small.yaml"]);
    const yaml = readFileSync(join(dir, "rt/small.yaml"), "utf8");
    expect(yaml).toMatch(/^# small: a replay of the SWF trace small\.swf/);
    expect(yaml).toContain("vcpu: 8,");
    expect(yaml).not.toContain(dir);
    const r2 = batchsim(dir, "run", "rt/small.yaml", "--out", "rt-run", "--quiet");
    expect(r2.stderr).toBe("");
    expect(r2.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, "rt-run/summary.json"), "utf8"));
    expect(summary.workload).toEqual({ trace: { jobs: 11, skipped: 1, malformedLines: 0 } });
    const r3 = batchsim(dir, "export", "swf", "rt-run", "--out", "rt.swf");
    expect(r3.stderr).toBe("");
    expect(r3.status).toBe(0);
    const exported = readFileSync(join(dir, "rt.swf"));
    const { table, malformed } = parseSwf(exported);
    expect(malformed.count).toBe(0);
    expect(table.header).toMatchObject({ version: "2.2", computer: "batchsim", maxProcs: 8 });
    const original = readJobs(readFileSync(FIXTURE, "utf8"));
    expect(table.rows).toBe(original.length);
    const again = Array.from({ length: table.rows }, (_, k) => ({
      submit: table.submitSeconds[k]!,
      runtime: table.runtimeSeconds[k]!,
      processors: table.allocatedProcessors[k]!,
    }));
    expect(again).toEqual(
      original.map((j) => ({
        submit: j.submit - 100,
        runtime: j.runtime,
        processors: j.processors,
      })),
    );
    expect(exported.toString("utf8")).toMatch(/^; Version: 2\.2\n; Computer: batchsim\n/);
  });

  it("writes to stdout without --out, gzip for FILE.gz, and refuses to overwrite without --force", () => {
    const plain = batchsim(dir, "export", "swf", "rt-run");
    expect(plain.status).toBe(0);
    expect(plain.stdout).toBe(readFileSync(join(dir, "rt.swf"), "utf8"));
    expect(batchsim(dir, "export", "swf", "rt-run", "--out", "rt.swf.gz").status).toBe(0);
    expect(gunzipSync(readFileSync(join(dir, "rt.swf.gz"))).toString("utf8")).toBe(plain.stdout);
    const again = batchsim(dir, "export", "swf", "rt-run", "--out", "rt.swf");
    expect(again.status).toBe(2);
    expect(again.stderr).toBe("batchsim: output file exists (use --force): rt.swf\n");
    const imported = batchsim(dir, "import", "swf", FIXTURE, "--out", "rt/small.yaml");
    expect(imported.status).toBe(2);
    expect(imported.stderr).toBe("batchsim: output file exists (use --force): rt/small.yaml\n");
  });

  it("says what it cannot export or import", () => {
    const notRun = batchsim(dir, "export", "swf", "rt");
    expect(notRun.status).toBe(2);
    expect(notRun.stderr).toBe(
      "batchsim export swf: rt is not a run folder (it has no jobs.csv)\n",
    );
    const kind = batchsim(dir, "import", "swff", "x");
    expect(kind.status).toBe(2);
    expect(kind.stderr).toBe(
      'batchsim import: unknown kind "swff" (did you mean "swf"?); expected one of swf, history, cloudformation\n',
    );
    const missing = batchsim(dir, "import", "swf", "nope.swf");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(
      "batchsim import swf: cannot read nope.swf: no such file or directory\n",
    );
  });
});

describe("a strict-FIFO replay", { timeout: 60_000 }, () => {
  it("gives every job of the fixture its first-come-first-served wait on 8 processors", () => {
    mkdirSync(join(dir, "fifo"), { recursive: true });
    copyFileSync(FIXTURE, join(dir, "fifo/small.swf"));
    writeFileSync(join(dir, "fifo/s.yaml"), strictFifo("small.swf", 8));
    const r = batchsim(dir, "run", "fifo/s.yaml", "--out", "fifo-run", "--quiet");
    expect(r.status).toBe(0);
    const expected = fcfsWaits(readJobs(readFileSync(FIXTURE, "utf8")), 8);
    const actual = jobsCsv(join(dir, "fifo-run"), ["waitSeconds"]);
    expect(actual.size).toBe(expected.size);
    for (const [n, wait] of expected)
      expect([n, Number(actual.get(`t-${n}`)?.[0])]).toEqual([n, wait]);
    // The fixture makes jobs wait: the check is not vacuous.
    expect([...expected.values()].filter((w) => w > 0).length).toBeGreaterThan(4);
  });

  it("matches the calculation on 600 random jobs (gzip-compressed, 16 processors)", () => {
    const text = randomTrace(600, 16);
    writeFileSync(join(dir, "fifo/random.swf.gz"), gzipSync(text));
    writeFileSync(join(dir, "fifo/random.yaml"), strictFifo("random.swf.gz", 16));
    const r = batchsim(dir, "run", "fifo/random.yaml", "--out", "random-run", "--quiet");
    expect(r.status).toBe(0);
    const expected = fcfsWaits(readJobs(text), 16);
    const actual = jobsCsv(join(dir, "random-run"), ["waitSeconds"]);
    let waited = 0;
    for (const [n, wait] of expected) {
      expect([n, Number(actual.get(`t-${n}`)?.[0])]).toEqual([n, wait]);
      if (wait > 0) waited++;
    }
    expect(waited).toBeGreaterThan(100);
  });
});

describe("trace files in scenarios", { timeout: 60_000 }, () => {
  it("reads the path relative to the scenario file, whatever the working folder", () => {
    const sub = join(dir, "deep/er");
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, "s.yaml"), strictFifo("../../fifo/small.swf", 8));
    const r = batchsim(dir, "validate", "deep/er/s.yaml");
    expect(r.stdout).toBe("deep/er/s.yaml: ok\n");
    expect(r.status).toBe(0);
    const fromThere = batchsim(sub, "validate", "s.yaml");
    expect(fromThere.status).toBe(0);
  });

  it("rejects malformed lines with file:line (exit 2); --lenient skips and counts them", () => {
    const lines = readFileSync(FIXTURE, "utf8").split("\n");
    lines[16] = "    3   120    0    40    2  -1  -1    2    50  -1  1   1   2  -1  2  -1  -1"; // 17 fields
    lines[24] = lines[24]!.replace("  210 ", "  2l0 ");
    writeFileSync(join(dir, "fifo/bad.swf"), lines.join("\n"));
    writeFileSync(join(dir, "fifo/bad.yaml"), strictFifo("bad.swf", 8));
    const strict = batchsim(dir, "run", "fifo/bad.yaml", "--out", "bad-run");
    expect(strict.status).toBe(2);
    expect(strict.stderr).toBe(
      [
        "fifo/bad.swf:17:1 error workload[0].arrivals.path: 17 fields, expected 18 (--lenient skips malformed lines)",
        'fifo/bad.swf:25:1 error workload[0].arrivals.path: field 2 (submit time) is not a number: "2l0" (--lenient skips malformed lines)',
        "",
      ].join("\n"),
    );
    expect(existsSync(join(dir, "bad-run"))).toBe(false);
    const lenient = batchsim(dir, "run", "fifo/bad.yaml", "--out", "bad-run", "--lenient");
    expect(lenient.status).toBe(0);
    expect(lenient.stderr).toBe(
      "fifo/bad.yaml: note: workload[0] (t) replays 9 jobs of fifo/bad.swf; 1 job skipped (unknown runtime, processors or submit time), 2 malformed lines skipped (--lenient)\n",
    );
    const summary = JSON.parse(readFileSync(join(dir, "bad-run/summary.json"), "utf8"));
    expect(summary.workload.trace).toEqual({ jobs: 9, skipped: 1, malformedLines: 2 });
    expect(batchsim(dir, "validate", "fifo/bad.yaml").status).toBe(2);
    expect(batchsim(dir, "validate", "fifo/bad.yaml", "--lenient").status).toBe(0);
    const imported = batchsim(dir, "import", "swf", "fifo/bad.swf", "--out", "bad.yaml");
    expect(imported.status).toBe(2);
    expect(imported.stderr).toBe(
      [
        "fifo/bad.swf:17:1 error: 17 fields, expected 18",
        'fifo/bad.swf:25:1 error: field 2 (submit time) is not a number: "2l0"',
        "batchsim import swf: 2 malformed lines in fifo/bad.swf; --lenient skips them and counts them",
        "",
      ].join("\n"),
    );
    expect(existsSync(join(dir, "bad.yaml"))).toBe(false);
    const importedLenient = batchsim(
      dir,
      "import",
      "swf",
      "fifo/bad.swf",
      "--out",
      "bad.yaml",
      "--lenient",
    );
    expect(importedLenient.status).toBe(0);
    expect(readFileSync(join(dir, "bad.yaml"), "utf8")).toContain(
      "# Run it: batchsim run <this file> --lenient\n",
    );
  });
});
