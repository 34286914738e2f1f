/**
 * Issue 10: how long a large scenario file takes to load (read, parse, validate, normalise) —
 * in-process, no simulation. Prints the time for files of about 1, 5 and 10 MB of explicit jobs,
 * through the fast first read (js-yaml), valid and with problems (placed by the line walk of
 * yaml-locate.ts), and through yaml's full read (what a file the fast read declines costs). Results are recorded by hand in bench/BENCHMARKS.md.
 *
 *   npx tsx bench/load-large.ts
 */
import { parseCatalogCsv } from "../src/model/catalog.ts";
import { loadScenario } from "../src/scenario/index.ts";

const root = new URL("..", import.meta.url);
const { readFileSync } = await import("node:fs");
const catalog = parseCatalogCsv(readFileSync(new URL("data/ec2-catalog.csv", root), "utf8"));

const HEAD = `name: long
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: {type: EC2, maxvCpus: 64, instanceTypes: [c6i]}
jobQueues:
  - {jobQueueName: q, priority: 1, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}
jobDefinitions:
  - jobDefinitionName: d
    type: container
    containerProperties: {resourceRequirements: [{type: VCPU, value: "1"}, {type: MEMORY, value: "2048"}]}
    sim: {runtime: 10m}
workload:
  - name: etl
    jobs:
`;

/** A valid scenario of about `bytes` bytes: explicit jobs, one line each; `anchor` makes the fast read decline. */
function longScenario(bytes: number, anchor: boolean): string {
  const lines: string[] = [anchor ? `${HEAD.replace("name: long", "name: &n long")}` : HEAD];
  let size = HEAD.length;
  for (let i = 0; size < bytes; i++) {
    const line = `      - {at: ${i}, submit: {jobName: j${i}, jobQueue: q, jobDefinition: d}}\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join("");
}

/** The same file with `bad` jobs broken (a negative `at:` and a misspelt queue), spread through it. */
function withProblems(text: string, bad: number): string {
  const lines = text.split("\n");
  const first = lines.findIndex((l) => l.startsWith("      - {at:"));
  const n = lines.length - first - 1;
  for (let k = 0; k < bad; k++) {
    const i = first + Math.floor(((k + 0.5) * n) / bad);
    lines[i] = (lines[i] as string)
      .replace(/at: \d+/, "at: -1")
      .replace("jobQueue: q", "jobQueue: qq");
  }
  return lines.join("\n");
}

/**
 * The same file with `needle` replaced by `by` at `n` places spread through it (from half-way for
 * one): `n` jobs' lines missing a comma, or given a duplicate key.
 */
function editedAt(text: string, n: number, needle: string, by: string): string {
  let out = text;
  for (let k = 0; k < n; k++) {
    const from = n === 1 ? out.length >> 1 : Math.floor(((k + 0.5) * out.length) / n);
    const at = out.indexOf(needle, from);
    out = `${out.slice(0, at)}${by}${out.slice(at + needle.length)}`;
  }
  return out;
}
const withSyntaxErrors = (text: string, n: number) => editedAt(text, n, ", submit", " submit");
const withDuplicates = (text: string, n: number) => editedAt(text, n, "{at: ", "{at: 1, at: ");

/** The same file with one job's line (from half-way) changed by `edit`. */
function withJobEdited(text: string, edit: (line: string) => string): string {
  const start = text.indexOf("\n      - {at:", text.length >> 1) + 1;
  const end = text.indexOf("\n", start);
  return `${text.slice(0, start)}${edit(text.slice(start, end))}${text.slice(end)}`;
}

console.log("size MB | read | load ms | ok | problems");
for (const mb of [1, 5, 10]) {
  for (const kind of [
    "valid",
    "anchor",
    "1 problem",
    "30 bad jobs",
    "syntax error",
    "5 syntax errors",
    "1 duplicate key",
    "3 duplicate keys",
    "an unknown key",
    "a tab as indentation",
    "a tab in a string",
  ] as const) {
    // The full read of 10 MB takes ~10 s: one small sample is enough.
    if (kind === "anchor" && mb > 1) continue;
    const base = longScenario(mb * 1e6, kind === "anchor");
    const text =
      kind === "1 problem"
        ? withProblems(base, 1)
        : kind === "30 bad jobs"
          ? withProblems(base, 30)
          : kind === "syntax error"
            ? withSyntaxErrors(base, 1)
            : kind === "5 syntax errors"
              ? withSyntaxErrors(base, 5)
              : kind === "1 duplicate key"
                ? withDuplicates(base, 1)
                : kind === "3 duplicate keys"
                  ? withDuplicates(base, 3)
                  : kind === "an unknown key"
                    ? withJobEdited(base, (l) => l.replace("{at:", "{priority: 1, at:"))
                    : kind === "a tab as indentation"
                      ? withJobEdited(base, (l) => `\t${l.slice(1)}`)
                      : kind === "a tab in a string"
                        ? withJobEdited(base, (l) => l.replace("{at:", '{note: "a\tb", at:'))
                        : base;
    loadScenario(text, "long.yaml", catalog); // warm-up (schemas compiled once)
    const t0 = performance.now();
    const r = loadScenario(text, "long.yaml", catalog);
    const ms = performance.now() - t0;
    const read = kind === "anchor" ? "full (yaml)" : `fast (js-yaml), ${kind}`;
    console.log(
      `${(text.length / 1e6).toFixed(1)} | ${read} | ${ms.toFixed(0)} | ${r.ok} | ${r.ok ? 0 : r.problems.length}`,
    );
  }
}
