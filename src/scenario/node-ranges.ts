/**
 * Multi-node parallel jobs (aws-batch-model.md §4), the definition side: `targetNodes` node ranges,
 * how they lie over nodes 0..numNodes−1 (nested ranges override outer ones), and the one instance
 * type of the job. SubmitJob's `nodeOverrides` are in node-overrides.ts.
 */
import { type Catalog, expandInstanceTypeEntry, INSTANCE_TYPE_ALIASES } from "../model/catalog.ts";
import type { BuildContext } from "./context.ts";
import { didYouMean } from "./did-you-mean.ts";
import { atValue, type DocPath } from "./problem.ts";
import { type Resources, readResources } from "./resources.ts";
import type { JobDefinitionInput } from "./schema-job-definitions.ts";

type NodePropertiesInput = NonNullable<JobDefinitionInput["nodeProperties"]>;

/** A `targetNodes` as written: a null end is open (from node 0; to the last node). */
export interface TargetNodes {
  readonly from: number | null;
  readonly to: number | null;
}

/** The message for a `targetNodes` that is not a node range. */
export const TARGET_NODES_MESSAGE = 'expected a node range like "0:3", ":3", "3:" or "2"';

/** `"0:3"`, `":3"`, `"3:"`, `":"` or `"2"` → its ends; undefined when it is none of these. */
export function parseTargetNodes(text: string): TargetNodes | undefined {
  if (/^\d+$/.test(text)) return { from: Number(text), to: Number(text) };
  const m = /^(\d*):(\d*)$/.exec(text);
  if (!m) return undefined;
  return {
    from: m[1] ? Number(m[1]) : null,
    to: m[2] ? Number(m[2]) : null,
  };
}

/** Nodes from..to, inclusive. */
interface Span {
  readonly from: number;
  readonly to: number;
}

export function resolve(t: TargetNodes, numNodes: number): Span {
  return { from: t.from ?? 0, to: t.to ?? numNodes - 1 };
}

/** One `nodeRangeProperties` entry of a multinode job definition, as its jobs see it. */
export interface NodeRange {
  readonly targetNodes: string;
  readonly target: TargetNodes;
  /** Path of its `targetNodes` (for "line N" in messages). */
  readonly targetPath: DocPath;
  readonly resources: Resources;
  /** From `instanceTypes[0]` or `container.instanceType`, or null. */
  readonly instanceType: string | null;
}

/** A multinode job definition's `nodeProperties`, checked. */
export interface MultinodeDefinition {
  readonly numNodes: number;
  readonly mainNode: number;
  readonly ranges: readonly NodeRange[];
}

/** A problem of how ranges lie over the nodes: about one range (its index), or null: coverage. */
interface LayoutIssue {
  readonly range: number | null;
  readonly message: string;
}

/**
 * Lays ranges over nodes 0..numNodes−1. Each node belongs to the innermost range containing it (nested
 * ranges override outer ones); ranges that overlap without one containing the other, ranges past the
 * last node and nodes in no range are issues. Returns the owning range of each node, or the issues.
 */
export function layOut(
  ranges: readonly NodeRange[],
  numNodes: number,
  lineOf: (path: DocPath) => number,
): { owners: number[] } | { issues: LayoutIssue[] } {
  const issues: LayoutIssue[] = [];
  const spans = ranges.map((r) => resolve(r.target, numNodes));
  const valid = spans.map((s, i) => {
    const past = Math.max(s.from, s.to);
    if (past > numNodes - 1) {
      issues.push({
        range: i,
        message: `node ${past} is past the last node, ${numNodes - 1} (numNodes ${numNodes})`,
      });
      return false;
    }
    if (s.from > s.to) {
      issues.push({ range: i, message: "starts after it ends" });
      return false;
    }
    return true;
  });
  spans.forEach((b, j) => {
    if (!valid[j]) return;
    for (let i = 0; i < j; i++) {
      const a = spans[i];
      const earlier = ranges[i];
      if (!a || !earlier || !valid[i] || Math.max(a.from, b.from) > Math.min(a.to, b.to)) continue;
      const where = `node range "${earlier.targetNodes}" (line ${lineOf(earlier.targetPath)})`;
      if (a.from === b.from && a.to === b.to) {
        issues.push({ range: j, message: `covers the same nodes as ${where}` });
      } else if (!contains(a, b) && !contains(b, a)) {
        issues.push({
          range: j,
          message: `overlaps ${where} without being nested in it or containing it`,
        });
      }
    }
  });
  if (issues.length > 0) return { issues };
  // The ranges are now nested or disjoint: the shortest range containing a node is the innermost.
  const owners: number[] = [];
  const uncovered: number[] = [];
  for (let n = 0; n < numNodes; n++) {
    let owner = -1;
    spans.forEach((s, i) => {
      const best = spans[owner];
      if (s.from <= n && n <= s.to && (!best || s.to - s.from < best.to - best.from)) owner = i;
    });
    owners.push(owner);
    if (owner < 0) uncovered.push(n);
  }
  if (uncovered.length > 0) {
    const runs = toRuns(uncovered).map(([f, t]) => (f === t ? `${f}` : `${f}–${t}`));
    const what = uncovered.length === 1 ? "node" : "nodes";
    issues.push({
      range: null,
      message: `${what} ${runs.join(", ")} ${uncovered.length === 1 ? "is" : "are"} in no node range: the ranges must cover every node 0–${numNodes - 1} (numNodes ${numNodes})`,
    });
    return { issues };
  }
  return { owners };
}

