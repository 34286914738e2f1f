/**
 * Positions in large files without yaml's full read (src/scenario/yaml-locate.ts) must be exactly
 * yaml's: compared on every path (and absent ones) of every example scenario and of generated
 * scenarios of every feature, walking by lines at every level (`small` 0) and as in use; declining
 * (undefined) is allowed, answering differently is not.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineCounter, parseDocument } from "yaml";
import { loadScenario } from "../../src/scenario/index.ts";
import type { DocPath, RawProblem } from "../../src/scenario/problem.ts";
import { readLarge } from "../../src/scenario/yaml-chunks.ts";
import { namesAnchors } from "../../src/scenario/yaml-fast.ts";
import { FastLocator } from "../../src/scenario/yaml-locate.ts";
import { PieceNotes } from "../../src/scenario/yaml-piece-notes.ts";
import { locate, readYaml } from "../../src/scenario/yaml-source.ts";
import { tiedItems } from "../../src/scenario/yaml-tied.ts";
import { validScenario } from "../fuzz/arbitraries.ts";
import { CATALOG } from "./helpers.ts";

const SCENARIOS = fileURLToPath(new URL("../../scenarios/", import.meta.url));

/** Every path of a value, and for each collection one absent key and one index past its end. */
function paths(value: unknown, path: DocPath = [], out: DocPath[] = []): DocPath[] {
  out.push(path);
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      paths(v, [...path, i], out);
    });
    out.push([...path, value.length + 3], [...path, "nosuchkey"]);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) paths(v, [...path, k], out);
    out.push([...path, "nosuchkey"], [...path, "nosuchkey", 2]);
  }
  return out;
}

/** Compares the line walk with yaml's full read on every path of `text`; counts answers and declines. */
function compare(text: string, small: number): { answered: number; declined: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: "core", uniqueKeys: false, lineCounter });
  expect(doc.errors).toEqual([]);
  const src = { doc, lineCounter };
  const fast = new FastLocator(text, small);
  let answered = 0;
  let declined = 0;
  for (const p of paths(doc.toJS())) {
    for (const anchor of ["value", "key"] as const) {
      const got = fast.locate(p, anchor);
      if (got === undefined) declined++;
      else {
        answered++;
        expect(got, `${JSON.stringify(p)} ${anchor}`).toEqual(locate(src, p, anchor));
      }
    }
  }
  return { answered, declined };
}

const examples = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => readFileSync(join(SCENARIOS, f), "utf8"));

describe("positions in large files by the line walk", () => {
  it("are yaml's on every path of every example scenario, walked by lines at every level", () => {
    let answered = 0;
    let declined = 0;
    for (const text of examples) {
      const r = compare(text, 0);
      answered += r.answered;
      declined += r.declined;
    }
    expect(answered).toBeGreaterThan(10 * declined);
  });

  it("are yaml's on every example scenario as in use (small entries read by yaml)", () => {
    for (const text of examples) expect(compare(text, 8 * 1024).declined).toBe(0);
  });

  it("are yaml's on generated scenarios of every feature", () => {
    let answered = 0;
    fc.assert(
      fc.property(validScenario, (text) => {
        answered += compare(text, 0).answered;
      }),
      { numRuns: 60, seed: 20261128 },
    );
    expect(answered).toBeGreaterThan(1000);
  });

  it("are yaml's on hand-made layouts: comments, blank lines, CRLF, sequences at their key's indentation", () => {
    const texts = [
      "a:\n- x: 1\n  y: [1, 2]\n# c\n\n- x: 2\nb:\n  c:\n    - - 1\n      - 2\n    -\n      d: 3\n",
      "a:\r\n  b: 1\r\n  c:\r\n  - 1\r\n  - {e: 2}\r\n",
      "# head\n\nk: |\n  text: not a key\n  - not an item\nl: >-\n  folded\nm: 'q: x'\nn: \"a\n  b\"\n",
      "top:\n  - name: a   # note\n    v: 1\n  -   name: b\n      v: 2\n  - - p\n    - q\n",
    ];
    for (const t of texts) {
      const r = compare(t, 0);
      expect(r.answered).toBeGreaterThan(0);
    }
  });
});

