#!/usr/bin/env node
// The `batchsim` command. It runs the prebuilt bundle dist/cli/main.mjs (`npm run build:cli`, which
// `npm ci` runs through `prepare`) when that is at least as new as every source file (bin/fresh.mjs),
// which saves tsx's start-up (~0.45 s per process and per worker thread) and the __name() calls its
// transform adds to every function. Otherwise it runs src/cli/main.ts through tsx, so edits to src/
// take effect at once. BATCHSIM_NO_BUNDLE=1 and --debug (stack traces with .ts lines) also choose tsx.
import { fileURLToPath } from "node:url";
import { bundleIsFresh } from "./fresh.mjs";

const root = new URL("../", import.meta.url);
const useBundle =
  !process.env.BATCHSIM_NO_BUNDLE &&
  !process.argv.includes("--debug") &&
  bundleIsFresh(fileURLToPath(root));
let main;
if (useBundle) {
  ({ main } = await import(new URL("dist/cli/main.mjs", root).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
