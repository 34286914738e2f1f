/**
 * AWS Fargate sizes and prices (data/fargate.json, us-east-1; aws-batch-model.md §7, §11). The
 * values are written out here so the core needs no file access; test/model/fargate.test.ts checks
 * them against the shipped data/fargate.json.
 */

/** Per-second Fargate billing: each task pays at least this many seconds (§11, §13.19). */
export const FARGATE_MINIMUM_BILLED_SECONDS = 60;

/** Ephemeral storage included in a task's price, GiB. */
export const FARGATE_INCLUDED_STORAGE_GIB = 20;

export type FargateArchitecture = "X86_64" | "ARM64";

/** Linux rates per vCPU-hour and per GB-hour (GB = MiB / 1024). */
export interface FargateRate {
  readonly vcpuHour: number;
  readonly gbHour: number;
}

/** On-Demand (real, AWS pricing page) and Spot (x86: a real historical quote; ARM: an estimate). */
export const FARGATE_RATES: Readonly<
  Record<"FARGATE" | "FARGATE_SPOT", Readonly<Record<FargateArchitecture, FargateRate>>>
> = {
  FARGATE: {
    X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 },
    ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 },
  },
  FARGATE_SPOT: {
    X86_64: { vcpuHour: 0.01334053, gbHour: 0.00146489 },
    ARM64: { vcpuHour: 0.01067111, gbHour: 0.00117323 },
  },
};

/** Extra ephemeral storage above the included 20 GiB, per GB-hour. */
export const FARGATE_STORAGE_GB_HOUR = 0.000111;

/**
 * Valid task sizes (AWS Batch `ResourceRequirement`, Fargate): vCPU → the MEMORY values (MiB) it
 * allows. 74 pairs in all.
 */
export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [0.25, [512, 1024, 2048]],
  [0.5, steps(1024, 4096, 1024)],
  [1, steps(2048, 8192, 1024)],
  [2, steps(4096, 16384, 1024)],
  [4, steps(8192, 30720, 1024)],
  [8, steps(16384, 61440, 4096)],
  [16, steps(32768, 122880, 8192)],
]);

function steps(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** Whether vCPU/MEMORY is a size Fargate runs. */
export function isFargateSize(vcpus: number, memoryMiB: number): boolean {
  return FARGATE_SIZES.get(vcpus)?.includes(memoryMiB) ?? false;
}

/**
 * A task's price per hour: vCPU × the vCPU rate + GB × the GB rate (+ storage above 20 GiB), for
 * FARGATE or FARGATE_SPOT.
 */
export function fargateUsdPerHour(
  option: "FARGATE" | "FARGATE_SPOT",
  arch: FargateArchitecture,
  vcpus: number,
  memoryMiB: number,
  ephemeralStorageGiB = FARGATE_INCLUDED_STORAGE_GIB,
): number {
  const rate = FARGATE_RATES[option][arch];
  const storage = Math.max(0, ephemeralStorageGiB - FARGATE_INCLUDED_STORAGE_GIB);
  return (
    vcpus * rate.vcpuHour + (memoryMiB / 1024) * rate.gbHour + storage * FARGATE_STORAGE_GB_HOUR
  );
}

/** The label a task of this size shows in instance-type columns, e.g. `fargate.1vcpu-2gb`. */
export function fargateSizeLabel(vcpus: number, memoryMiB: number): string {
  return `fargate.${vcpus}vcpu-${memoryMiB / 1024}gb`;
}
