import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/** The layers of design.md, lowest first: a module may import only from its own layer or lower ones. */
const LAYERS = [
  "engine",
  "model",
  "scenario",
  "workload",
  "scheduler",
  "capacity",
  "sim",
  "report",
  "cli",
];
const SRC = new URL("../src/", import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [join(dir, e.name)]
        : [],
  );
}

const files = sources(SRC).map((path) => ({
  layer: relative(SRC, path).split("/")[0]!,
  name: relative(SRC, path),
  text: readFileSync(path, "utf8"),
}));

describe("the layering of src/", () => {
  it("has only the known layers", () => {
    for (const f of files) expect(LAYERS).toContain(f.layer);
  });

  it("never imports from a higher layer", () => {
    const bad: string[] = [];
    for (const f of files) {
      for (const m of f.text.matchAll(/from\s+"\.\.\/(?:\.\.\/)*([a-z-]+)\//g)) {
        const target = m[1]!;
        if (LAYERS.indexOf(target) > LAYERS.indexOf(f.layer))
          bad.push(`${f.name} imports ${target}/`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("keeps seedrandom in engine/rng.ts and the wall clock and Math.random out of the core", () => {
    const bad: string[] = [];
    for (const f of files) {
      if (f.text.includes('from "seedrandom"') && f.name !== "engine/rng.ts")
        bad.push(`${f.name}: seedrandom`);
      if (f.layer === "cli") continue;
      if (/Math\.random\(|Date\.now\(|new Date\(\)|performance\.now\(/.test(f.text))
        bad.push(`${f.name}: clock/random`);
      if (/from "node:(fs|child_process|process)"/.test(f.text)) bad.push(`${f.name}: node I/O`);
    }
    expect(bad).toEqual([]);
  });
});

describe("the web viewer", () => {
  const WEB = new URL("../web/src/", import.meta.url).pathname;
  const webFiles = (() => {
    try {
      return sources(WEB).map((path) => ({
        name: relative(WEB, path),
        text: readFileSync(path, "utf8"),
      }));
    } catch {
      return [];
    }
  })();

  it("exists", () => {
    expect(webFiles.length).toBeGreaterThan(0);
  });

  it("imports only types from src/ (it reads files, never runs the simulator)", () => {
    const bad: string[] = [];
    for (const f of webFiles) {
      for (const m of f.text.matchAll(
        /^import\s+(type\s+)?[^;]*?from\s+"((?:\.\.\/)+src\/[^"]+)"/gm,
      )) {
        if (!m[1]) bad.push(`${f.name} imports values from ${m[2]}`);
        else if (!m[2]!.includes("/src/report/")) bad.push(`${f.name} imports ${m[2]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
