/**
 * Long `jobs:` lists are checked by zod in slices (src/scenario/schema-issues.ts); the issues must be
 * exactly those of one parse of the whole scenario, paths included.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { scenarioSchema } from "../../src/scenario/schema.ts";
import { schemaIssues } from "../../src/scenario/schema-issues.ts";

const quickstart = parse(
  readFileSync(new URL("../../scenarios/quickstart.yaml", import.meta.url), "utf8"),
) as Record<string, unknown>;

const whole = (raw: unknown) => {
  const r = scenarioSchema.safeParse(raw, { reportInput: true });
  return r.success ? [] : r.error.issues;
};
const sorted = (issues: readonly unknown[]) => issues.map((i) => JSON.stringify(i)).sort();

describe("zod's issues with long jobs lists, checked in slices", () => {
  it("are the whole parse's, wherever the bad jobs are", () => {
    const job = (i: number) => ({
      at: i,
      submit: { jobName: `j${i}`, jobQueue: "main", jobDefinition: "worker" },
    });
    const jobs: unknown[] = Array.from({ length: 7000 }, (_, i) => job(i));
    jobs[0] = { ...job(0), bogus: 1 }; // an unknown key, first slice
    jobs[2047] = { ...job(2047), at: -5 }; // the last of a slice
    jobs[2048] = { submit: job(2048).submit }; // the first of the next: no `at`
    jobs[5000] = "not a job";
    jobs[6999] = { ...job(6999), submit: { jobName: 7 } };
    const streams = quickstart.workload as unknown[];
    const raw = {
      ...quickstart,
      workload: [...streams, { name: "many", jobs }, { name: "few", jobs: [{ at: "x" }] }],
    };
    const want = whole(raw);
    expect(want.length).toBeGreaterThan(5);
    expect(sorted(schemaIssues(raw))).toEqual(sorted(want));
    // A valid one, and one whose other parts are wrong too.
    const valid = {
      ...quickstart,
      workload: [...streams, { name: "ok", jobs: jobs.map((_, i) => job(i)) }],
    };
    expect(schemaIssues(valid)).toEqual([]);
    const alsoBad = { ...raw, seed: [], computeEnvironments: "no" };
    expect(sorted(schemaIssues(alsoBad))).toEqual(sorted(whole(alsoBad)));
  });
});
