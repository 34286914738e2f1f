import { describe, expect, it } from "vitest";
import { createProgress, formatProgressLine } from "../../src/cli/progress.ts";

const DAY = 86_400;

describe("formatProgressLine", () => {
  it("shows simulated time, jobs done of the total, jobs/s and the ETA of the remaining jobs", () => {
    const line = formatProgressLine({
      simSeconds: 3 * DAY + 4 * 3600,
      jobsDone: 412_345,
      totalJobs: 1_000_000,
      wallSeconds: 8,
      untilSeconds: null,
    });
    // 51,543 jobs/s; 587,655 left → 11.4 s.
    expect(line).toBe("batchsim: 3d 4h simulated, 412,345/1,000,000 jobs, 52k jobs/s, ETA 11s");
    expect(line.length).toBeLessThan(80);
  });

  it("falls back to the simulated-time fraction of until when no job is done yet", () => {
    expect(
      formatProgressLine({
        simSeconds: 6 * 3600,
        jobsDone: 0,
        totalJobs: 500,
        wallSeconds: 2,
        untilSeconds: DAY,
      }),
    ).toBe("batchsim: 6h simulated, 0/500 jobs, 0.0 jobs/s, ETA 6s");
  });

  it("falls back to the simulated-time fraction of until when the total is unknown", () => {
    expect(
      formatProgressLine({
        simSeconds: DAY,
        jobsDone: 1500,
        wallSeconds: 3,
        untilSeconds: 4 * DAY,
      }),
    ).toBe("batchsim: 1d simulated, 1,500 jobs done, 500 jobs/s, ETA 9s");
  });

  it("takes the earlier end when until cuts the run before the jobs are done", () => {
    // Jobs: 9,000 left at 1,000/s = 9 s; until: half the horizon left at 5 s per half = 5 s.
    expect(
      formatProgressLine({
        simSeconds: DAY,
        jobsDone: 5000,
        totalJobs: 14_000,
        wallSeconds: 5,
        untilSeconds: 2 * DAY,
      }),
    ).toBe("batchsim: 1d simulated, 5,000/14,000 jobs, 1.0k jobs/s, ETA 5s");
  });

  it("leaves the ETA out with neither a total nor until, and the rate out before any wall time", () => {
    expect(formatProgressLine({ simSeconds: 90, jobsDone: 12, wallSeconds: 0.5 })).toBe(
      "batchsim: 1m 30s simulated, 12 jobs done, 24 jobs/s",
    );
    expect(formatProgressLine({ simSeconds: 0, jobsDone: 0, totalJobs: 10, wallSeconds: 0 })).toBe(
      "batchsim: 0s simulated, 0/10 jobs",
    );
  });

  it("stays under 80 characters for a ten-million-job run", () => {
    const line = formatProgressLine({
      simSeconds: 123 * DAY + 23 * 3600,
      jobsDone: 4_123_456,
      totalJobs: 10_000_000,
      wallSeconds: 71,
      untilSeconds: 365 * DAY,
    });
    expect(line).toBe(
      "batchsim: 123d 23h simulated, 4,123,456/10,000,000 jobs, 58k jobs/s, ETA 1m 41s",
    );
    expect(line.length).toBeLessThan(80);
  });
});

describe("createProgress", () => {
  function fakeIo(times: number[]): { out: string[]; io: Parameters<typeof createProgress>[2] } {
    const out: string[] = [];
    let i = 0;
    return { out, io: { nowMs: () => times[i++] ?? Number.NaN, write: (t) => out.push(t) } };
  }

  it("rewrites the line at most every 250 ms of wall time, counting from its creation", () => {
    const { out, io } = fakeIo([1000, 1100, 1200, 1500, 3000]);
    const progress = createProgress(true, { totalJobs: 100, untilSeconds: null }, io);
    progress.update(60, 0); // 0.1 s: shown
    progress.update(120, 10); // 0.2 s: 100 ms after the last, skipped
    progress.update(180, 20); // 0.5 s: shown
    progress.update(240, 50); // 2 s: shown
    progress.done();
    expect(out).toEqual([
      "\r\x1b[Kbatchsim: 1m simulated, 0/100 jobs, 0.0 jobs/s",
      "\r\x1b[Kbatchsim: 3m simulated, 20/100 jobs, 40 jobs/s, ETA 2s",
      "\r\x1b[Kbatchsim: 4m simulated, 50/100 jobs, 25 jobs/s, ETA 2s",
      "\r\x1b[K",
    ]);
  });

  it("writes nothing when disabled, and clears nothing it did not show", () => {
    const { out, io } = fakeIo([0, 1000]);
    const off = createProgress(false, {}, io);
    off.update(60, 1);
    off.done();
    createProgress(true, {}, io).done();
    expect(out).toEqual([]);
  });
});
