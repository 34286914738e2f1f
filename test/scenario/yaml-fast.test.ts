/**
 * The fast first read of large files (src/scenario/yaml-fast.ts, js-yaml) must give exactly the value
 * of yaml's full read (the core schema), or decline: compared on every example scenario, on generated
 * scenarios of every feature (the fuzz generator, block and flow style) and on edge-case scalars.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { CORE_SCHEMA, load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { loadScenario } from "../../src/scenario/index.ts";
import { crossEligible, fastAcceptable, localEligible } from "../../src/scenario/yaml-fast.ts";
import { MAX_DEPTH } from "../../src/scenario/yaml-source.ts";
import { validScenario } from "../fuzz/arbitraries.ts";
import { CATALOG } from "./helpers.ts";

const SCENARIOS = fileURLToPath(new URL("../../scenarios/", import.meta.url));

/** yaml's full read, as readYaml does it (core schema). */
function fullValue(text: string): unknown {
  return parseDocument(text, { schema: "core", uniqueKeys: false }).toJS();
}

/**
 * js-yaml's read of a whole text where the eligibility patterns let it read every piece (what
 * yaml-chunks.ts does piece by piece), or undefined: not eligible, refused by js-yaml, or too deep.
 */
function readFastValue(text: string, maxDepth: number): unknown {
  if (!crossEligible(text) || !localEligible(text)) return undefined;
  let value: unknown;
  try {
    value = load(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  return fastAcceptable(value, maxDepth) ? value : undefined;
}

/** The fast read agrees with the full one, or declines (undefined). */
function agrees(text: string): boolean {
  const fast = readFastValue(text, MAX_DEPTH);
  if (fast === undefined) return false;
  expect(fast).toStrictEqual(fullValue(text));
  return true;
}

describe("the fast read of large scenario files", () => {
  it("gives yaml's value for every example scenario", () => {
    const files = readdirSync(SCENARIOS).filter((f) => f.endsWith(".yaml"));
    let taken = 0;
    for (const f of files) if (agrees(readFileSync(join(SCENARIOS, f), "utf8"))) taken++;
    // Some examples use anchors or `Host EC2*` and are left to the full read.
    expect(taken).toBeGreaterThanOrEqual(5);
  });

  it("gives yaml's value for generated scenarios of every feature", () => {
    let taken = 0;
    fc.assert(
      fc.property(validScenario, (text) => {
        if (agrees(text)) taken++;
      }),
      { numRuns: 150, seed: 20261128 },
    );
    expect(taken).toBeGreaterThan(20);
  });

  it("declines scalars the two parsers read differently, and what only the full read checks", () => {
    for (const text of [
      "a: 1_000",
      "a: [1.5_3]",
      "a: 0b101",
      "a: &x 1\nb: *x",
      "a: !!str 1",
      "<<: {a: 1}",
      "a: 1\na: 2",
      "__proto__: {x: 1}",
      "a:\n\t- 1",
      "--- \na: 1\n---\nb: 2",
      "a: [",
      "a: {null: 1}",
      "~: 1",
      // Anchors, aliases and tags wherever a node can begin.
      "a: [&x 1, *x]",
      "a: {b: &x 1, c: *x}",
      '{"a":*x}',
      "- !!int 1",
      "a:\n  - &x {b: 1}\n  - *x",
      "? &k a\n: 1",
      "a: [1,!!str 2]",
      // Keys that could reach a prototype, however written.
      "a: {constructor: 1}",
      "'prototype': 1",
      '"\\x5f_proto__": 1',
      "? __proto__\n: 1",
      '"<<": {a: 1}',
    ])
      expect(readFastValue(text, MAX_DEPTH), text).toBeUndefined();
  });

  it("declines or agrees when anchors, aliases, tags and the like are put anywhere", {
    timeout: 300_000,
  }, () => {
    const tokens = [
      "&a ",
      "*a",
      "!!str ",
      "!x ",
      "&",
      "*",
      "!",
      " &a",
      " *a ",
      " !!int ",
      "<<: ",
      "? ",
      "[a]: ",
      "{a: 1}: ",
      "\n? [a]\n",
      "__proto__: ",
      '"\\x41": ',
      "null: ",
      "1_0",
      "\t",
    ];
    fc.assert(
      fc.property(validScenario, fc.nat(), fc.constantFrom(...tokens), (text, n, token) => {
        const at = n % (text.length + 1);
        const mutated = `${text.slice(0, at)}${token}${text.slice(at)}`;
        const fast = readFastValue(mutated, MAX_DEPTH);
        if (fast === undefined) return;
        const doc = parseDocument(mutated, { schema: "core", uniqueKeys: false });
        expect(doc.errors, mutated).toEqual([]);
        expect(fast).toStrictEqual(doc.toJS());
      }),
      { numRuns: Number(process.env.FAST_RUNS ?? 400), seed: 20261129 },
    );
  });

  it("takes *, & and ! inside text, and prototype-like words as values", () => {
    for (const text of [
      "a: {onReason: '*', onStatusReason: \"Host EC2*\", shareIdentifier: intern*}",
      "description: R&D runs it nightly!",
      "b: [a*b, x&y, wow!]",
      "c: {jobName: constructor-job, d: prototype, e: __proto__x}",
      "d: 'a << b'",
    ])
      expect(agrees(text), text).toBe(true);
  });

  it("reads edge-case scalars as yaml's core schema does", () => {
    const text = [
      "a: [true, True, TRUE, false, null, Null, ~, '', 0o17, 0x1F, 017, -12, +3, 1e3, 1.5e-3, .5]",
      "b: [.inf, -.Inf, .NaN, 2026-01-01, '2026-01-01T00:00:00Z', 12:30, yes, no, on, off]",
      "c: {1: one, 2.5: two, true: three}",
      'd: "tab\\there \\u00e9"',
      "e: |\n  two\n  lines\n",
      "f: >-\n  folded\n  text\n",
      "g: queue_1",
    ].join("\n");
    expect(agrees(text)).toBe(true);
  });

  it("loads a 2 MB scenario of explicit jobs through the fast read, the same scenario as the full read", () => {
    const head = readFileSync(join(SCENARIOS, "quickstart.yaml"), "utf8").replace(
      /\nworkload:[\s\S]*$/,
      "",
    );
    const jobs = Array.from(
      { length: 25_000 },
      (_, i) =>
        `      - {at: ${i}, submit: {jobName: j${i}, jobQueue: main, jobDefinition: worker}}`,
    );
    const text = `${head}\nworkload:\n  - name: etl\n    jobs:\n${jobs.join("\n")}\n`;
    expect(text.length).toBeGreaterThan(2e6);
    expect(readFastValue(text, MAX_DEPTH)).toStrictEqual(fullValue(text));
    const r = loadScenario(text, "long.yaml", CATALOG);
    expect(r.ok, r.ok ? "" : r.problems.map((p) => p.message).join("\n")).toBe(true);
  });
});
