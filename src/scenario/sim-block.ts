/** `sim:` blocks (what a container does when it runs): runtime, exit codes and memory used, normalised. */
import type * as z from "zod";
import type { BuildContext } from "./context.ts";
import { toDistribution } from "./distribution.ts";
import { atKey, atValue, type DocPath } from "./problem.ts";
import type { simBlockSchema } from "./schema-common.ts";
import type { Distribution, JobSpec } from "./types.ts";
import { parseMemoryMiB } from "./units.ts";

type SimBlockInput = z.infer<typeof simBlockSchema>;

/** A normalised `sim:` block; absent fields are undefined (a later block may supply them). */
export interface SimBlock {
  readonly runtime: Distribution | undefined;
  readonly exitCodes: JobSpec["exitCodes"] | undefined;
  /** MiB the container really uses (sim.memoryUsedMiB). */
  readonly memoryUsedMiB: number | undefined;
  /** Where memoryUsedMiB was given (for "not supported yet for multi-node jobs"). */
  readonly memoryUsedMiBPath?: DocPath;
}

/** Exit codes when no block gives them: always 0. */
export const DEFAULT_EXIT_CODES: JobSpec["exitCodes"] = [{ exitCode: 0, probability: 1 }];

/** The block of a job or stream without `sim:` (one shared object: nothing of it is ever changed). */
export const NO_SIM_BLOCK: SimBlock = Object.freeze({
  runtime: undefined,
  exitCodes: undefined,
  memoryUsedMiB: undefined,
});

/** Normalises one `sim:` block at `path`, pushing problems. */
export function buildSimBlock(
  ctx: BuildContext,
  sim: SimBlockInput | undefined,
  path: DocPath,
): SimBlock {
  if (!sim) return NO_SIM_BLOCK;
  const runtime =
    sim.runtime === undefined
      ? undefined
      : toDistribution(sim.runtime, [...path, "runtime"], ctx.problems);
  const exitCodes =
    sim.exitCodes === undefined
      ? undefined
      : buildExitCodes(ctx, sim.exitCodes, [...path, "exitCodes"]);
  const memoryUsedMiB =
    sim.memoryUsedMiB === undefined ? undefined : parseMemoryMiB(sim.memoryUsedMiB);
  return sim.memoryUsedMiB === undefined
    ? { runtime, exitCodes, memoryUsedMiB }
    : { runtime, exitCodes, memoryUsedMiB, memoryUsedMiBPath: [...path, "memoryUsedMiB"] };
}

function buildExitCodes(
  ctx: BuildContext,
  codes: Readonly<Record<string, number>>,
  path: DocPath,
): JobSpec["exitCodes"] | undefined {
  const out: { exitCode: number; probability: number }[] = [];
  let ok = true;
  for (const [key, probability] of Object.entries(codes)) {
    const code = /^\d{1,3}$/.test(key) ? Number(key) : Number.NaN;
    if (!(code >= 0 && code <= 255)) {
      ctx.problems.push(atKey([...path, key], "exit codes are integers 0–255"));
      ok = false;
    } else out.push({ exitCode: code, probability });
  }
  const sum = out.reduce((a, b) => a + b.probability, 0);
  if (ok && Math.abs(sum - 1) > 1e-9) {
    ctx.problems.push(atValue(path, `probabilities must sum to 1 (they sum to ${sum})`));
    ok = false;
  }
  return ok ? out.sort((a, b) => a.exitCode - b.exitCode) : undefined;
}
