/** `workload:` → normalised streams: arrivals streams, pipelines and explicit `jobs:` lists with dependencies. */
import * as z from "zod";
import { buildArrivals } from "./arrivals.ts";
import { buildTraceStream, type TraceLoading } from "./build-trace.ts";
import { type BuildContext, checkDuplicateNames, parseItems, rawNames } from "./context.ts";
import {
  checkDependencies,
  checkDependencyEntry,
  type DependencyNode,
  type DependencySide,
} from "./dependencies.ts";
import { didYouMean } from "./did-you-mean.ts";
import { buildJobSpec, type References } from "./job-spec.ts";
import { atKey, atValue, type DocPath } from "./problem.ts";
import { explicitJobSchema, pipelineStepSchema, workloadStreamSchema } from "./schema-workload.ts";
import { buildSimBlock, NO_SIM_BLOCK, type SimBlock } from "./sim-block.ts";
import type { Dependency, ExplicitJob, JobSpec, PipelineStep, WorkloadStream } from "./types.ts";
import { parseDurationSeconds } from "./units.ts";

/** The stream schema with `jobs` items and pipeline steps left raw, so each is parsed (and kept) on its own. */
const streamShellSchema = workloadStreamSchema.extend({
  jobs: z.array(z.unknown()).optional(),
  pipeline: z.strictObject({ steps: z.array(z.unknown()) }).optional(),
});

const NO_DEPENDENCIES: readonly never[] = [];

/** No trace reader: a trace stream is an error (tests and callers without a file system). */
const NO_TRACES: TraceLoading = { scenarioFile: "", readTrace: undefined, lenient: false };

/** The streams, and the explicit jobs as the dependency checks saw them (actions name those). */
export interface Workload {
  readonly streams: WorkloadStream[];
  readonly explicitJobs: readonly DependencyNode[];
}

interface PendingJob {
  readonly node: DependencyNode;
  readonly spec: JobSpec | undefined;
  readonly streamIndex: number;
}

/**
 * Builds the workload streams that passed their schema. `actionNames`: the jobNames actions name
 * (they must be unique, as dependsOn targets must).
 */
export function buildWorkload(
  ctx: BuildContext,
  list: readonly unknown[],
  refs: References,
  untilSeconds: number | null,
  actionNames: ReadonlySet<string> = new Set(),
  traces: TraceLoading = NO_TRACES,
): Workload {
  checkDuplicateNames(ctx, list, ["workload"], "name");
  const streams: (WorkloadStream | undefined)[] = [];
  const pending: PendingJob[] = [];
  for (const { index, item } of parseItems(streamShellSchema, list)) {
    const path = ["workload", index];
    const streamSim = buildSimBlock(ctx, item.sim, [...path, "sim"]);
    if (item.jobs !== undefined) {
      if (item.pipeline)
        ctx.problems.push(atKey([...path, "pipeline"], "give either jobs: or pipeline:, not both"));
      if (item.arrivals)
        ctx.problems.push(atKey([...path, "arrivals"], "give either arrivals: or jobs:, not both"));
      if (item.submit) {
        ctx.problems.push(
          atKey(
            [...path, "submit"],
            "only for arrivals streams (each jobs entry has its own submit)",
          ),
        );
      }
      const plainSpecs = new Map<string, JobSpec>();
      item.jobs.forEach((raw, j) => {
        let job: z.infer<typeof explicitJobSchema>;
        if (ctx.explicitJobValid?.(index, j)) job = raw as z.infer<typeof explicitJobSchema>;
        else {
          const r = explicitJobSchema.safeParse(raw);
          if (!r.success) return; // reported by the whole-file parse
          job = r.data;
        }
        const jobPath = [...path, "jobs", j];
        // A job of just a queue and a definition (what large files hold) shares its spec with every
        // such job of its stream: the spec is a function of those two names and the stream's sim block.
        const plainKey = job.sim === undefined ? plainSubmitKey(job.submit) : undefined;
        let spec = plainKey === undefined ? undefined : plainSpecs.get(plainKey);
        if (spec === undefined) {
          const sims = [
            job.sim === undefined ? NO_SIM_BLOCK : buildSimBlock(ctx, job.sim, [...jobPath, "sim"]),
            streamSim,
          ];
          spec = buildJobSpec(ctx, job.submit, [...jobPath, "submit"], sims, jobPath, refs);
          if (plainKey !== undefined && spec !== undefined) plainSpecs.set(plainKey, spec);
        }
        pending.push({
          streamIndex: index,
          spec,
          node: {
            jobName: job.submit.jobName ?? `${item.name}-${j + 1}`,
            atSeconds: parseDurationSeconds(job.at) ?? 0,
            fileOrder: pending.length,
            path: jobPath,
            named: job.submit.jobName !== undefined,
            arraySize: job.submit.arrayProperties?.size ?? null,
            dependsOn: job.submit.dependsOn ?? NO_DEPENDENCIES,
          },
        });
      });
      streams[index] = { kind: "jobs", name: item.name, jobs: [] };
      continue;
    }
    if (item.arrivals?.process === "trace" && !item.pipeline) {
      streams[index] = buildTraceStream(ctx, item, path, streamSim, refs, untilSeconds, traces);
      continue;
    }
    streams[index] = item.pipeline
      ? buildPipelineStream(ctx, item, item.pipeline.steps, path, streamSim, refs, untilSeconds)
      : buildArrivalsStream(ctx, item, path, streamSim, refs, untilSeconds);
  }
  const explicitJobs = pending.map((p) => p.node);
  const deps = checkDependencies(ctx, explicitJobs, actionNames);
  return { streams: fillJobs(streams, pending, deps), explicitJobs };
}

