import { describe, expect, it } from "vitest";
import { Entitlement } from "../../src/report/entitlement.ts";

function track(weights: Record<string, number>, prefixes: Record<string, string> = {}) {
  const latest = new Map<string, number>();
  const e = new Entitlement(
    { weightFactor: (s) => weights[s] ?? 1, prefixOf: (s) => prefixes[s] ?? null },
    (share, fraction) => latest.set(share, fraction),
  );
  return { e, latest };
}

describe("weight-entitled shares", () => {
  it("entitles weights 0.125 and 1 to 8/9 and 1/9 of the queue, and the survivor to all of it", () => {
    const { e, latest } = track({ A: 0.125, B: 1 });
    e.change("A", 1);
    e.change("B", 1);
    expect(latest.get("A")).toBeCloseTo(8 / 9, 12);
    expect(latest.get("B")).toBeCloseTo(1 / 9, 12);
    e.change("B", -1);
    expect(latest.get("A")).toBe(1);
    expect(latest.get("B")).toBe(0);
  });

  it("shares one weight among a prefix's active ids: UserA1 and UserA2 together equal B", () => {
    const { e, latest } = track(
      { UserA1: 1, UserA2: 1, B: 1 },
      { UserA1: "UserA*", UserA2: "UserA*" },
    );
    e.change("UserA1", 1);
    e.change("UserA2", 1);
    e.change("B", 1);
    expect(latest.get("UserA1")! + latest.get("UserA2")!).toBeCloseTo(latest.get("B")!, 12);
  });

  it("says nothing new while the set of active shares stays the same", () => {
    let said = 0;
    const e = new Entitlement({ weightFactor: () => 1, prefixOf: () => null }, () => {
      said++;
    });
    e.change("A", 1);
    const after = said;
    e.change("A", 1);
    e.change("A", -1);
    expect(said).toBe(after);
  });
});
