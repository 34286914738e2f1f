import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { availableCores, compileInWorkers } from "../../src/cli/workers.ts";

const POOL = fileURLToPath(new URL("./fixtures/compile-pool.ts", import.meta.url));
/** Only the fixture's function is optimized, so that the trace holds little else. */
const TURBO_FILTER = "--turbo-filter=hotForCompileTest";

/** How V8 compiled the fixture's hot function in a pool of `workers` (one mode per compile). */
function compileModes(workers: number): string[] {
  const r = spawnSync(
    process.execPath,
    ["--trace-opt", TURBO_FILTER, "--import", "tsx", POOL, String(workers)],
    {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  // Every thread prints its traces into one stdout, where a record may be cut by another's: only a
  // whole "compiling method" record of the fixture's function counts.
  const record =
    /\[compiling method 0x[0-9a-f]+ <JSFunction hotForCompileTest \(sfi = 0x[0-9a-f]+\)> \(target TURBOFAN\)( OSR)?, mode: ConcurrencyMode::k(\w+)/g;
  return [...r.stdout.matchAll(record)].map((m) => m[2] ?? "?");
}

describe("workers that keep every core busy compile their own optimized code", () => {
  it("does so from one worker per core on, not below", () => {
    expect(compileInWorkers(2, 2)).toBe(true);
    expect(compileInWorkers(3, 2)).toBe(true);
    expect(compileInWorkers(1, 1)).toBe(true);
    expect(compileInWorkers(1, 2)).toBe(false);
    expect(compileInWorkers(2, 4)).toBe(false);
  });

  it("a pool of one worker per core compiles in the workers", () => {
    const modes = compileModes(availableCores());
    expect(modes.length).toBeGreaterThan(0);
    expect(new Set(modes)).toEqual(new Set(["Synchronous"]));
  });

  it.skipIf(availableCores() < 2)(
    "a pool that leaves a core free keeps V8's background compiles",
    () => {
      const modes = compileModes(1);
      expect(modes.length).toBeGreaterThan(0);
      expect(new Set(modes)).toEqual(new Set(["Concurrent"]));
    },
  );
});
