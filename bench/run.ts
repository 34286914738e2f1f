/**
 * `npm run bench`: runs the benchmark scenarios through the real CLI (`batchsim run … --quiet
 * --profile`, default outputs, a fresh process each) and prints wall time, jobs/s, events/s, the
 * phases of the `profile:` line, peak RSS and the size of the run folder. When bench/mm8.yaml is
 * selected it also runs the same M/M/8 queue in a bare event-heap kernel (bench/kernel-mm8.ts,
 * in this process) and in SimPy (bench/simpy-mm8.py), prints the ratios of issue 9, and runs mm8
 * at 10k, 100k and 1M jobs to show how the cost per job scales. Results are recorded by hand in
 * bench/BENCHMARKS.md with the machine, date and commit.
 *
 *   npm run bench                    # every scenario
 *   npm run bench -- jobs-100k mm8   # the ones whose file name contains an argument
 *   npm run bench -- mm8 --runs 3    # each measurement three times (each run printed)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { runKernel } from "./kernel-mm8.ts";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin", "batchsim.mjs");
const python = "/usr/bin/python3";
const { values, positionals: filters } = parseArgs({
  options: { runs: { type: "string", default: "1" } },
  allowPositionals: true,
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("usage: npx tsx bench/run.ts [FILTER…] [--runs N]  (N ≥ 1)");
  process.exit(2);
}
const scenarios = readdirSync(join(root, "bench"))
  .filter((f) => f.endsWith(".yaml"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

/** The `profile:` line's fields that are printed; any of them may be missing. */
const PROFILE_FIELDS = [
  "jobs",
  "events",
  "parseMs",
  "loadMs",
  "simulateMs",
  "checkMs",
  "reportsMs",
  "writeMs",
  "totalMs",
  "peakRssMiB",
] as const;
type Profile = Partial<Record<(typeof PROFILE_FIELDS)[number], number>>;

interface CliRun {
  wallSeconds: number;
  profile: Profile;
  folderMiB: number;
  meanWaitSeconds: number | undefined;
}

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

function readProfile(stderr: string): Profile {
  const line = stderr.split("\n").find((l) => l.startsWith("profile: "));
  const raw = JSON.parse(line?.slice("profile: ".length) ?? "{}") as Record<string, unknown>;
  const profile: Profile = {};
  for (const field of PROFILE_FIELDS) {
    const value = raw[field];
    if (typeof value === "number") profile[field] = value;
  }
  return profile;
}

function readMeanWait(runDir: string): number | undefined {
  try {
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")) as {
      waitSeconds?: { mean?: unknown };
    };
    const mean = summary.waitSeconds?.mean;
    return typeof mean === "number" ? mean : undefined;
  } catch {
    return undefined; // no summary.json: the table shows the rest
  }
}

