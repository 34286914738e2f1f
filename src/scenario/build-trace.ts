/**
 * `arrivals: {process: trace, …}` → a trace stream: the options checked, the file read through the
 * injected reader (the scenario layer has no file system), the rows to replay selected, and one
 * job spec per job queue the trace's jobs go to.
 */
import { checkArrivalFields } from "./arrivals.ts";
import type { BuildContext } from "./context.ts";
import { stripArn } from "./context.ts";
import { buildJobSpec, type References } from "./job-spec.ts";
import { atKey, atValue, type DocPath } from "./problem.ts";
import type { SubmitInput } from "./schema-submit.ts";
import type { ArrivalsInput } from "./schema-workload.ts";
import type { SimBlock } from "./sim-block.ts";
import { MIN_MEMORY_MIB, type TraceOptions, traceOptions } from "./trace-options.ts";
import type { TraceReader, TraceTable } from "./trace-types.ts";
import { selectTraceRows } from "./trace-window.ts";
import type { JobSpec, TraceReplay, WorkloadStream } from "./types.ts";

/** How the loader reaches trace files. */
export interface TraceLoading {
  /** The scenario's file name as given: a relative trace path is joined to its folder. */
  readonly scenarioFile: string;
  /** Reads a trace (the command line's); undefined: traces cannot be read here. */
  readonly readTrace: TraceReader | undefined;
  /** `--lenient`: malformed trace lines are skipped and counted instead of being errors. */
  readonly lenient: boolean;
}

/** The parts of a workload entry a trace stream reads. */
interface TraceStreamInput {
  readonly name: string;
  readonly submit?: SubmitInput | undefined;
  readonly arrivals?: ArrivalsInput | undefined;
  readonly sim?: { readonly runtime?: unknown } | undefined;
}

/** The runtime "distribution" a trace spec carries until each job's own runtime replaces it. */
const TRACE_SIM: SimBlock = {
  runtime: { kind: "fixed", seconds: 0 },
  exitCodes: undefined,
  memoryUsedMiB: undefined,
};

/** Builds a trace stream at `path` (a workload entry whose arrivals have `process: trace`). */
export function buildTraceStream(
  ctx: BuildContext,
  item: TraceStreamInput,
  path: DocPath,
  streamSim: SimBlock,
  refs: References,
  untilSeconds: number | null,
  loading: TraceLoading,
): WorkloadStream | undefined {
  const before = ctx.problems.length;
  const arrivals = item.arrivals as ArrivalsInput;
  const arrivalsPath = [...path, "arrivals"];
  checkArrivalFields(ctx, arrivals, arrivalsPath, "trace");
  const options = traceOptions(ctx, arrivals, arrivalsPath, refs, loading.scenarioFile);
  if (item.sim?.runtime !== undefined) {
    ctx.problems.push(
      atKey([...path, "sim", "runtime"], "a trace gives each job's runtime (its field 4)"),
    );
  }
  if (!item.submit) {
    ctx.problems.push(atValue([...path, "submit"], "required for an arrivals stream"));
    return undefined;
  }
  const specs = options && traceSpecs(ctx, item.submit, path, options, streamSim, refs);
  const read = options && readTable(ctx, options.path, arrivalsPath, loading);
  if (!options || !specs || !read || ctx.problems.length > before) return undefined;
  const window = selectTraceRows(read.table, { ...options, untilSeconds });
  const specIndex = new Map(specs.map((s, i) => [s.jobQueue, i]));
  const trace: TraceReplay = {
    format: "swf",
    path: options.path,
    table: read.table,
    rows: window.rows,
    originSeconds: window.originSeconds,
    timeScale: options.timeScale,
    skipped: window.skipped,
    malformedLines: read.malformedLines,
    vcpusPerProcessor: options.vcpusPerProcessor,
    memoryMiBPerProcessor: options.memoryMiBPerProcessor,
    requestedTimeAsTimeout: options.requestedTimeAsTimeout,
    shareIdentifier: options.shareIdentifier,
    queues: options.queues.map(([queueNumber, queue]) => ({
      queueNumber,
      specIndex: specIndex.get(queue) ?? 0,
    })),
  };
  noteTrace(ctx, path, item.name, trace);
  return {
    kind: "trace",
    name: item.name,
    namePrefix: item.submit.jobName ?? item.name,
    specs,
    trace,
  };
}

/**
 * One spec per job queue (the submit's first, then the mapped ones in queue-number order), each
 * checked as a SubmitJob to that queue. The trace gives VCPU (and MEMORY with memoryMiBPerProcessor)
 * per job, so the spec is built with a stand-in for them; the runtime likewise.
 */
function traceSpecs(
  ctx: BuildContext,
  submit: SubmitInput,
  path: DocPath,
  options: TraceOptions,
  streamSim: SimBlock,
  refs: References,
): JobSpec[] | undefined {
  const submitPath = [...path, "submit"];
  const before = ctx.problems.length;
  checkTraceSubmit(ctx, submit, submitPath, options, refs);
  if (ctx.problems.length > before) return undefined;
  const names = [stripArn(submit.jobQueue)];
  for (const [, queue] of options.queues) if (!names.includes(queue)) names.push(queue);
  const specs: JobSpec[] = [];
  for (const queue of names) {
    if (options.shareIdentifier !== null && refs.queuePolicies.get(queue) === null) {
      ctx.problems.push(
        atValue(
          [...path, "arrivals", "shareIdentifier"],
          `only for fair-share queues (job queue ${queue} has no schedulingPolicyArn)`,
        ),
      );
      continue;
    }
    const { shareIdentifier: _given, ...rest } = submit;
    // With a template, a stand-in identifier passes the fair-share checks; each job gets its own.
    const shareIdentifier = options.shareIdentifier === null ? _given : "trace";
    const request: SubmitInput = {
      ...rest,
      jobQueue: queue,
      containerOverrides: standInResources(submit, options),
      ...(shareIdentifier === undefined ? {} : { shareIdentifier }),
    };
    const spec = buildJobSpec(ctx, request, submitPath, [TRACE_SIM, streamSim], path, refs);
    if (spec) specs.push(spec);
  }
  return ctx.problems.length > before ? undefined : specs;
}

