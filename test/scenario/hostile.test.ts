import { describe, expect, it } from "vitest";
import { problems, variant } from "./helpers.ts";

describe("hostile input", () => {
  it("refuses an alias bomb", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
    ].join("\n");
    expect(problems(bomb)).toEqual([
      "s.yaml:1:1 error $: refused: too many alias expansions (more than 1000)",
    ]);
  });

  it("refuses absurdly deep nesting without overflowing the stack", () => {
    const deep = variant({}, [`description: ${"[".repeat(5000)}${"]".repeat(5000)}`]);
    expect(problems(deep)).toEqual(["s.yaml:1:1 error $: refused: nested too deeply"]);
  });

  it("refuses nesting deeper than 64 levels", () => {
    const deep = variant({}, [`description: ${"[".repeat(100)}${"]".repeat(100)}`]);
    expect(problems(deep)).toContain(
      `s.yaml:17:78 error description${"[0]".repeat(64)}: nested more than 64 levels deep`,
    );
  });

  it("accepts a few aliases the ordinary way", () => {
    const text = variant({
      12: "    sim: {runtime: &r 10m}",
      16: "    arrivals: {process: fixed, every: *r, count: 3}",
    });
    expect(problems(text)).toEqual([]);
  });

  it("accepts the schema comment on the first line", () => {
    expect(
      problems(`# yaml-language-server: $schema=./scenario.schema.json\n${variant({})}`),
    ).toEqual([]);
  });
});