describe("a large file with a problem", () => {
  it("is located without yaml's full read, at the line yaml gives", () => {
    const head = readFileSync(join(SCENARIOS, "quickstart.yaml"), "utf8");
    expect(head.trimEnd().split("\n").at(-1)).toMatch(/^ {4}\S/); // its last stream goes on
    const jobs = Array.from(
      { length: 12_000 },
      (_, i) =>
        `      - {at: ${i === 9_000 ? -1 : i}, submit: {jobName: j${i}, jobQueue: ${i === 11_000 ? "mian" : "main"}, jobDefinition: worker}}\n`,
    ).join("");
    const text = `${head}  - name: many\n    jobs:\n${jobs}`;
    expect(text.length).toBeGreaterThan(256 * 1024); // the fast read's size
    const r = loadScenario(text, "big.yaml", CATALOG);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    /** Line and column of `needle` in job i's line. */
    const posIn = (i: number, needle: string) => {
      const start = text.lastIndexOf("\n", text.indexOf(` j${i},`)) + 1;
      return {
        line: text.slice(0, start).split("\n").length,
        col: text.indexOf(needle, start) - start + 1,
      };
    };
    const at = r.problems.find((p) => p.path.endsWith(".jobs[9000].at"));
    expect(at && { line: at.line, col: at.col }).toEqual(posIn(9000, "-1,"));
    const queue = r.problems.find((p) => p.path.endsWith(".jobs[11000].submit.jobQueue"));
    expect(queue && { line: queue.line, col: queue.col }).toEqual(posIn(11000, "mian"));
    expect(r.problems).toHaveLength(2);
  });
});

describe("a large file with a syntax error", () => {
  const head = readFileSync(join(SCENARIOS, "quickstart.yaml"), "utf8");
  const job = (i: number) =>
    `      - {at: ${i}, submit: {jobName: j${i}, jobQueue: main, jobDefinition: worker}}\n`;
  /** 5,000 jobs (past the fast read's size) with job 3000's line broken by `f`. */
  const broken = (f: (line: string) => string) =>
    `${head}  - name: many\n    jobs:\n${Array.from({ length: 5000 }, (_, i) => (i === 3000 ? f(job(i)) : job(i))).join("")}`;
  /** The same text through yaml's full read. */
  const fullRead = (text: string) => loadScenario(text, "big.yaml", CATALOG, { exactYaml: true });
  const lines = (r: ReturnType<typeof loadScenario>) =>
    r.ok ? [] : r.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);

  it("is reported as the full read reports it, from the entry around it read alone", () => {
    for (const f of [
      (l: string) => l.replace(", submit", " submit"), // a missing comma
      (l: string) => ` ${l}`, // an item out of line
      (l: string) => l.replace("jobName: j", "jobName: : j"), // a stray colon
    ]) {
      const text = broken(f);
      expect(text.length).toBeGreaterThan(256 * 1024);
      const local = lines(loadScenario(text, "big.yaml", CATALOG));
      expect(local.length).toBeGreaterThan(0);
      expect(local).toEqual(lines(fullRead(text)));
    }
  });

  it("an unclosed bracket is reported at the same line (the full read points into the next entry)", () => {
    const text = broken((l) => l.replace("worker}}", "worker}"));
    const [local] = lines(loadScenario(text, "big.yaml", CATALOG));
    const [full] = lines(fullRead(text));
    expect(local?.split(" ")[0]?.split(":")[0]).toBe(full?.split(" ")[0]?.split(":")[0]);
    expect(local?.replace(/^\S+/, "")).toBe(full?.replace(/^\S+/, ""));
  });
});

/** quickstart.yaml and a stream of 5,000 explicit jobs (past the fast read's size). */
const head = readFileSync(join(SCENARIOS, "quickstart.yaml"), "utf8");
const job = (i: number) =>
  `      - {at: ${i}, submit: {jobName: j${i}, jobQueue: main, jobDefinition: worker}}\n`;
/** The large text, job i's line changed by edits[i], `tail` after the jobs. */
const withJobs = (edits: Record<number, (line: string) => string>, tail = "") =>
  `${head}  - name: many\n    jobs:\n${Array.from({ length: 5000 }, (_, i) => (edits[i] ?? ((l: string) => l))(job(i))).join("")}${tail}`;
