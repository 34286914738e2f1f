/**
 * The scenario `batchsim import swf` writes around a trace: one UNMANAGED machine sized from the
 * trace header's MaxProcs, one FIFO queue, one job definition, and the trace workload. Pure text.
 */
import type { SwfHeader } from "../scenario/index.ts";

/** What the scenario is made of. */
export interface SwfScenarioPlan {
  readonly name: string;
  /** The trace file's name (for the comments). */
  readonly traceName: string;
  /** The trace path as written in the scenario (relative to the scenario file, or absolute). */
  readonly tracePath: string;
  readonly header: SwfHeader;
  /** Processors of the machine, and where the number came from. */
  readonly processors: number;
  readonly processorsFrom: "MaxProcs" | "MaxNodes" | "the largest job";
  /** Job lines in the file, those replayed (with maxJobs) and those skipped. */
  readonly jobLines: number;
  readonly replayed: number;
  readonly skipped: number;
  readonly malformed: number;
  /** Replayed jobs that ask for more processors than the machine has. */
  readonly tooLarge: number;
  /** ISO start of the run (UnixStartTime + the first submission), or null. */
  readonly start: string | null;
  readonly timeScale: number | null;
  readonly maxJobs: number | null;
  readonly vcpusPerProcessor: number;
  readonly memoryMiBPerProcessor: number | null;
}

/** MEMORY of a trace job when the trace does not give one (memoryMiBPerProcessor absent). */
export const DEFAULT_JOB_MEMORY_MIB = 1024;
/** The catalog row of the machine. */
export const MACHINE_TYPE = "trace.machine";

/** The scenario text. */
export function swfScenarioYaml(p: SwfScenarioPlan): string {
  const vcpu = p.processors * p.vcpusPerProcessor;
  const perProcessorMiB = Math.ceil(p.memoryMiBPerProcessor ?? DEFAULT_JOB_MEMORY_MIB);
  const memoryGiB = Math.ceil((p.processors * perProcessorMiB) / 1024);
  const q = (s: string): string => JSON.stringify(s);
  const lines: string[] = [
    `# ${p.name}: a replay of the SWF trace ${p.traceName}, written by \`batchsim import swf\`.`,
    "#",
    ...traceComments(p),
    "#",
    "# Each job line is one job: vCPU = allocated processors (field 5), or requested processors",
    `# (field 8) when that is unknown${p.vcpusPerProcessor === 1 ? "" : `, × ${p.vcpusPerProcessor} vCPU per processor`}; run time = field 4; submitted`,
    "# at its submit time (field 2) after the trace's first job. Lines with an unknown run time or",
    "# processors are skipped and counted (summary.json → workload.trace).",
    "#",
    `# The machine: one UNMANAGED instance of ${vcpu} vCPU (${p.processors} processors from ${p.processorsFrom}),`,
    `# ${memoryGiB} GiB, price 0, ready for the whole run. The queue is FIFO with backfill, as AWS`,
    "# Batch schedules; `settings.fifoBackfill: false` makes it strict first come, first served, and",
    "# schedulerIntervalSeconds / jobStartingSeconds: 0 remove AWS Batch's scheduling latencies.",
    "#",
    `# Run it: batchsim run <this file>${p.malformed > 0 ? " --lenient" : ""}`,
    "",
    `name: ${q(p.name)}`,
    `description: ${q(`Replay of ${p.traceName} on one ${vcpu}-vCPU machine`)}`,
    ...(p.start === null ? [] : [`start: ${q(p.start)}`]),
    "",
    "catalog:",
    "  instanceTypes: # the trace's machine, made up: price 0",
    `    - { instanceType: ${MACHINE_TYPE}, vcpu: ${vcpu}, memoryGiB: ${memoryGiB}, onDemandUsdPerHour: 0 }`,
    "",
    "settings:",
    "  ecsMemoryOverheadPercent: 0 # the whole machine's memory is for jobs",
    "  ecsMemoryOverheadMiB: 0",
    "",
    "computeEnvironments:",
    "  - computeEnvironmentName: machine",
    "    type: UNMANAGED",
    "    state: ENABLED",
    `    unmanagedvCpus: ${vcpu}`,
    "    sim:",
    `      instances: [{ instanceType: ${MACHINE_TYPE}, count: 1 }]`,
    "",
    "jobQueues:",
    "  - jobQueueName: trace",
    "    priority: 1",
    "    computeEnvironmentOrder: [{ order: 1, computeEnvironment: machine }]",
    ...tooLargeAction(p),
    "",
    "jobDefinitions:",
    "  - jobDefinitionName: trace-job",
    "    type: container",
    "    containerProperties:",
    "      resourceRequirements:",
    '        - { type: VCPU, value: "1" } # replaced by each job\'s processors',
    `        - { type: MEMORY, value: "${perProcessorMiB}" }${p.memoryMiBPerProcessor === null ? " # every job's MEMORY" : " # replaced: processors × memoryMiBPerProcessor"}`,
    "",
    "workload:",
    "  - name: trace",
    "    submit: { jobQueue: trace, jobDefinition: trace-job }",
    "    arrivals:",
    "      process: trace",
    "      format: swf",
    `      path: ${q(p.tracePath)} # relative to this file`,
    ...optionLines(p),
    "",
  ];
  return lines.join("\n");
}

