/** Reading a scenario file and the built-in catalog, with the contract's error lines. */
import { createHash } from "node:crypto";
import type { InstanceType } from "../model/catalog.ts";
import { parseCatalogCsv } from "../model/catalog.ts";
import type { Scenario } from "../scenario/index.ts";
import { formatProblem, type LoadOptions, loadScenario } from "../scenario/index.ts";
import { describeSystemError, usageError } from "./errors.ts";
import { readFileBytes, readPackageFile } from "./io.ts";
import { readTrace } from "./trace-file.ts";
import { refuseOversizedWorkload } from "./workload-size.ts";

let builtIn: readonly InstanceType[] | undefined;

/** The built-in catalog rows (data/ec2-catalog.csv of the package), read once. */
export function builtInCatalog(): readonly InstanceType[] {
  builtIn ??= parseCatalogCsv(
    readPackageFile(new URL("../../data/ec2-catalog.csv", import.meta.url)),
  );
  return builtIn;
}

/** Reads a scenario file's bytes; an unreadable file is a usage error `file:1:1 error $: cannot read …`. */
export function readScenarioBytes(file: string): Buffer {
  try {
    return readFileBytes(file);
  } catch (error) {
    throw usageError(`${file}:1:1 error $: cannot read ${file}: ${describeSystemError(error)}`);
  }
}

/** A scenario that loaded, with its notices and the sha256 of its bytes. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly notices: readonly string[];
  readonly sha256: string;
}

/** Reads and loads a scenario; every problem becomes one stderr line of a usage error (exit 2). */
export function loadScenarioFile(file: string, options: LoadOptions = {}): LoadedScenario {
  return loadScenarioSource(readScenarioSource(file), options);
}

/** A scenario file's text, as read once (worker threads load it again from this, not from disk). */
export interface ScenarioSource {
  /** The file name, as given: only used in problem locations. */
  readonly file: string;
  readonly text: string;
  /** sha256 (hex) of the file's bytes. */
  readonly sha256: string;
}

/** Reads a scenario file; an unreadable file is a usage error (see readScenarioBytes). */
export function readScenarioSource(file: string): ScenarioSource {
  const bytes = readScenarioBytes(file);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return { file, text: bytes.toString("utf8"), sha256 };
}

/** Loads a scenario source with overrides; every problem becomes one stderr line of a usage error. */
export function loadScenarioSource(
  source: ScenarioSource,
  options: LoadOptions = {},
): LoadedScenario {
  const result = loadScenario(source.text, source.file, builtInCatalog(), options, { readTrace });
  if (!result.ok) {
    const lines = result.problems.map(formatProblem);
    // The problem lines are the whole report: no summary line that a tool would have to skip.
    throw usageError("", lines);
  }
  // Before anything simulates: a workload too large for memory is refused with its size (exit 2).
  refuseOversizedWorkload(source, result.scenario);
  return { scenario: result.scenario, notices: result.notices, sha256: source.sha256 };
}
