/**
 * `npm run bench`: runs the benchmark scenarios through the real CLI (default outputs, a fresh
 * process each) and prints wall time, jobs/s, events/s and peak RSS, as reported by `--profile`.
 * Results are recorded by hand in bench/BENCHMARKS.md with the machine, date and commit.
 *
 *   npm run bench                 # every scenario
 *   npm run bench -- jobs-100k    # the ones whose file name contains an argument
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin", "batchsim.mjs");
const filters = process.argv.slice(2);
const scenarios = readdirSync(join(root, "bench"))
  .filter((f) => f.endsWith(".yaml"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

interface Profile {
  jobs: number;
  events: number;
  loadMs: number;
  simulateMs: number;
  totalMs: number;
  peakRssMiB: number;
}

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

console.log(
  `# ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
console.log("scenario | wall s | jobs | jobs/s | events/s | sim s | peak RSS MiB | run folder MiB");
for (const file of scenarios) {
  const out = mkdtempSync(join(tmpdir(), "batchsim-bench-"));
  const runDir = join(out, "run");
  const started = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [bin, "run", join(root, "bench", file), "--out", runDir, "--quiet", "--profile"],
    {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    },
  );
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) {
    console.log(
      `${file} | failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-3).join(" / ")}`,
    );
    rmSync(out, { recursive: true, force: true });
    continue;
  }
  const line = r.stderr.split("\n").find((l) => l.startsWith("profile: "));
  const p = JSON.parse(line?.slice("profile: ".length) ?? "{}") as Profile;
  const mib = folderBytes(runDir) / 2 ** 20;
  console.log(
    [
      file,
      wallSeconds.toFixed(2),
      p.jobs,
      Math.round(p.jobs / wallSeconds),
      Math.round(p.events / wallSeconds),
      (p.simulateMs / 1000).toFixed(2),
      p.peakRssMiB.toFixed(0),
      mib.toFixed(0),
    ].join(" | "),
  );
  rmSync(out, { recursive: true, force: true });
}
