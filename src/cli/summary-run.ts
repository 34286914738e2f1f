/** A run that computes only its summary: simulate() and the summary fold, no files (replications, sweeps). */
import { createSummaryFold, type RunMeta, reportContext, type Summary } from "../report/index.ts";
import type { Scenario } from "../scenario/index.ts";
import { simulate } from "../sim/index.ts";

/** Simulates `scenario` (with its own seed) and returns its summary.json object. */
export function summarizeRun(scenario: Scenario, meta: RunMeta): Summary {
  const summary = createSummaryFold(reportContext(scenario, meta));
  simulate(scenario, (fact) => summary.onFact(fact));
  return summary.finish();
}
