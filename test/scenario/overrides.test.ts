import { describe, expect, it } from "vitest";
import { BASE, problems, scenario, variant } from "./helpers.ts";

const text = BASE.join("\n");

describe("command-line overrides", () => {
  it("sets a field of a list item with --set, the value parsed as YAML", () => {
    const s = scenario(text, { sets: ["computeEnvironments[0].computeResources.maxvCpus=256"] });
    expect(s.computeEnvironments[0]?.computeResources?.maxvCpus).toBe(256);
    const t = scenario(text, {
      sets: ["computeEnvironments[0].computeResources.instanceTypes=[m6i, c6i.large]"],
    });
    expect(t.computeEnvironments[0]?.computeResources?.instanceTypes).toEqual(["m6i", "c6i.large"]);
  });

  it("sets a field absent from the file, creating the mappings on the way", () => {
    const s = scenario(text, {
      sets: [
        "settings.scaleInIdleSeconds=60",
        "settings.jobStartingSeconds={distribution: exponential, mean: 30s}",
      ],
    });
    expect(s.settings.scaleInIdleSeconds).toBe(60);
    expect(s.settings.jobStartingSeconds).toEqual({ kind: "exponential", meanSeconds: 30 });
  });

  it("points a problem in a --set value at that --set argument", () => {
    expect(
      problems(text, {
        sets: [
          "settings.scaleInIdleSeconds=60",
          "computeEnvironments[0].computeResources.maxvCpus=lots",
        ],
      }),
    ).toEqual([
      '--set:2:1 error computeEnvironments[0].computeResources.maxvCpus: expected number, got "lots"',
    ]);
  });

  it("rejects a PATH that is not a field of the schema, with a did-you-mean", () => {
    expect(problems(text, { sets: ["settings.scaleInIdle=60"] })).toEqual([
      "--set:1:1 error settings.scaleInIdle: scaleInIdle is not a field of the scenario (did you mean scaleInIdleSeconds?)",
    ]);
    expect(problems(text, { sets: ["no equals sign"] })).toEqual([
      "--set:1:1 error $: expected PATH=VALUE, got no equals sign",
    ]);
    expect(problems(text, { sets: ["settings.__proto__.x=1"] })).toEqual([
      "--set:1:1 error settings.__proto__.x: key __proto__ is not allowed",
    ]);
  });

  it("rejects a list index past the end of the list", () => {
    expect(problems(text, { sets: ["computeEnvironments[5].state=DISABLED"] })).toEqual([
      "--set:1:1 error computeEnvironments[5].state: computeEnvironments has 1 items: index 5 is past the end",
    ]);
  });

  it("overrides the seed and until from the command line", () => {
    const s = scenario(variant({}, ["seed: 7", "until: 1h"]), { seed: "abc", until: "2h" });
    expect(s.seed).toBe("abc");
    expect(s.untilSeconds).toBe(7200);
    expect(problems(text, { until: "2 hours" })).toEqual([
      "--until:1:1 error until: expected a duration: a number of seconds or a string like 90s, 15m, 2h, 7d, 1h30m",
    ]);
  });
});
