/**
 * A run folder written by two run workers (run-parts.ts: each simulates, each writes half of the
 * files) is byte for byte the one a single worker writes, report.html included.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { batchsim, batchsimWithEnv, cleanUp, ENV, tempFolder } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

let dir = "";
beforeEach(() => {
  dir = tempFolder();
});
afterEach(() => cleanUp(dir));

function readFolder(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(folder).sort())
    files[name] = readFileSync(join(folder, name), "utf8");
  return files;
}

/** The --profile line's JSON. */
function profileOf(stderr: string): Record<string, number> {
  const line = stderr.split("\n").find((l) => l.startsWith("profile: ")) ?? "profile: {}";
  return JSON.parse(line.slice("profile: ".length)) as Record<string, number>;
}

describe("batchsim run with one or two run workers", () => {
  it.each([
    ["spot-with-ondemand-spill.yaml", "full"],
    ["fairshare-two-teams.yaml", "compact"],
    ["multinode-mpi.yaml", "full"],
  ])(
    "writes the same files for %s (events %s)",
    (scenario, events) => {
      const file = join(ROOT, "scenarios", scenario);
      const runs = [1, 2].map((w) => {
        // The real viewer page, not the test stub: report.html is compared too.
        const env = { ...ENV, BATCHSIM_VIEWER_PAGE: "" };
        const args = ["run", file, "--out", `w${w}`, "--quiet", "--profile", "--events", events];
        const r = batchsimWithEnv(dir, env, ...args, "--workers", String(w));
        expect(r.stderr).toContain("profile: ");
        expect(r.status).toBe(0);
        return { files: readFolder(join(dir, `w${w}`)), profile: profileOf(r.stderr) };
      });
      expect(runs[0]?.profile.workers).toBe(1);
      expect(runs[1]?.profile.workers).toBe(2);
      expect(Object.keys(runs[1]?.files ?? {})).toContain("report.html");
      expect(runs[1]?.files).toEqual(runs[0]?.files);
    },
    60_000,
  );

  it("reports where the time went: parse, simulate, reports, write", () => {
    const r = batchsim(
      dir,
      "run",
      join(ROOT, "scenarios", "quickstart.yaml"),
      "--quiet",
      "--profile",
    );
    expect(r.status).toBe(0);
    const p = profileOf(r.stderr);
    for (const key of ["parseMs", "simulateMs", "reportsMs", "writeMs", "totalMs", "peakRssMiB"]) {
      expect(p[key], key).toBeGreaterThanOrEqual(0);
    }
    const phases = (p.simulateMs ?? 0) + (p.reportsMs ?? 0) + (p.writeMs ?? 0);
    expect(phases).toBeLessThanOrEqual(p.totalMs ?? 0);
  });
});
