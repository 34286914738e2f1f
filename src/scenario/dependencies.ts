/**
 * dependsOn: the type rules of each entry (plain, N_TO_N, SEQUENTIAL), and between explicit jobs the
 * references by jobName, uniqueness, submission order and cycles.
 */
import type { BuildContext } from "./context.ts";
import { didYouMean } from "./did-you-mean.ts";
import { atKey, atValue, type DocPath } from "./problem.ts";
import type { Dependency } from "./types.ts";

/** One dependsOn entry as zod parsed it (AWS `JobDependency`, by jobName). */
export interface DependencyInput {
  readonly jobName?: string | undefined;
  readonly jobId?: string | undefined;
  readonly type?: "N_TO_N" | "SEQUENTIAL" | undefined;
}

/** What the type rules need to know of a job: its name and its array size (null: not an array). */
export interface DependencySide {
  readonly jobName: string;
  readonly arraySize: number | null;
}

/**
 * Checks one entry at `path` for a job `self`; `resolve` finds the job a jobName names (pushing its
 * own problem when there is none). Paths are functions: they are made only for a problem. Returns the normalised entry and the job it names (null for
 * SEQUENTIAL), or undefined when the entry is unusable.
 */
export function checkDependencyEntry<T extends DependencySide>(
  ctx: BuildContext,
  dep: DependencyInput,
  path: () => DocPath,
  self: DependencySide,
  resolve: (jobName: string, namePath: () => DocPath) => T | undefined,
): { readonly dependency: Dependency; readonly target: T | null } | undefined {
  if (dep.jobId !== undefined) {
    ctx.problems.push(
      atKey(
        [...path(), "jobId"],
        "refer to jobs by jobName (job ids are assigned by the simulator)",
      ),
    );
    return undefined;
  }
  const type = dep.type ?? null;
  if (type === "SEQUENTIAL") {
    if (dep.jobName !== undefined) {
      ctx.problems.push(
        atKey(
          [...path(), "jobName"],
          "SEQUENTIAL takes no jobName: it makes child i of this array job wait for child i−1",
        ),
      );
      return undefined;
    }
    if (self.arraySize === null) {
      ctx.problems.push(
        atValue(
          [...path(), "type"],
          "SEQUENTIAL applies only to an array job (arrayProperties.size): child i waits for child i−1",
        ),
      );
      return undefined;
    }
    return { dependency: { jobName: null, type }, target: null };
  }
  if (dep.jobName === undefined) {
    const why = type === "N_TO_N" ? ": N_TO_N names the array job this one depends on" : "";
    ctx.problems.push(atValue([...path(), "jobName"], `required${why}`));
    return undefined;
  }
  const target = resolve(dep.jobName, () => [...path(), "jobName"]);
  if (!target) return undefined;
  if (
    type === "N_TO_N" &&
    (self.arraySize === null || target.arraySize === null || self.arraySize !== target.arraySize)
  ) {
    ctx.problems.push(
      atValue(
        path(),
        `N_TO_N needs two array jobs of the same size: ${sizeOf("this job", self.arraySize)}, ${sizeOf(
          target.jobName,
          target.arraySize,
        )}`,
      ),
    );
  }
  return { dependency: { jobName: dep.jobName, type }, target };
}

function sizeOf(who: string, size: number | null): string {
  return size === null ? `${who} is not an array job` : `${who} has size ${size}`;
}

/** An explicit job as the dependency checks see it. */
export interface DependencyNode extends DependencySide {
  readonly atSeconds: number;
  /** Position in the file among explicit jobs (breaks ties of `atSeconds`). */
  readonly fileOrder: number;
  /** Its `jobs` entry (paths are made from it only for a problem: a large file has many jobs). */
  readonly path: DocPath;
  /** Whether its `submit.jobName` is written. */
  readonly named: boolean;
  readonly dependsOn: readonly DependencyInput[];
}

/** Where a duplicate name points: `submit.jobName` if written, else the jobs entry. */
export function namePathOf(node: DependencyNode): DocPath {
  return node.named ? [...node.path, "submit", "jobName"] : node.path;
}

/** The dependencies of a job without any (one shared list, frozen: nobody adds to it). */
const NO_DEPENDENCIES: Dependency[] = Object.freeze([]) as unknown as Dependency[];

/** Above this many jobs in one cycle, a cycle's message names only the edge (finding the path costs too much). */
const MAX_NAMED_CYCLE = 200;