/** One `batchsim run` in a fresh process, into a temporary folder that is removed afterwards. */
function runCli(file: string, sets: readonly string[] = []): CliRun | string {
  settleDisk();
  const out = mkdtempSync(join(tmpdir(), "batchsim-bench-"));
  const runDir = join(out, "run");
  try {
    const args = [bin, "run", join(root, "bench", file), "--out", runDir, "--quiet", "--profile"];
    for (const set of sets) args.push("--set", set);
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 24 });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status !== 0) {
      return `failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-3).join(" / ")}`;
    }
    return {
      wallSeconds,
      profile: readProfile(r.stderr),
      folderMiB: folderBytes(runDir) / 2 ** 20,
      meanWaitSeconds: readMeanWait(runDir),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Writes back what earlier runs left dirty in the page cache before the next run is timed: a
 * 1M-job run writes ~865 MB, and the kernel's writeback of it otherwise competes with the next run
 * (on 2 vCPUs, mm8's write time swung between 0.25 and 2 s). `sync` is POSIX; where it is missing
 * nothing is done.
 */
function settleDisk(): void {
  spawnSync("sync", [], { stdio: "ignore" });
}

/** The trace files a scenario's `process: trace` streams read that do not exist. */
function missingTraces(file: string): string[] {
  const path = join(root, "bench", file);
  const scenario = parse(readFileSync(path, "utf8")) as {
    workload?: { arrivals?: { process?: unknown; path?: unknown } }[];
  };
  const missing: string[] = [];
  for (const stream of scenario.workload ?? []) {
    const a = stream.arrivals;
    if (a?.process !== "trace" || typeof a.path !== "string") continue;
    if (!existsSync(resolve(dirname(path), a.path))) missing.push(a.path);
  }
  return missing;
}

const fixed = (x: number | undefined, digits: number): string =>
  x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(digits);
const grouped = (x: number | undefined): string =>
  x === undefined || !Number.isFinite(x) ? "–" : Math.round(x).toLocaleString("en-US");
const seconds = (ms: number | undefined): string => fixed(ms === undefined ? ms : ms / 1000, 2);

const COLUMNS = [
  ["scenario", 22],
  ["run", 3],
  ["wall s", 7],
  ["jobs", 9],
  ["jobs/s", 9],
  ["events/s", 9],
  ["parse s", 7],
  ["sim s", 7],
  ["check s", 7],
  ["reports s", 9],
  ["write s", 7],
  ["total s", 7],
  ["RSS MiB", 7],
  ["folder MiB", 10],
] as const;

function row(cells: readonly string[]): string {
  return cells
    .map((cell, i) => {
      const width = COLUMNS[i]?.[1] ?? 0;
      return i === 0 ? cell.padEnd(width) : cell.padStart(width);
    })
    .join(" | ");
}

function printRun(file: string, index: number, r: CliRun): void {
  const p = r.profile;
  console.log(
    row([
      file,
      String(index),
      fixed(r.wallSeconds, 2),
      grouped(p.jobs),
      grouped(p.jobs === undefined ? undefined : p.jobs / r.wallSeconds),
      grouped(p.events === undefined ? undefined : p.events / r.wallSeconds),
      seconds(p.parseMs ?? p.loadMs),
      seconds(p.simulateMs),
      seconds(p.checkMs),
      seconds(p.reportsMs),
      seconds(p.writeMs),
      seconds(p.totalMs),
      fixed(p.peakRssMiB, 0),
      fixed(r.folderMiB, 0),
    ]),
  );
}

/** The run with the shortest wall time (noise on a shared machine only ever adds time). */
function best(results: readonly CliRun[]): CliRun | undefined {
  return results.reduce<CliRun | undefined>(
    (b, r) => (b === undefined || r.wallSeconds < b.wallSeconds ? r : b),
    undefined,
  );
}

console.log(
  `# ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0]?.toFixed(2)}`,
);
console.log(row(COLUMNS.map(([name]) => name)));
console.log(row(COLUMNS.map(([, width]) => "-".repeat(width))));
const mm8Runs: CliRun[] = [];
for (const file of scenarios) {
  const missing = missingTraces(file);
  if (missing.length > 0) {
    console.log(`${file.padEnd(22)} | skipped: trace ${missing.join(", ")} not found`);
    continue;
  }
  for (let i = 1; i <= runs; i++) {
    const r = runCli(file);
    if (typeof r === "string") {
      console.log(`${file.padEnd(22)} | ${r}`);
      break;
    }
    printRun(file, i, r);
    if (file === "mm8.yaml") mm8Runs.push(r);
  }
}
if (scenarios.includes("mm8.yaml") && mm8Runs.length > 0) compareMm8(mm8Runs);

/** Issue 9's ratios: batchsim against a bare kernel and SimPy on the M/M/8 queue, and scaling. */
function compareMm8(cliRuns: readonly CliRun[]): void {
  const cli = best(cliRuns);
  const jobs = cli?.profile.jobs;
  if (cli === undefined || jobs === undefined) return;
  const kernels = Array.from({ length: runs }, () => runKernel(jobs));
  const kernel = kernels.reduce((b, k) => (k.seconds < b.seconds ? k : b));
  const simpy = runSimpy(jobs);

  console.log(
    `\nM/M/8, ${grouped(jobs)} jobs, ρ = 0.75 (Erlang C mean wait 107.1 s); best of ${runs} each (wall, simulation)`,
  );
  console.log("                 |  wall s |    jobs/s | simulate s | mean wait s");
  const line = (name: string, wall: number, simulateMs: number | undefined, wait?: number) =>
    console.log(
      `${name.padEnd(16)} | ${fixed(wall, 2).padStart(7)} | ${grouped(jobs / wall).padStart(9)} | ${seconds(simulateMs).padStart(10)} | ${fixed(wait, 1).padStart(11)}`,
    );
  // Each column's best over the runs, as for the kernel and SimPy: the shortest wall, and the shortest
  // simulation (the two need not come from the same run; each run's are in the table above).
  const simulateMs = Math.min(...cliRuns.map((r) => r.profile.simulateMs ?? Number.NaN));
  line("batchsim (CLI)", cli.wallSeconds, simulateMs, cli.meanWaitSeconds);
  line("kernel-mm8.ts", kernel.seconds, kernel.seconds * 1000, kernel.meanWait);
  if (typeof simpy === "string") console.log(`SimPy            | ${simpy}`);
  else line(`SimPy ${simpy.version}`, simpy.wallSeconds, simpy.ownSeconds * 1000, simpy.meanWait);

  if (typeof simpy !== "string") {
    const ratio = jobs / cli.wallSeconds / (jobs / simpy.wallSeconds);
    console.log(
      `CLI jobs/s ÷ SimPy jobs/s   = ${fixed(ratio, 2)}  (both whole-process wall; target ≥ 3, stretch ≥ 10)`,
    );
  }
  console.log(
    `simulateMs ÷ kernel ms      = ${fixed(simulateMs / (kernel.seconds * 1000), 1)}  (target ≤ 10, stretch ≤ 3)`,
  );
  scaling(cli);
}

interface SimpyResult {
  version: string;
  wallSeconds: number;
  ownSeconds: number;
  meanWait: number;
}

/** bench/simpy-mm8.py under Debian's python3 (best of `runs`), or why it was skipped. */
function runSimpy(jobs: number): SimpyResult | string {
  const probe = spawnSync(python, ["-c", "import simpy; print(simpy.__version__)"], {
    encoding: "utf8",
  });
  if (probe.status !== 0) {
    return `skipped: ${python} cannot import simpy (apt-get install python3-simpy3)`;
  }
  let result: SimpyResult | undefined;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(python, [join(root, "bench", "simpy-mm8.py"), String(jobs)], {
      encoding: "utf8",
    });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status !== 0) return `failed (exit ${r.status}): ${r.stderr.trim().split("\n").at(-1)}`;
    const own = JSON.parse(r.stdout) as { seconds: number; meanWait: number };
    if (result === undefined || wallSeconds < result.wallSeconds) {
      const version = probe.stdout.trim();
      result = { version, wallSeconds, ownSeconds: own.seconds, meanWait: own.meanWait };
    }
  }
  return result ?? "skipped: no run";
}

