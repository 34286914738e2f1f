/** Writes scenarios/scenario.schema.json from the zod schema (`npm run schema`). */
import { writeFileSync } from "node:fs";
import { scenarioJsonSchema } from "../src/scenario/index.ts";

const target = new URL("../scenarios/scenario.schema.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
