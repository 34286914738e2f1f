/**
 * Routing facts by kind (RowFold.kinds): every fold that names its kinds writes the same bytes when
 * handed only those as when handed every fact — on every example scenario and on random ones.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createAttemptsCsvFold,
  createDecisionsCsvFold,
  createEventsFold,
  createInstancesCsvFold,
  createJobLedger,
  createJobsCsvFold,
  foldRoutes,
  type RowFold,
  reportContext,
  routeFact,
} from "../../src/report/index.ts";
import { loadScenario, type Scenario } from "../../src/scenario/index.ts";
import { FACT_KINDS, type Fact, factKindIndex, simulate } from "../../src/sim/index.ts";
import { validScenario } from "../fuzz/arbitraries.ts";
import { CATALOG } from "../scenario/helpers.ts";

const SCENARIOS = fileURLToPath(new URL("../../scenarios/", import.meta.url));

/** The files of the folds that name their kinds, fed through `feed` (routed, or every fact). */
function files(scenario: Scenario, facts: readonly Fact[], routed: boolean): string[] {
  const texts = ["", "", "", "", ""];
  const ctx = reportContext(scenario, {
    scenarioSha256: "0",
    batchsimVersion: "0",
    assumptions: {},
    outputs: { events: "compact" },
  });
  const out = (i: number) => (text: string) => {
    texts[i] += text;
  };
  const ledger = createJobLedger({ keepAttempts: false });
  const folds: RowFold[] = [
    { onFact: (f) => ledger.onFact(f), finish() {} },
    createJobsCsvFold(out(0), ledger),
    createAttemptsCsvFold(out(1), ledger),
    createDecisionsCsvFold(out(2)),
    createInstancesCsvFold(out(3)),
    createEventsFold(ctx, "compact", out(4)),
  ];
  expect(folds.slice(1).every((f) => f.kinds !== undefined)).toBe(true);
  const routes = foldRoutes(folds);
  for (const f of facts) {
    if (routed) routeFact(routes, f);
    else for (const fold of folds) fold.onFact(f);
  }
  for (const fold of folds) fold.finish();
  return texts;
}

function facts(scenario: Scenario): Fact[] {
  const all: Fact[] = [];
  simulate(scenario, (f) => all.push(f));
  return all;
}

function load(text: string): Scenario | null {
  const r = loadScenario(text, "s.yaml", CATALOG);
  return r.ok ? r.scenario : null;
}

describe("routing facts to folds by kind", () => {
  it("numbers every kind of fact once", () => {
    expect(FACT_KINDS.map((k) => factKindIndex(k))).toEqual(FACT_KINDS.map((_, i) => i));
    expect(new Set(FACT_KINDS).size).toBe(13);
  });

  it("hands a fold without kinds every fact, in order, after the folds before it", () => {
    const seen: string[] = [];
    const routes = foldRoutes([
      { onFact: (f) => seen.push(`a ${f.kind}`), finish() {} },
      { kinds: ["RunEnded"], onFact: (f) => seen.push(`b ${f.kind}`), finish() {} },
      { onFact: (f) => seen.push(`c ${f.kind}`), finish() {} },
    ]);
    routeFact(routes, { kind: "InstanceReady", time: 0, instanceId: "i-1" });
    routeFact(routes, { kind: "RunEnded", time: 1 });
    expect(seen).toEqual([
      "a InstanceReady",
      "c InstanceReady",
      "a RunEnded",
      "b RunEnded",
      "c RunEnded",
    ]);
  });

  it("writes the same files as feeding every fact, for every example scenario", () => {
    let rows = 0;
    for (const f of readdirSync(SCENARIOS).filter((n) => n.endsWith(".yaml"))) {
      const scenario = load(readFileSync(join(SCENARIOS, f), "utf8"));
      if (!scenario) continue;
      const all = facts(scenario);
      const routed = files(scenario, all, true);
      expect(routed).toEqual(files(scenario, all, false));
      rows += routed.join("").split("\n").length;
    }
    expect(rows).toBeGreaterThan(1000);
  });

  it("writes the same files as feeding every fact, for random scenarios", () => {
    fc.assert(
      fc.property(validScenario, (text) => {
        const scenario = load(text);
        if (!scenario) return;
        const all = facts(scenario);
        expect(files(scenario, all, true)).toEqual(files(scenario, all, false));
      }),
      { numRuns: 40 },
    );
  });
});
