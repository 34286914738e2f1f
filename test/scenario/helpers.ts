/** Shared fixtures of the scenario tests: the built-in catalog and a small valid scenario. */
import { readFileSync } from "node:fs";
import { parseCatalogCsv } from "../../src/model/catalog.ts";
import {
  formatProblem,
  type LoadOptions,
  loadScenario,
  type Scenario,
} from "../../src/scenario/index.ts";

/** The built-in catalog, read as the CLI reads it. */
export const CATALOG = parseCatalogCsv(
  readFileSync(new URL("../../data/ec2-catalog.csv", import.meta.url), "utf8"),
);

/** A valid scenario, one line per entry (line numbers in tests count from 1 here). */
export const BASE: readonly string[] = [
  "name: t", // 1
  "computeEnvironments:", // 2
  "  - computeEnvironmentName: ce", // 3
  "    type: MANAGED", // 4
  "    computeResources: {type: EC2, maxvCpus: 64, instanceTypes: [c6i]}", // 5
  "jobQueues:", // 6
  "  - {jobQueueName: q, priority: 1, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}", // 7
  "jobDefinitions:", // 8
  "  - jobDefinitionName: d", // 9
  "    type: container", // 10
  '    containerProperties: {resourceRequirements: [{type: VCPU, value: "1"}, {type: MEMORY, value: "2048"}]}', // 11
  "    sim: {runtime: 10m}", // 12
  "workload:", // 13
  "  - name: w", // 14
  "    submit: {jobQueue: q, jobDefinition: d}", // 15
  "    arrivals: {process: fixed, every: 1h, count: 3}", // 16
];

/** BASE with lines replaced (1-based line → new text) and lines appended. */
export function variant(
  replace: Readonly<Record<number, string>>,
  append: readonly string[] = [],
): string {
  return [...BASE.map((l, i) => replace[i + 1] ?? l), ...append].join("\n");
}

/** The formatted problems of a text (file name `s.yaml`); [] if it loads. */
export function problems(text: string, options?: LoadOptions): string[] {
  const r = loadScenario(text, "s.yaml", CATALOG, options);
  return r.ok ? [] : r.problems.map(formatProblem);
}

/** The scenario of a text that must load. */
export function scenario(text: string, options?: LoadOptions): Scenario {
  const r = loadScenario(text, "s.yaml", CATALOG, options);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join("\n"));
  return r.scenario;
}
