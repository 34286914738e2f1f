// Whether the CLI bundle (dist/cli/main.mjs, made by scripts/build-cli.mjs) may be used: it must be at
// least as new as every file it was built from, so someone editing src/ never runs a stale bundle.
// The stat walk of src/ (~180 files) costs about 2 ms.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * The files besides src/ that go into the bundle or decide how it is built (the dependencies are
 * bundled: package-lock.json changes with them).
 */
const INPUTS = ["package.json", "package-lock.json", "tsconfig.json", "scripts/build-cli.mjs"];

/**
 * Newest mtime (ms) of the files under `dir`, recursively; 0 for an empty folder. Folder mtimes are
 * left out: npm's tarballs give every file the same mtime but their folders the unpacking time.
 */
export function newestMtimeMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    const mtimeMs = entry.isDirectory() ? newestMtimeMs(file) : statSync(file).mtimeMs;
    if (mtimeMs > newest) newest = mtimeMs;
  }
  return newest;
}

/**
 * True when `root`/dist/cli/main.mjs exists and is not older than any file under `root`/src/ or any
 * of INPUTS (package.json: the version is bundled in). Equal times count as fresh: an npm tarball
 * gives every file the same mtime, and the build stamps its outputs with the time it started.
 */
export function bundleIsFresh(root) {
  const bundle = statSync(join(root, "dist/cli/main.mjs"), { throwIfNoEntry: false });
  if (bundle === undefined) return false;
  for (const input of INPUTS) {
    const stats = statSync(join(root, input), { throwIfNoEntry: false });
    if (stats !== undefined && stats.mtimeMs > bundle.mtimeMs) return false;
  }
  return newestMtimeMs(join(root, "src")) <= bundle.mtimeMs;
}