/** What a trace's SubmitJob may not say: the trace decides these. */
function checkTraceSubmit(
  ctx: BuildContext,
  submit: SubmitInput,
  path: DocPath,
  options: TraceOptions,
  refs: References,
): void {
  const p = ctx.problems;
  if (submit.dependsOn !== undefined)
    p.push(atKey([...path, "dependsOn"], "only jobs of jobs: lists can have dependencies"));
  if (submit.arrayProperties !== undefined)
    p.push(atKey([...path, "arrayProperties"], "a trace job is a single job, not an array"));
  if (options.shareIdentifier !== null && submit.shareIdentifier !== undefined) {
    p.push(
      atKey(
        [...path, "shareIdentifier"],
        "give either arrivals.shareIdentifier (a template) or submit.shareIdentifier, not both",
      ),
    );
  }
  const overrides = submit.containerOverrides;
  const given = new Map((overrides?.resourceRequirements ?? []).map((r, i) => [r.type, i]));
  const vcpu = given.has("VCPU") || overrides?.vcpus !== undefined;
  if (vcpu) {
    const at = given.has("VCPU") ? ["resourceRequirements", given.get("VCPU") ?? 0] : ["vcpus"];
    p.push(
      atKey(
        [...path, "containerOverrides", ...at],
        "the trace gives each job's VCPU (processors × vcpusPerProcessor)",
      ),
    );
  }
  const memory = given.has("MEMORY") || overrides?.memory !== undefined;
  if (memory && options.memoryMiBPerProcessor !== null) {
    const at = given.has("MEMORY")
      ? ["resourceRequirements", given.get("MEMORY") ?? 0]
      : ["memory"];
    p.push(
      atKey(
        [...path, "containerOverrides", ...at],
        "memoryMiBPerProcessor gives each job's MEMORY: drop one of them",
      ),
    );
  }
  const bare = stripArn(submit.jobDefinition);
  const def = refs.definitions.get(bare.split(":")[0] ?? bare);
  if (def?.multinode) {
    p.push(
      atValue(
        [...path, "jobDefinition"],
        `a trace replays single-node jobs: job definition ${def.jobDefinitionName} is type: multinode`,
      ),
    );
  } else if (def?.platform === "FARGATE") {
    p.push(
      atValue(
        [...path, "jobDefinition"],
        `a trace replays EC2 jobs (any vCPU count): job definition ${def.jobDefinitionName} is for FARGATE`,
      ),
    );
  }
}

/** containerOverrides with stand-ins for what the trace gives per job (valid values, replaced per job). */
function standInResources(
  submit: SubmitInput,
  options: TraceOptions,
): SubmitInput["containerOverrides"] {
  const requirements = [...(submit.containerOverrides?.resourceRequirements ?? [])];
  requirements.push({ type: "VCPU", value: "1" });
  if (options.memoryMiBPerProcessor !== null)
    requirements.push({ type: "MEMORY", value: String(MIN_MEMORY_MIB) });
  return { ...submit.containerOverrides, resourceRequirements: requirements };
}

/** Reads the trace through the injected reader; malformed lines are errors unless `lenient`. */
function readTable(
  ctx: BuildContext,
  file: string,
  path: DocPath,
  loading: TraceLoading,
): { table: TraceTable; malformedLines: number } | undefined {
  const pathPath = [...path, "path"];
  if (!loading.readTrace) {
    ctx.problems.push(
      atValue(pathPath, "traces are read by the batchsim command line; this loader has no reader"),
    );
    return undefined;
  }
  const read = loading.readTrace(file, "swf");
  if (!read.ok) {
    ctx.problems.push(atValue(pathPath, `cannot read ${file}: ${read.problem}`));
    return undefined;
  }
  const { count, first } = read.malformed;
  if (count > 0 && !loading.lenient) {
    for (const m of first) {
      ctx.problems.push({
        path: pathPath,
        message: `${m.message} (--lenient skips malformed lines)`,
        anchor: "value",
        file,
        pos: { line: m.line, col: 1 },
      });
    }
    if (count > first.length) {
      ctx.problems.push(
        atValue(
          pathPath,
          `${count} malformed lines in ${file} (the first ${first.length} are listed); --lenient skips them and counts them`,
        ),
      );
    }
    return undefined;
  }
  return { table: read.table, malformedLines: count };
}

/** A note when the replay leaves lines out, so a short replay never goes unexplained. */
function noteTrace(ctx: BuildContext, path: DocPath, name: string, trace: TraceReplay): void {
  const parts: string[] = [];
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (trace.skipped > 0)
    parts.push(
      `${plural(trace.skipped, "job")} skipped (unknown runtime, processors or submit time)`,
    );
  if (trace.malformedLines > 0)
    parts.push(`${plural(trace.malformedLines, "malformed line")} skipped (--lenient)`);
  if (parts.length === 0) return;
  const where = `workload[${path[1]}] (${name})`;
  ctx.notices.push(
    `${where} replays ${trace.rows.length} jobs of ${trace.path}; ${parts.join(", ")}`,
  );
}
