/** What a job needs from an instance: vCPU, memory (MiB) and GPUs. */
export interface Shape {
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly gpus: number;
  /** `${vcpus}/${memoryMiB}/${gpus}`: jobs with the same key are interchangeable for placement. */
  readonly key: string;
}

const shapes = new Map<string, Shape>();

/** The canonical (interned) shape for these needs, so shapes compare by identity. */
export function shapeOf(vcpus: number, memoryMiB: number, gpus: number): Shape {
  const key = `${vcpus}/${memoryMiB}/${gpus}`;
  let shape = shapes.get(key);
  if (!shape) {
    shape = { vcpus, memoryMiB, gpus, key };
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
