/**
 * A trace stream's jobs: the k-th replayed row of the table as a submission time, a name and a
 * JobSpec. The fixed mapping of an SWF job line (scenario-format.md "Trace replay"): vCPU = allocated
 * processors (field 5) when > 0, else requested (field 8), × vcpusPerProcessor; runtime = field 4;
 * submit time = field 2 after the window's start, × timeScale.
 */
import type { JobSpec, WorkloadStream } from "../scenario/types.ts";

type TraceStream = Extract<WorkloadStream, { kind: "trace" }>;

/** The jobs of one trace stream, by replay order k = 0, 1, … count − 1. */
export interface TraceJobs {
  readonly count: number;
  /** Simulated seconds of job k's submission (ascending in k). */
  atSeconds(k: number): number;
  /** `<namePrefix>-<SWF job number>`. */
  jobName(k: number): string;
  /** Job k's spec: its queue's spec with the trace's vCPU, runtime, share, memory and timeout. */
  spec(k: number): JobSpec;
}

/** AWS's smallest timeout.attemptDurationSeconds. */
const MIN_TIMEOUT_SECONDS = 60;
/** AWS's smallest MEMORY (MiB). */
const MIN_MEMORY_MIB = 4;

/** The jobs of `stream`. */
export function traceJobs(stream: TraceStream): TraceJobs {
  const { trace, specs } = stream;
  const { table, rows } = trace;
  const specOf = new Map(trace.queues.map((q) => [q.queueNumber, specs[q.specIndex]!]));
  const share = trace.shareIdentifier === null ? null : shareTemplate(trace.shareIdentifier);
  return {
    count: rows.length,
    atSeconds: (k) => (table.submitSeconds[rows[k]!]! - trace.originSeconds) * trace.timeScale,
    jobName: (k) => `${stream.namePrefix}-${table.jobNumber[rows[k]!]!}`,
    spec(k) {
      const r = rows[k]!;
      const base = specOf.get(table.queue[r]!) ?? specs[0]!;
      const allocated = table.allocatedProcessors[r]!;
      const processors = allocated > 0 ? allocated : table.requestedProcessors[r]!;
      const perProcessor = trace.memoryMiBPerProcessor;
      const requested = table.requestedSeconds[r]!;
      return {
        ...base,
        vcpus: processors * trace.vcpusPerProcessor,
        memoryMiB:
          perProcessor === null
            ? base.memoryMiB
            : Math.max(MIN_MEMORY_MIB, Math.ceil(processors * perProcessor)),
        runtime: { kind: "fixed", seconds: table.runtimeSeconds[r]! },
        shareIdentifier:
          share === null
            ? base.shareIdentifier
            : share(table.user[r]!, table.group[r]!, table.queue[r]!),
        attemptDurationSeconds:
          trace.requestedTimeAsTimeout && requested > 0
            ? Math.max(MIN_TIMEOUT_SECONDS, requested)
            : base.attemptDurationSeconds,
      };
    },
  };
}

/** An SWF id in a share identifier: unknown ids (−1) read `unknown` (identifiers are letters and digits). */
function id(n: number): string {
  return n < 0 ? "unknown" : String(n);
}

/** Renders a template like `user{user}` for a job's user, group and queue numbers. */
function shareTemplate(template: string): (user: number, group: number, queue: number) => string {
  const parts = template.split(/(\{(?:user|group|queue)\})/);
  return (user, group, queue) => {
    let out = "";
    for (const part of parts) {
      if (part === "{user}") out += id(user);
      else if (part === "{group}") out += id(group);
      else if (part === "{queue}") out += id(queue);
      else out += part;
    }
    return out;
  };
}
