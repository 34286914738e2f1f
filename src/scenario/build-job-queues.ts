/** `jobQueues:` → normalised job queues: CE references, order values, scheduling policy, time-limit actions, AWS limits. */
import {
  type BuildContext,
  checkDuplicateNames,
  parseItems,
  rawString,
  stripArn,
} from "./context.ts";
import { didYouMean } from "./did-you-mean.ts";
import { atValue, type DocPath } from "./problem.ts";
import { jobQueueSchema } from "./schema-job-queues.ts";
import type { ComputeEnvironment, JobQueue } from "./types.ts";

/** What a compute environment runs jobs on: EC2 instances (EC2, SPOT, UNMANAGED) or Fargate (FARGATE, FARGATE_SPOT). */
export type PlatformKind = "EC2" | "FARGATE";

/** The platform a compute environment's jobs run on. */
export function platformKind(ce: ComputeEnvironment): PlatformKind {
  const type = ce.computeResources?.type;
  return type === "FARGATE" || type === "FARGATE_SPOT" ? "FARGATE" : "EC2";
}

/** A kind in words, with the CE types it covers, for messages. */
export function describeKind(kind: PlatformKind): string {
  return kind === "FARGATE" ? "Fargate (FARGATE, FARGATE_SPOT)" : "EC2 (EC2, SPOT, UNMANAGED)";
}

/** A CE's type as the user wrote it: its computeResources.type, or UNMANAGED. */
function ceType(ce: ComputeEnvironment): string {
  return ce.computeResources?.type ?? ce.type;
}

/**
 * The one platform kind of a list of compute environments, or undefined when the list is empty or
 * mixes kinds (an error reported where the list is written).
 */
