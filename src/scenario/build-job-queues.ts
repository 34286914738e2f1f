/** `jobQueues:` → normalised job queues: CE references, order values, AWS limits. */
import { type BuildContext, checkDuplicateNames, parseItems, stripArn } from "./context.ts";
import { didYouMean } from "./did-you-mean.ts";
import { atValue, type DocPath } from "./problem.ts";
import { jobQueueSchema } from "./schema-job-queues.ts";
import type { JobQueue } from "./types.ts";

/** Builds the queues that passed their schema; `ceNames` are every CE name written in the file. */
export function buildJobQueues(
  ctx: BuildContext,
  list: readonly unknown[],
  ceNames: ReadonlySet<string>,
): JobQueue[] {
  checkDuplicateNames(ctx, list, ["jobQueues"], "jobQueueName");
  return parseItems(jobQueueSchema, list).map(({ index, item }) => {
    const path = ["jobQueues", index];
    const type = item.jobQueueType ?? "ECS";
    if (type === "ECS_FARGATE")
      ctx.problems.push(atValue([...path, "jobQueueType"], "ECS_FARGATE: not supported yet"));
    else if (type !== "ECS") {
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
    );
    return {
      jobQueueName: item.jobQueueName,
      state: item.state ?? "ENABLED",
      priority: item.priority,
      computeEnvironments,
      schedulingPolicy: null,
    };
  });
}

/**
 * Checks a computeEnvironmentOrder list (of CreateJobQueue or UpdateJobQueue): unique orders, known
 * CEs. Returns the CE names in ascending order.
 */
export function checkComputeEnvironmentOrder(
  ctx: BuildContext,
  list: readonly { readonly order: number; readonly computeEnvironment: string }[],
  path: DocPath,
  ceNames: ReadonlySet<string>,
): string[] {
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
