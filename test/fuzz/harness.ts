/**
 * What the fuzzer checks (issue 10): a valid scenario runs to completion, twice, with byte-identical
 * run folders and the summary's invariants holding; an invalid one is refused with located lines
 * (exit 2), never a crash.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError } from "../../src/cli/errors.ts";
import { writeRunFolder } from "../../src/cli/run-folder.ts";
import { loadScenarioSource } from "../../src/cli/scenario-file.ts";
import { BATCHSIM_VERSION } from "../../src/cli/version.ts";
import { splitTemplate } from "../../src/cli/viewer-page.ts";
import { VIEWER_PLACEHOLDER } from "../../src/report/index.ts";
import { settingsAsAssumptions } from "../../src/scenario/index.ts";

/** Every problem line of an invalid scenario: `file:line:col error …`. */
export const LOCATED = /^[^:]+:\d+:\d+ error /;

/** A small viewer page: report.html is written (and compared) without the built viewer. */
const TEMPLATE = splitTemplate(`<html><body>${VIEWER_PLACEHOLDER}</body></html>`) as NonNullable<
  ReturnType<typeof splitTemplate>
>;

/** How loading a scenario's bytes in-process ended. */
export type LoadOutcome =
  | { readonly kind: "valid" }
  | { readonly kind: "invalid"; readonly lines: readonly string[] }
  | { readonly kind: "crash"; readonly error: unknown };

/** Loads `bytes` as the CLI does (loadScenarioSource); never throws. */
export function loadOutcome(bytes: Buffer, file = "fuzz.yaml"): LoadOutcome {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  try {
    loadScenarioSource({ file, text: bytes.toString("utf8"), sha256 });
    return { kind: "valid" };
  } catch (error) {
    if (error instanceof CliError && error.exitCode === 2) {
      const lines = [...error.lines, ...(error.message === "" ? [] : [error.message])];
      return { kind: "invalid", lines };
    }
    return { kind: "crash", error };
  }
}

/** The problems with an invalid scenario's lines (empty when they are all located and plain). */
export function badErrorLines(lines: readonly string[]): string[] {
  if (lines.length === 0) return ["no error line at all"];
  return lines.filter(
    (line) => !LOCATED.test(line) || /internal error|\n\s+at /.test(line) || line.includes("\n"),
  );
}

/** A run folder's files, name → sha256. */
function folderDigest(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(folder).sort()) {
    out[name] = createHash("sha256")
      .update(readFileSync(join(folder, name)))
      .digest("hex");
  }
  return out;
}

interface SummaryShape {
  simulatedSeconds: number;
  makespanSeconds: number;
  jobs: {
    submitted: number;
    succeeded: number;
    failed: number;
    unfinished: number;
    attempts: number;
    arrayParents: number;
    byStatus: Record<string, number>;
  };
  cost: { totalUsd: number; idleUsd: number; wastedUsd: number };
  utilization: { allocatedVcpuSeconds: number; provisionedVcpuSeconds: number };
}

/** The summary's invariants; a list of what is broken. */
export function summaryProblems(
  summary: SummaryShape,
  untilSeconds: number | null,
  jobsCsvRows: number,
): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  const j = summary.jobs;
  check(j.succeeded + j.failed + j.unfinished === j.submitted, "succeeded+failed+unfinished");
  const byStatus = Object.values(j.byStatus).reduce((a, b) => a + b, 0);
  check(byStatus === j.submitted, `byStatus sums to ${byStatus}, submitted ${j.submitted}`);
  check(j.attempts >= 0 && Number.isInteger(j.attempts), "attempts");
  check(
    jobsCsvRows === j.submitted + j.arrayParents,
    `jobs.csv has ${jobsCsvRows} rows, submitted ${j.submitted} + ${j.arrayParents} array parents`,
  );
  for (const [k, v] of Object.entries(summary.cost)) {
    // savingsVsOnDemandUsd may be negative: a Spot price above On-Demand is billed until the reclaim
    if (k === "savingsVsOnDemandUsd") continue;
    if (typeof v === "number") check(Number.isFinite(v) && v >= -1e-9, `cost.${k} = ${v}`);
  }
  const u = summary.utilization;
  check(
    u.allocatedVcpuSeconds <= u.provisionedVcpuSeconds * (1 + 1e-9) + 1e-6,
    `allocated ${u.allocatedVcpuSeconds} > provisioned ${u.provisionedVcpuSeconds}`,
  );
  check(
    Number.isFinite(summary.simulatedSeconds) && summary.simulatedSeconds >= 0,
    "simulatedSeconds",
  );
  if (untilSeconds !== null) {
    check(
      summary.simulatedSeconds === untilSeconds,
      `simulatedSeconds ${summary.simulatedSeconds} ≠ until ${untilSeconds}`,
    );
  }
  check(
    summary.makespanSeconds >= 0 && summary.makespanSeconds <= summary.simulatedSeconds + 1e-6,
    `makespan ${summary.makespanSeconds}`,
  );
  return problems;
}

