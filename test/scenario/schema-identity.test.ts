/**
 * The scenario schemas transform nothing (no defaults, coercions, transforms): zod's output of a valid
 * file is the file's own value. load.ts relies on it to take a large file's explicit jobs as written
 * once the whole-file parse has passed them (`explicitJobValid`), instead of reading each again.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scenarioSchema } from "../../src/scenario/schema.ts";
import { readYaml } from "../../src/scenario/yaml-source.ts";
import { validScenario } from "../fuzz/arbitraries.ts";

const SCENARIOS = fileURLToPath(new URL("../../scenarios/", import.meta.url));

/** zod's output equals the input, for a text whose value the schema accepts. */
function identical(text: string): boolean {
  const { value } = readYaml(text);
  const r = scenarioSchema.safeParse(value);
  if (!r.success) return false;
  expect(r.data).toStrictEqual(value);
  return true;
}

describe("the scenario schema is the identity on valid files", () => {
  it("on every example scenario", () => {
    const files = readdirSync(SCENARIOS).filter((f) => f.endsWith(".yaml"));
    let checked = 0;
    for (const f of files) if (identical(readFileSync(join(SCENARIOS, f), "utf8"))) checked++;
    expect(checked).toBeGreaterThan(files.length / 2);
  });

  it("on generated scenarios of every feature", () => {
    let checked = 0;
    fc.assert(
      fc.property(validScenario, (text) => {
        if (identical(text)) checked++;
      }),
      { numRuns: 100, seed: 20261128 },
    );
    expect(checked).toBeGreaterThan(50);
  });
});
