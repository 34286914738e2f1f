/** The draft-07 JSON Schema of the scenario YAML shape, for editors (yaml-language-server). */
import * as z from "zod";
import { scenarioSchema } from "./schema.ts";

/** The JSON Schema (draft-07) generated from the zod schema; deterministic. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, {
    target: "draft-7",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return {
    ...schema,
    title: "batchsim scenario",
    description:
      "A batchsim scenario: AWS Batch request shapes plus simulator-only blocks (sim, workload, settings, catalog).",
  };
}
