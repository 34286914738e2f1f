import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { availableCores, compileInWorkers } from "../../src/cli/workers.ts";

const POOL = fileURLToPath(new URL("./fixtures/compile-pool.ts", import.meta.url));

/** How V8 compiled the fixture's hot function in a pool of `workers` (one mode per compile). */
function compileModes(workers: number): string[] {
  const r = spawnSync(process.execPath, ["--trace-opt", "--import", "tsx", POOL, String(workers)], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .split("\n")
    .filter((line) => line.includes("compiling method") && line.includes("hotForCompileTest"))
    .map((line) => /ConcurrencyMode::k(\w+)/.exec(line)?.[1] ?? "?");
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
