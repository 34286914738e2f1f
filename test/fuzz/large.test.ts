/**
 * Large files take other paths (src/scenario/yaml-fast.ts, yaml-locate.ts, yaml-duplicates.ts):
 * js-yaml reads them, a line walk places problems, syntax errors and duplicate keys are read around
 * where js-yaml stopped. Fuzzed here against yaml's full read of the same text: generated scenarios
 * with a stream of a few thousand explicit jobs (past the fast read's 256 KB), mutated as in
 * fuzz.test.ts, must give the full read's problem lines and value — except that for a YAML syntax
 * error a large file reports the errors of each entry that has one, on lines the full read also names;
 * and reading the jobs in smaller pieces than in use changes nothing.
 * `npm run fuzz` runs more cases (FUZZ_RUNS, FUZZ_SEED as in fuzz.test.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/index.ts";
import { readLarge } from "../../src/scenario/yaml-chunks.ts";
import { FastLocator } from "../../src/scenario/yaml-locate.ts";
import { readYaml } from "../../src/scenario/yaml-source.ts";
import { CATALOG } from "../scenario/helpers.ts";
import { buildScenario, MUTATIONS, mutate, scenarioText } from "./arbitraries.ts";
import { fuzzSeed, LONG_FUZZ } from "./harness.ts";

const longRun = LONG_FUZZ;
const seed = fuzzSeed(20261128);
const numRuns = longRun ? Math.max(1, Math.floor(Number(process.env.FUZZ_RUNS) / 10)) : 12;

type Obj = Record<string, unknown>;

/** FUZZ_PATH (with FUZZ_SEED) replays one failing case as fast-check printed it. */
const replay = process.env.FUZZ_PATH !== undefined ? { path: process.env.FUZZ_PATH } : {};

/** A generated scenario with a stream of `n` explicit jobs on its first queue and definition. */
function large(g: fc.GeneratorValue, n: number, flow: boolean, share?: Sharing): string {
  const s = buildScenario(g) as Obj;
  const queue = (s.jobQueues as Obj[] | undefined)?.[0]?.jobQueueName ?? "q";
  const definition = (s.jobDefinitions as Obj[] | undefined)?.[0];
  const def = definition?.jobDefinitionName ?? "d";
  const jobs: Obj[] = Array.from({ length: n }, (_, i) => ({
    at: i,
    submit: { jobName: `bulk-${i}`, jobQueue: queue, jobDefinition: def },
  }));
  if (share) {
    // yaml writes an object met again as an alias of its first place (an anchor).
    const sim = (share.fromDefinition ? definition?.sim : undefined) ?? { runtime: "1m" };
    for (let k = 0; k < share.uses; k++) (jobs[(k * 3 + 1) % n] as Obj).sim = sim;
    for (let k = 0; k < share.submits; k++)
      (jobs[(k * 977 + 5) % n] as Obj).submit = jobs[2]?.submit;
  }
  s.workload = [...((s.workload as Obj[] | undefined) ?? []), { name: "bulk", jobs }];
  return scenarioText(s, flow);
}

/** Objects shared by jobs (anchors and aliases in the text): `uses` jobs' sim, `submits` jobs' submit. */
interface Sharing {
  readonly uses: number;
  readonly fromDefinition: boolean;
  readonly submits: number;
}

/** Problem lines of a text, as `line:col path: message`. */
function lines(text: string): string[] {
  const r = loadScenario(text, "big.yaml", CATALOG);
  return r.ok ? [] : r.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
}

/** The problem lines of yaml's full read of the same text. */
function fullReadLines(text: string): string[] {
  const r = loadScenario(text, "big.yaml", CATALOG, { exactYaml: true });
  return r.ok ? [] : r.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
}

/** The value of yaml's full read of the text. */
const fullValue = (text: string): unknown => readYaml(text, true).value;

const YAML_LEVEL = /^\d+:\d+ \$: (not valid YAML|refused)/;

/**
 * A large text's problem lines and value are the full read's (for a YAML syntax error: lines the
 * full read also names), and reading the jobs in pieces of `chunk` characters changes nothing.
 */
function check(text: string, chunk: number): void {
  if (text.length < 256 * 1024) return; // a cut left it small: the ordinary path
  // What each read found (its locateTied is a closure of its own).
  const found = (size?: number) => {
    const r = readLarge(text, new FastLocator(text), size);
    return r && { value: r.value, syntax: r.syntax, keyProblems: r.keyProblems };
  };
  expect(found(chunk)).toStrictEqual(found());
  const fast = lines(text);
  const full = fullReadLines(text);
  if (full.some((l) => YAML_LEVEL.test(l))) {
    expect(fast.length).toBeGreaterThan(0);
    for (const l of fast) expect(l).toMatch(YAML_LEVEL);
    const fullLines = new Set(full.map((l) => l.split(":")[0]));
    for (const l of fast) {
      expect(
        fullLines.has(l.split(":")[0] ?? ""),
        `fast: ${fast.join(" | ")}\nfull: ${full.join(" | ")}`,
      ).toBe(true);
    }
    return;
  }
  expect(fast).toEqual(full);
  expect(readYaml(text).value).toStrictEqual(fullValue(text));
}

describe("fuzz: large files against yaml's full read", () => {
  it("give the same problems and the same value", {
    timeout: longRun ? 3_600_000 : 120_000,
  }, () => {
    if (longRun) console.log(`fuzz large: runs=${numRuns} FUZZ_SEED=${seed}`);
    fc.assert(
      fc.property(
        fc.gen(),
        fc.boolean(),
        fc.constantFrom(...MUTATIONS, "none" as const),
        fc.nat({ max: 1_000_000 }),
        fc.nat({ max: 1_000_000 }),
        fc.constantFrom(1, 2000, 60_000),
        (g, flow, kind, n, m, chunk) => {
          const base = large(g, 3500, flow);
          const text = kind === "none" ? base : mutate(base, kind, n, m).bytes.toString("utf8");
          check(text, chunk);
        },
      ),
      { seed, numRuns, endOnFailure: !longRun, ...replay },
    );
  });
  it("give the same problems and the same value with anchors and aliases in the jobs", {
    timeout: longRun ? 3_600_000 : 120_000,
  }, () => {
    if (longRun) console.log(`fuzz large, anchors: runs=${numRuns} FUZZ_SEED=${seed}`);
    fc.assert(
      fc.property(
        fc.gen(),
        fc.constantFrom(...MUTATIONS, "none" as const, "none" as const),
        fc.nat({ max: 1_000_000 }),
        fc.nat({ max: 1_000_000 }),
        fc.record({
          uses: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 900, max: 1100 })),
          fromDefinition: fc.boolean(),
          submits: fc.integer({ min: 0, max: 3 }),
        }),
        fc.constantFrom(1, 2000, 60_000),
        (g, kind, n, m, share, chunk) => {
          const base = large(g, 3500, false, share);
          const text = kind === "none" ? base : mutate(base, kind, n, m).bytes.toString("utf8");
          check(text, chunk);
        },
      ),
      { seed, numRuns, endOnFailure: !longRun, ...replay },
    );
  });
});