export function queueKind(ces: readonly ComputeEnvironment[]): PlatformKind | undefined {
  const kinds = new Set(ces.map(platformKind));
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

/** A queue whose compute environments an updateJobQueue must keep to one kind: its name, kind and CEs. */
export interface QueueKindReference {
  readonly jobQueue: string;
  readonly kind: PlatformKind;
  readonly computeEnvironments: readonly string[];
}

/** AWS's reasons that can trigger a jobStateTimeLimitAction (the others need manual action). */
export const TIME_LIMIT_REASONS = [
  "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY",
  "MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE",
  "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
  "MISCONFIGURATION:EC2_INSTANCE_CONFIGURATION_UNSUPPORTED",
] as const;

/** AWS's blocked reasons that need manual action instead (they cannot trigger an action). */
const MANUAL_REASONS: readonly string[] = [
  "MISCONFIGURATION:SERVICE_ROLE_PERMISSIONS",
  "ACTION_REQUIRED",
  "UNDETERMINED",
];

/**
 * Builds the queues that passed their schema; `ceNames` are every CE name written in the file,
 * `policyNames` every scheduling policy name.
 */
export function buildJobQueues(
  ctx: BuildContext,
  list: readonly unknown[],
  ceNames: ReadonlySet<string>,
  policyNames: ReadonlySet<string> = new Set(),
  builtCes: ReadonlyMap<string, ComputeEnvironment> = new Map(),
): JobQueue[] {
  checkDuplicateNames(ctx, list, ["jobQueues"], "jobQueueName");
  list.forEach((raw, i) => {
    checkTimeLimitActions(ctx, raw, ["jobQueues", i]);
  });
  return parseItems(jobQueueSchema, list).map(({ index, item }) => {
    const path = ["jobQueues", index];
    const type = item.jobQueueType ?? "ECS";
    if (type !== "ECS" && type !== "ECS_FARGATE") {
      ctx.problems.push(
        atValue(
          [...path, "jobQueueType"],
          `${type}: not supported (batchsim models ECS job queues)`,
        ),
      );
    }
    const computeEnvironments = checkComputeEnvironmentOrder(
      ctx,
      item.computeEnvironmentOrder,
      [...path, "computeEnvironmentOrder"],
      ceNames,
      builtCes,
    );
    const ces = computeEnvironments.flatMap((n) => builtCes.get(n) ?? []);
    if (type === "ECS_FARGATE" && queueKind(ces) === "EC2") {
      ctx.problems.push(
        atValue(
          [...path, "jobQueueType"],
          `ECS_FARGATE is for Fargate compute environments, but job queue ${item.jobQueueName} has EC2 ones (${ces.map((c) => c.computeEnvironmentName).join(", ")}): use ECS or leave jobQueueType out`,
        ),
      );
    }
    return {
      jobQueueName: item.jobQueueName,
      state: item.state ?? "ENABLED",
      priority: item.priority,
      computeEnvironments,
      schedulingPolicy: resolvePolicy(ctx, item.schedulingPolicyArn, path, policyNames),
      jobStateTimeLimitActions: (item.jobStateTimeLimitActions ?? []).map((a) => ({
        reason: a.reason,
        state: a.state,
        maxTimeSeconds: a.maxTimeSeconds,
        action: "CANCEL" as const,
      })),
    };
  });
}

/** schedulingPolicyArn → the policy's name (a name, or an ARN ending in /name), or null: FIFO. */
function resolvePolicy(
  ctx: BuildContext,
  ref: string | undefined,
  queuePath: DocPath,
  policyNames: ReadonlySet<string>,
): string | null {
  if (ref === undefined) return null;
  const name = stripArn(ref);
  if (!policyNames.has(name)) {
    ctx.problems.push(
      atValue(
        [...queuePath, "schedulingPolicyArn"],
        `unknown scheduling policy ${name}${didYouMean(name, policyNames)}`,
      ),
    );
  }
  return name;
}

/**
 * ECS queues: CANCEL only, a reason that can trigger an action, one action per reason. Checked on the
 * raw entries, so these show up alongside the schema's problems of the same queue.
 */
function checkTimeLimitActions(ctx: BuildContext, rawQueue: unknown, queuePath: DocPath): void {
  const list =
    rawQueue !== null && typeof rawQueue === "object"
      ? (rawQueue as Record<string, unknown>).jobStateTimeLimitActions
      : undefined;
  if (!Array.isArray(list)) return;
  const path = [...queuePath, "jobStateTimeLimitActions"];
  const reasons = new Map<string, number>();
  const allowed: readonly string[] = TIME_LIMIT_REASONS;
  list.forEach((entry: unknown, i) => {
    const entryPath = [...path, i];
    const reason = rawString(entry, "reason");
    if (reason !== undefined && !allowed.includes(reason)) {
      ctx.problems.push(
        atValue(
          [...entryPath, "reason"],
          `${reason}${MANUAL_REASONS.includes(reason) ? " needs manual action and" : ""} cannot trigger an action: expected one of ${TIME_LIMIT_REASONS.join(", ")}${didYouMean(reason, TIME_LIMIT_REASONS)}`,
        ),
      );
    } else if (reason !== undefined) {
      const earlier = reasons.get(reason);
      if (earlier !== undefined) {
        const line = ctx.lineOf([...path, earlier, "reason"]);
        ctx.problems.push(
          atValue(
            [...entryPath, "reason"],
            `duplicate reason ${reason} (first at line ${line}): one action per reason`,
          ),
        );
      } else reasons.set(reason, i);
    }
    if (rawString(entry, "action") === "TERMINATE") {
      ctx.problems.push(
        atValue(
          [...entryPath, "action"],
          "TERMINATE is for SageMaker queues; ECS queues allow CANCEL only",
        ),
      );
    }
  });
}

/**
 * Checks a computeEnvironmentOrder list (of CreateJobQueue or UpdateJobQueue): unique orders, known
 * CEs, one platform kind (aws-batch-model.md §5: all EC2-type or all Fargate-type). Each entry whose
 * kind differs from the first entry's (or, for an update, from the queue's: `reference`) is an error
 * at that entry. Returns the CE names in ascending order.
 */
export function checkComputeEnvironmentOrder(
  ctx: BuildContext,
  list: readonly { readonly order: number; readonly computeEnvironment: string }[],
  path: DocPath,
  ceNames: ReadonlySet<string>,
  builtCes: ReadonlyMap<string, ComputeEnvironment> = new Map(),
  reference?: QueueKindReference,
): string[] {
  checkKinds(ctx, list, path, builtCes, reference);
  const orders = new Map<number, number>();
  list.forEach((entry, i) => {
    const entryPath = [...path, i];
    const earlier = orders.get(entry.order);
    if (earlier !== undefined) {
      const line = ctx.lineOf([...path, earlier, "order"]);
      ctx.problems.push(
        atValue([...entryPath, "order"], `duplicate order ${entry.order} (first at line ${line})`),
      );
    } else orders.set(entry.order, i);
    const name = stripArn(entry.computeEnvironment);
    if (!ceNames.has(name)) {
      ctx.problems.push(
        atValue(
          [...entryPath, "computeEnvironment"],
          `unknown compute environment ${name}${didYouMean(name, ceNames)}`,
        ),
      );
    }
  });
  return [...list].sort((a, b) => a.order - b.order).map((e) => stripArn(e.computeEnvironment));
}

/** The all-EC2-or-all-Fargate rule of a computeEnvironmentOrder list (CEs that did not build are skipped). */
function checkKinds(
  ctx: BuildContext,
  list: readonly { readonly computeEnvironment: string }[],
  path: DocPath,
  builtCes: ReadonlyMap<string, ComputeEnvironment>,
  reference: QueueKindReference | undefined,
): void {
  const rule = `a job queue's compute environments must be all ${describeKind("EC2")} or all ${describeKind("FARGATE")}`;
  let first: { index: number; ce: ComputeEnvironment } | undefined;
  list.forEach((entry, i) => {
    const ce = builtCes.get(stripArn(entry.computeEnvironment));
    if (!ce) return;
    const kind = platformKind(ce);
    const at = [...path, i, "computeEnvironment"];
    const name = ce.computeEnvironmentName;
    if (reference) {
      if (kind === reference.kind) return;
      ctx.problems.push(
        atValue(
          at,
          `${name} is ${ceType(ce)}, but job queue ${reference.jobQueue} has ${reference.kind === "FARGATE" ? "Fargate" : "EC2"} compute environments (${reference.computeEnvironments.join(", ")}): ${rule}`,
        ),
      );
      return;
    }
    if (!first) {
      first = { index: i, ce };
      return;
    }
    if (platformKind(first.ce) === kind) return;
    const line = ctx.lineOf([...path, first.index, "computeEnvironment"]);
    ctx.problems.push(
      atValue(
        at,
        `${name} is ${ceType(ce)}, but ${first.ce.computeEnvironmentName} (line ${line}) is ${ceType(first.ce)}: ${rule}`,
      ),
    );
  });
}
