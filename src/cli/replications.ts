/**
 * Simulating many runs at once (replications, comparisons, sweeps): each run is one task on a pool of
 * worker threads computing only the run's headline metrics. Results are kept by task index, never
 * by completion order, so the output does not depend on the number of workers.
 */
import type { MetricValues, RunMeta } from "../report/index.ts";
import { type LoadOptions, type Scenario, settingsAsAssumptions } from "../scenario/index.ts";
import { EXIT, usageError } from "./errors.ts";
import type { ScenarioSource } from "./scenario-file.ts";
import { BATCHSIM_VERSION } from "./version.ts";
import { availableCores, runWorkerPool } from "./workers.ts";

/**
 * What every replication worker is started with: the scenario files the tasks refer to by index
 * (their text: a worker loads a scenario itself, so a sweep of many points never holds them all).
 */
export interface ReplicationShared {
  readonly sources: readonly ScenarioSource[];
}

/**
 * One run: source `source` of ReplicationShared loaded with `options` (already validated by the
 * main thread), simulated with seed `seed`.
 */
export interface ReplicationTask {
  readonly source: number;
  readonly options: LoadOptions;
  readonly seed: string;
}

/** The RunMeta of a run that writes no files (only its summary is computed). */
export function summaryOnlyMeta(scenario: Scenario, sha256: string): RunMeta {
  return {
    scenarioSha256: sha256,
    batchsimVersion: BATCHSIM_VERSION,
    assumptions: settingsAsAssumptions(scenario.settings),
    outputs: {},
  };
}

/**
 * How simulating the tasks ended: every task's metrics by index, a signal's exit code, aborted, or
 * a crash (a run that threw: a bug, exit 1).
 */
export type ReplicationsOutcome =
  | { readonly kind: "done"; readonly values: MetricValues[] }
  | { readonly kind: "stopped"; readonly exitCode: number }
  | { readonly kind: "aborted" }
  | { readonly kind: "crash"; readonly error: Error };

/**
 * Simulates every task on up to `workers` threads; `onDone(index)` after each. Never rejects: the
 * caller may await it after other work.
 */
export async function simulateReplications(
  shared: ReplicationShared,
  tasks: readonly ReplicationTask[],
  options: { workers: number; onDone?: (index: number) => void; abort?: AbortSignal },
): Promise<ReplicationsOutcome> {
  const values: MetricValues[] = new Array(tasks.length);
  const outcome = await runWorkerPool<MetricValues>(
    new URL("./replicate-worker.mjs", import.meta.url),
    shared,
    tasks,
    options.workers,
    (index, result) => {
      values[index] = result;
      options.onDone?.(index);
    },
    options.abort,
  );
  if (outcome.kind === "crash") return outcome;
  if (outcome.kind === "signal")
    return { kind: "stopped", exitCode: outcome.signal === "SIGINT" ? EXIT.sigint : EXIT.sigterm };
  if (outcome.kind === "aborted") return { kind: "aborted" };
  return { kind: "done", values };
}

/** `--workers W` (default: the machine's cores): a whole number ≥ 1. */
export function parseWorkers(command: string, value: string | undefined): number {
  if (value === undefined) return availableCores();
  return parseWholeNumber(command, "--workers", value, 1);
}

/** `--replications N` (default `fallback`): a whole number ≥ 1. */
export function parseReplications(
  command: string,
  value: string | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  return parseWholeNumber(command, "--replications", value, 1);
}

/** Largest count accepted for --replications / --workers / --index (beyond it a typo is likelier). */
const MAX_COUNT = 1_000_000;

/** A flag's value as a whole number in [min, MAX_COUNT]; anything else is a usage error (exit 2). */
export function parseWholeNumber(
  command: string,
  flag: string,
  value: string,
  min: number,
): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > MAX_COUNT)
    throw usageError(
      `batchsim ${command}: ${flag} must be a whole number from ${min} to ${MAX_COUNT} (got "${value}")`,
    );
  return n;
}

/** The metrics of every task, or an exit code after a signal; a crash is thrown. */
export async function simulateAll(
  shared: ReplicationShared,
  tasks: readonly ReplicationTask[],
  options: { workers: number; onDone?: (index: number) => void },
): Promise<MetricValues[] | number> {
  const outcome = await simulateReplications(shared, tasks, options);
  if (outcome.kind === "crash") throw outcome.error;
  if (outcome.kind === "stopped") return outcome.exitCode;
  if (outcome.kind === "aborted") throw new Error("replications aborted without a reason");
  return outcome.values;
}
