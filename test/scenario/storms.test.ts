import { describe, expect, it } from "vitest";
import { problems, scenario, variant } from "./helpers.ts";

/** BASE + a SPOT CE `spot` (lines 6–8, so BASE's lines shift by 3), `top` lines, then `actions:` (first item at line 21 + top.length). */
const withStorms = (top: readonly string[], ...actions: string[]): string =>
  variant(
    {
      5: [
        "    computeResources: {type: EC2, maxvCpus: 64, instanceTypes: [c6i]}",
        "  - computeEnvironmentName: spot",
        "    type: MANAGED",
        "    computeResources: {type: SPOT, maxvCpus: 64, instanceTypes: [c6i]}",
      ].join("\n"),
    },
    [...top, "actions:", ...actions],
  );

describe("storm actions (simulator-only)", () => {
  it("normalises spotInterruption and capacityUnavailable", () => {
    const s = scenario(
      withStorms(
        ["until: 7d"],
        "  - at: 3d",
        "    spotInterruption: { fraction: 0.5, instanceTypes: [c6i.xlarge], computeEnvironment: spot }",
        "  - at: 4d",
        "    capacityUnavailable: { instanceTypes: [c6i.xlarge, m6i.xlarge], for: 6h }",
        "  - {at: 1h, spotInterruption: {fraction: 1}}",
        "  - {at: 2h, spotInterruption: {fraction: 0.25, computeEnvironment: 'arn:aws:batch:us-east-1:1:compute-environment/spot'}}",
        "  - {at: 5d, capacityUnavailable: {instanceTypes: [m6i.large], for: 90}}",
      ),
    );
    expect(s.actions).toEqual([
      {
        atSeconds: 3600,
        kind: "spotInterruption",
        fraction: 1,
        instanceTypes: null,
        computeEnvironment: null,
      },
      {
        atSeconds: 7200,
        kind: "spotInterruption",
        fraction: 0.25,
        instanceTypes: null,
        computeEnvironment: "spot",
      },
      {
        atSeconds: 259200,
        kind: "spotInterruption",
        fraction: 0.5,
        instanceTypes: ["c6i.xlarge"],
        computeEnvironment: "spot",
      },
      {
        atSeconds: 345600,
        kind: "capacityUnavailable",
        instanceTypes: ["c6i.xlarge", "m6i.xlarge"],
        durationSeconds: 21600,
      },
      {
        atSeconds: 432000,
        kind: "capacityUnavailable",
        instanceTypes: ["m6i.large"],
        durationSeconds: 90,
      },
    ]);
  });

  it("rejects a fraction outside (0, 1]", () => {
    expect(
      problems(
        withStorms(
          [],
          "  - {at: 1h, spotInterruption: {fraction: 0}}",
          "  - {at: 1h, spotInterruption: {fraction: 1.5}}",
          "  - {at: 1h, spotInterruption: {fraction: -0.1}}",
          "  - {at: 1h, spotInterruption: {computeEnvironment: spot}}",
        ),
      ),
    ).toEqual([
      "s.yaml:21:43 error actions[0].spotInterruption.fraction: must be > 0",
      "s.yaml:22:43 error actions[1].spotInterruption.fraction: must be ≤ 1",
      "s.yaml:23:43 error actions[2].spotInterruption.fraction: must be > 0",
      "s.yaml:24:33 error actions[3].spotInterruption.fraction: required",
    ]);
  });

  it("takes instance type sizes only: did-you-mean on unknown, a family is refused", () => {
    expect(
      problems(
        withStorms(
          [],
          "  - {at: 1h, spotInterruption: {fraction: 0.5, instanceTypes: [c6i.xlarg, c6i]}}",
          "  - {at: 1h, capacityUnavailable: {instanceTypes: [m6i, c6i.2xlarge, optimal], for: 1h}}",
          "  - {at: 1h, capacityUnavailable: {instanceTypes: [], for: 1h}}",
        ),
      ),
    ).toEqual([
      "s.yaml:21:64 error actions[0].spotInterruption.instanceTypes[0]: unknown instance type c6i.xlarg (did you mean c6i.xlarge?)",
      "s.yaml:21:75 error actions[0].spotInterruption.instanceTypes[1]: a size like c6i.xlarge, not the family c6i",
      "s.yaml:22:52 error actions[1].capacityUnavailable.instanceTypes[0]: a size like m6i.xlarge, not the family m6i",
      "s.yaml:22:70 error actions[1].capacityUnavailable.instanceTypes[2]: unknown instance type optimal",
      "s.yaml:23:51 error actions[2].capacityUnavailable.instanceTypes: needs at least one instance type",
    ]);
  });

  it("needs a known SPOT compute environment", () => {
    expect(
      problems(
        withStorms(
          [],
          "  - {at: 1h, spotInterruption: {fraction: 0.5, computeEnvironment: spto}}",
          "  - {at: 1h, spotInterruption: {fraction: 0.5, computeEnvironment: ce}}",
        ),
      ),
    ).toEqual([
      "s.yaml:21:68 error actions[0].spotInterruption.computeEnvironment: unknown compute environment spto (did you mean spot?)",
      "s.yaml:22:68 error actions[1].spotInterruption.computeEnvironment: ce is not a SPOT or FARGATE_SPOT compute environment (its type is EC2): only Spot instances and Fargate Spot tasks are interrupted",
    ]);
  });

  it("needs a duration > 0 in for, and an at within until", () => {
    expect(
      problems(
        withStorms(
          ["until: 1d"],
          "  - {at: 1h, capacityUnavailable: {instanceTypes: [c6i.large], for: 0}}",
          "  - {at: 1h, capacityUnavailable: {instanceTypes: [c6i.large], for: 0s}}",
          "  - {at: 1h, capacityUnavailable: {instanceTypes: [c6i.large], for: soon}}",
          "  - {at: 1h, capacityUnavailable: {instanceTypes: [c6i.large]}}",
          "  - {at: 2d, spotInterruption: {fraction: 0.5}}",
          "  - {at: 3d, capacityUnavailable: {instanceTypes: [c6i.large], for: 1h}}",
        ),
      ),
    ).toEqual([
      "s.yaml:22:69 error actions[0].capacityUnavailable.for: must be > 0",
      "s.yaml:23:69 error actions[1].capacityUnavailable.for: must be > 0",
      "s.yaml:24:69 error actions[2].capacityUnavailable.for: expected a duration: a number of seconds or a string like 90s, 15m, 2h, 7d, 1h30m",
      "s.yaml:25:36 error actions[3].capacityUnavailable.for: required",
      "s.yaml:26:10 error actions[4].at: after the end of the run (until: 1d)",
      "s.yaml:27:10 error actions[5].at: after the end of the run (until: 1d)",
    ]);
  });
});