/** a strictly contains b. */
function contains(a: Span, b: Span): boolean {
  return a.from <= b.from && b.to <= a.to && (a.from !== b.from || a.to !== b.to);
}

/** Ascending numbers → [first, last] runs of consecutive ones. */
export function toRuns(nums: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of nums) {
    const last = out[out.length - 1];
    if (last && last[1] === n - 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

/**
 * Checks one node instance type: a size of the catalog. AWS takes exactly one instance type for all
 * nodes, so a family or an alias is not allowed here.
 */
export function checkNodeInstanceType(
  ctx: BuildContext,
  name: string,
  path: DocPath,
  catalog: Catalog,
): boolean {
  if (catalog.byName.has(name)) return true;
  if (Object.hasOwn(INSTANCE_TYPE_ALIASES, name) || catalog.families.has(name)) {
    const example = expandInstanceTypeEntry(name, catalog)?.[0]?.instanceType ?? "c6i.xlarge";
    ctx.problems.push(
      atValue(
        path,
        `${name} is an instance family or alias: a multi-node job takes one instance type, like ${example}`,
      ),
    );
  } else {
    ctx.problems.push(
      atValue(path, `unknown instance type ${name}${didYouMean(name, catalog.byName.keys())}`),
    );
  }
  return false;
}

/** An instance type given twice in one range (`instanceTypes` and `container(Overrides).instanceType`): the one type, or undefined. */
export function rangeInstanceType(
  ctx: BuildContext,
  list: readonly string[] | undefined,
  listPath: DocPath,
  single: string | undefined,
  singlePath: DocPath,
  catalog: Catalog,
): { type: string; path: DocPath } | null | undefined {
  const fromList = list?.[0];
  let ok = true;
  if (fromList !== undefined) ok = checkNodeInstanceType(ctx, fromList, [...listPath, 0], catalog);
  if (single !== undefined) ok = checkNodeInstanceType(ctx, single, singlePath, catalog) && ok;
  if (!ok) return undefined;
  if (fromList !== undefined && single !== undefined && fromList !== single) {
    ctx.problems.push(
      atValue(
        singlePath,
        `differs from instanceTypes (${fromList}): a node range has one instance type`,
      ),
    );
    return undefined;
  }
  if (fromList !== undefined) return { type: fromList, path: [...listPath, 0] };
  if (single !== undefined) return { type: single, path: singlePath };
  return null;
}

/** The first instance type that differs from an earlier one, with both; undefined when all agree. */
export function firstMismatch(
  types: readonly ({ type: string; path: DocPath | null } | null)[],
): { index: number; first: number } | undefined {
  let first = -1;
  for (let i = 0; i < types.length; i++) {
    const t = types[i];
    if (!t) continue;
    const f = types[first];
    if (!f) first = i;
    else if (f.type !== t.type) return { index: i, first };
  }
  return undefined;
}

/** Checks a multinode definition's `nodeProperties` at `path`; undefined (problems pushed) if it is wrong. */
export function buildMultinode(
  ctx: BuildContext,
  np: NodePropertiesInput,
  path: DocPath,
  catalog: Catalog,
): MultinodeDefinition | undefined {
  const before = ctx.problems.length;
  if (np.mainNode >= np.numNodes) {
    ctx.problems.push(
      atValue([...path, "mainNode"], `must be less than numNodes (${np.numNodes})`),
    );
  }
  const listPath = [...path, "nodeRangeProperties"];
  const ranges: NodeRange[] = [];
  const types: ({ type: string; path: DocPath } | null)[] = [];
  let parsed = true;
  np.nodeRangeProperties.forEach((entry, i) => {
    const rPath = [...listPath, i];
    const targetPath = [...rPath, "targetNodes"];
    const target = parseTargetNodes(entry.targetNodes);
    if (!target) {
      ctx.problems.push(atValue(targetPath, TARGET_NODES_MESSAGE));
      parsed = false;
    }
    const resources = readResources(ctx, entry.container, [...rPath, "container"]);
    const type = rangeInstanceType(
      ctx,
      entry.instanceTypes,
      [...rPath, "instanceTypes"],
      entry.container?.instanceType,
      [...rPath, "container", "instanceType"],
      catalog,
    );
    types.push(type ?? null);
    ranges.push({
      targetNodes: entry.targetNodes,
      target: target ?? { from: 0, to: 0 },
      targetPath,
      resources,
      instanceType: type?.type ?? null,
    });
  });
  const mismatch = firstMismatch(types);
  const at = mismatch && types[mismatch.index];
  const first = mismatch && types[mismatch.first];
  if (at && first) {
    ctx.problems.push(
      atValue(
        at.path,
        `all node ranges must use the same instance type: node range "${ranges[mismatch.first]?.targetNodes}" uses ${first.type} (line ${ctx.lineOf(first.path)})`,
      ),
    );
  }
  if (parsed) {
    const layout = layOut(ranges, np.numNodes, ctx.lineOf);
    for (const issue of "issues" in layout ? layout.issues : []) {
      const range = issue.range === null ? undefined : ranges[issue.range];
      ctx.problems.push(atValue(range ? range.targetPath : listPath, issue.message));
    }
  }
  if (ctx.problems.length > before) return undefined;
  return { numNodes: np.numNodes, mainNode: np.mainNode, ranges };
}
