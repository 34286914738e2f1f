/** VCPU, MEMORY and GPU of a job: resourceRequirements, legacy vcpus/memory, and SubmitJob overrides. */
import type { BuildContext } from "./context.ts";
import { atKey, atValue, type DocPath } from "./problem.ts";

/** One resource value and how it was given (AWS forbids a legacy override of a resourceRequirements value). */
export interface ResourceValue {
  readonly value: number;
  readonly via: "resourceRequirements" | "legacy";
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

/** Reads the resources of one block at `path`, checking AWS's ranges (EC2: whole vCPUs, MEMORY ≥ 4 MiB). */
export function readResources(
  ctx: BuildContext,
  block: ResourceBlock | undefined,
  path: DocPath,
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
    const value = checkValue(ctx, rr.type, rr.value, [...rrPath, "value"]);
    if (value !== undefined) out[rr.type] = { value, via: "resourceRequirements" };
  });
  const legacy = [
    ["vcpus", "VCPU"],
    ["memory", "MEMORY"],
  ] as const;
  for (const [key, type] of legacy) {
    const v = block?.[key];
    if (v === undefined) continue;
    if (out[type]) {
      ctx.problems.push(
        atKey([...path, key], `${key} conflicts with the ${type} of resourceRequirements`),
      );
      continue;
    }
    const value = checkValue(ctx, type, v, [...path, key]);
    if (value !== undefined) out[type] = { value, via: "legacy" };
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