/** The problem lines and the value of yaml's full read of the same text. */
const fullLines = (text: string) => {
  const r = loadScenario(text, "big.yaml", CATALOG, { exactYaml: true });
  return r.ok ? [] : r.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
};
const fullValue = (text: string) => readYaml(text, true).value;
/** A text's problem lines, as `line:col path: message`. */
const lines = (text: string) => {
  const r = loadScenario(text, "big.yaml", CATALOG);
  return r.ok ? [] : r.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
};

// The large-file tests read files of over 256 KB several ways: 1–3 s each alone here, and one took
// 5.3 s, past vitest's default 5 s, on a loaded two-core machine in CI. Speed is measured in bench/.
describe("a large file with duplicate keys", { timeout: 60_000 }, () => {
  it("reports every one as the full read does, and reads the value as yaml does (the later value)", () => {
    const cases = [
      withJobs({ 3000: (l) => l.replace("{at: 3000,", "{at: 3000, at: 7,") }),
      withJobs({
        10: (l) => l.replace("jobQueue: main", "jobQueue: main, jobQueue: main"),
        4000: (l) => l.replace("{at: 4000,", "{at: 1, at: 2, at: 4000,"),
      }),
      // A duplicate top-level key far from where js-yaml reads it, and a bad value elsewhere.
      withJobs({ 2500: (l) => l.replace("at: 2500", "at: -5") }, "description: again\n"),
      `description: first\n${withJobs({ 100: (l) => l.replace("{at: 100,", "{at: 100, at: 1,") }, "description: second\n")}`,
    ];
    for (const text of cases) {
      expect(text.length).toBeGreaterThan(256 * 1024);
      const fast = readYaml(text);
      expect(fast.value).toStrictEqual(fullValue(text));
      const got = lines(text);
      expect(got.some((l) => l.includes("duplicate key"))).toBe(true);
      expect(got).toEqual(fullLines(text));
    }
  });
});

