/** The importers and calibrate through the real command line (their logic is tested in-process elsewhere). */
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { batchsim, cleanUp, tempFolder } from "./helpers.ts";

const fixture = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));
const dir = tempFolder();
afterAll(() => cleanUp(dir));

describe("batchsim import cloudformation | history, calibrate", { timeout: 60_000 }, () => {
  it("imports a CloudFormation template to a scenario that validates", () => {
    const r = batchsim(
      dir,
      "import",
      "cloudformation",
      fixture("cloudformation/batch-stack.yaml"),
      "--out",
      "cf.yaml",
    );
    expect(r.status).toBe(0);
    expect(batchsim(dir, "validate", "cf.yaml").status).toBe(0);
  });

  it("imports a DescribeJobs history to a scenario that runs, and calibrates from a run's events", () => {
    const h = batchsim(
      dir,
      "import",
      "history",
      fixture("history/describe-jobs.json"),
      "--out",
      "h.yaml",
    );
    expect(h.status).toBe(0);
    expect(
      batchsim(dir, "run", "h.yaml", "--out", "hr", "--quiet", "--events", "full").status,
    ).toBe(0);
    const c = batchsim(dir, "calibrate", "hr/events.jsonl");
    expect(c.status).toBe(0);
    expect(c.stdout).toMatch(/^settings:/m);
  });

  it("exits 2 on a file that is not a history", () => {
    const c = batchsim(dir, "calibrate", fixture("cloudformation/batch-stack.yaml"));
    expect(c.status).toBe(2);
    expect(c.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
