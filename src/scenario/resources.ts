/** VCPU, MEMORY and GPU of a job: resourceRequirements, legacy vcpus/memory, and SubmitJob overrides. */
import { FARGATE_SIZES } from "../model/fargate.ts";
import type { BuildContext } from "./context.ts";
import { atKey, atValue, type DocPath, type RawProblem } from "./problem.ts";

/** The platform a job runs on (a job definition's platformCapabilities). */
export type Platform = "EC2" | "FARGATE";

/** One resource value, how it was given (AWS forbids a legacy override of a resourceRequirements value) and where. */
export interface ResourceValue {
  readonly value: number;
  readonly via: "resourceRequirements" | "legacy";
  /** Where the value is written (for problems about the value in combination with others). */
  readonly path: DocPath;
}

/** Resources given by one block (a definition's containerProperties or a SubmitJob's containerOverrides). */
export interface Resources {
  readonly VCPU?: ResourceValue;
  readonly MEMORY?: ResourceValue;
  readonly GPU?: ResourceValue;
}

interface ResourceBlock {
  readonly resourceRequirements?:
    | readonly { type: "VCPU" | "MEMORY" | "GPU"; value: string | number }[]
    | undefined;
  readonly vcpus?: number | undefined;
  readonly memory?: number | undefined;
}

const MINIMUM = { VCPU: 1, MEMORY: 4, GPU: 0 } as const;

/** Fargate's vCPU values, ascending. */
const FARGATE_VCPUS: readonly number[] = [...FARGATE_SIZES.keys()].sort((a, b) => a - b);

/**
 * Reads the resources of one block at `path`, checking AWS's ranges. EC2: whole vCPUs, MEMORY ≥ 4 MiB.
 * Fargate: resourceRequirements only (no legacy vcpus/memory), a VCPU Fargate offers, no GPU; whether
 * VCPU and MEMORY make a Fargate size is checked on the job's values (checkFargateSize).
 */
export function readResources(
  ctx: BuildContext,
  block: ResourceBlock | undefined,
  path: DocPath,
  platform: Platform = "EC2",
): Resources {
  const out: { VCPU?: ResourceValue; MEMORY?: ResourceValue; GPU?: ResourceValue } = {};
  const seen = new Map<string, number>();
  (block?.resourceRequirements ?? []).forEach((rr, i) => {
    const rrPath = [...path, "resourceRequirements", i];
    const earlier = seen.get(rr.type);
    if (earlier !== undefined) {
      const line = ctx.lineOf([...path, "resourceRequirements", earlier]);
      ctx.problems.push(
        atValue([...rrPath, "type"], `duplicate ${rr.type} (first at line ${line})`),
      );
      return;
    }
    seen.set(rr.type, i);
    if (platform === "FARGATE" && rr.type === "GPU") {
      ctx.problems.push(atValue([...rrPath, "type"], "Fargate has no GPUs"));
      return;
    }
    const valuePath = [...rrPath, "value"];
    const value =
      platform === "FARGATE" && rr.type === "VCPU"
        ? checkFargateVcpu(ctx, rr.value, valuePath)
        : checkValue(ctx, rr.type, rr.value, valuePath);
    if (value !== undefined) out[rr.type] = { value, via: "resourceRequirements", path: valuePath };
  });
  const legacy = [
    ["vcpus", "VCPU"],
    ["memory", "MEMORY"],
  ] as const;
  for (const [key, type] of legacy) {
    const v = block?.[key];
    if (v === undefined) continue;
    if (platform === "FARGATE") {
      ctx.problems.push(atKey([...path, key], "not allowed on Fargate: use resourceRequirements"));
      continue;
    }
    if (out[type]) {
      ctx.problems.push(
        atKey([...path, key], `${key} conflicts with the ${type} of resourceRequirements`),
      );
      continue;
    }
    const value = checkValue(ctx, type, v, [...path, key]);
    if (value !== undefined) out[type] = { value, via: "legacy", path: [...path, key] };
  }
  return out;
}

function checkValue(
  ctx: BuildContext,
  type: keyof typeof MINIMUM,
  raw: string | number,
  path: DocPath,
): number | undefined {
  const value = typeof raw === "number" ? raw : raw.trim() === "" ? Number.NaN : Number(raw);
  if (!Number.isInteger(value) || value < MINIMUM[type]) {
    const what =
      type === "MEMORY" ? "an integer number of MiB ≥ 4" : `an integer ≥ ${MINIMUM[type]}`;
    ctx.problems.push(atValue(path, `${type} must be ${what}`));
    return undefined;
  }
  return value;
}

/** A Fargate VCPU value: one of 0.25, 0.5, 1, 2, 4, 8, 16. */
function checkFargateVcpu(
  ctx: BuildContext,
  raw: string | number,
  path: DocPath,
): number | undefined {
  const value = typeof raw === "number" ? raw : raw.trim() === "" ? Number.NaN : Number(raw);
  if (!FARGATE_SIZES.has(value)) {
    ctx.problems.push(
      atValue(
        path,
        `VCPU ${String(raw).trim() || '""'} is not a Fargate size: expected one of ${FARGATE_VCPUS.join(", ")}`,
      ),
    );
    return undefined;
  }
  return value;
}

/**
 * Whether VCPU/MEMORY make one of Fargate's sizes (aws-batch-model.md §2); a problem at `blame` (the
 * value to change) listing the MEMORY values the VCPU allows, or undefined when they do (or one is
 * missing: reported elsewhere).
 */
export function checkFargateSize(resources: Resources, blame: DocPath): RawProblem | undefined {
  const vcpu = resources.VCPU?.value;
  const memory = resources.MEMORY?.value;
  if (vcpu === undefined || memory === undefined) return undefined;
  const allowed = FARGATE_SIZES.get(vcpu);
  if (!allowed || allowed.includes(memory)) return undefined;
  return atValue(
    blame,
    `Fargate has no ${vcpu} vCPU / ${memory} MiB size: with ${vcpu} vCPU, MEMORY must be one of ${allowed.join(", ")}`,
  );
}

/**
 * The job's resources: overrides over the definition. A legacy override (vcpus/memory) of a value
 * the definition set through resourceRequirements is an error, as in AWS.
 */
export function mergeResources(
  ctx: BuildContext,
  def: Resources,
  overrides: Resources,
  overridesPath: DocPath,
): Resources {
  const out: { VCPU?: ResourceValue; MEMORY?: ResourceValue; GPU?: ResourceValue } = { ...def };
  for (const type of ["VCPU", "MEMORY", "GPU"] as const) {
    const o = overrides[type];
    if (!o) continue;
    if (o.via === "legacy" && def[type]?.via === "resourceRequirements") {
      const key = type === "VCPU" ? "vcpus" : "memory";
      ctx.problems.push(
        atKey(
          [...overridesPath, key],
          `cannot override a ${type} the job definition sets through resourceRequirements; use containerOverrides.resourceRequirements`,
        ),
      );
      continue;
    }
    out[type] = o;
  }
  return out;
}
