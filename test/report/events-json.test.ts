/**
 * Full events are written piece by piece into bytes (events.ts, job-detail.ts), never through
 * JSON.stringify of the whole event. Each line must still be exactly what JSON.stringify writes for
 * the object it holds: JSON.stringify(JSON.parse(line)) === line (the same keys in the same order,
 * the same escapes, numbers in their shortest form). Checked on every example scenario and on
 * generated scenarios of every feature, whose events cover every kind of fact.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEventsFold, reportContext } from "../../src/report/index.ts";
import { loadScenario, type Scenario } from "../../src/scenario/index.ts";
import { simulate } from "../../src/sim/index.ts";
import { validScenario } from "../fuzz/arbitraries.ts";
import { CATALOG } from "../scenario/helpers.ts";

const SCENARIOS = fileURLToPath(new URL("../../scenarios/", import.meta.url));

/** The full events of `scenario`'s run, line by line. */
function fullEvents(scenario: Scenario): string[] {
  const ctx = reportContext(scenario, {
    scenarioSha256: "0",
    batchsimVersion: "0",
    assumptions: {},
    outputs: { events: "full" },
  });
  let text = "";
  const fold = createEventsFold(ctx, "full", (t) => {
    text += t;
  });
  simulate(scenario, (f) => fold.onFact(f));
  fold.finish();
  return text === "" ? [] : text.slice(0, -1).split("\n");
}

/** The lines that are not JSON.stringify of what they hold (none, if all is well). */
function nonCanonical(lines: readonly string[]): string[] {
  return lines.filter((line) => JSON.stringify(JSON.parse(line)) !== line);
}

function load(text: string): Scenario | null {
  const r = loadScenario(text, "s.yaml", CATALOG);
  return r.ok ? r.scenario : null;
}

describe("full events.jsonl lines", () => {
  it("are JSON.stringify of their objects in every example scenario", () => {
    const kinds = new Set<string>();
    let lines = 0;
    for (const f of readdirSync(SCENARIOS).filter((n) => n.endsWith(".yaml"))) {
      const scenario = load(readFileSync(join(SCENARIOS, f), "utf8"));
      if (!scenario || f.includes("trace")) continue;
      const events = fullEvents(scenario);
      expect(nonCanonical(events)).toEqual([]);
      for (const line of events)
        kinds.add((JSON.parse(line) as { "detail-type": string })["detail-type"]);
      lines += events.length;
    }
    expect(lines).toBeGreaterThan(1000);
    // The envelope of every kind of event was written, not only the job state changes'.
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        "Batch Job State Change",
        "batchsim Instance Launched",
        "batchsim Instance Ready",
        "batchsim Instance Terminated",
      ]),
    );
  }, 60_000);

  it("are JSON.stringify of their objects for generated scenarios of every feature", () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(validScenario, (text) => {
        const scenario = load(text);
        if (!scenario) return;
        const events = fullEvents(scenario);
        expect(nonCanonical(events)).toEqual([]);
        for (const line of events)
          kinds.add((JSON.parse(line) as { "detail-type": string })["detail-type"]);
      }),
      { numRuns: 25, seed: 20261129 },
    );
    expect(kinds.size).toBeGreaterThan(3);
  }, 60_000);
});
