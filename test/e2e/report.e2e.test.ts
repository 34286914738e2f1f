/**
 * End to end in a real browser: `batchsim run` writes report.html, Debian's Chromium opens it from
 * file:// (no server), and every chart has drawn data, the scrubber moves what is shown, a click
 * on a Gantt bar opens that job's timeline, and nothing is logged to the console. Then a two-run
 * page from `batchsim view --out` shows both runs side by side with a table of differences.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserTestMode, INSTALL_HINT, launchChromium, warnSkipped } from "./chromium.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin", "batchsim.mjs");
const mode = browserTestMode();
if (mode === "skip") warnSkipped("the report.html browser tests");

function batchsim(...args: string[]): void {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`batchsim ${args.join(" ")} failed: ${r.stderr}`);
}

/** Opens a page, recording console errors/warnings and uncaught exceptions. */
async function open(browser: Browser, file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("request", (r) => {
    if (!r.url().startsWith("file:") && !r.url().startsWith("data:"))
      problems.push(`network request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("section.row");
  return { page, problems };
}

/** Painted (non-background) pixels of the first Gantt canvas. */
function paintedPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>("canvas.gantt-canvas");
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0) n++;
    return n;
  });
}

describe.runIf(mode === "fail")("Chromium for the browser tests (CI=true)", () => {
  it("is installed", () => {
    throw new Error(INSTALL_HINT);
  });
});

describe.runIf(mode === "run")("report.html in Chromium", () => {
  let browser: Browser;
  const work = mkdtempSync(join(tmpdir(), "batchsim-e2e-"));
  const fair = join(work, "fair");
  const spot = join(work, "spot");

  beforeAll(async () => {
    batchsim("run", "scenarios/fairshare-two-teams.yaml", "--out", fair, "--quiet");
    batchsim("run", "scenarios/spot-with-ondemand-spill.yaml", "--out", spot, "--quiet");
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("opens from file:// with every chart drawn from data and no console errors", async () => {
    const file = join(fair, "report.html");
    expect(existsSync(file)).toBe(true);
    const { page, problems } = await open(browser, file);
    const titles = await page.$$eval("section.row > h2", (hs) => hs.map((h) => h.textContent));
    expect(titles).toEqual(
      expect.arrayContaining([
        "Run",
        "State at t",
        "Capacity over time",
        "Queue depth",
        "Wait times",
        "Cost",
        "Instances and attempts",
        "Jobs",
        "Fair share",
      ]),
    );
    // Each chart has drawn paths with data (a path with at least one segment).
    for (const selector of [
      "path.provisioned",
      "path.in-use",
      "path.series-line",
      "path.ecdf",
      "path.burn",
      "path.cumulative",
      "path.used",
      "path.entitled",
    ]) {
      const drawn = await page.$$eval(
        `svg.chart ${selector}`,
        (ps) => ps.filter((p) => /^M.*L/.test(p.getAttribute("d") ?? "")).length,
      );
      expect(drawn, selector).toBeGreaterThan(0);
    }
    expect(await paintedPixels(page)).toBeGreaterThan(1000);
    // The headline shows the run's numbers.
    expect(await page.textContent("main")).toContain("fairshare-two-teams");
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("moves every view when the scrubber moves", async () => {
    const { page, problems } = await open(browser, join(fair, "report.html"));
    const state = () => page.textContent(".state-time");
    const cursor = () => page.getAttribute("line.cursor", "x1");
    const setTime = (fraction: number) =>
      page.$eval(
        ".scrubber-range",
        (input, f) => {
          const range = input as HTMLInputElement;
          const max = Number(range.max);
          range.value = String(max * f);
          range.dispatchEvent(new Event("input", { bubbles: true }));
        },
        fraction,
      );
    await setTime(0.1);
    const [s1, c1, p1] = [await state(), await cursor(), await page.textContent("main")];
    await setTime(0.6);
    const [s2, c2, p2] = [await state(), await cursor(), await page.textContent("main")];
    expect(s2).not.toBe(s1);
    expect(c2).not.toBe(c1);
    expect(p2).not.toBe(p1); // the state panel's numbers changed too
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("shows a job's timeline when its Gantt bar is clicked", async () => {
    const { page, problems } = await open(browser, join(fair, "report.html"));
    const canvas = await page.$("canvas.gantt-canvas");
    await canvas!.scrollIntoViewIfNeeded();
    const box = (await canvas!.boundingBox())!;
    let found = false;
    // Scan the canvas for a bar: the first click on one opens the job panel.
    for (let y = 6; y < Math.min(box.height, 400) && !found; y += 6) {
      for (let x = 4; x < box.width && !found; x += 12) {
        await page.mouse.click(box.x + x, box.y + y);
        found = (await page.$(".job-title")) !== null;
      }
    }
    expect(found).toBe(true);
    const rows = await page.$$eval("table.job-timeline tr", (trs) => trs.length);
    expect(rows).toBeGreaterThanOrEqual(3); // submitted, STARTING, RUNNING/end…
    expect(await page.textContent("table.job-timeline")).toMatch(/STARTING/);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it("shows two runs side by side with a table of differences", async () => {
    const both = join(work, "both.html");
    batchsim("view", fair, spot, "--out", both);
    const { page, problems } = await open(browser, both);
    expect(await page.$$eval('.cell[data-run="0"]', (c) => c.length)).toBeGreaterThan(3);
    expect(await page.$$eval('.cell[data-run="1"]', (c) => c.length)).toBeGreaterThan(3);
    const diff = await page.textContent("table.differences");
    expect(diff).toMatch(/wait/i);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
