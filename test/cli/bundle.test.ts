/**
 * The CLI bundle (dist/cli/, scripts/build-cli.mjs): bin/batchsim.mjs uses it only while it is fresh,
 * and it writes the same bytes as the sources run through tsx.
 */
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundleIsFresh } from "../../bin/fresh.mjs";
import { batchsimWithEnv, cleanUp, ENV, tempFolder } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const QUICKSTART = join(ROOT, "scenarios", "quickstart.yaml");

let dir = "";
beforeEach(() => {
  dir = tempFolder();
});
afterEach(() => cleanUp(dir));

/** Writes `file` under the temporary folder with the mtime `seconds` (since the epoch). */
function touch(file: string, seconds: number): void {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, "");
  utimesSync(path, seconds, seconds);
}

/** Every file under `folder`, by relative path. */
function readTree(folder: string): Record<string, string> {
  const files = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) =>
    e.isFile(),
  );
  return Object.fromEntries(
    files.map((e) => {
      const path = join(e.parentPath, e.name);
      return [path.slice(folder.length + 1), readFileSync(path, "utf8")];
    }),
  );
}

describe("bundleIsFresh", () => {
  it("is false when there is no bundle", () => {
    touch("src/cli/main.ts", 1000);
    expect(bundleIsFresh(dir)).toBe(false);
  });

  it("is true when the bundle is at least as new as every source, nested ones included", () => {
    touch("src/cli/main.ts", 1000);
    touch("src/sim/deep/world.ts", 1500);
    touch("package.json", 1000);
    touch("dist/cli/main.mjs", 1500);
    expect(bundleIsFresh(dir)).toBe(true);
  });

  it("is false when a nested source or package.json is newer than the bundle", () => {
    touch("src/cli/main.ts", 1000);
    touch("package.json", 1000);
    touch("dist/cli/main.mjs", 2000);
    touch("src/sim/deep/world.ts", 2001);
    expect(bundleIsFresh(dir)).toBe(false);
    touch("src/sim/deep/world.ts", 1000);
    expect(bundleIsFresh(dir)).toBe(true);
    touch("package.json", 2001);
    expect(bundleIsFresh(dir)).toBe(false);
  });

  it("is false when package-lock.json is newer (the dependencies are bundled)", () => {
    touch("src/cli/main.ts", 1000);
    touch("dist/cli/main.mjs", 2000);
    touch("package-lock.json", 2000);
    expect(bundleIsFresh(dir)).toBe(true);
    touch("package-lock.json", 2001);
    expect(bundleIsFresh(dir)).toBe(false);
  });
});

// Only with a bundle built from these very sources (npm ci builds it; `npm run build:cli` rebuilds).
describe.skipIf(!bundleIsFresh(ROOT))("the bundle and tsx", () => {
  const TSX = { ...ENV, BATCHSIM_NO_BUNDLE: "1" };
  const BUNDLE = { ...ENV, BATCHSIM_NO_BUNDLE: "" };

  it.each([
    ["a run (the run worker)", []],
    ["replications (the replication workers)", ["--replications", "2", "--workers", "2"]],
  ])("write byte-identical folders for %s", (_, extra) => {
    for (const [env, out] of [
      [TSX, "tsx"],
      [BUNDLE, "bundle"],
    ] as const) {
      const r = batchsimWithEnv(dir, env, "run", QUICKSTART, "--out", out, "--quiet", ...extra);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    }
    const bundle = readTree(join(dir, "bundle"));
    expect(Object.keys(bundle).length).toBeGreaterThanOrEqual(8);
    expect(bundle).toEqual(readTree(join(dir, "tsx")));
  });
});
