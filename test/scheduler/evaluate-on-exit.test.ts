import { describe, expect, it } from "vitest";
import { conditionMatches, shouldRetry } from "../../src/scheduler/evaluate-on-exit.ts";

const hostLost = {
  statusReason: "Host EC2 (instance i-0abc) terminated.",
  reason: "",
  exitCode: null,
};
const exited1 = { statusReason: "Essential container in task exited", reason: "", exitCode: 1 };

describe("evaluateOnExit conditions", () => {
  it("matches exact values, trailing-* prefixes, and * against anything including nothing", () => {
    expect(conditionMatches("Host EC2*", hostLost.statusReason)).toBe(true);
    expect(conditionMatches("Host EC2", hostLost.statusReason)).toBe(false);
    expect(conditionMatches("*", null)).toBe(true);
    expect(conditionMatches("1", null)).toBe(false);
    expect(conditionMatches(null, "anything")).toBe(true);
  });
});

describe("shouldRetry", () => {
  const spotIdiom = {
    attempts: 3,
    evaluateOnExit: [
      { onStatusReason: "Host EC2*", onReason: null, onExitCode: null, action: "RETRY" as const },
      { onStatusReason: null, onReason: "*", onExitCode: null, action: "EXIT" as const },
    ],
  };

  it("retries a host loss and exits on anything else with the common Spot idiom", () => {
    expect(shouldRetry(spotIdiom, 1, hostLost)).toBe(true);
    expect(shouldRetry(spotIdiom, 1, exited1)).toBe(false);
  });

  it("retries by default when no entry matches, while attempts remain", () => {
    const onlyExitCode2 = {
      attempts: 2,
      evaluateOnExit: [
        { onStatusReason: null, onReason: null, onExitCode: "2", action: "EXIT" as const },
      ],
    };
    expect(shouldRetry(onlyExitCode2, 1, exited1)).toBe(true);
    expect(shouldRetry(onlyExitCode2, 2, exited1)).toBe(false);
  });

  it("needs every condition of an entry to match", () => {
    const both = {
      attempts: 3,
      evaluateOnExit: [
        { onStatusReason: "Essential*", onReason: null, onExitCode: "2", action: "EXIT" as const },
      ],
    };
    expect(shouldRetry(both, 1, exited1)).toBe(true); // exit code differs: the entry does not match
    expect(shouldRetry(both, 1, { ...exited1, exitCode: 2 })).toBe(false);
  });
});
