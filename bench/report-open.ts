/**
 * `npm run bench:report`: how big report.html is and how fast it opens. Runs a benchmark scenario
 * (default bench/jobs-100k.yaml) through the real CLI, then opens its report.html from file:// in
 * headless Debian Chromium (playwright-core) and times navigation start → every section drawn
 * (the Gantt canvas painted), three times. Results are recorded by hand in bench/BENCHMARKS.md.
 *
 *   npm run bench:report                       # bench/jobs-100k.yaml
 *   npm run bench:report -- bench/other.yaml
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM_PATH, launchChromium } from "../test/e2e/chromium.ts";

const root = new URL("..", import.meta.url).pathname;
const scenario = process.argv[2] ?? "bench/jobs-100k.yaml";
const out = mkdtempSync(join(tmpdir(), "batchsim-bench-report-"));
try {
  const run = spawnSync(
    process.execPath,
    [join(root, "bin", "batchsim.mjs"), "run", scenario, "--out", join(out, "run"), "--quiet"],
    { cwd: root, encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  const file = join(out, "run", "report.html");
  const mb = statSync(file).size / 1e6;
  console.log(`${scenario}: report.html ${mb.toFixed(1)} MB; Chromium ${CHROMIUM_PATH}`);
  const browser = await launchChromium();
  for (let i = 1; i <= 3; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const started = performance.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    await page.waitForSelector("canvas.gantt-canvas");
    await page.waitForFunction(() => document.querySelectorAll("section.row").length >= 9);
    const ms = performance.now() - started;
    console.log(`open ${i}: ${(ms / 1000).toFixed(2)} s to every section drawn`);
    await page.close();
  }
  await browser.close();
} finally {
  rmSync(out, { recursive: true, force: true });
}
