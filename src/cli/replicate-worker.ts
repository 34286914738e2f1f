/**
 * A replication worker (see replications.ts): loads the task's scenario from its source text (a few
 * loaded scenarios are kept, as consecutive tasks often share one), simulates it with the task's
 * seed and answers with its headline metrics, never writing a file.
 */
import { headlineValues } from "../report/index.ts";
import type { Scenario } from "../scenario/index.ts";
import { type ReplicationShared, type ReplicationTask, summaryOnlyMeta } from "./replications.ts";
import { loadScenarioSource } from "./scenario-file.ts";
import { summarizeRun } from "./summary-run.ts";
import { serveTasks, workerInput } from "./workers.ts";

/** Loaded scenarios kept, most recently used last. */
const CACHE_SIZE = 4;

const shared = workerInput() as ReplicationShared;
const cache = new Map<string, Scenario>();

function scenarioOf(task: ReplicationTask): Scenario {
  const key = JSON.stringify([task.source, task.options]);
  let scenario = cache.get(key);
  if (scenario) {
    cache.delete(key);
  } else {
    const source = shared.sources[task.source];
    if (!source) throw new Error(`replication task for unknown source ${task.source}`);
    scenario = loadScenarioSource(source, task.options).scenario;
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, scenario);
  return scenario;
}

serveTasks((task) => {
  const t = task as ReplicationTask;
  const scenario = scenarioOf(t);
  const source = shared.sources[t.source];
  const meta = summaryOnlyMeta(scenario, source?.sha256 ?? "");
  return headlineValues(summarizeRun({ ...scenario, seed: t.seed }, meta));
});
