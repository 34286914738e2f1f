import { describe, expect, it } from "vitest";
import type { Job } from "../../src/sim/job.ts";
import { JobList } from "../../src/sim/job-list.ts";

const job = (key: number) => ({ key }) as unknown as Job;

describe("JobList", () => {
  it("keeps jobs in push order, grows while read, and empties", () => {
    const list = new JobList();
    list.push(job(1));
    list.push(job(2));
    const seen: number[] = [];
    for (let i = 0; i < list.length; i++) {
      seen.push(list.at(i).key);
      if (i === 0) list.push(job(3)); // pushed while the list is read: read in the same pass
    }
    expect(seen).toEqual([1, 2, 3]);
    list.clear();
    expect(list.length).toBe(0);
    list.push(job(4));
    expect(list.length).toBe(1);
    expect(list.at(0).key).toBe(4);
  });
});
