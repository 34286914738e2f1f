/**
 * Debian's Chromium for the browser tests (playwright-core drives it; npm's playwright browsers are
 * not used). Where it is missing the browser tests fail with install instructions when CI=true, and
 * are skipped with a loud warning otherwise, so `npm test` on a laptop without it runs the rest.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Where Debian installs it; BATCHSIM_CHROMIUM overrides. */
export const CHROMIUM_PATH = process.env.BATCHSIM_CHROMIUM ?? "/usr/bin/chromium";

export const INSTALL_HINT =
  "Chromium is needed for the browser tests. Install Debian's package:\n" +
  "  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium\n" +
  "(or point BATCHSIM_CHROMIUM at a Chromium binary).";

/** "run": Chromium is there; "fail": missing under CI=true; "skip": missing on a developer machine. */
export function browserTestMode(): "run" | "fail" | "skip" {
  if (existsSync(CHROMIUM_PATH)) return "run";
  return process.env.CI === "true" ? "fail" : "skip";
}

/** Prints the loud warning of a skipped browser test file. */
export function warnSkipped(what: string): void {
  const bar = "!".repeat(78);
  console.warn(
    `\n${bar}\n!! SKIPPED: ${what}: ${CHROMIUM_PATH} not found.\n${INSTALL_HINT}\n${bar}\n`,
  );
}

/** Launches headless Chromium (a fresh temporary profile) with the flags a closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
