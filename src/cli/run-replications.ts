/**
 * `batchsim run --replications N`: replication 1 is the plain run (its run folder is written as
 * usual); replications 2..N are simulated alongside it in worker threads computing only their
 * summaries. At the end the run folder gets replications.csv and summary.json → `replications`.
 */
import * as path from "node:path";
import {
  estimateMetrics,
  formatReplicationTable,
  headlineValues,
  type MetricValues,
  replicationSeeds,
  runsCsv,
  type Summary,
} from "../report/index.ts";
import type { LoadOptions } from "../scenario/index.ts";
import { writeTextFile } from "./io.ts";
import { createCountProgress } from "./progress.ts";
import { type ReplicationsOutcome, simulateReplications } from "./replications.ts";
import type { ScenarioSource } from "./scenario-file.ts";

/** What `--replications` asked for. */
export interface ReplicationsPlan {
  readonly n: number;
  readonly workers: number;
  /** The scenario file and the overrides it was loaded with (--seed, --until, --set). */
  readonly source: ScenarioSource;
  readonly options: LoadOptions;
  /** The loaded scenario's seed: the base of the replication seeds. */
  readonly seed: string;
  readonly progress: boolean;
}

/** Replications 2..N under way, and how to count replication 1 when the run folder is done. */
export interface OtherReplications {
  readonly outcome: Promise<ReplicationsOutcome>;
  /** Replication 1 (the run folder) is done. */
  firstDone(): void;
  /** Clears the progress line. */
  finish(): void;
}

/** Starts replications 2..N in worker threads; `abort` stops them. */
export function startOtherReplications(
  plan: ReplicationsPlan,
  abort: AbortSignal,
): OtherReplications {
  const seeds = replicationSeeds(plan.seed, plan.n).slice(1);
  const progress = createCountProgress(plan.progress, plan.n, "replications");
  let done = 0;
  const tick = (): void => {
    done += 1;
    progress.update(done, done / plan.n);
  };
  const outcome = simulateReplications(
    { sources: [plan.source] },
    seeds.map((seed) => ({ source: 0, options: plan.options, seed })),
    { workers: plan.workers, onDone: tick, abort },
  );
  return { outcome, firstDone: tick, finish: () => progress.done() };
}

/** summary.json → `replications`. */
export interface ReplicationsBlock {
  readonly n: number;
  readonly seeds: readonly string[];
  readonly metrics: ReturnType<typeof estimateMetrics>;
}

/**
 * Writes replications.csv into `folder` and rewrites its summary.json with `replications` (the last
 * key); returns the block and the table to print.
 */
export function writeReplications(
  folder: string,
  first: Summary,
  others: readonly MetricValues[],
): { block: ReplicationsBlock; table: string } {
  const rows = [headlineValues(first), ...others];
  const seeds = replicationSeeds(first.seed, rows.length);
  const csv = runsCsv(
    ["replication", "seed"],
    rows.map((values, i) => ({ lead: [i + 1, seeds[i]], values })),
  );
  writeTextFile(path.join(folder, "replications.csv"), csv);
  const block: ReplicationsBlock = { n: rows.length, seeds, metrics: estimateMetrics(rows) };
  const summary = { ...first, replications: block };
  writeTextFile(path.join(folder, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  return { block, table: formatReplicationTable(block.metrics, rows.length) };
}
