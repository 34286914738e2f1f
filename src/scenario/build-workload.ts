/** `workload:` → normalised streams: arrivals streams and explicit `jobs:` lists with dependencies. */
import * as z from "zod";
import { buildArrivals } from "./arrivals.ts";
import { type BuildContext, checkDuplicateNames, parseItems } from "./context.ts";
import { checkDependencies, type DependencyNode } from "./dependencies.ts";
import { buildJobSpec, type References } from "./job-spec.ts";
import { atKey, atValue, type DocPath } from "./problem.ts";
import { explicitJobSchema, workloadStreamSchema } from "./schema-workload.ts";
import { buildSimBlock } from "./sim-block.ts";
import type { ExplicitJob, JobSpec, WorkloadStream } from "./types.ts";
import { parseDurationSeconds } from "./units.ts";

/** The stream schema with `jobs` items left raw, so each entry is parsed (and kept) on its own. */
const streamShellSchema = workloadStreamSchema.extend({ jobs: z.array(z.unknown()).optional() });

interface PendingJob {
  readonly node: DependencyNode;
  readonly spec: JobSpec | undefined;
  readonly streamIndex: number;
}

/** Builds the workload streams that passed their schema. */
export function buildWorkload(
  ctx: BuildContext,
  list: readonly unknown[],
  refs: References,
  untilSeconds: number | null,
): WorkloadStream[] {
  checkDuplicateNames(ctx, list, ["workload"], "name");
  const streams: (WorkloadStream | undefined)[] = [];
  const pending: PendingJob[] = [];
  for (const { index, item } of parseItems(streamShellSchema, list)) {
    const path = ["workload", index];
    const streamSim = buildSimBlock(ctx, item.sim, [...path, "sim"]);
    if (item.jobs !== undefined) {
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
      item.jobs.forEach((raw, j) => {
        const r = explicitJobSchema.safeParse(raw);
        if (!r.success) return; // reported by the whole-file parse
        const job = r.data;
        const jobPath = [...path, "jobs", j];
        const submitPath = [...jobPath, "submit"];
        const sims = [buildSimBlock(ctx, job.sim, [...jobPath, "sim"]), streamSim];
        const spec = buildJobSpec(ctx, job.submit, submitPath, sims, jobPath, refs);
        pending.push({
          streamIndex: index,
          spec,
          node: {
            jobName: job.submit.jobName ?? `${item.name}-${j + 1}`,
            atSeconds: parseDurationSeconds(job.at) ?? 0,
            fileOrder: pending.length,
            namePath: job.submit.jobName === undefined ? jobPath : [...submitPath, "jobName"],
            dependsOn: job.submit.dependsOn ?? [],
            dependsOnPath: [...submitPath, "dependsOn"],
          },
        });
      });
      streams[index] = { kind: "jobs", name: item.name, jobs: [] };
      continue;
    }
    streams[index] = buildArrivalsStream(ctx, item, path, streamSim, refs, untilSeconds);
  }
  const deps = checkDependencies(
    ctx,
    pending.map((p) => p.node),
  );
  return fillJobs(streams, pending, deps);
}

function buildArrivalsStream(
  ctx: BuildContext,
  item: z.infer<typeof streamShellSchema>,
  path: DocPath,
  streamSim: ReturnType<typeof buildSimBlock>,
  refs: References,
  untilSeconds: number | null,
): WorkloadStream | undefined {
  if (!item.arrivals) {
    ctx.problems.push(atValue([...path, "arrivals"], "a workload stream needs arrivals: or jobs:"));
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
  deps: readonly string[][],
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
