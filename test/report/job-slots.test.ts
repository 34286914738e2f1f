/** JobSlots (the ledger's live records by jobKey) against a Map kept in key order. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JobSlots, type SlotRecord } from "../../src/report/job-slots.ts";

function record(jobKey: number, parent = false): SlotRecord {
  return { submitted: { jobKey, jobId: `job-${jobKey}` }, isArrayParent: parent };
}

/** Steps: add the next key (most), add a key below every one added (rare), delete a live job. */
const step = fc.oneof(
  { arbitrary: fc.record({ add: fc.constant(true), parent: fc.boolean() }), weight: 6 },
  { arbitrary: fc.record({ below: fc.nat(50) }), weight: 1 },
  { arbitrary: fc.record({ del: fc.nat(), oldest: fc.boolean() }), weight: 5 },
);

describe("JobSlots", () => {
  it("finds, forgets and lists live jobs as a Map in key order does, across compactions", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), fc.nat(9000), (steps, start) => {
        const slots = new JobSlots<SlotRecord>();
        const ref = new Map<number, SlotRecord>();
        let next = start;
        let low = start;
        // A long run of jobs that end in order first, so the dead prefix is dropped (4,096+ slots).
        for (let k = 0; k < 5000; k++) {
          const r = record(next++);
          slots.add(r);
          slots.delete(r);
        }
        for (const s of steps) {
          if ("add" in s) {
            const r = record(next++, s.parent);
            slots.add(r);
            ref.set(r.submitted.jobKey, r);
          } else if ("below" in s) {
            low -= 1 + s.below;
            const r = record(low);
            slots.add(r);
            ref.set(low, r);
          } else if (ref.size > 0) {
            const keys = [...ref.keys()].sort((a, b) => a - b);
            const key = s.oldest ? keys[0]! : keys[s.del % keys.length]!;
            slots.delete(ref.get(key)!);
            ref.delete(key);
          }
          const live = [...ref.keys()].sort((a, b) => a - b);
          expect([...slots.values()].map((r) => r.submitted.jobKey)).toEqual(live);
        }
        for (let key = low - 3; key < next + 3; key++) expect(slots.find(key)).toBe(ref.get(key));
        for (const r of ref.values())
          if (r.isArrayParent) expect(slots.parent(r.submitted.jobId)).toBe(r);
        expect(() => slots.get(next + 1, "job-x")).toThrow(/unknown or finished job job-x/);
      }),
      { numRuns: 60 },
    );
  });
});