describe("a large file read in pieces (yaml-chunks.ts)", { timeout: 60_000 }, () => {
  /** The 1-based line of job i. */
  const lineOf = (text: string, i: number) =>
    text.slice(0, text.indexOf(` j${i}, jobQueue`)).split("\n").length;

  it("finds the explicit jobs as the file's long list", () => {
    const text = withJobs({});
    const lists = new FastLocator(text).longLists(64 * 1024);
    expect(lists.map((l) => l.path)).toEqual([["workload", 1, "jobs"]]);
    expect(lists[0]?.items).toHaveLength(5000);
    expect((lists[0]?.items[0]?.line ?? 0) + 1).toBe(lineOf(text, 0));
  });

  it("reports every syntax error region as the full read does", () => {
    const text = withJobs(
      {
        700: (l) => l.replace(", submit", " submit"), // a missing comma
        2600: (l) => l.replace("jobName: j", "jobName: : j"), // a stray colon
        4100: (l) => ` ${l}`, // an item out of line
      },
      "description: [unclosed\n", // and one in the rest of the file
    );
    const fullRead = fullLines(text);
    const got = lines(text);
    expect(got).toHaveLength(4);
    expect(got).toEqual(fullRead);
    expect(got.map((l) => Number(l.split(":")[0]))).toEqual([
      lineOf(text, 700),
      lineOf(text, 2600),
      lineOf(text, 4100),
      lineOf(text, 4999) + 2, // an unclosed bracket: where the text ends
    ]);
  });

  it("gives the full read's duplicates and value whatever the size of its pieces", () => {
    const text = withJobs(
      {
        10: (l) => l.replace("jobQueue: main", "jobQueue: main, jobQueue: main"),
        2000: (l) => l.replace("{at: 2000,", "{at: 1, at: 2000,"),
        4999: (l) => l.replace("{at: 4999,", "{at: 4999, at: 3,"),
      },
      "description: again\n",
    );
    const want = readYaml(text, true);
    for (const chunk of [1, 4096, 100_000, 10_000_000]) {
      const got = readLarge(text, new FastLocator(text), chunk);
      expect(got?.value).toStrictEqual(want.value);
      const said = (ps: readonly RawProblem[] | undefined) =>
        (ps ?? []).map((p) => `${p.pos?.line}:${p.pos?.col} ${p.path.join(".")}: ${p.message}`);
      expect(said(got?.keyProblems)).toEqual(said(want.keyProblems));
    }
  });

  it("reads what js-yaml might read otherwise (tabs, tags, prototype-like keys) with yaml, item by item", () => {
    const fullRead = fullLines;
    // A tab as indentation: said as the full read says it first (not what follows from it there).
    const tabbed = withJobs({ 1200: (l) => `\t${l.slice(1)}`, 3300: (l) => `   \t${l.slice(4)}` });
    const said = lines(tabbed);
    expect(said).toEqual([
      `${lineOf(tabbed, 1200)}:1 $: not valid YAML: Tabs are not allowed as indentation`,
      `${lineOf(tabbed, 3300)}:4 $: not valid YAML: Tabs are not allowed as indentation`,
    ]);
    for (const l of said) expect(fullRead(tabbed)).toContain(l);
    const cases = [
      // A tab inside a string, a tag, a prototype-like key, an escaped key and a duplicate: each
      // reported at its place; the skeleton has a tab too.
      withJobs(
        {
          100: (l) => l.replace("jobName: j100", 'jobName: "j\t100"'),
          900: (l) => l.replace("{at: 900,", "{at: !!int 900,"),
          2000: (l) => l.replace("{at: 2000,", "{at: 2000, constructor: 1,"),
          3000: (l) => l.replace("{at: 3000,", '{at: 3000, "\\x61t": 5,'),
          4000: (l) => l.replace("{at: 4000,", "{at: 4000, at: 1,"),
        },
        'description: "a\ttab"\n',
      ),
    ];
    for (const text of cases) {
      expect(text.length).toBeGreaterThan(256 * 1024);
      const got = lines(text);
      expect(got.length).toBeGreaterThan(0);
      // Syntax problems come in line order (yaml's own order is not always).
      expect([...got].sort()).toEqual([...fullRead(text)].sort());
    }
    // Without problems, its value is the full read's.
    const text = withJobs({
      100: (l) => l.replace("jobName: j100", "jobName: !!str j100"),
      900: (l) => l.replace("{at: 900,", "{at: !!int 900,"),
    }).replace("description: A day", 'description: "A\tday" #');
    expect(lines(text)).toEqual([]);
    expect(readYaml(text).value).toStrictEqual(fullValue(text));
  });

  it("reads anchors and aliases outside the lists with yaml, with the skeleton", () => {
    // An anchor in one job definition, an alias in another: the skeleton is read exactly.
    const text = withJobs({})
      .replace("    containerProperties:\n", "    containerProperties: &props\n")
      .replace(
        "workload: #",
        "  - {jobDefinitionName: twin, type: container, containerProperties: *props, sim: {runtime: 5m}}\nworkload: #",
      );
    expect(readLarge(text, new FastLocator(text))).toBeDefined();
    expect(readYaml(text).value).toStrictEqual(fullValue(text));
    expect(lines(text)).toEqual([]);
    // An alias bomb there is refused as the full read refuses it.
    const bomb = `${text.replace("name: quickstart", "name: quickstart\nx0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]")}${Array.from({ length: 8 }, (_, i) => `x${i + 1}: &a${i + 1} [*a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}]`).join("\n")}\n`;
    expect(lines(bomb)).toEqual(fullLines(bomb));
    expect(lines(bomb)[0]).toMatch(/refused: too many alias expansions/);
  });

  it("reads the jobs with anchors, aliases or merge keys with the skeleton, by yaml, as the full read does", {
    timeout: 60_000,
  }, () => {
    const sim = (l: string) => l.replace("}}", "}, sim: *fast}");
    const anchored = (l: string) => l.replace("}}", "}, sim: &fast {runtime: 1m}}");
    const every = (n: number, from: number, edit: (l: string) => string) =>
      Object.fromEntries(Array.from({ length: n }, (_, k) => [from + k * 7, edit]));
    // An alias of a job definition's anchor, one job's anchor named by 600 later jobs, an alias in
    // the last job, a merge key (a plain key to yaml's core schema): the value is the full read's,
    // whatever the pieces.
    const valid = withJobs({
      ...every(600, 20, sim),
      3: anchored,
      10: (l) => l.replace("jobDefinition: worker", "jobDefinition: *w"),
      4999: sim,
    }).replace("jobDefinitionName: worker", "jobDefinitionName: &w worker");
    expect(valid.length).toBeGreaterThan(256 * 1024);
    const want = fullValue(valid);
    for (const chunk of [1, 4096, 100_000, 10_000_000]) {
      expect(readLarge(valid, new FastLocator(valid), chunk)?.value).toStrictEqual(want);
    }
    expect(lines(valid)).toEqual([]);
    const merged = withJobs({
      3: anchored,
      40: (l) => l.replace("{at: 40,", "{<<: *fast, at: 40,"),
    });
    expect(readLarge(merged, new FastLocator(merged))).toBeDefined();
    expect(lines(merged)).toEqual(fullLines(merged));
    expect(lines(merged)[0]).toMatch(/<</);
    // Problems in and around them are placed as the full read places them: an unknown queue in a
    // job with an alias, an unknown key in the anchored block (at each of its uses), a bad job
    // between them.
    const bad = withJobs({
      ...every(5, 20, sim),
      3: (l) => l.replace("}}", "}, sim: &fast {runtime: 1m, speed: 2}}"),
      27: (l) => sim(l).replace("jobQueue: main", "jobQueue: mian"),
      30: (l) => l.replace("{at: 30,", "{at: -30,"),
    });
    expect(lines(bad).length).toBeGreaterThan(5);
    expect(lines(bad)).toEqual(fullLines(bad));
    // A syntax error in a job with an alias (found by the fuzzer: yaml's lines past it named the next
    // job with an alias, where the file has the next job): such jobs are then read alone.
    const broken = withJobs({
      ...every(30, 20, sim),
      3: anchored,
      27: (l) => `\t${sim(l).slice(1)}`,
    });
    const said = lines(broken);
    expect(said).toEqual([
      `${lineOf(broken, 27)}:1 $: not valid YAML: Tabs are not allowed as indentation`,
    ]);
    expect(fullLines(broken)).toContain(said[0]);
    // More than 1,000 uses of one anchor are refused, as the full read refuses them, unless a syntax
    // error comes first; an alias before its anchor is said where it is.
    const many = withJobs({ ...every(700, 20, sim), ...every(700, 21, sim), 3: anchored });
    expect(lines(many)).toEqual(fullLines(many));
    expect(lines(many)[0]).toMatch(/^1:1 \$: refused: too many alias expansions/);
    const manyAndSyntax = many.replace("{at: 4000, submit", "{at: 4000 submit");
    expect(lines(manyAndSyntax)).toEqual(fullLines(manyAndSyntax));
    expect(lines(manyAndSyntax)[0]).toMatch(/not valid YAML/);
    const early = withJobs({ 3: sim, 30: anchored });
    expect(lines(early)).toEqual(fullLines(early));
    expect(lines(early)[0]).toMatch(/alias \*fast names no anchor before it/);
  });

  it("refuses an alias bomb spread over every job from the first jobs, unless a syntax error comes first", {
    timeout: 60_000,
  }, () => {
    // 5,000 jobs (450 KB) each naming one anchor: yaml refuses it from the first ones.
    const text = withJobs(
      Object.fromEntries(
        Array.from({ length: 5000 }, (_, i) => [
          i,
          (l: string) =>
            l.replace("}}", i === 0 ? "}, sim: &fast {runtime: 1m}}" : "}, sim: *fast}"),
        ]),
      ),
    );
    expect(text.length).toBeGreaterThan(256 * 1024 + 100_000);
    const refused = fullLines(text);
    expect(refused).toEqual(["1:1 $: refused: too many alias expansions (more than 1000)"]);
    expect(lines(text)).toEqual(refused);
    // A syntax error, or what js-yaml might read otherwise, near the end: as the full read says.
    for (const late of [
      text.replace("{at: 4900, submit", "{at: 4900 submit"),
      text.replace("{at: 4900,", '{at: 4900, note: "a\tb",'),
    ]) {
      expect(lines(late)).toEqual(fullLines(late));
    }
    expect(lines(text.replace("{at: 4900, submit", "{at: 4900 submit"))[0]).toMatch(
      /not valid YAML/,
    );
  });

  it("reads in pieces a file whose jobs all have anchors but nothing names one (anchors tie nothing)", () => {
    const anchors = Object.fromEntries(
      Array.from({ length: 5000 }, (_, i) => [
        i,
        (l: string) => l.replace("submit: {", `submit: &s${i} {`),
      ]),
    );
    const text = withJobs(anchors);
    const list = new FastLocator(text).longLists(64 * 1024)[0]!;
    const notes = new PieceNotes(text, new FastLocator(text));
    expect(tiedItems(notes, list, () => namesAnchors(text))).toEqual([]);
    expect(readYaml(text).value).toStrictEqual(fullValue(text));
    // With a problem, and with an alias added (then each anchored job is read with the skeleton).
    const bad = text.replace("{at: 4000,", "{at: -4000,");
    expect(lines(bad)).toEqual(fullLines(bad));
    const named = `${text}description: *s4999\n`;
    expect(tiedItems(notes, list, () => namesAnchors(named))).toHaveLength(5000);
  });

  it("leaves to the full read a list with an anchor on it or above it, or a directive in it", () => {
    // An alias of the list itself, or of the stream that holds it, stands for all of its items.
    const onList = withJobs({}, "description: *all\n").replace("    jobs:\n", "    jobs: &all\n");
    const onStream = withJobs({ 3: (l) => l.replace("}}", "}, sim: *fast}") }, "x: *s\n")
      .replace("  - name: many\n", "  - &s\n    name: many\n")
      .replace("{at: 1, submit", "{at: 1, sim: &fast {runtime: 1m}, submit");
    for (const text of [onList, onStream]) {
      expect(readLarge(text, new FastLocator(text))).toBeUndefined();
      expect(readYaml(text).value).toStrictEqual(fullValue(text));
    }
    const directive = withJobs({ 3: (l) => l.replace("}}", "}, sim: *fast}\n---") });
    expect(readLarge(directive, new FastLocator(directive))).toBeUndefined();
  });

  it("reads several long lists each in pieces, and a file without any as one piece", () => {
    // Two streams of 2,500 jobs, one broken in each: both lists are read in pieces.
    const half = (name: string) =>
      Array.from({ length: 2500 }, (_, i) =>
        job(i).replace(`jobName: j${i},`, `jobName: ${name}${i},`),
      );
    const a = half("a");
    const b = half("b");
    a[100] = (a[100] as string).replace(", submit", " submit");
    b[2000] = (b[2000] as string).replace("jobName: b", "jobName: : b");
    const text = `${head}  - name: a\n    jobs:\n${a.join("")}  - name: b\n    jobs:\n${b.join("")}`;
    const lists = new FastLocator(text).longLists(64 * 1024);
    expect(lists.map((l) => l.path)).toEqual([
      ["workload", 1, "jobs"],
      ["workload", 2, "jobs"],
    ]);
    const fullRead = fullLines(text);
    expect(lines(text)).toHaveLength(2);
    expect(lines(text)).toEqual(fullRead);
    // Mended, the value is the full read's, whatever the pieces.
    const mended = text
      .replace(" submit: {jobName: a100", ", submit: {jobName: a100")
      .replace("jobName: : b2000", "jobName: b2000");
    for (const chunk of [1, 50_000]) {
      expect(readLarge(mended, new FastLocator(mended), chunk)?.value).toStrictEqual(
        fullValue(mended),
      );
    }
    // The skeleton read exactly (a tab and a tag between and after the lists), its lines the file's.
    const between = mended
      .replace(
        "  - name: b\n",
        '  - name: b\n    description: "tab\there"\n    description: !!str again\n',
      )
      .concat('description: "a\ttab"\n');
    expect(lines(between).length).toBe(2);
    expect(lines(between)).toEqual(fullLines(between));
    // A file of short lists only is read as one piece.
    const flat = `${head.replace(/\nworkload:[\s\S]*$/, "")}\ndescription: "${"x".repeat(300_000)}"\n`;
    expect(new FastLocator(flat).longLists(64 * 1024)).toEqual([]);
    expect(readLarge(flat, new FastLocator(flat))?.value).toStrictEqual(fullValue(flat));
  });
});
