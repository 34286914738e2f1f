import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { batchsim, cleanUp, SMALL_SCENARIO, tempFolder, writeScenario } from "./helpers.ts";

let dir = "";
beforeEach(() => {
  dir = tempFolder();
});
afterEach(() => cleanUp(dir));

describe("batchsim run: input and usage errors", () => {
  it("exits 2 with file:line:col lines on an invalid scenario and writes no run folder", () => {
    const file = writeScenario(
      dir,
      "bad.yaml",
      SMALL_SCENARIO.replace("maxvCpus: 16", "maxvCpus: -4"),
    );
    const r = batchsim(dir, "run", file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^bad\.yaml:\d+:\d+ error computeEnvironments\[0\]\.computeResources\.maxvCpus: /m,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, "runs"))).toBe(false);
  });

  it("exits 2 on a missing file, pointing at line 1 column 1", () => {
    const r = batchsim(dir, "run", "nothere.yaml");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "nothere.yaml:1:1 error $: cannot read nothere.yaml: no such file or directory\n",
    );
  });

  it("exits 2 when the scenario is a directory", () => {
    mkdirSync(join(dir, "folder.yaml"));
    const r = batchsim(dir, "run", "folder.yaml");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("folder.yaml:1:1 error $: cannot read folder.yaml: is a directory\n");
  });

  it("exits 2 on an unknown flag, suggesting the one meant", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    const r = batchsim(dir, "run", file, "--forse");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("batchsim run: unknown option --forse (did you mean --force?)\n");
  });

  it("exits 2 on an unknown command, suggesting the one meant", () => {
    const r = batchsim(dir, "rnu");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'batchsim: unknown command "rnu" (did you mean "run"?); see batchsim --help\n',
    );
  });

  it("exits 2 on an unknown --events mode", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    const r = batchsim(dir, "run", file, "--events", "verbose");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--events must be one of full, compact, none, auto/);
  });

  it("exits 2 when the output folder exists and --force is not given, keeping the folder", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    mkdirSync(join(dir, "out"));
    writeFileSync(join(dir, "out", "keep.txt"), "mine");
    const r = batchsim(dir, "run", file, "--out", "out");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("batchsim: output folder exists (use --force): out\n");
    expect(readdirSync(join(dir, "out"))).toEqual(["keep.txt"]);
  });

  it("exits 1 with a plain message when the run folder cannot be written", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    writeFileSync(join(dir, "blocker"), "a file, not a folder");
    const r = batchsim(dir, "run", file, "--out", "blocker/run");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("batchsim: cannot write blocker/run: not a directory\n");
  });
});

describe("batchsim validate, schema, catalog, --version", () => {
  it("validate prints file: ok and exits 0 for a valid scenario", () => {
    const file = writeScenario(dir, "s.yaml", SMALL_SCENARIO);
    const r = batchsim(dir, "validate", file);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("s.yaml: ok\n");
  });

  it("validate reports every problem of every file and exits 2", () => {
    const good = writeScenario(dir, "good.yaml", SMALL_SCENARIO);
    const bad = writeScenario(
      dir,
      "bad.yaml",
      SMALL_SCENARIO.replace("priority: 1", "priority: one"),
    );
    const r = batchsim(dir, "validate", good, bad, "missing.yaml");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("good.yaml: ok\n");
    expect(r.stderr).toMatch(/^bad\.yaml:\d+:\d+ error jobQueues\[0\]\.priority: /m);
    expect(r.stderr).toMatch(
      /^missing\.yaml:1:1 error \$: cannot read missing\.yaml: no such file or directory$/m,
    );
  });

  it("validate lists fields accepted with no effect as notes on stderr", () => {
    const text = SMALL_SCENARIO.replace(
      "    containerProperties:\n",
      "    containerProperties:\n      image: busybox\n",
    );
    const r = batchsim(dir, "validate", writeScenario(dir, "s.yaml", text));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^s\.yaml: note: .*image/m);
  });

  it("schema prints a draft-07 JSON Schema", () => {
    const r = batchsim(dir, "schema");
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout) as { $schema?: string };
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
  });

  it("catalog --family c6i lists c6i.large and no other family", () => {
    const r = batchsim(dir, "catalog", "--family", "c6i");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^instanceType\s+vcpu\s+memoryGiB\s+gpu\s+arch\s+onDemandUsdPerHour\s+spotUsdPerHour\s+spotInterruptionBucket$/,
    );
    expect(lines[1]).toMatch(/^c6i\.large\s+2\s+4\s+0\s+x86_64\s/);
    expect(lines.slice(1).every((l) => l.startsWith("c6i."))).toBe(true);
  });

  it("catalog exits 2 on an unknown family with a suggestion", () => {
    const r = batchsim(dir, "catalog", "--family", "c6ii");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('batchsim catalog: unknown family "c6ii" (did you mean "c6i"?)\n');
  });

  it("--version prints the package version", () => {
    const r = batchsim(dir, "--version");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