/**
 * Checks every dependsOn entry of the explicit jobs; returns each job's normalised dependencies (by
 * fileOrder index). `actionNames` are the jobNames that actions name: they must be unique as well.
 */
export function checkDependencies(
  ctx: BuildContext,
  nodes: readonly DependencyNode[],
  actionNames: ReadonlySet<string> = new Set(),
): Dependency[][] {
  // Most large files have no dependencies at all: nothing to index.
  if (actionNames.size === 0 && nodes.every((n) => n.dependsOn.length === 0)) {
    return nodes.map(() => NO_DEPENDENCIES);
  }
  // The first job of each name; the later ones of a name said twice (rare) apart.
  const byName = new Map<string, DependencyNode>();
  const later = new Map<string, DependencyNode[]>();
  for (const n of nodes) {
    if (!byName.has(n.jobName)) byName.set(n.jobName, n);
    else {
      const more = later.get(n.jobName);
      if (more) more.push(n);
      else later.set(n.jobName, [n]);
    }
  }
  /** Names that dependsOn refers to and more than one job has (each must be unique). */
  const referencedTwice = new Set<string>();
  /** Edges between explicit jobs: `from`'s dependsOn entry `i` names `to`. */
  const edges: { from: DependencyNode; to: DependencyNode; i: number }[] = [];
  const result: Dependency[][] = [];
  for (const node of nodes) {
    if (node.dependsOn.length === 0) {
      result.push(NO_DEPENDENCIES);
      continue;
    }
    const out: Dependency[] = [];
    node.dependsOn.forEach((dep, i) => {
      // The usual entry, {jobName} of a job whose name is unique: no closures, no paths.
      const plain = dep.jobId === undefined && dep.type === undefined ? dep.jobName : undefined;
      const target = plain === undefined || later.has(plain) ? undefined : byName.get(plain);
      if (plain !== undefined && target !== undefined) {
        edges.push({ from: node, to: target, i });
        out.push({ jobName: plain, type: null });
        return;
      }
      const path = () => [...node.path, "submit", "dependsOn", i];
      const checked = checkDependencyEntry(ctx, dep, path, node, (name, namePath) => {
        const first = byName.get(name);
        if (!first) {
          const hint = didYouMean(name, byName.keys());
          ctx.problems.push(atValue(namePath(), `unknown job ${name}${hint}`));
          return undefined;
        }
        if (later.has(name)) referencedTwice.add(name);
        else edges.push({ from: node, to: first, i });
        return first;
      });
      if (checked) out.push(checked.dependency);
    });
    result.push(out);
  }
  const mustBeUnique = new Set([...referencedTwice, ...actionNames]);
  for (const name of mustBeUnique) {
    const first = byName.get(name);
    if (!first) continue;
    const by = referencedTwice.has(name) ? "referenced by dependsOn" : "named by an action";
    for (const n of later.get(name) ?? []) {
      const line = ctx.lineOf(namePathOf(first));
      ctx.problems.push(
        atValue(
          namePathOf(n),
          `jobName ${name} is ${by}, so it must be unique (first at line ${line})`,
        ),
      );
    }
  }
  // A dependency must be submitted first: an edge to a job submitted later is a problem of its own,
  // and a cycle needs one (submission order is total), or is a job naming itself. Without either,
  // there is no cycle to look for.
  const submittedLater = (e: (typeof edges)[number]): boolean =>
    e.to.atSeconds > e.from.atSeconds ||
    (e.to.atSeconds === e.from.atSeconds && e.to.fileOrder > e.from.fileOrder);
  const edgePath = (e: (typeof edges)[number]): DocPath => [
    ...e.from.path,
    "submit",
    "dependsOn",
    e.i,
    "jobName",
  ];
  if (!edges.some((e) => e.to === e.from || submittedLater(e))) return result;
  // Each job's successors on edges, by fileOrder.
  const succ: (DependencyNode[] | undefined)[] = [];
  for (const e of edges) {
    const list = succ[e.from.fileOrder];
    if (list) list.push(e.to);
    else succ[e.from.fileOrder] = [e.to];
  }
  // Every cycle holds such an edge: searched from their targets, Tarjan finds every cycle while
  // visiting only what they reach (not a whole chain of 100,000 jobs).
  const roots = edges.filter((e) => e.to === e.from || submittedLater(e)).map((e) => e.to);
  const size = nodes.reduce((m, n) => Math.max(m, n.fileOrder + 1), 0);
  const cycleOf = stronglyConnected(roots, succ, size);
  for (const e of edges) {
    const scc = cycleOf.get(e.from);
    if (scc && scc === cycleOf.get(e.to)) {
      ctx.problems.push(atValue(edgePath(e), cycleMessage(ctx, e.from, e.to, scc, succ)));
    } else if (submittedLater(e)) {
      ctx.problems.push(
        atValue(
          edgePath(e),
          `${e.to.jobName} is submitted after this job; a dependency must be submitted first (same at: earlier in the file)`,
        ),
      );
    }
  }
  return result;
}

