import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BIN,
  batchsim,
  cleanUp,
  ENV,
  SMALL_SCENARIO,
  tempFolder,
  writeScenario,
} from "./helpers.ts";

const DATA_OPEN = '<script id="batchsim-data" type="application/json">';

/** The payload embedded in a page. */
function payloadOf(page: string): { runs: { label: string; data: { format: number } }[] } {
  const at = page.indexOf(DATA_OPEN);
  return JSON.parse(page.slice(at + DATA_OPEN.length, page.indexOf("</script>", at)));
}

// Two run folders (seeds 7 and 8), written once for every test here.
let dir = "";
beforeAll(() => {
  dir = tempFolder();
  const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
  expect(batchsim(dir, "run", file, "--out", "runs/a", "--quiet").status).toBe(0);
  expect(batchsim(dir, "run", file, "--out", "runs/b", "--quiet", "--seed", "8").status).toBe(0);
}, 60_000);
afterAll(() => cleanUp(dir));

describe("batchsim view: bad run folders", () => {
  it("exits 2 on a folder that does not exist", () => {
    const r = batchsim(dir, "view", "runs/nope", "--out", "x.html");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("batchsim view: runs/nope: no such folder\n");
  });

  it("exits 2 on a folder that is not a run folder", () => {
    mkdirSync(join(dir, "notes"), { recursive: true });
    const r = batchsim(dir, "view", "runs/a", "notes", "--out", "x.html");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "batchsim view: notes is not a run, compare or sweep folder (no summary.json, comparison.json or sweep.csv)\n",
    );
  });

  it("exits 2 on a run folder without report.html", () => {
    const file = join(dir, "s.yaml");
    expect(
      batchsim(dir, "run", file, "--out", "runs/bare", "--quiet", "--report", "none").status,
    ).toBe(0);
    const r = batchsim(dir, "view", "runs/bare", "--out", "x.html");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "batchsim view: runs/bare has no report.html (written with --report none, or by an older batchsim): run it again\n",
    );
  });

  it("exits 2 on a run folder from an incompatible version", () => {
    cpSync(join(dir, "runs/a"), join(dir, "runs/old"), { recursive: true });
    const report = join(dir, "runs/old/report.html");
    writeFileSync(report, readFileSync(report, "utf8").replace('{"format":1,', '{"format":0,'));
    const r = batchsim(dir, "view", "runs/old", "--out", "x.html");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "batchsim view: runs/old was written by an incompatible batchsim version (viewer data format 0, this version reads 1): run it again\n",
    );
  });

  it("exits 2 on a report.html with no data it can read", () => {
    mkdirSync(join(dir, "runs/broken"), { recursive: true });
    writeFileSync(join(dir, "runs/broken/summary.json"), "{}\n");
    writeFileSync(join(dir, "runs/broken/report.html"), "<!doctype html><p>hello</p>\n");
    const r = batchsim(dir, "view", "runs/broken", "--out", "x.html");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "batchsim view: runs/broken/report.html holds no run data batchsim can read: run it again\n",
    );
  });

  it("exits 2 without a run folder or with a bad port", () => {
    const none = batchsim(dir, "view");
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(
      /^batchsim view: expected one or more run, compare or sweep folders; usage: /,
    );
    const port = batchsim(dir, "view", "runs/a", "--port", "http");
    expect(port.status).toBe(2);
    expect(port.stderr).toBe('batchsim view: --port must be a port number 0-65535 (got "http")\n');
  });
});

describe("batchsim view: the page", () => {
  it("writes one page with both runs, labelled by folder name, with --out", () => {
    const r = batchsim(dir, "view", "runs/a", "runs/b/", "--out", "both.html");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const payload = payloadOf(readFileSync(join(dir, "both.html"), "utf8"));
    expect(payload.runs.map((run) => run.label)).toEqual(["a", "b"]);
    expect(payload.runs.map((run) => run.data.format)).toEqual([1, 1]);
    const single = payloadOf(readFileSync(join(dir, "runs/a/report.html"), "utf8"));
    expect(payload.runs[0]?.data).toEqual(single.runs[0]?.data);
    expect(payload.runs[1]?.data).not.toEqual(single.runs[0]?.data);
  });

  it("makes repeated labels unique and writes to stdout with --no-serve", () => {
    const r = batchsim(dir, "view", "runs/a", "runs/a", "--no-serve");
    expect(r.status).toBe(0);
    expect(payloadOf(r.stdout).runs.map((run) => run.label)).toEqual(["a", "a (2)"]);
  });

  it("serves the page on a free port until Ctrl-C", async () => {
    const view = startView("runs/a", "runs/b", "--port", "0");
    try {
      const url = await view.url;
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(payloadOf(await page.text()).runs.map((run) => run.label)).toEqual(["a", "b"]);
      expect((await fetch(`${url}other.js`)).status).toBe(404);
    } finally {
      view.child.kill("SIGINT");
    }
    expect(await view.exited).toBe(130);
  }, 60_000);

  it("takes the next port when the one asked for is busy", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as AddressInfo).port;
    const view = startView("runs/a", "--port", String(port));
    try {
      const url = new URL(await view.url);
      expect(Number(url.port)).toBeGreaterThan(port);
      expect((await fetch(url)).status).toBe(200);
    } finally {
      view.child.kill("SIGTERM");
      busy.close();
    }
    expect(await view.exited).toBe(143);
  }, 60_000);
});

/** Starts `batchsim view …args` in `dir`; `url` resolves with the URL it prints. */
function startView(...args: string[]) {
  const child = spawn(process.execPath, [BIN, "view", ...args], { cwd: dir, env: ENV });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on("exit", () => reject(new Error(`view exited early: ${out}`)));
  });
  return { child, exited, url };
}
