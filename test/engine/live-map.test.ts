/** LiveMap (src/report/live-map.ts) behaves as a Map — same entries, same order — across its rebuilds. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LiveMap } from "../../src/engine/live-map.ts";

describe("LiveMap", () => {
  it("holds what a Map holds, in the same order, whatever the adds and deletes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 300 })), { maxLength: 30_000 }),
        (ops) => {
          const live = new LiveMap<number, string>();
          const model = new Map<number, string>();
          for (const [add, k] of ops) {
            if (add) {
              live.set(k, `v${k}`);
              model.set(k, `v${k}`);
            } else expect(live.delete(k)).toBe(model.delete(k));
          }
          expect(live.size).toBe(model.size);
          expect([...live.entries()]).toEqual([...model.entries()]);
          expect([...live.values()]).toEqual([...model.values()]);
          for (let k = 0; k <= 300; k++) {
            expect(live.get(k)).toBe(model.get(k));
            expect(live.has(k)).toBe(model.has(k));
          }
        },
      ),
      { numRuns: 40, seed: 20261128 },
    );
  });

  it("keeps insertion order through many rebuilds (a queue of live jobs)", () => {
    const live = new LiveMap<string, number>();
    for (let i = 0; i < 50_000; i++) {
      live.set(`job-${i}`, i);
      if (i >= 10) live.delete(`job-${i - 10}`);
    }
    expect([...live.values()]).toEqual([
      49_990, 49_991, 49_992, 49_993, 49_994, 49_995, 49_996, 49_997, 49_998, 49_999,
    ]);
    live.clear();
    expect(live.size).toBe(0);
  });
});