/** "dependsOn cycle: a (line 12) → b (line 15) → a": the shortest cycle through the edge from → to. */
function cycleMessage(
  ctx: BuildContext,
  from: DependencyNode,
  to: DependencyNode,
  scc: readonly DependencyNode[],
  succ: readonly (readonly DependencyNode[] | undefined)[],
): string {
  const named = (n: DependencyNode): string => `${n.jobName} (line ${ctx.lineOf(namePathOf(n))})`;
  if (from === to) return `dependsOn cycle: ${named(from)} → ${from.jobName}`;
  if (scc.length > MAX_NAMED_CYCLE) {
    return `dependsOn cycle: ${named(from)} → ${named(to)} → … → ${from.jobName} (${scc.length} jobs)`;
  }
  // Breadth-first from `to` back to `from`, inside the cycle's jobs.
  const members = new Set(scc);
  const parent = new Map<DependencyNode, DependencyNode>([[to, to]]);
  const queue = [to];
  for (let k = 0; k < queue.length && !parent.has(from); k++) {
    const n = queue[k] as DependencyNode;
    for (const next of succ[n.fileOrder] ?? []) {
      if (!members.has(next) || parent.has(next)) continue;
      parent.set(next, n);
      queue.push(next);
    }
  }
  const back: DependencyNode[] = [];
  for (let n = parent.get(from); n && n !== to; n = parent.get(n)) back.push(n);
  const path = [from, to, ...back.reverse()];
  return `dependsOn cycle: ${path.map(named).join(" → ")} → ${from.jobName}`;
}

/**
 * Tarjan's algorithm from `roots` (every cycle must hold one); maps each node of a cycle (SCC of
 * size > 1, or a self-loop) to its SCC in file order. Its bookkeeping is in typed arrays by fileOrder (a large file's chain of 100,000 jobs).
 */
function stronglyConnected(
  roots: readonly DependencyNode[],
  succ: readonly (readonly DependencyNode[] | undefined)[],
  size: number,
): Map<DependencyNode, DependencyNode[]> {
  const out = new Map<DependencyNode, DependencyNode[]>();
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const stack: DependencyNode[] = [];
  let visited = 0;
  const visit = (n: DependencyNode): void => {
    index[n.fileOrder] = visited;
    low[n.fileOrder] = visited;
    visited++;
    stack.push(n);
    onStack[n.fileOrder] = 1;
  };
  // Iterative, so a long dependency chain cannot overflow the call stack.
  const work: { node: DependencyNode; next: number }[] = [];
  for (const root of roots) {
    if (index[root.fileOrder] !== -1) continue;
    visit(root);
    work.push({ node: root, next: 0 });
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: DependencyNode; next: number };
      const at = frame.node.fileOrder;
      const child = succ[at]?.[frame.next];
      if (child) {
        frame.next++;
        if (index[child.fileOrder] === -1) {
          visit(child);
          work.push({ node: child, next: 0 });
        } else if (onStack[child.fileOrder] === 1) {
          low[at] = Math.min(low[at] as number, index[child.fileOrder] as number);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) {
        const p = parent.node.fileOrder;
        low[p] = Math.min(low[p] as number, low[at] as number);
      }
      if (low[at] !== index[at]) continue;
      const scc: DependencyNode[] = [];
      for (;;) {
        const n = stack.pop();
        if (!n) break;
        onStack[n.fileOrder] = 0;
        scc.push(n);
        if (n === frame.node) break;
      }
      const selfLoop = (succ[at] ?? []).includes(frame.node);
      if (scc.length > 1 || selfLoop) {
        scc.sort((a, b) => a.fileOrder - b.fileOrder);
        for (const n of scc) out.set(n, scc);
      }
    }
  }
  return out;
}
