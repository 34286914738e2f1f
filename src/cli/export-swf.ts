/**
 * `batchsim export swf RUN_DIR [--out FILE]`: the simulated schedule as an SWF 2.2 trace, from the run
 * folder's jobs.csv (one line per job that runs; array parents are left out), attempts.csv (which jobs
 * were terminated) and timeseries.csv (MaxProcs: the most vCPU provisioned at once).
 */
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { formatSwfHeader, formatSwfLine, SWF_STATUS, SWF_UNKNOWN } from "../workload/index.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError, describeSystemError, EXIT, systemErrorCode, usageError } from "./errors.ts";
import {
  createFolder,
  pathExists,
  readFileBytes,
  writeFilesAtomically,
  writeStdout,
} from "./io.ts";
import { num, openRunFolder, type RunFolder } from "./run-folder-read.ts";
import type { Subcommand } from "./subcommands.ts";

const OPTIONS = {
  out: { type: "string" },
  force: { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const COMMAND = "export swf";

/** `batchsim export swf`. */
export const EXPORT_SWF: Subcommand = {
  usage: "usage: batchsim export swf <RUN_DIR> [--out FILE] [--force]",
  summary:
    "write a run's schedule as an SWF trace (to stdout without --out; FILE.gz is gzip-compressed)",
  run: exportSwfCommand,
};

/** One job of the run, as SWF needs it. */
interface SwfJob {
  readonly jobId: string;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly stoppedAt: number | null;
  readonly vcpus: number | null;
  readonly memoryMiB: number | null;
  readonly status: number;
  readonly queue: string;
}

/** Runs `batchsim export swf`; returns the exit code. */
export function exportSwfCommand(args: string[]): number {
  const { values, positionals } = parseCommandArgs(COMMAND, args, OPTIONS);
  if (values.help) {
    writeStdout(`${EXPORT_SWF.usage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw usageError(`batchsim ${COMMAND}: expected one run folder; ${EXPORT_SWF.usage}`);
  const dir = positionals[0] as string;
  const out = values.out;
  if (out !== undefined && pathExists(out) && !values.force)
    throw usageError(`batchsim: output file exists (use --force): ${out}`);
  const run = openRunFolder(COMMAND, dir);
  const text = swfOfRun(run, dir);
  if (out === undefined) {
    writeStdout(text);
    return EXIT.ok;
  }
  const data = out.endsWith(".gz") ? gzipSync(text) : text;
  try {
    createFolder(path.dirname(out));
    writeFilesAtomically(path.dirname(out), { [path.basename(out)]: data });
  } catch (error) {
    if (systemErrorCode(error) === undefined) throw error;
    throw new CliError(`batchsim: cannot write ${out}: ${describeSystemError(error)}`, EXIT.failed);
  }
  return EXIT.ok;
}

/** The SWF text of a run: header comments, then one line per job by (submit time, jobId). */
function swfOfRun(run: RunFolder, dir: string): string {
  const terminated = terminatedJobs(run);
  const jobs = readJobs(run, terminated);
  jobs.sort((a, b) => a.createdAt - b.createdAt || (a.jobId < b.jobId ? -1 : 1));
  const queues = queueNumbers(run.info.queues, jobs);
  const about = runAbout(dir);
  const maxProcs = maxProvisionedVcpu(run) ?? Math.max(0, ...jobs.map((j) => j.vcpus ?? 0));
  const header = formatSwfHeader([
    ["Version", "2.2"],
    ["Computer", "batchsim"],
    [
      "Installation",
      `batchsim ${about.version} simulation of scenario ${about.name}, seed ${about.seed}`,
    ],
    ["Conversion", `batchsim export swf of the run folder ${path.basename(path.resolve(dir))}`],
    ["MaxJobs", jobs.length],
    ["MaxRecords", jobs.length],
    ["Preemption", "No"],
    ["MaxProcs", maxProcs],
    ["MaxQueues", queues.size],
    ...[...queues].map(([name, n]) => ["Queue", `${n} ${name}`] as const),
    ["Note", "times are seconds since the scenario's start; processors are vCPU"],
    [
      "Note",
      "wait = startedAt - createdAt (the last attempt's RUNNING), run = stoppedAt - startedAt",
    ],
    ["Note", "status 1 SUCCEEDED, 0 FAILED, 5 cancelled or terminated, -1 unfinished"],
  ]);
  const parts = [header, ";\n"];
  const fields = new Array<number>(18).fill(SWF_UNKNOWN);
  jobs.forEach((job, i) => {
    const started = job.startedAt !== null;
    fields[0] = i + 1;
    fields[1] = job.createdAt;
    fields[2] = started ? job.startedAt - job.createdAt : SWF_UNKNOWN;
    fields[3] = started && job.stoppedAt !== null ? job.stoppedAt - job.startedAt : SWF_UNKNOWN;
    fields[4] = started && job.vcpus !== null ? job.vcpus : SWF_UNKNOWN;
    fields[7] = job.vcpus ?? SWF_UNKNOWN;
    fields[9] =
      job.vcpus !== null && job.vcpus > 0 && job.memoryMiB !== null
        ? Math.round((job.memoryMiB * 1024) / job.vcpus)
        : SWF_UNKNOWN;
    fields[10] = job.status;
    fields[14] = queues.get(job.queue) ?? SWF_UNKNOWN;
    parts.push(formatSwfLine(fields));
  });
  return parts.join("");
}

/** Jobs some attempt of which was ended by TerminateJob (attempts.csv `cause`). */
function terminatedJobs(run: RunFolder): Set<string> {
  const out = new Set<string>();
  if (!run.has("attempts.csv")) return out;
  run.scan("attempts.csv", ["jobId", "cause"], ([jobId, cause]) => {
    if (cause === "terminated") out.add(jobId ?? "");
  });
  return out;
}

function readJobs(run: RunFolder, terminated: ReadonlySet<string>): SwfJob[] {
  const jobs: SwfJob[] = [];
  const columns = [
    "jobId",
    "jobQueue",
    "status",
    "attempts",
    "createdAt",
    "startedAt",
    "stoppedAt",
    "vcpus",
    "memoryMiB",
  ];
  run.scan("jobs.csv", columns, (row) => {
    const [jobId = "", queue = "", status = "", attempts = ""] = row;
    // An array parent has no attempts of its own: its children are the jobs that run.
    if (attempts === "") return;
    jobs.push({
      jobId,
      queue,
      createdAt: num(row[4]) ?? 0,
      startedAt: num(row[5]),
      stoppedAt: num(row[6]),
      vcpus: num(row[7]),
      memoryMiB: num(row[8]),
      status: swfStatus(status, attempts, terminated.has(jobId)),
    });
  });
  return jobs;
}

/** SUCCEEDED 1; FAILED 0, or 5 when it never ran (cancelled, its dependency failed) or was terminated; else −1. */
function swfStatus(status: string, attempts: string, terminated: boolean): number {
  if (status === "SUCCEEDED") return SWF_STATUS.completed;
  if (status !== "FAILED") return SWF_STATUS.unknown;
  return terminated || attempts === "0" ? SWF_STATUS.cancelled : SWF_STATUS.failed;
}

/** Queue numbers from 1: summary.json's queues in order, then any other queue by name. */
function queueNumbers(known: readonly string[], jobs: readonly SwfJob[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const q of known) if (!out.has(q)) out.set(q, out.size + 1);
  const others = [...new Set(jobs.map((j) => j.queue))].filter((q) => !out.has(q)).sort();
  for (const q of others) out.set(q, out.size + 1);
  return out;
}

/** The most vCPU provisioned at once (timeseries.csv `vcpuProvisioned`, summed over CEs), or null. */
function maxProvisionedVcpu(run: RunFolder): number | null {
  if (!run.has("timeseries.csv")) return null;
  const byCe = new Map<string, number>();
  let total = 0;
  let max: number | null = null;
  let time: string | null = null;
  run.scan("timeseries.csv", ["time", "metric", "key", "value"], ([t, metric, key, value]) => {
    if (metric !== "vcpuProvisioned") return;
    // Several series may change at one instant: compare totals between instants only.
    if (t !== time) {
      if (time !== null) max = Math.max(max ?? 0, total);
      time = t ?? null;
    }
    const v = num(value) ?? 0;
    total += v - (byCe.get(key ?? "") ?? 0);
    byCe.set(key ?? "", v);
  });
  if (time !== null) max = Math.max(max ?? 0, total);
  return max;
}

/** The scenario name, seed and batchsim version of summary.json ("?" where unknown). */
function runAbout(dir: string): { name: string; seed: string; version: string } {
  let summary: { scenario?: { name?: unknown }; seed?: unknown; batchsimVersion?: unknown } = {};
  try {
    summary = JSON.parse(readFileBytes(path.join(dir, "summary.json")).toString("utf8"));
  } catch (error) {
    if (!(error instanceof SyntaxError) && systemErrorCode(error) === undefined) throw error;
  }
  const text = (v: unknown): string => (typeof v === "string" ? v.replace(/[\r\n]+/g, " ") : "?");
  return {
    name: text(summary?.scenario?.name),
    seed: text(summary?.seed),
    version: text(summary?.batchsimVersion),
  };
}
