import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scenarioJsonSchema } from "../../src/scenario/index.ts";

describe("scenarios/scenario.schema.json", () => {
  it("is the schema generated from the code (run npx tsx scripts/write-schema.ts)", () => {
    const onDisk = readFileSync(
      new URL("../../scenarios/scenario.schema.json", import.meta.url),
      "utf8",
    );
    expect(onDisk).toBe(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  });

  it("is draft-07 and rejects unknown top-level keys", () => {
    const schema = scenarioJsonSchema() as {
      $schema: string;
      additionalProperties: unknown;
      required: string[];
    };
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["name"]);
  });
});
