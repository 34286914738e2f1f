/**
 * Builds the CLI bundle (`npm run build:cli`, run by npm's `prepare`, so `npm ci` builds it):
 * dist/cli/main.mjs and the two worker entries beside it, so `batchsim` starts without tsx compiling
 * ~200 TypeScript modules in every process and worker thread. bin/batchsim.mjs uses the bundle only
 * while it is newer than every file under src/ (bin/fresh.mjs), else it runs the sources through tsx.
 *
 * The output folder must stay two levels below the project root: the sources find
 * `../../data/ec2-catalog.csv` and `../../web/dist/index.html` from `import.meta.url`, and start their
 * workers as `./run-worker.mjs` / `./replicate-worker.mjs` beside themselves.
 */
import { utimesSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../", import.meta.url));
const outdir = `${root}dist/cli`;
const entries = ["main", "run-worker", "replicate-worker"];

// Taken before esbuild reads any source: the outputs get this time as their mtime, so a source saved
// while the build runs counts as newer than the bundle and the bundle is not used.
const started = new Date();
const result = await build({
  absWorkingDir: root,
  entryPoints: entries.map((name) => ({ in: `src/cli/${name}.ts`, out: name })),
  outdir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Dependencies are bundled too: resolving and compiling them file by file from node_modules took
  // ~60 ms of every process's start (zod alone ~40 ms, seedrandom ~30 ms) and again in every worker.
  // Their CommonJS code (yaml, seedrandom) may require() Node's built-ins: an ES module has no
  // `require`, so the banner makes one.
  banner: {
    js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
  },
  minify: false,
  keepNames: false, // tsx's keepNames adds a __name() call per function: ~5 % of a simulation
  sourcemap: "linked", // for `node --enable-source-maps`; no cost unless that flag is given
  legalComments: "none",
  logLevel: "warning",
});
if (result.errors.length > 0) process.exit(1);
for (const name of entries) utimesSync(`${outdir}/${name}.mjs`, started, started);
