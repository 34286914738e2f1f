import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Job } from "../../src/sim/job.ts";
import { LiveJobs } from "../../src/sim/live-jobs.ts";

const job = (key: number) => ({ key }) as unknown as Job;

describe("LiveJobs", () => {
  // Keys are set once, in order (0, 1, 2…), and deleted in any order: it answers as a Map would,
  // across pages (4,096 keys each) made, emptied and dropped.
  it("answers as a Map of the live keys", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12_000, maxLength: 30_000 }),
        fc.integer({ min: 0, max: 2 ** 30 }),
        (steps, seed) => {
          const live = new LiveJobs();
          const reference = new Map<number, Job>();
          let next = 0;
          let s = seed;
          for (const step of steps) {
            if (step < 5 || reference.size === 0) {
              const j = job(next);
              live.set(next, j);
              reference.set(next, j);
              next++;
            } else {
              // A pseudo-random live key (old ones too, so whole pages empty).
              s = (s * 1103515245 + 12345) % 2 ** 31;
              const keys = [...reference.keys()];
              const key = keys[s % keys.length]!;
              expect(live.get(key)).toBe(reference.get(key));
              live.delete(key);
              reference.delete(key);
            }
          }
          for (let k = 0; k <= next; k++) expect(live.get(k)).toBe(reference.get(k));
        },
      ),
      { numRuns: 20, seed: 20261128, endOnFailure: true },
    );
  });
});
