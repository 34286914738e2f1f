/**
 * What a job needs from an instance: vCPU, memory (MiB) and GPUs. A gang (a multi-node parallel
 * job) needs `nodes` whole instances at once, each able to hold the largest node's needs.
 */
export interface Shape {
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly gpus: number;
  /** Whole instances needed at once; 0 for an ordinary job that shares an instance. */
  readonly nodes: number;
  /** A gang's required instance type, or null (the CE chooses). */
  readonly instanceType: string | null;
  /** Jobs with the same key are interchangeable for placement. */
  readonly key: string;
}

const shapes = new Map<string, Shape>();
/** The same shapes by a numeric key when the needs are whole and in range (no string per lookup). */
const shapesByNumber = new Map<number, Shape>();
/** Memory (MiB) and GPUs below these, and vCPU below 2^20, fit the numeric key under 2^53. */
const MEMORY_LIMIT = 2 ** 26;
const GPU_LIMIT = 2 ** 7;
const VCPU_LIMIT = 2 ** 20;

/**
 * One number for whole (vCPU, memory MiB, GPUs) in range — a map key much cheaper than a string —
 * or -1 when they are not (fractional vCPU, huge values).
 */
export function resourcesKey(vcpus: number, memoryMiB: number, gpus: number): number {
  if (
    Number.isInteger(vcpus) &&
    Number.isInteger(memoryMiB) &&
    Number.isInteger(gpus) &&
    vcpus >= 0 &&
    vcpus < VCPU_LIMIT &&
    memoryMiB >= 0 &&
    memoryMiB < MEMORY_LIMIT &&
    gpus >= 0 &&
    gpus < GPU_LIMIT
  )
    return (vcpus * MEMORY_LIMIT + memoryMiB) * GPU_LIMIT + gpus;
  return -1;
}

/** The canonical (interned) shape for these needs, so shapes compare by identity. */
export function shapeOf(vcpus: number, memoryMiB: number, gpus: number): Shape {
  const n = resourcesKey(vcpus, memoryMiB, gpus);
  if (n >= 0) {
    let shape = shapesByNumber.get(n);
    if (!shape) {
      shape = internShape(vcpus, memoryMiB, gpus);
      shapesByNumber.set(n, shape);
    }
    return shape;
  }
  return internShape(vcpus, memoryMiB, gpus);
}

function internShape(vcpus: number, memoryMiB: number, gpus: number): Shape {
  const key = `${vcpus}/${memoryMiB}/${gpus}`;
  let shape = shapes.get(key);
  if (!shape) {
    shape = { vcpus, memoryMiB, gpus, nodes: 0, instanceType: null, key };
    shapes.set(key, shape);
  }
  return shape;
}

/** The interned gang shape: `nodes` whole instances, each holding vcpus/memoryMiB/gpus. */
export function gangShapeOf(
  nodes: number,
  vcpus: number,
  memoryMiB: number,
  gpus: number,
  instanceType: string | null,
): Shape {
  const key = `gang:${nodes}:${vcpus}/${memoryMiB}/${gpus}:${instanceType ?? "*"}`;
  let shape = shapes.get(key);
  if (!shape) {
    shape = { vcpus, memoryMiB, gpus, nodes, instanceType, key };
    shapes.set(key, shape);
  }
  return shape;
}

/** Free resources of something (an instance, or a what-if copy of one). */
export interface Room {
  freeVcpus: number;
  freeMemoryMiB: number;
  freeGpus: number;
}

/** Whether one job of `shape` fits in `room`. */
export function fits(room: Room, shape: Shape): boolean {
  return (
    room.freeVcpus >= shape.vcpus &&
    room.freeMemoryMiB >= shape.memoryMiB &&
    room.freeGpus >= shape.gpus
  );
}

/** How many jobs of `shape` fit in `room` at once (bin packing by every resource). */
export function fitCount(room: Room, shape: Shape): number {
  let n = Number.POSITIVE_INFINITY;
  if (shape.vcpus > 0) n = Math.min(n, Math.floor(room.freeVcpus / shape.vcpus));
  if (shape.memoryMiB > 0) n = Math.min(n, Math.floor(room.freeMemoryMiB / shape.memoryMiB));
  if (shape.gpus > 0) n = Math.min(n, Math.floor(room.freeGpus / shape.gpus));
  return Number.isFinite(n) ? Math.max(0, n) : 0;
}
