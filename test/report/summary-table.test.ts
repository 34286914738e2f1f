import { describe, expect, it } from "vitest";
import {
  createSummaryFold,
  formatDuration,
  formatSummaryTable,
  formatUsd,
} from "../../src/report/index.ts";
import { ctx, tinyRun } from "./fixture.ts";

describe("the stdout summary table", () => {
  it("shows jobs, waits, response, utilization, cost, queues and the run folder", () => {
    const fold = createSummaryFold(ctx);
    for (const f of tinyRun()) fold.onFact(f);
    expect(formatSummaryTable(fold.finish(), "runs/tiny")).toBe(
      [
        "tiny",
        "  jobs         4 submitted, 2 succeeded, 1 failed, 1 unfinished",
        "  unfinished   1 RUNNABLE (1 in line)",
        "  incidents    1 retry, 1 cancelled",
        "  wait         p50 1m 40s, p90 1m 50s, p99 1m 50s, max 1m 50s",
        "  response     mean 2m 17s, p90 3m 40s",
        "  utilization  21.3%",
        "  cost         $0.04 total, $0.03 idle, $0.0015 wasted",
        "  simulated    6m 40s",
        "",
        "  queue  submitted  succeeded  failed  unfinished  wait p50  wait p90",
        "  q1             4          2       1           1    1m 40s    1m 50s",
        // Job E never ran: its queue was blocked from the fact at 200 s to the end.
        "  q1 is blocked from 3m 20s to the end by E (job-E): MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
        "",
        "run folder: runs/tiny",
        "",
      ].join("\n"),
    );
  });

  it("prints durations with at most two units", () => {
    expect(formatDuration(252)).toBe("4m 12s");
    expect(formatDuration(3600)).toBe("1h");
    expect(formatDuration(7500)).toBe("2h 5m");
    expect(formatDuration(3 * 86400 + 4 * 3600 + 5)).toBe("3d 4h");
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(null)).toBe("-");
  });

  it("prints dollars with cents and thousands separators", () => {
    expect(formatUsd(12.344)).toBe("$12.34");
    expect(formatUsd(1234.5)).toBe("$1,234.50");
  });
});
