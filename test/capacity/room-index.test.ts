import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Instance } from "../../src/capacity/instance.ts";
import { RoomIndex } from "../../src/capacity/room-index.ts";
import { shapeOf } from "../../src/model/shape.ts";

const type = {
  instanceType: "x.large",
  family: "x",
  vcpu: 8,
  memoryGiB: 16,
  gpu: 1,
  gpuModel: "",
  arch: "x86_64" as const,
  onDemandUsdPerHour: 1,
  spotUsdPerHour: null,
  spotInterruptionBucket: "5-10%" as const,
};

/** The rule written plainly: least leftover memory, then vCPU, then the oldest. */
function bruteBestFit(insts: Instance[], v: number, m: number, g: number): Instance | undefined {
  const fits = insts.filter((i) => i.freeVcpus >= v && i.freeMemoryMiB >= m && i.freeGpus >= g);
  fits.sort(
    (a, b) =>
      a.freeMemoryMiB - m - (b.freeMemoryMiB - m) || a.freeVcpus - b.freeVcpus || a.index - b.index,
  );
  return fits[0];
}

describe("best fit through the room index", () => {
  it("picks exactly what a scan of every instance would, as rooms change", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            inst: fc.integer({ min: 0, max: 11 }),
            v: fc.integer({ min: 0, max: 8 }),
            m: fc.integer({ min: 0, max: 16384 }),
            g: fc.integer({ min: 0, max: 1 }),
          }),
          { maxLength: 60 },
        ),
        fc.record({
          v: fc.integer({ min: 1, max: 8 }),
          m: fc.integer({ min: 1, max: 16384 }),
          g: fc.integer({ min: 0, max: 1 }),
        }),
        (changes, want) => {
          const insts = Array.from(
            { length: 12 },
            (_, i) => new Instance(i, `i-${i}`, 0, type, 8, 16384, 1, 0, 0),
          );
          const index = new RoomIndex();
          for (const i of insts) {
            i.ready = true;
            index.update(i, true);
          }
          for (const c of changes) {
            const i = insts[c.inst]!;
            i.freeVcpus = c.v;
            i.freeMemoryMiB = c.m;
            i.freeGpus = c.g;
            index.update(i, i.freeVcpus > 0 && i.freeMemoryMiB > 0);
          }
          const eligible = insts.filter((i) => i.freeVcpus > 0 && i.freeMemoryMiB > 0);
          const expected = bruteBestFit(eligible, want.v, want.m, want.g);
          expect(index.bestFit(shapeOf(want.v, want.m, want.g))).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