/** mm8 at 10k, 100k and 1M jobs: wall and simulate time per job (1M is the table's run). */
function scaling(oneMillion: CliRun): void {
  const sizes = [10_000, 100_000, 1_000_000];
  console.log(`\nscaling (mm8, best of ${runs})`);
  console.log("     jobs |  wall s | wall µs/job |  sim s | sim µs/job");
  const perJob: { wall: number; sim: number | undefined }[] = [];
  for (const n of sizes) {
    let r: CliRun | undefined;
    if (n === oneMillion.profile.jobs) r = oneMillion;
    else {
      const results: CliRun[] = [];
      for (let i = 0; i < runs; i++) {
        const one = runCli("mm8.yaml", [`workload[0].arrivals.count=${n}`]);
        if (typeof one === "string") {
          console.log(`${grouped(n).padStart(9)} | ${one}`);
          return;
        }
        results.push(one);
      }
      r = best(results);
    }
    if (r === undefined) return;
    const simMs = r.profile.simulateMs;
    const wallMicros = (r.wallSeconds * 1e6) / n;
    const simMicros = simMs === undefined ? undefined : (simMs * 1000) / n;
    perJob.push({ wall: wallMicros, sim: simMicros });
    console.log(
      `${grouped(n).padStart(9)} | ${fixed(r.wallSeconds, 2).padStart(7)} | ${fixed(wallMicros, 1).padStart(11)} | ${seconds(simMs).padStart(6)} | ${fixed(simMicros, 1).padStart(10)}`,
    );
  }
  const first = perJob[0];
  const last = perJob.at(-1);
  if (first === undefined || last === undefined) return;
  const simRatio =
    first.sim === undefined || last.sim === undefined ? undefined : last.sim / first.sim;
  console.log(
    `per job, 1M ÷ 10k: wall ${fixed(last.wall / first.wall, 2)}, simulate ${fixed(simRatio, 2)}  (target ≤ 1.5)`,
  );
}
