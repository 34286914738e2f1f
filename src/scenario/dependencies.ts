/** dependsOn between explicit jobs: references by jobName, uniqueness, submission order, cycles. */
import type { BuildContext } from "./context.ts";
import { didYouMean } from "./did-you-mean.ts";
import { atKey, atValue, type DocPath } from "./problem.ts";

/** An explicit job as the dependency checks see it. */
export interface DependencyNode {
  readonly jobName: string;
  readonly atSeconds: number;
  /** Position in the file among explicit jobs (breaks ties of `atSeconds`). */
  readonly fileOrder: number;
  /** Where a duplicate name points: `submit.jobName` if written, else the jobs entry. */
  readonly namePath: DocPath;
  readonly dependsOn: readonly {
    readonly jobName?: string | undefined;
    readonly jobId?: string | undefined;
  }[];
  readonly dependsOnPath: DocPath;
}

/** Checks every dependsOn entry; returns the names each job depends on (by fileOrder index). */
export function checkDependencies(ctx: BuildContext, nodes: readonly DependencyNode[]): string[][] {
  const byName = new Map<string, DependencyNode[]>();
  for (const n of nodes) {
    const same = byName.get(n.jobName) ?? [];
    same.push(n);
    byName.set(n.jobName, same);
  }
  const referenced = new Set<string>();
  const edges: { from: DependencyNode; to: DependencyNode; path: DocPath }[] = [];
  const result = nodes.map((node) =>
    node.dependsOn.flatMap((dep, i) => {
      const path = [...node.dependsOnPath, i];
      if (dep.jobId !== undefined) {
        ctx.problems.push(
          atKey(
            [...path, "jobId"],
            "refer to jobs by jobName (job ids are assigned by the simulator)",
          ),
        );
        return [];
      }
      if (dep.jobName === undefined) {
        ctx.problems.push(atValue([...path, "jobName"], "required"));
        return [];
      }
      const targets = byName.get(dep.jobName);
      if (!targets) {
        const hint = didYouMean(dep.jobName, byName.keys());
        ctx.problems.push(atValue([...path, "jobName"], `unknown job ${dep.jobName}${hint}`));
        return [];
      }
      referenced.add(dep.jobName);
      if (targets.length === 1 && targets[0])
        edges.push({ from: node, to: targets[0], path: [...path, "jobName"] });
      return [dep.jobName];
    }),
  );
  for (const name of referenced) {
    const [first, ...later] = byName.get(name) ?? [];
    if (!first) continue;
    for (const n of later) {
      const line = ctx.lineOf(first.namePath);
      ctx.problems.push(
        atValue(
          n.namePath,
          `jobName ${name} is referenced by dependsOn, so it must be unique (first at line ${line})`,
        ),
      );
    }
  }
  const cycleOf = stronglyConnected(nodes, edges);
  for (const e of edges) {
    const scc = cycleOf.get(e.from);
    if (scc && scc === cycleOf.get(e.to)) {
      ctx.problems.push(
        atValue(e.path, `dependsOn cycle among ${scc.map((n) => n.jobName).join(", ")}`),
      );
    } else if (
      e.to.atSeconds > e.from.atSeconds ||
      (e.to.atSeconds === e.from.atSeconds && e.to.fileOrder > e.from.fileOrder)
    ) {
      ctx.problems.push(
        atValue(
          e.path,
          `${e.to.jobName} is submitted after this job; a dependency must be submitted first (same at: earlier in the file)`,
        ),
      );
    }
  }
  return result;
}

/** Tarjan's algorithm; maps each node of a cycle (SCC of size > 1, or a self-loop) to its SCC in file order. */
function stronglyConnected(
  nodes: readonly DependencyNode[],
  edges: readonly { from: DependencyNode; to: DependencyNode }[],
): Map<DependencyNode, DependencyNode[]> {
  const out = new Map<DependencyNode, DependencyNode[]>();
  const succ = new Map<DependencyNode, DependencyNode[]>();
  for (const e of edges) {
    const list = succ.get(e.from) ?? [];
    list.push(e.to);
    succ.set(e.from, list);
  }
  const index = new Map<DependencyNode, number>();
  const low = new Map<DependencyNode, number>();
  const stack: DependencyNode[] = [];
  const onStack = new Set<DependencyNode>();
  // Iterative, so a long dependency chain cannot overflow the call stack.
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: DependencyNode; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, index.size);
    low.set(root, index.get(root) ?? 0);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const children = succ.get(frame.node) ?? [];
      const child = children[frame.next];
      if (child) {
        frame.next++;
        if (!index.has(child)) {
          index.set(child, index.size);
          low.set(child, index.get(child) ?? 0);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, next: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(child) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const scc: DependencyNode[] = [];
      for (;;) {
        const n = stack.pop();
        if (!n) break;
        onStack.delete(n);
        scc.push(n);
        if (n === frame.node) break;
      }
      const selfLoop = (succ.get(frame.node) ?? []).includes(frame.node);
      if (scc.length > 1 || selfLoop) {
        scc.sort((a, b) => a.fileOrder - b.fileOrder);
        for (const n of scc) out.set(n, scc);
      }
    }
  }
  return out;
}
