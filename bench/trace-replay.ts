/**
 * Trace replay benchmark: `batchsim import swf TRACE` then `batchsim run` of the scenario it wrote,
 * through the real CLI (a fresh process each), in a temporary folder. The trace is given, not
 * shipped: the project holds no machine paths.
 *
 *   npx tsx bench/trace-replay.ts path/to/HPC2N-2002-2.2-cln.swf.gz [--runs 3]
 *   BATCHSIM_TRACE=path/to/trace.swf.gz npx tsx bench/trace-replay.ts
 *
 * Prints the import time, then per run the wall time, the `--profile` phases and peak RSS of a run
 * with the default outputs and of one with `--events none --report none`. Results are recorded by
 * hand in bench/BENCHMARKS.md.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin", "batchsim.mjs");
const { values, positionals } = parseArgs({
  options: { runs: { type: "string", default: "1" } },
  allowPositionals: true,
});
const trace = positionals[0] ?? process.env.BATCHSIM_TRACE;
if (trace === undefined) {
  console.error(
    "usage: npx tsx bench/trace-replay.ts TRACE.swf[.gz] [--runs N] (or BATCHSIM_TRACE)",
  );
  process.exit(2);
}
const runs = Number(values.runs);

interface Profile {
  jobs: number;
  events: number;
  loadMs: number;
  simulateMs: number;
  totalMs: number;
  peakRssMiB: number;
}

function batchsim(args: string[]): { seconds: number; stdout: string; stderr: string } {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", maxBuffer: 1 << 24 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) {
    console.error(`batchsim ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr}`);
    process.exit(1);
  }
  return { seconds, stdout: r.stdout, stderr: r.stderr };
}

function folderMiB(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0) / 2 ** 20;
}

const work = mkdtempSync(join(tmpdir(), "batchsim-trace-"));
try {
  console.log(
    `# ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  const scenario = join(work, "trace.yaml");
  const imported = batchsim([
    "import",
    "swf",
    resolve(trace),
    "--out",
    scenario,
    "--name",
    "trace",
  ]);
  console.log(`import swf: ${imported.seconds.toFixed(2)} s — ${imported.stdout.trim()}`);
  console.log(
    "outputs | wall s | jobs | load s | simulate + write s | peak RSS MiB | run folder MiB",
  );
  const cases: [string, string[]][] = [
    ["default", []],
    ["--events none --report none", ["--events", "none", "--report", "none"]],
  ];
  for (let i = 0; i < runs; i++) {
    for (const [label, flags] of cases) {
      const out = join(work, "run");
      const r = batchsim([
        "run",
        scenario,
        "--out",
        out,
        "--force",
        "--quiet",
        "--profile",
        ...flags,
      ]);
      const line = r.stderr.split("\n").find((l) => l.startsWith("profile: "));
      const p = JSON.parse(line?.slice("profile: ".length) ?? "{}") as Profile;
      console.log(
        [
          label,
          r.seconds.toFixed(2),
          p.jobs,
          (p.loadMs / 1000).toFixed(2),
          (p.simulateMs / 1000).toFixed(2),
          p.peakRssMiB.toFixed(0),
          folderMiB(out).toFixed(0),
        ].join(" | "),
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