/**
 * Runs a valid scenario twice into two temporary folders (in-process, as the run worker does);
 * returns what went wrong: not valid, a throw, a broken invariant, or folders that differ.
 */
export function runTwice(text: string): string[] {
  const bytes = Buffer.from(text, "utf8");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const source = { file: "fuzz.yaml", text, sha256 };
  let loaded: ReturnType<typeof loadScenarioSource>;
  try {
    loaded = loadScenarioSource(source);
  } catch (error) {
    const lines = error instanceof CliError ? error.lines.join("\n") : String(error);
    return [`a generated scenario does not validate:\n${lines}`];
  }
  const scenario = loaded.scenario;
  const meta = {
    scenarioSha256: sha256,
    batchsimVersion: BATCHSIM_VERSION,
    assumptions: settingsAsAssumptions(scenario.settings),
    outputs: { events: "full" },
  };
  const digests: Record<string, string>[] = [];
  const problems: string[] = [];
  for (let round = 0; round < 2; round++) {
    const folder = mkdtempSync(join(tmpdir(), "batchsim-fuzz-"));
    try {
      const { summary } = writeRunFolder(
        { scenario, meta, eventsMode: "full", folder, viewer: TEMPLATE, part: "all" },
        () => {},
      );
      if (round === 0) {
        const rows =
          readFileSync(join(folder, "jobs.csv"), "utf8").trimEnd().split("\n").length - 1;
        problems.push(
          ...summaryProblems(summary as unknown as SummaryShape, scenario.untilSeconds, rows),
        );
      }
      digests.push(folderDigest(folder));
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return [`run ${round + 1} threw: ${e.stack ?? e.message}`];
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  const [a, b] = digests;
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    const differ = Object.keys({ ...a, ...b }).filter((k) => a?.[k] !== b?.[k]);
    problems.push(`two runs differ in ${differ.join(", ")}`);
  }
  return problems;
}

/**
 * The fuzz oracle on a file's bytes: an invalid scenario gives only located error lines; a valid one
 * runs twice to identical folders with its invariants holding. Returns what went wrong.
 */
export function oracle(bytes: Buffer): string[] {
  const outcome = loadOutcome(bytes);
  if (outcome.kind === "crash") {
    const e = outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
    return [`loading crashed: ${e.stack ?? e.message}`];
  }
  if (outcome.kind === "invalid") {
    return badErrorLines(outcome.lines).map((line) => `not a located error line: ${line}`);
  }
  return runTwice(bytes.toString("utf8"));
}

/** `npm run fuzz` sets FUZZ_RUNS: a long run, with a random seed unless FUZZ_SEED names one. */
export const LONG_FUZZ = process.env.FUZZ_RUNS !== undefined;

/** The seed of a fuzz property: FUZZ_SEED, else random in a long run, else `fixed` (npm test). */
export function fuzzSeed(fixed: number): number {
  if (process.env.FUZZ_SEED !== undefined) return Number(process.env.FUZZ_SEED);
  return LONG_FUZZ ? Math.floor(Math.random() * 2 ** 31) : fixed;
}
