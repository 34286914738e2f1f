/**
 * Golden runs: whole example scenarios through the real CLI, their summary.json compared with the
 * copy committed next to this file. A change in any model rule that moves a number shows up here.
 * After an intended change, regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden` and review
 * the diff like code.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const bin = join(root, "bin", "batchsim.mjs");
const work = mkdtempSync(join(tmpdir(), "batchsim-golden-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function summaryOf(scenario: string): string {
  const out = join(work, scenario);
  const r = spawnSync(
    process.execPath,
    [bin, "run", join(root, "scenarios", `${scenario}.yaml`), "--out", out, "--quiet"],
    {
      encoding: "utf8",
    },
  );
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as Record<
    string,
    unknown
  >;
  delete summary.batchsimVersion; // a release bump alone should not touch the goldens
  return `${JSON.stringify(summary, null, 2)}\n`;
}

describe("golden example runs", () => {
  for (const scenario of [
    "quickstart",
    "pipeline-etl",
    "two-queues-spill",
    "multinode-mpi",
    "fairshare-two-teams",
    "fairshare-reservation",
    "fifo-vs-fairshare",
    "spot-with-ondemand-spill",
    "all-on-demand",
    "fargate-vs-ec2",
    "gpu-training",
  ]) {
    it(`reproduces scenarios/${scenario}.yaml's summary exactly`, () => {
      const actual = summaryOf(scenario);
      const goldenFile = new URL(`./${scenario}.summary.json`, import.meta.url).pathname;
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(goldenFile, actual);
      expect(actual).toBe(readFileSync(goldenFile, "utf8"));
    });
  }
});
