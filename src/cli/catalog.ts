/** `batchsim catalog [--family F] [--arch A]`: the built-in instance catalog as an aligned table. */
import type { InstanceType } from "../model/catalog.ts";
import { parseCommandArgs } from "./args.ts";
import { didYouMean } from "./did-you-mean.ts";
import { EXIT, usageError } from "./errors.ts";
import { writeStdout } from "./io.ts";
import { builtInCatalog } from "./scenario-file.ts";

const COLUMNS = [
  "instanceType",
  "vcpu",
  "memoryGiB",
  "gpu",
  "arch",
  "onDemandUsdPerHour",
  "spotUsdPerHour",
  "spotInterruptionBucket",
] as const;

const ARCHES = ["x86_64", "arm64"] as const;

/** Runs `batchsim catalog`; returns the exit code. */
export function catalogCommand(args: string[]): number {
  const { values, positionals } = parseCommandArgs("catalog", args, {
    family: { type: "string" },
    arch: { type: "string" },
    debug: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    writeStdout("usage: batchsim catalog [--family F] [--arch x86_64|arm64]\n");
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw usageError(`batchsim catalog: unexpected argument "${positionals[0]}"`);
  checkFilters(values.family, values.arch);
  const rows = builtInCatalog().filter((t) => matches(t, values.family, values.arch));
  writeStdout(formatCatalog(rows));
  return EXIT.ok;
}

function matches(t: InstanceType, family: string | undefined, arch: string | undefined): boolean {
  if (family !== undefined && t.family !== family) return false;
  return arch === undefined || t.arch === arch;
}

/** Checks --family and --arch against the catalog; unknown values are usage errors with a did-you-mean. */
function checkFilters(family: string | undefined, arch: string | undefined): void {
  const families = new Set(builtInCatalog().map((t) => t.family));
  if (family !== undefined && !families.has(family)) {
    throw usageError(
      `batchsim catalog: unknown family "${family}"${didYouMean(family, [...families].sort())}`,
    );
  }
  if (arch !== undefined && !(ARCHES as readonly string[]).includes(arch)) {
    throw usageError(
      `batchsim catalog: unknown arch "${arch}"${didYouMean(arch, ARCHES)}; use x86_64 or arm64`,
    );
  }
}

/** The rows as an aligned table: text left-aligned, numbers right-aligned; sorted by family then size. */
export function formatCatalog(rows: readonly InstanceType[]): string {
  const sorted = [...rows].sort(
    (a, b) =>
      cmp(a.family, b.family) ||
      a.vcpu - b.vcpu ||
      a.memoryGiB - b.memoryGiB ||
      cmp(a.instanceType, b.instanceType),
  );
  const cells = sorted.map((t) => COLUMNS.map((c) => (t[c] === null ? "-" : String(t[c]))));
  const widths = COLUMNS.map((c, i) =>
    Math.max(c.length, ...cells.map((row) => row[i]?.length ?? 0)),
  );
  const numeric = (i: number): boolean => i > 0 && i !== 4 && i !== 7;
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => (numeric(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return `${[line(COLUMNS), ...cells.map(line)].join("\n")}\n`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
