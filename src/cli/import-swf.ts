/**
 * `batchsim import swf TRACE [--out FILE] …`: writes a ready-to-run scenario that replays an SWF
 * trace (import-swf-scenario.ts) — only FILE is written, atomically.
 */
import * as path from "node:path";
import type { TraceTable } from "../scenario/index.ts";
import { parseMemoryMiB } from "../scenario/index.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError, describeSystemError, EXIT, systemErrorCode, usageError } from "./errors.ts";
import { type SwfScenarioPlan, swfScenarioYaml } from "./import-swf-scenario.ts";
import { createFolder, pathExists, writeFilesAtomically, writeStdout } from "./io.ts";
import type { Subcommand } from "./subcommands.ts";
import { readSwfFile } from "./trace-file.ts";

const OPTIONS = {
  out: { type: "string" },
  name: { type: "string" },
  "time-scale": { type: "string" },
  "max-jobs": { type: "string" },
  "vcpus-per-processor": { type: "string" },
  "memory-mib-per-processor": { type: "string" },
  lenient: { type: "boolean" },
  force: { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `batchsim import swf`. */
export const IMPORT_SWF: Subcommand = {
  usage:
    "usage: batchsim import swf <trace.swf[.gz]> [--out FILE] [--name N] [--time-scale X] [--max-jobs N] [--vcpus-per-processor K] [--memory-mib-per-processor M] [--lenient] [--force]",
  summary:
    "write a scenario that replays an SWF trace on one machine of the trace's MaxProcs (default <trace>.yaml here)",
  run: importSwfCommand,
};

const COMMAND = "import swf";
const NAME = /^[A-Za-z0-9._-]+$/;

/** Runs `batchsim import swf`; returns the exit code. */
export function importSwfCommand(args: string[]): number {
  const { values, positionals } = parseCommandArgs(COMMAND, args, OPTIONS);
  if (values.help) {
    writeStdout(`${IMPORT_SWF.usage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw usageError(`batchsim ${COMMAND}: expected one trace file; ${IMPORT_SWF.usage}`);
  const trace = positionals[0] as string;
  const options = {
    timeScale: positiveNumber("--time-scale", values["time-scale"], false),
    maxJobs: positiveNumber("--max-jobs", values["max-jobs"], true),
    vcpusPerProcessor: positiveNumber("--vcpus-per-processor", values["vcpus-per-processor"], true),
    memoryMiBPerProcessor: memoryFlag(values["memory-mib-per-processor"]),
  };
  const base = traceBaseName(trace);
  const name = values.name ?? (base.replace(/[^A-Za-z0-9._-]+/g, "-") || "trace");
  if (!NAME.test(name) || name === "." || name === ".." || name.length > 128) {
    throw usageError(
      `batchsim ${COMMAND}: --name may contain only letters, digits, '.', '_' and '-' (at most 128)`,
    );
  }
  const out = values.out ?? `${base || "trace"}.yaml`;
  if (pathExists(out) && !values.force)
    throw usageError(`batchsim: output file exists (use --force): ${out}`);
  const table = readTable(trace, values.lenient === true);
  const plan = planScenario(table.table, {
    ...options,
    name,
    traceName: path.basename(trace),
    tracePath: relativeTracePath(out, trace),
    malformed: table.malformed,
  });
  try {
    createFolder(path.dirname(out));
    writeFilesAtomically(path.dirname(out), { [path.basename(out)]: swfScenarioYaml(plan) });
  } catch (error) {
    if (systemErrorCode(error) === undefined) throw error;
    throw new CliError(`batchsim: cannot write ${out}: ${describeSystemError(error)}`, EXIT.failed);
  }
  writeStdout(
    `${out}: ${plan.replayed} jobs of ${plan.traceName} (${plan.skipped} skipped) on one ${plan.processors * plan.vcpusPerProcessor}-vCPU machine; run it with: batchsim run ${out}${plan.malformed > 0 ? " --lenient" : ""}\n`,
  );
  return EXIT.ok;
}

/** The trace's table; malformed lines are errors (each `TRACE:line:1 error: …`) unless `lenient`. */
function readTable(trace: string, lenient: boolean): { table: TraceTable; malformed: number } {
  const read = readSwfFile(trace);
  if (!read.ok) throw usageError(`batchsim ${COMMAND}: cannot read ${trace}: ${read.problem}`);
  const { count, first } = read.malformed;
  if (count > 0 && !lenient) {
    const lines = first.map((m) => `${trace}:${m.line}:1 error: ${m.message}`);
    throw usageError(
      `batchsim ${COMMAND}: ${count} malformed lines in ${trace}${count > first.length ? ` (the first ${first.length} are listed)` : ""}; --lenient skips them and counts them`,
      lines,
    );
  }
  return { table: read.table, malformed: count };
}

type PlanInput = Pick<
  SwfScenarioPlan,
  | "name"
  | "traceName"
  | "tracePath"
  | "malformed"
  | "timeScale"
  | "maxJobs"
  | "vcpusPerProcessor"
  | "memoryMiBPerProcessor"
>;

/** Sizes the machine and counts the jobs, as the replay will see them (in file order, up to maxJobs). */
function planScenario(
  table: TraceTable,
  input: Omit<PlanInput, "vcpusPerProcessor"> & { vcpusPerProcessor: number | null },
): SwfScenarioPlan {
  let replayed = 0;
  let skipped = 0;
  let largest = 0;
  const processorsOf: number[] = [];
  let firstSubmit = Number.POSITIVE_INFINITY;
  for (let r = 0; r < table.rows; r++) {
    const s = table.submitSeconds[r]!;
    if (s >= 0 && s < firstSubmit) firstSubmit = s;
  }
  for (let r = 0; r < table.rows && replayed < (input.maxJobs ?? Infinity); r++) {
    const allocated = table.allocatedProcessors[r]!;
    const processors = allocated > 0 ? allocated : table.requestedProcessors[r]!;
    if (!(table.runtimeSeconds[r]! > 0) || processors <= 0 || table.submitSeconds[r]! < 0) {
      skipped++;
      continue;
    }
    replayed++;
    processorsOf.push(processors);
    if (processors > largest) largest = processors;
  }
  const h = table.header;
  const [processors, processorsFrom] =
    h.maxProcs !== null && h.maxProcs > 0
      ? ([h.maxProcs, "MaxProcs"] as const)
      : h.maxNodes !== null && h.maxNodes > 0
        ? ([h.maxNodes, "MaxNodes"] as const)
        : ([Math.max(1, largest), "the largest job"] as const);
  const unix = h.unixStartTime;
  const start =
    unix === null || firstSubmit === Number.POSITIVE_INFINITY
      ? null
      : new Date((unix + firstSubmit) * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  return {
    ...input,
    vcpusPerProcessor: input.vcpusPerProcessor ?? 1,
    header: h,
    processors: Math.ceil(processors),
    processorsFrom,
    jobLines: table.rows,
    replayed,
    skipped,
    tooLarge: processorsOf.filter((p) => p > processors).length,
    start,
  };
}

/** The trace's name without `.gz` and `.swf`. */
function traceBaseName(trace: string): string {
  return path
    .basename(trace)
    .replace(/\.gz$/i, "")
    .replace(/\.swf$/i, "");
}

/** The trace as seen from the scenario file's folder (forward slashes), or absolute when there is no relative way. */
function relativeTracePath(out: string, trace: string): string {
  const from = path.dirname(path.resolve(out));
  const target = path.resolve(trace);
  const relative = path.relative(from, target);
  if (relative === "" || path.isAbsolute(relative)) return target;
  return relative.split(path.sep).join("/");
}

function positiveNumber(flag: string, value: string | undefined, integer: boolean): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw usageError(
      `batchsim ${COMMAND}: ${flag} must be ${integer ? "an integer ≥ 1" : "a number > 0"} (got "${value}")`,
    );
  return n;
}

function memoryFlag(value: string | undefined): number | null {
  if (value === undefined) return null;
  const mib = parseMemoryMiB(/^\d+(\.\d+)?$/.test(value) ? Number(value) : value);
  if (mib === undefined || mib < 4)
    throw usageError(
      `batchsim ${COMMAND}: --memory-mib-per-processor must be MiB (≥ 4) or a size like 2GiB (got "${value}")`,
    );
  return mib;
}