/** A pipeline stream: every arrival submits every step; a step's dependsOn names earlier steps. */
function buildPipelineStream(
  ctx: BuildContext,
  item: z.infer<typeof streamShellSchema>,
  rawSteps: readonly unknown[],
  path: DocPath,
  streamSim: SimBlock,
  refs: References,
  untilSeconds: number | null,
): WorkloadStream | undefined {
  const stepsPath = [...path, "pipeline", "steps"];
  if (item.submit) {
    ctx.problems.push(
      atKey([...path, "submit"], "not for a pipeline (each of its steps has its own submit)"),
    );
  }
  if (!item.arrivals) {
    ctx.problems.push(atValue([...path, "arrivals"], "required for a pipeline"));
  }
  const arrivals =
    item.arrivals && buildArrivals(ctx, item.arrivals, [...path, "arrivals"], untilSeconds);
  checkDuplicateNames(ctx, rawSteps, stepsPath, "step");
  const stepIndex = rawNames(rawSteps, "step");
  const steps: PipelineStep[] = [];
  let complete = true;
  rawSteps.forEach((raw, k) => {
    const r = pipelineStepSchema.safeParse(raw);
    if (!r.success) {
      complete = false; // reported by the whole-file parse
      return;
    }
    const st = r.data;
    const stepPath = [...stepsPath, k];
    const submitPath = [...stepPath, "submit"];
    if (st.submit.jobName !== undefined) {
      ctx.problems.push(
        atKey(
          [...submitPath, "jobName"],
          `not allowed in a pipeline step: its jobs are named ${item.name}-<n>-${st.step}`,
        ),
      );
    }
    const sims = [buildSimBlock(ctx, st.sim, [...stepPath, "sim"]), streamSim];
    const spec = buildJobSpec(ctx, st.submit, submitPath, sims, stepPath, refs);
    const self: DependencySide = {
      jobName: st.step,
      arraySize: st.submit.arrayProperties?.size ?? null,
    };
    const dependsOn: Dependency[] = [];
    (st.submit.dependsOn ?? []).forEach((dep, i) => {
      const checked = checkDependencyEntry(
        ctx,
        dep,
        () => [...submitPath, "dependsOn", i],
        self,
        (name, namePath) => {
          const at = stepIndex.get(name);
          if (at === undefined) {
            const hint = didYouMean(name, stepIndex.keys());
            ctx.problems.push(atValue(namePath(), `unknown step ${name}${hint}`));
            return undefined;
          }
          if (at >= k) {
            ctx.problems.push(
              atValue(
                namePath(),
                at === k
                  ? "a step cannot depend on itself"
                  : `${name} is a later step: a step may depend only on earlier steps of its pipeline`,
              ),
            );
            return undefined;
          }
          return { jobName: name, arraySize: rawArraySize(rawSteps[at]) };
        },
      );
      if (checked) dependsOn.push(checked.dependency);
    });
    if (spec) steps.push({ step: st.step, spec, dependsOn });
    else complete = false;
  });
  if (!arrivals || !complete) return undefined;
  return { kind: "pipeline", name: item.name, arrivals, steps };
}

