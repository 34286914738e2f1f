/**
 * JobDetailJson (full events' job detail written as text, static parts once per job) gives exactly
 * JSON.stringify(jobDetail(…)) at every state change of every job: on the example scenarios and on
 * generated scenarios of every feature (the fuzz generator).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../../src/report/byte-writer.ts";
import {
  arns,
  createJobLedger,
  JobDetailJson,
  jobDetail,
  reportContext,
} from "../../src/report/index.ts";
import { quote } from "../../src/report/job-detail-json.ts";
import type { JobRecord } from "../../src/report/job-ledger.ts";
import { loadScenario, type Scenario } from "../../src/scenario/index.ts";
import { simulate } from "../../src/sim/index.ts";
import { validScenario } from "../fuzz/arbitraries.ts";
import { CATALOG } from "../scenario/helpers.ts";

const SCENARIOS = fileURLToPath(new URL("../../scenarios/", import.meta.url));

/** Compares both at every JobStateChanged of the run; returns how many details were compared. */
function compareRun(scenario: Scenario): number {
  const ctx = reportContext(scenario, {
    scenarioSha256: "0",
    batchsimVersion: "0",
    assumptions: {},
    outputs: { events: "full" },
  });
  const a = arns(ctx);
  const platforms = new Map(ctx.jobQueues.map((q) => [q.name, q.platform]));
  const ledger = createJobLedger({ keepAttempts: true });
  const fast = new JobDetailJson(ctx, a);
  // What fast.write() writes for one job, as text.
  let text = "";
  const w = new ByteWriter((t) => {
    text += t;
  }, 1 << 14);
  const json = (job: JobRecord, platform: "EC2" | "FARGATE"): string => {
    fast.write(w, job, platform);
    w.flush();
    const out = text;
    text = "";
    return out;
  };
  let compared = 0;
  const check = (jobKey: number): void => {
    const job = ledger.find(jobKey);
    if (!job) return;
    const platform = platforms.get(job.submitted.jobQueue) ?? "EC2";
    expect(json(job, platform)).toBe(JSON.stringify(jobDetail(job, ctx, a, platform)));
    compared++;
  };
  ledger.subscribe((job) => {
    const platform = platforms.get(job.submitted.jobQueue) ?? "EC2";
    expect(json(job, platform)).toBe(JSON.stringify(jobDetail(job, ctx, a, platform)));
    fast.forget(job);
    compared++;
  });
  simulate(scenario, (f) => {
    ledger.onFact(f);
    if (f.kind === "JobStateChanged") check(f.jobKey);
  });
  return compared;
}

function load(text: string): Scenario | null {
  const r = loadScenario(text, "s.yaml", CATALOG);
  return r.ok ? r.scenario : null;
}

describe("JobDetailJson", () => {
  it("writes JSON.stringify(jobDetail) for every example scenario", () => {
    let compared = 0;
    for (const f of readdirSync(SCENARIOS).filter((n) => n.endsWith(".yaml"))) {
      const scenario = load(readFileSync(join(SCENARIOS, f), "utf8"));
      if (scenario && !f.includes("trace")) compared += compareRun(scenario);
    }
    expect(compared).toBeGreaterThan(1000);
  }, 60_000);

  it("writes JSON.stringify(jobDetail) for generated scenarios of every feature", () => {
    fc.assert(
      fc.property(validScenario, (text) => {
        const scenario = load(text);
        if (scenario) compareRun(scenario);
      }),
      { numRuns: 25, seed: 20261128 },
    );
  }, 60_000);
});

describe("quote", () => {
  it("is JSON.stringify of any string (controls, quotes, backslashes, lone surrogates)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 40 }),
          fc.string({ maxLength: 40 }),
          fc.constantFrom('a"b', "a\\b", "\n", "\u001f", "\u007f", "\u2028", "\ud800", "é", ""),
        ),
        (s) => {
          expect(quote(s)).toBe(JSON.stringify(s));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
