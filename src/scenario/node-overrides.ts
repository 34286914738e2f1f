/**
 * One multi-node job's layout (aws-batch-model.md §4): a multinode definition's node ranges after
 * SubmitJob's `nodeOverrides` — a new numNodes under AWS's rules, and per-range resource and
 * instance-type overrides — and the node groups the simulator takes.
 */
import type { Catalog } from "../model/catalog.ts";
import type { BuildContext } from "./context.ts";
import {
  firstMismatch,
  layOut,
  type MultinodeDefinition,
  type NodeRange,
  parseTargetNodes,
  rangeInstanceType,
  resolve,
  TARGET_NODES_MESSAGE,
} from "./node-ranges.ts";
import { atValue, type DocPath } from "./problem.ts";
import { mergeResources, type Resources, readResources } from "./resources.ts";
import type { SubmitInput } from "./schema-submit.ts";
import type { NodeGroup } from "./types.ts";

type NodeOverridesInput = NonNullable<SubmitInput["nodeOverrides"]>;

/** One job's node layout: the definition's ranges after SubmitJob's nodeOverrides. */
export interface JobLayout {
  readonly numNodes: number;
  readonly mainNode: number;
  /** Per range of the definition, in its order: resources after nodePropertyOverrides. */
  readonly ranges: readonly {
    readonly targetNodes: string;
    readonly resources: Resources;
    /** The range owns at least one node (an outer range may be wholly covered by nested ones). */
    readonly owns: boolean;
  }[];
  /** The range owning each node 0..numNodes−1. */
  readonly owners: readonly number[];
  readonly instanceType: string | null;
}

/**
 * Applies a SubmitJob's `nodeOverrides` (at `path`) to a multinode definition named `defName`.
 * `numNodes` follows AWS's rules (an open-ended range, whose start and mainNode are below the new
 * count); each `nodePropertyOverrides` entry names one of the definition's ranges (the same nodes,
 * with the job's numNodes) and overrides its resources and instance type.
 */
export function layOutJob(
  ctx: BuildContext,
  def: MultinodeDefinition,
  defName: string,
  overrides: NodeOverridesInput | undefined,
  path: DocPath,
  catalog: Catalog,
): JobLayout | undefined {
  const before = ctx.problems.length;
  const numNodes = overrides?.numNodes ?? def.numNodes;
  const numPath = [...path, "numNodes"];
  const rangeName = (r: NodeRange): string =>
    `node range "${r.targetNodes}" of job definition ${defName} (line ${ctx.lineOf(r.targetPath)})`;
  if (overrides?.numNodes !== undefined) {
    const open = def.ranges.filter((r) => r.target.to === null);
    if (open.length === 0) {
      ctx.problems.push(
        atValue(
          numPath,
          `job definition ${defName} has no node range with an open end (like "4:"): AWS allows a numNodes override only then`,
        ),
      );
    }
    for (const r of open) {
      const start = r.target.from ?? 0;
      if (start >= numNodes)
        ctx.problems.push(
          atValue(numPath, `must be greater than ${start}, the start of ${rangeName(r)}`),
        );
    }
    if (def.mainNode >= numNodes) {
      ctx.problems.push(
        atValue(
          numPath,
          `must be greater than ${def.mainNode}, the mainNode of job definition ${defName}`,
        ),
      );
    }
  }
  if (ctx.problems.length > before) return undefined;
  const layout = layOut(def.ranges, numNodes, ctx.lineOf);
  if ("issues" in layout) {
    // Only a numNodes override can break a layout the definition's checks accepted.
    for (const issue of layout.issues) {
      const range = issue.range === null ? undefined : def.ranges[issue.range];
      const what = range ? `${rangeName(range)}: ` : "";
      ctx.problems.push(atValue(numPath, `with numNodes ${numNodes}, ${what}${issue.message}`));
    }
    return undefined;
  }
  const spans = def.ranges.map((r) => resolve(r.target, numNodes));
  const resources = def.ranges.map((r) => r.resources);
  const types: ({ type: string; path: DocPath | null } | null)[] = def.ranges.map((r) =>
    r.instanceType === null ? null : { type: r.instanceType, path: null },
  );
  /** Definition range → the override entry (index) that names it. */
  const overridden = new Map<number, number>();
  (overrides?.nodePropertyOverrides ?? []).forEach((o, k) => {
    const oPath = [...path, "nodePropertyOverrides", k];
    const targetPath = [...oPath, "targetNodes"];
    const target = parseTargetNodes(o.targetNodes);
    if (!target) {
      ctx.problems.push(atValue(targetPath, TARGET_NODES_MESSAGE));
      return;
    }
    const s = resolve(target, numNodes);
    const idx = spans.findIndex((x) => x.from === s.from && x.to === s.to);
    if (idx < 0) {
      const names = def.ranges.map((r) => `"${r.targetNodes}"`).join(", ");
      ctx.problems.push(
        atValue(
          targetPath,
          `matches no node range of job definition ${defName} (${names}): an override names one of them`,
        ),
      );
      return;
    }
    const earlier = overridden.get(idx);
    if (earlier !== undefined) {
      const line = ctx.lineOf([...path, "nodePropertyOverrides", earlier, "targetNodes"]);
      ctx.problems.push(
        atValue(
          targetPath,
          `names the same node range as nodePropertyOverrides[${earlier}] (line ${line})`,
        ),
      );
      return;
    }
    overridden.set(idx, k);
    const coPath = [...oPath, "containerOverrides"];
    const own = readResources(ctx, o.containerOverrides, coPath);
    resources[idx] = mergeResources(ctx, resources[idx] ?? {}, own, coPath);
    const type = rangeInstanceType(
      ctx,
      o.instanceTypes,
      [...oPath, "instanceTypes"],
      o.containerOverrides?.instanceType,
      [...coPath, "instanceType"],
      catalog,
    );
    if (type) types[idx] = type;
  });
  const mismatch = firstMismatch(types);
  if (mismatch) {
    const at = types[mismatch.index];
    const first = types[mismatch.first];
    const firstRange = def.ranges[mismatch.first];
    const atPath = at?.path ?? first?.path;
    if (at && first && firstRange && atPath) {
      ctx.problems.push(
        atValue(
          atPath,
          `all node ranges must use the same instance type: node range "${firstRange.targetNodes}" uses ${first.type}, node range "${def.ranges[mismatch.index]?.targetNodes}" ${at.type}`,
        ),
      );
    }
  }
  if (ctx.problems.length > before) return undefined;
  const owned = new Set(layout.owners);
  return {
    numNodes,
    mainNode: def.mainNode,
    ranges: def.ranges.map((r, i) => ({
      targetNodes: r.targetNodes,
      resources: resources[i] ?? {},
      owns: owned.has(i),
    })),
    owners: layout.owners,
    instanceType: types.find((t) => t !== null)?.type ?? null,
  };
}

/** The node groups of a layout: runs of consecutive nodes owned by one range, ascending. */
export function nodeGroups(layout: JobLayout): NodeGroup[] {
  const out: NodeGroup[] = [];
  layout.owners.forEach((owner, n) => {
    const last = out[out.length - 1];
    if (last && layout.owners[n - 1] === owner) {
      out[out.length - 1] = { ...last, toNode: n };
      return;
    }
    const r = layout.ranges[owner]?.resources ?? {};
    out.push({
      fromNode: n,
      toNode: n,
      vcpus: r.VCPU?.value ?? 0,
      memoryMiB: r.MEMORY?.value ?? 0,
      gpus: r.GPU?.value ?? 0,
    });
  });
  return out;
}
