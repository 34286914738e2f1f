/**
 * End to end, simulator to summary.json: a Spot-interrupted attempt's money is waste. Without a retry
 * strategy the job fails; with the `Host EC2*` idiom it runs again and succeeds, and only the killed
 * attempts count in cost.wastedUsd.
 */
import { describe, expect, it } from "vitest";
import { createSummaryFold, reportContext } from "../../src/report/index.ts";
import { DEFAULT_SETTINGS } from "../../src/scenario/index.ts";
import type { Scenario } from "../../src/scenario/types.ts";
import type { Fact, JobAttemptEnded } from "../../src/sim/index.ts";
import { jobsAt, managedCe, run, scenario, spec } from "../sim/fixtures.ts";

function summarize(s: Scenario) {
  const { facts } = run(s);
  const meta = { scenarioSha256: "", batchsimVersion: "", assumptions: {}, outputs: {} };
  const fold = createSummaryFold(reportContext(s, meta));
  for (const f of facts) fold.onFact(f);
  const attempts = facts.filter((f: Fact): f is JobAttemptEnded => f.kind === "JobAttemptEnded");
  return { summary: fold.finish(), attempts };
}

describe("the waste ledger of Spot interruptions", () => {
  // One job of 200 days on a 5-10 % Spot type: it is reclaimed at least once (seed "1").
  const make = (retry: boolean): Scenario =>
    scenario({
      settings: DEFAULT_SETTINGS,
      computeEnvironments: [managedCe("ce", { type: "SPOT", instanceTypes: ["c6i.large"] })],
      workload: [
        jobsAt("w", [
          {
            at: 0,
            spec: spec({
              runtimeSeconds: 200 * 86400,
              retryStrategy: retry
                ? {
                    attempts: 10,
                    evaluateOnExit: [
                      {
                        onStatusReason: "Host EC2*",
                        onReason: null,
                        onExitCode: null,
                        action: "RETRY",
                      },
                    ],
                  }
                : { attempts: 1, evaluateOnExit: [] },
            }),
          },
        ]),
      ],
    });

  it("fails the job without a retry strategy and wastes the killed attempt", () => {
    const { summary, attempts } = summarize(make(false));
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.statusReason).toMatch(
      /^Host EC2 \(instance i-[0-9a-f]{17}\) terminated\.$/,
    );
    expect(attempts[0]!.exitCode).toBeNull();
    expect(summary.jobs.failed).toBe(1);
    expect(summary.spot?.interruptions).toBe(1);
    expect(summary.cost.wastedUsd).toBeGreaterThan(0);
    expect(summary.cost.wastedUsd).toBeCloseTo(attempts[0]!.costUsd, 12);
  });

  it("retries with Host EC2*, succeeds, and wastes exactly the killed attempts", () => {
    const { summary, attempts } = summarize(make(true));
    const killed = attempts.filter((a) => a.cause === "interrupted");
    expect(killed.length).toBeGreaterThan(0);
    expect(attempts.at(-1)!.succeeded).toBe(true);
    expect(summary.jobs.succeeded).toBe(1);
    const waste = killed.reduce((sum, a) => sum + a.costUsd, 0);
    expect(summary.cost.wastedUsd).toBeCloseTo(waste, 12);
    expect(summary.cost.wastedUsd).toBeLessThan(summary.cost.totalUsd);
  });
});
