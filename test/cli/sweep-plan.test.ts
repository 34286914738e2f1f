import { describe, expect, it } from "vitest";
import { CliError } from "../../src/cli/errors.ts";
import {
  describePoint,
  parseSweepSets,
  pointCount,
  pointOptions,
  pointValues,
} from "../../src/cli/sweep-plan.ts";

function problems(args: string[]): readonly string[] {
  try {
    parseSweepSets(args);
  } catch (error) {
    if (error instanceof CliError) return [...error.lines, error.message].filter((l) => l !== "");
    throw error;
  }
  throw new Error("expected a usage error");
}

describe("the --set flags of a sweep", () => {
  it("split VALUE on commas and keep each value as canonical YAML text", () => {
    expect(parseSweepSets(["a.b=1, 2 ,'3',0x10", "c="])).toEqual([
      { path: "a.b", values: ["1", "2", "'3'", "16"] },
      { path: "c", values: ["null"] },
    ]);
  });

  it("take the items of a YAML flow list as the values, so values may contain commas or be lists", () => {
    expect(parseSweepSets(['x=[1, "a, b", [2, 3], {k: v}, "8"]'])).toEqual([
      { path: "x", values: ["1", "'a, b'", "[ 2, 3 ]", "{ k: v }", "'8'"] },
    ]);
  });

  it("locate every problem at --set:k:col, all at once", () => {
    expect(problems(["x={a: 1, b: 2}", "nope", "y=[]", "x=1"])).toEqual([
      '--set:1:3 error x: "{a: 1" is not valid YAML (Flow map must end with a } at line 1, column 6); to sweep values that contain commas, write PATH=[v1, v2]',
      "--set:2:1 error $: expected PATH=VALUE, got nope",
      "--set:3:3 error y: no values to sweep ([] is an empty list)",
      "--set:4:1 error x: x is already swept by --set 1",
    ]);
  });

  it("refuse a sweep of more than a million points", () => {
    const values = Array.from({ length: 101 }, (_, i) => i).join(",");
    expect(problems([`a=${values}`, `b=${values}`, `c=${values}`])).toEqual([
      "batchsim sweep: 1030301 points is more than 1,000,000",
    ]);
  });
});

describe("the points of a sweep", () => {
  const parameters = [
    { path: "a", values: ["1", "2"] },
    { path: "b", values: ["x", "y", "z"] },
    { path: "c", values: ["fixed"] },
  ];

  it("are the cartesian product in the order of the flags, the last varying fastest", () => {
    expect(pointCount(parameters)).toBe(6);
    expect(Array.from({ length: 6 }, (_, i) => pointValues(parameters, i).join(" "))).toEqual([
      "1 x fixed",
      "1 y fixed",
      "1 z fixed",
      "2 x fixed",
      "2 y fixed",
      "2 z fixed",
    ]);
  });

  it("load with one --set per parameter after the sweep's own options", () => {
    expect(pointOptions(parameters, 4, { seed: "9" })).toEqual({
      seed: "9",
      sets: ["a=2", "b=y", "c=fixed"],
    });
    expect(describePoint(parameters, 4)).toBe("a=2, b=y, c=fixed");
  });

  it("are one point when nothing is swept", () => {
    expect(pointCount([])).toBe(1);
    expect(pointValues([], 0)).toEqual([]);
  });
});
