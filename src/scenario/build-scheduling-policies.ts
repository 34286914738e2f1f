/** `schedulingPolicies:` → normalised fair-share policies: defaults filled in, no overlapping share identifiers. */
import { type BuildContext, checkDuplicateNames, parseItems } from "./context.ts";
import { atValue, type DocPath } from "./problem.ts";
import { schedulingPolicySchema } from "./schema-job-queues.ts";
import type { SchedulingPolicy } from "./types.ts";

/** AWS's default weightFactor of a shareDistribution entry (and of identifiers not listed). */
export const DEFAULT_WEIGHT_FACTOR = 1;

/** Builds the policies that passed their schema (duplicate names are errors at the later one). */
export function buildSchedulingPolicies(
  ctx: BuildContext,
  list: readonly unknown[],
): SchedulingPolicy[] {
  checkDuplicateNames(ctx, list, ["schedulingPolicies"], "name");
  return parseItems(schedulingPolicySchema, list).map(({ index, item }) => {
    const fair = item.fairsharePolicy ?? {};
    const distribution = fair.shareDistribution ?? [];
    checkOverlaps(
      ctx,
      distribution.map((e) => e.shareIdentifier),
      ["schedulingPolicies", index, "fairsharePolicy", "shareDistribution"],
    );
    return {
      name: item.name,
      shareDecaySeconds: fair.shareDecaySeconds ?? 0,
      computeReservation: fair.computeReservation ?? 0,
      shareDistribution: distribution.map((e) => ({
        shareIdentifier: e.shareIdentifier,
        weightFactor: e.weightFactor ?? DEFAULT_WEIGHT_FACTOR,
      })),
    };
  });
}

/**
 * AWS: entries of one policy may not overlap. `UserA*` overlaps `UserA1` and `UserAB*`; equal entries
 * are duplicates. Reported at the later entry, naming the earlier one's line.
 */
function checkOverlaps(ctx: BuildContext, ids: readonly string[], listPath: DocPath): void {
  ids.forEach((id, i) => {
    for (let k = 0; k < i; k++) {
      const earlier = ids[k];
      if (earlier === undefined || !overlap(earlier, id)) continue;
      const line = ctx.lineOf([...listPath, k, "shareIdentifier"]);
      const message =
        earlier === id
          ? `duplicate shareIdentifier ${id} (first at line ${line})`
          : `shareIdentifier ${id} overlaps ${earlier} (line ${line}): entries of a policy may not overlap`;
      ctx.problems.push(atValue([...listPath, i, "shareIdentifier"], message));
      return;
    }
  });
}

/** Whether two share identifiers (either may be a `prefix*`) can match the same job's identifier. */
export function overlap(a: string, b: string): boolean {
  const pa = a.endsWith("*") ? a.slice(0, -1) : undefined;
  const pb = b.endsWith("*") ? b.slice(0, -1) : undefined;
  if (pa === undefined && pb === undefined) return a === b;
  if (pa !== undefined && pb !== undefined) return pa.startsWith(pb) || pb.startsWith(pa);
  if (pa !== undefined) return b.startsWith(pa);
  return a.startsWith(pb ?? "");
}