/** `submit.arrayProperties.size` of a raw step (null when absent or malformed). */
function rawArraySize(step: unknown): number | null {
  const size = (step as { submit?: { arrayProperties?: { size?: unknown } } } | undefined)?.submit
    ?.arrayProperties?.size;
  return typeof size === "number" && Number.isInteger(size) ? size : null;
}

function buildArrivalsStream(
  ctx: BuildContext,
  item: z.infer<typeof streamShellSchema>,
  path: DocPath,
  streamSim: SimBlock,
  refs: References,
  untilSeconds: number | null,
): WorkloadStream | undefined {
  if (!item.arrivals) {
    ctx.problems.push(
      atValue(
        [...path, "arrivals"],
        "a workload stream needs arrivals: (with submit: or pipeline:) or jobs:",
      ),
    );
    return undefined;
  }
  const arrivals = buildArrivals(ctx, item.arrivals, [...path, "arrivals"], untilSeconds);
  if (!item.submit) {
    ctx.problems.push(atValue([...path, "submit"], "required for an arrivals stream"));
    return undefined;
  }
  if (item.submit.dependsOn !== undefined) {
    ctx.problems.push(
      atKey([...path, "submit", "dependsOn"], "only jobs of jobs: lists can have dependencies"),
    );
  }
  const spec = buildJobSpec(ctx, item.submit, [...path, "submit"], [streamSim], path, refs);
  if (!arrivals || !spec) return undefined;
  return {
    kind: "arrivals",
    name: item.name,
    namePrefix: item.submit.jobName ?? item.name,
    spec,
    arrivals,
  };
}

/** Puts each explicit job into its stream, in list order. */
function fillJobs(
  streams: readonly (WorkloadStream | undefined)[],
  pending: readonly PendingJob[],
  deps: readonly Dependency[][],
): WorkloadStream[] {
  const jobsByStream = new Map<number, ExplicitJob[]>();
  pending.forEach((p, i) => {
    if (!p.spec) return;
    const job: ExplicitJob = {
      atSeconds: p.node.atSeconds,
      jobName: p.node.jobName,
      spec: p.spec,
      dependsOn: deps[i] ?? [],
    };
    const jobs = jobsByStream.get(p.streamIndex) ?? [];
    jobs.push(job);
    jobsByStream.set(p.streamIndex, jobs);
  });
  const out: WorkloadStream[] = [];
  streams.forEach((s, i) => {
    if (!s) return;
    out.push(s.kind === "jobs" ? { ...s, jobs: jobsByStream.get(i) ?? [] } : s);
  });
  return out;
}

/**
 * For a `submit:` of only jobName, jobQueue, jobDefinition and dependsOn: the key its spec is a
 * function of (the job's name and dependencies are not part of a spec); undefined for any other submit, whose spec is built on its own.
 */
function plainSubmitKey(submit: z.infer<typeof explicitJobSchema>["submit"]): string | undefined {
  for (const key in submit) {
    // dependsOn is not part of a spec either (the dependency checks read it from the job).
    if (key !== "jobName" && key !== "jobQueue" && key !== "jobDefinition" && key !== "dependsOn")
      return undefined;
  }
  return `${submit.jobQueue}\n${submit.jobDefinition}`;
}
