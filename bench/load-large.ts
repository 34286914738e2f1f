/**
 * Issue 10: how long a large scenario file takes to load (read, parse, validate, normalise) —
 * in-process, no simulation. Prints the time for files of about 1, 5 and 10 MB of explicit jobs,
 * read in pieces (js-yaml, yaml-chunks.ts), valid and with problems (placed by the line walk of
 * yaml-locate.ts), with anchors and aliases, and through yaml's full read (what a file the pieces
 * cannot take costs). Results are recorded by hand in bench/BENCHMARKS.md.
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

/** A valid scenario of about `bytes` bytes: explicit jobs, one line each. */
function longScenario(bytes: number): string {
  const lines: string[] = [HEAD];
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

/** The same file with `n` jobs spread through it using job 0's `sim` block by an alias (an anchor there). */
function withAliases(text: string, n: number): string {
  const lines = text.split("\n");
  const first = lines.findIndex((l) => l.startsWith("      - {at:"));
  const jobs = lines.length - first - 1;
  lines[first] = (lines[first] as string).replace(/}}$/, "}, sim: &fast {runtime: 1m}}");
  for (let k = 1; k <= n; k++) {
    const i = first + Math.floor((k * jobs) / (n + 1));
    lines[i] = (lines[i] as string).replace(/}}$/, "}, sim: *fast}");
  }
  return lines.join("\n");
}

/** The same file with every job after the first depending on the one before (the text grows ~25 %). */
function withChain(text: string): string {
  return text.replace(/jobName: j(\d+), jobQueue: q, jobDefinition: d}/g, (all, i: string) =>
    i === "0"
      ? all
      : `jobName: j${i}, jobQueue: q, jobDefinition: d, dependsOn: [{jobName: j${Number(i) - 1}}]}`,
  );
}

/** Each kind of file: how it is made from the valid one. */
const KINDS: Record<string, (base: string) => string> = {
  valid: (t) => t,
  "full read (exactYaml)": (t) => t,
  "1 problem": (t) => withProblems(t, 1),
  "30 bad jobs": (t) => withProblems(t, 30),
  "syntax error": (t) => withSyntaxErrors(t, 1),
  "5 syntax errors": (t) => withSyntaxErrors(t, 5),
  "1 duplicate key": (t) => withDuplicates(t, 1),
  "3 duplicate keys": (t) => withDuplicates(t, 3),
  "an unknown key": (t) => withJobEdited(t, (l) => l.replace("{at:", "{priority: 1, at:")),
  "a tab as indentation": (t) => withJobEdited(t, (l) => `\t${l.slice(1)}`),
  "a tab in a string": (t) => withJobEdited(t, (l) => l.replace("{at:", '{note: "a\tb", at:')),
  "an anchor in the job definitions": (t) => longAnchored(t),
  "100 aliases in the jobs": (t) => withAliases(t, 100),
  "500 aliases in the jobs": (t) => withAliases(t, 500),
  "1,001 aliases in the jobs (refused)": (t) => withAliases(t, 1001),
  "every job depends on the one before": (t) => withChain(t),
};

/** The file with an anchor in the skeleton (the scenario's name) and no alias. */
const longAnchored = (t: string) => t.replace("name: long", "name: &n long");

console.log("size MB | read | load ms | ok | problems");
for (const mb of [1, 5, 10]) {
  for (const [kind, make] of Object.entries(KINDS)) {
    const exact = kind.startsWith("full read");
    // The full read of 10 MB takes ~10 s: one small sample is enough.
    if (exact && mb > 1) continue;
    // A kind that lengthens every job (a dependency) starts from fewer jobs: the file stays `mb` MB.
    const target = mb * 1e6;
    const first = make(longScenario(target));
    const text =
      first.length > target * 1.05 ? make(longScenario((target * target) / first.length)) : first;
    const options = exact ? { exactYaml: true } : {};
    loadScenario(text, "long.yaml", catalog, options); // warm-up (schemas compiled once)
    const t0 = performance.now();
    const r = loadScenario(text, "long.yaml", catalog, options);
    const ms = performance.now() - t0;
    const read = exact ? "full (yaml)" : `in pieces, ${kind}`;
    console.log(
      `${(text.length / 1e6).toFixed(1)} | ${read} | ${ms.toFixed(0)} | ${r.ok} | ${r.ok ? 0 : r.problems.length}`,
    );
  }
}
