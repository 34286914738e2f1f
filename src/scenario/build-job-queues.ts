/** `jobQueues:` → normalised job queues: CE references, order values, AWS limits. */
import { type BuildContext, checkDuplicateNames, parseItems, stripArn } from "./context.ts";
import { didYouMean } from "./did-you-mean.ts";
import { atValue } from "./problem.ts";
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
    const orders = new Map<number, number>();
    item.computeEnvironmentOrder.forEach((entry, i) => {
      const entryPath = [...path, "computeEnvironmentOrder", i];
      const earlier = orders.get(entry.order);
      if (earlier !== undefined) {
        const line = ctx.lineOf([...path, "computeEnvironmentOrder", earlier, "order"]);
        ctx.problems.push(
          atValue(
            [...entryPath, "order"],
            `duplicate order ${entry.order} (first at line ${line})`,
          ),
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
    const ordered = [...item.computeEnvironmentOrder].sort((a, b) => a.order - b.order);
    return {
      jobQueueName: item.jobQueueName,
      state: item.state ?? "ENABLED",
      priority: item.priority,
      computeEnvironments: ordered.map((e) => stripArn(e.computeEnvironment)),
      schedulingPolicy: null,
    };
  });
}