function traceComments(p: SwfScenarioPlan): string[] {
  const h = p.header;
  const out: string[] = [];
  if (h.computer !== null) out.push(`# Computer: ${oneLine(h.computer)}`);
  if (h.installation !== null) out.push(`# Installation: ${oneLine(h.installation)}`);
  const sizes = [
    h.maxProcs === null ? null : `MaxProcs ${h.maxProcs}`,
    h.maxNodes === null ? null : `MaxNodes ${h.maxNodes}`,
    h.maxJobs === null ? null : `MaxJobs ${h.maxJobs}`,
  ].filter((x) => x !== null);
  if (sizes.length > 0) out.push(`# Header: ${sizes.join(", ")}`);
  out.push(
    `# ${p.jobLines} job lines: ${p.replayed} replayed, ${p.skipped} skipped (unknown run time or processors)${p.maxJobs === null ? "" : `, maxJobs ${p.maxJobs}`}`,
  );
  if (p.malformed > 0)
    out.push(
      `# ${p.malformed} malformed lines: run with --lenient to skip them (they are counted)`,
    );
  if (p.tooLarge > 0) {
    out.push(
      `# ${p.tooLarge} jobs ask for more processors than the machine has: they can never run, and the`,
      "# queue's jobStateTimeLimitActions cancels them after 10 minutes (as AWS Batch would)",
    );
  }
  return out;
}

/** Comments hold one line each: a header value never starts a line of YAML. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}

function tooLargeAction(p: SwfScenarioPlan): string[] {
  if (p.tooLarge === 0) return [];
  return [
    "    jobStateTimeLimitActions: # jobs larger than the machine would block the queue",
    "      - reason: MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
    "        state: RUNNABLE",
    "        maxTimeSeconds: 600",
    "        action: CANCEL",
  ];
}

function optionLines(p: SwfScenarioPlan): string[] {
  const out: string[] = [];
  if (p.timeScale !== null)
    out.push(`      timeScale: ${p.timeScale} # × the gaps between submissions`);
  if (p.maxJobs !== null) out.push(`      maxJobs: ${p.maxJobs}`);
  if (p.vcpusPerProcessor !== 1) out.push(`      vcpusPerProcessor: ${p.vcpusPerProcessor}`);
  if (p.memoryMiBPerProcessor !== null)
    out.push(`      memoryMiBPerProcessor: ${p.memoryMiBPerProcessor}`);
  out.push(
    "      # more options: from, to (a window on the trace's clock), requestedTimeAsTimeout,",
    "      # shareIdentifier (e.g. user{user}, on a fair-share queue), queues ({1: short, 2: long})",
  );
  return out;
}
