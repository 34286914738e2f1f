import { describe, expect, it } from "vitest";
import { parseDurationSeconds, parseMemoryMiB } from "../../src/scenario/index.ts";
import { problems, scenario, variant } from "./helpers.ts";

describe("units", () => {
  it("reads durations as seconds, plain numbers included", () => {
    expect(parseDurationSeconds("90s")).toBe(90);
    expect(parseDurationSeconds("15m")).toBe(900);
    expect(parseDurationSeconds("2h")).toBe(7200);
    expect(parseDurationSeconds("7d")).toBe(604800);
    expect(parseDurationSeconds("1h30m")).toBe(5400);
    expect(parseDurationSeconds("1.5m")).toBe(90);
    expect(parseDurationSeconds(42)).toBe(42);
  });

  it("refuses durations with spaces, other units or no unit", () => {
    for (const bad of ["1 h", "1w", "10", "", "h", "-5s", "1h 30m"]) {
      expect(parseDurationSeconds(bad)).toBeUndefined();
    }
    expect(parseDurationSeconds(-1)).toBeUndefined();
  });

  it("reads memory sizes in MiB", () => {
    expect(parseMemoryMiB("4GiB")).toBe(4096);
    expect(parseMemoryMiB("512MiB")).toBe(512);
    expect(parseMemoryMiB(300)).toBe(300);
    expect(parseMemoryMiB("4GB")).toBeUndefined();
  });

  it("normalises duration fields of the scenario to seconds", () => {
    const s = scenario(
      variant({ 16: "    arrivals: {process: fixed, every: 1h30m, from: 90s, to: 1d}" }, [
        "until: 2d",
      ]),
    );
    expect(s.untilSeconds).toBe(172800);
    expect(s.workload[0]).toMatchObject({
      arrivals: { everySeconds: 5400, fromSeconds: 90, toSeconds: 86400 },
    });
  });

  it("points at a malformed duration with the accepted forms", () => {
    expect(problems(variant({ 12: "    sim: {runtime: 10 min}" }))).toEqual([
      "s.yaml:12:20 error jobDefinitions[0].sim.runtime: expected a duration: a number of seconds or a string like 90s, 15m, 2h, 7d, 1h30m",
    ]);
    expect(
      problems(variant({ 16: "    arrivals: {process: fixed, every: 1w, count: 3}" })),
    ).toEqual([
      "s.yaml:16:39 error workload[0].arrivals.every: expected a duration: a number of seconds or a string like 90s, 15m, 2h, 7d, 1h30m",
    ]);
  });

  it("reads resourceRequirements memory as MiB strings", () => {
    const s = scenario(variant({}));
    expect(s.workload[0]).toMatchObject({ spec: { vcpus: 1, memoryMiB: 2048, gpus: 0 } });
  });
});
