import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ShareUsage } from "../../src/scheduler/share-usage.ts";

/** D by brute force: integrate r(s)·max(0, 1 − (now − s)/W) with small steps. */
function bruteDecayed(changes: [number, number][], now: number, w: number): number {
  let d = 0;
  const step = 0.01;
  for (let s = Math.max(0, now - w) + step / 2; s < now; s += step) {
    const r = changes.filter(([t]) => t <= s).reduce((sum, [, dv]) => sum + dv, 0);
    d += r * Math.max(0, 1 - (now - s) / w) * step;
  }
  return d;
}

describe("share usage with a linear decay window", () => {
  it("weighs a job that ran 30 s of a 60 s window at 50 % once it is 30 s old (CDK's example)", () => {
    const u = new ShareUsage(60);
    u.change(0, 1); // 1 vCPU from 0 to 30 s
    u.change(30, -1);
    // At 30 s the run spanned ages 30..0: ∫ (1 − age/60) = 30 − 450/60 = 22.5.
    expect(u.decayed(30)).toBeCloseTo(22.5, 9);
    // At 90 s every second of it is ≥ 60 s old: nothing counts.
    expect(u.decayed(90)).toBe(0);
  });

  it("adds R·W/2 for what runs now, and is weight × R when the window is 0", () => {
    const u = new ShareUsage(600);
    u.change(100, 4);
    expect(u.usage(100, 2)).toBeCloseTo(2 * (0 + (4 * 600) / 2), 9);
    const now = new ShareUsage(0);
    now.change(5, 3);
    expect(now.usage(7, 0.5)).toBe(1.5);
  });

  it("matches brute-force integration for random rate changes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 8 })), {
          maxLength: 12,
        }),
        fc.integer({ min: 10, max: 120 }),
        fc.integer({ min: 0, max: 260 }),
        (starts, w, nowOffset) => {
          // Each start adds v vCPU for 40 s.
          const changes: [number, number][] = starts.flatMap(([t, v]) => [
            [t, v] as [number, number],
            [t + 40, -v] as [number, number],
          ]);
          changes.sort((a, b) => a[0] - b[0]);
          const u = new ShareUsage(w);
          const now = nowOffset;
          for (const [t, dv] of changes) if (t <= now) u.change(t, dv);
          expect(u.decayed(now)).toBeCloseTo(bruteDecayed(changes, now, w), 0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
