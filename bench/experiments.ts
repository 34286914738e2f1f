/**
 * Issue 7's benchmarks: `run --replications`, `compare` and `sweep` through the real CLI (a fresh
 * process each), with 1 worker and with the machine's cores. Results are recorded by hand in
 * bench/BENCHMARKS.md with the machine, date and commit.
 *
 *   npx tsx bench/experiments.ts
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin", "batchsim.mjs");
const bench10k = join(root, "bench", "replications-10k.yaml");
const quickstart = join(root, "scenarios", "quickstart.yaml");
const cores = availableParallelism();

interface Case {
  readonly name: string;
  readonly runs: number;
  readonly points?: number;
  readonly args: (out: string) => string[];
}

const quickstartVcpus = Array.from({ length: 50 }, (_, i) => 16 + 2 * i).join(",");
const cases: Case[] = [
  {
    name: "run replications-10k --replications 100",
    runs: 100,
    args: (out) => ["run", bench10k, "--replications", "100", "--out", out, "--quiet"],
  },
  {
    name: "compare replications-10k vs itself, 20 replications",
    runs: 40,
    args: (out) => ["compare", bench10k, bench10k, "--replications", "20", "--out", out, "--quiet"],
  },
  {
    name: "sweep replications-10k: 4 × 2 points × 5 replications",
    runs: 40,
    points: 8,
    args: (out) => [
      "sweep",
      bench10k,
      "--set",
      "computeEnvironments[0].computeResources.maxvCpus=128,192,256,320",
      "--set",
      "computeEnvironments[1].computeResources.maxvCpus=64,128",
      "--replications",
      "5",
      "--out",
      out,
      "--quiet",
    ],
  },
  {
    name: "sweep quickstart: 50 points × 2 replications",
    runs: 100,
    points: 50,
    args: (out) => [
      "sweep",
      quickstart,
      "--set",
      `computeEnvironments[0].computeResources.maxvCpus=${quickstartVcpus}`,
      "--replications",
      "2",
      "--out",
      out,
      "--quiet",
    ],
  },
];

console.log(
  `# ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
console.log("case | workers | wall s | runs/s | points/s");
for (const c of cases) {
  for (const workers of [...new Set([1, cores])]) {
    const dir = mkdtempSync(join(tmpdir(), "batchsim-bench-"));
    const started = process.hrtime.bigint();
    const r = spawnSync(
      process.execPath,
      [bin, ...c.args(join(dir, "out")), "--workers", String(workers)],
      {
        encoding: "utf8",
      },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    rmSync(dir, { recursive: true, force: true });
    if (r.status !== 0) {
      console.log(`${c.name} | ${workers} | failed (exit ${r.status}): ${r.stderr.trim()}`);
      continue;
    }
    const points = c.points === undefined ? "" : (c.points / seconds).toFixed(2);
    console.log(
      `${c.name} | ${workers} | ${seconds.toFixed(2)} | ${(c.runs / seconds).toFixed(1)} | ${points}`,
    );
  }
}
