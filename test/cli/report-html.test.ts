import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VIEWER_DATA_FORMAT, VIEWER_PLACEHOLDER } from "../../src/report/index.ts";
import {
  batchsim,
  batchsimWithEnv,
  cleanUp,
  ENV,
  SMALL_SCENARIO,
  tempFolder,
  VIEWER_STUB,
  writeScenario,
} from "./helpers.ts";

const DATA_OPEN = '<script id="batchsim-data" type="application/json">';

let dir = "";
beforeEach(() => {
  dir = tempFolder();
});
afterEach(() => cleanUp(dir));

describe("report.html", () => {
  it("is the viewer page with the run's data in place of the placeholder", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    const r = batchsim(dir, "run", file, "--out", "a", "--quiet");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const page = readFileSync(join(dir, "a", "report.html"), "utf8");
    const stub = readFileSync(VIEWER_STUB, "utf8");
    const at = stub.indexOf(VIEWER_PLACEHOLDER);
    expect(page.startsWith(stub.slice(0, at) + DATA_OPEN)).toBe(true);
    expect(page.endsWith(`</script>${stub.slice(at + VIEWER_PLACEHOLDER.length)}`)).toBe(true);
    const json = page.slice(at + DATA_OPEN.length, page.lastIndexOf("</script>"));
    expect(json).not.toContain("<");
    const payload = JSON.parse(json);
    expect(payload.runs).toHaveLength(1);
    expect(payload.runs[0].label).toBe("small");
    const data = payload.runs[0].data;
    expect(data.format).toBe(VIEWER_DATA_FORMAT);
    expect(data.summary).toEqual(JSON.parse(readFileSync(join(dir, "a", "summary.json"), "utf8")));
    expect(data.jobs.id).toHaveLength(30);
    expect(data.attempts.job.length).toBeGreaterThanOrEqual(30);
    expect(data.series.map((s: { metric: string }) => s.metric)).toContain("vcpuInUse");
  });

  it("is left out with --report none, and the other files do not change", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    expect(batchsim(dir, "run", file, "--out", "a", "--quiet").status).toBe(0);
    const r = batchsim(dir, "run", file, "--out", "b", "--quiet", "--report", "none");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const files = readdirSync(join(dir, "b")).sort();
    expect(files).not.toContain("report.html");
    expect(readdirSync(join(dir, "a")).sort()).toEqual([...files, "report.html"].sort());
    for (const f of files) {
      expect(readFileSync(join(dir, "b", f), "utf8")).toBe(readFileSync(join(dir, "a", f), "utf8"));
    }
  });

  it("fails the run before writing anything when the viewer is not built", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    const missing = join(dir, "no-dist", "index.html");
    const r = batchsimWithEnv(dir, { ...ENV, BATCHSIM_VIEWER_PAGE: missing }, "run", file);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `batchsim: the viewer is not built (${missing}): run npm run build:viewer\n`,
    );
    expect(readdirSync(dir)).toEqual(["s.yaml"]);
  });

  it("needs no viewer with --report none", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    const env = { ...ENV, BATCHSIM_VIEWER_PAGE: join(dir, "missing.html") };
    const r = batchsimWithEnv(dir, env, "run", file, "--quiet", "--report", "none");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, "runs", "small", "summary.json"))).toBe(true);
  });

  it("fails with exit 2 when the viewer page has no data placeholder", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    const page = join(dir, "page.html");
    writeFileSync(page, "<!doctype html><p>no data here</p>\n");
    const r = batchsimWithEnv(dir, { ...ENV, BATCHSIM_VIEWER_PAGE: page }, "run", file);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `batchsim: the viewer page ${page} does not hold its data placeholder once: run npm run build:viewer\n`,
    );
    expect(readdirSync(dir).sort()).toEqual(["page.html", "s.yaml"]);
  });

  it("exits 2 on an unknown --report mode", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    const r = batchsim(dir, "run", file, "--report", "pdf");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('batchsim run: --report must be one of html, none (got "pdf")\n');
  });
});
