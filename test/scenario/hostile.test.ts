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

describe("prototype pollution", () => {
  it("the __proto__ / constructor.prototype scenarios leave Object.prototype untouched", () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const hostile = [
      variant({}, ["__proto__: {polluted: true}"]),
      variant({}, ["__proto__:", "  polluted: true"]),
      variant({}, ["constructor: {prototype: {polluted: true}}"]),
      variant({ 12: "    sim: {runtime: 10m, __proto__: {polluted: true}}" }),
      variant({ 12: '    sim: {runtime: 10m, "__proto__": {polluted: true}}' }),
      variant({}, ["x: &p {polluted: true}", "__proto__: *p"]),
      // A large file (past the fast read's size) with the key deep inside.
      variant({}, [`description: "${"x".repeat(300_000)}"`, "__proto__: {polluted: true}"]),
    ];
    for (const text of hostile) {
      const found = problems(text);
      expect(found.some((p) => /key (__proto__|constructor) is not allowed/.test(p))).toBe(true);
    }
    // Overrides take the same path.
    problems(variant({}), { sets: ["__proto__.polluted=true", "settings.constructor.x=1"] });
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, "polluted")).toBe(false);
  });
});
