// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { renderApp } from "../../web/src/app.ts";
import { formatDifference } from "../../web/src/compare.ts";
import { checkPayload } from "../../web/src/payload.ts";
import { emptyRun, fairShareRun, oneJobRun, payload, spotRun } from "./fixture.ts";
import { mount, texts } from "./helpers.ts";

const render = (value: unknown) => {
  const root = mount();
  return { root, app: renderApp(root, checkPayload(value)) };
};

describe("the page", () => {
  it('says "no run loaded" for an empty payload', () => {
    const { root } = render({ runs: [] });
    expect(root.textContent).toBe("No run loaded.");
  });

  it("says plainly that a report of another data format is incompatible", () => {
    const { root } = render({ runs: [{ label: "old", data: { ...oneJobRun(), format: 0 } }] });
    expect(root.textContent).toMatch(
      /written by an incompatible version of batchsim \(data format 0/,
    );
    expect(root.querySelector("svg")).toBeNull();
  });

  it("renders every section of one run with headline numbers and assumptions", () => {
    const { root, app } = render(payload([spotRun()], ["spot"]));
    expect(texts(root, "section.row > h2")).toEqual([
      "Run",
      "State at t",
      "Capacity over time",
      "Queue depth",
      "Wait times",
      "Cost",
      "Instances and attempts",
      "Jobs",
      "Fair share",
    ]);
    expect(texts(root, ".card-title")).toEqual([
      "jobs",
      "wait p50 / p90 / p99",
      "cost",
      "utilization",
      "Spot interruptions",
    ]);
    expect(texts(root, ".card-value")).toEqual([
      "2",
      "100 s / 8.8 min / 8.8 min",
      "$0.3000",
      "50 %",
      "1",
    ]);
    expect(texts(root, "details.assumptions td")).toEqual([
      "schedulerIntervalSeconds",
      "5",
      "instanceReadySeconds",
      "180",
    ]);
    expect(root.querySelectorAll("canvas")).toHaveLength(1);
    expect(app.runs[0]!.gantt).not.toBeNull();
    expect(
      texts(root, ".note").filter((n) => n.startsWith("This part could not be drawn")),
    ).toEqual([]);
  });

  it("moves every time chart's cursor and the state panel with the scrubber", () => {
    const { root, app } = render(payload([oneJobRun()]));
    app.scrubber!.set(600);
    const cursors = [...root.querySelectorAll("line.cursor")];
    // capacity, queue depth, burn rate, cumulative cost, cumulative cost stacked
    expect(cursors.length).toBe(5);
    for (const c of cursors) expect(c.getAttribute("x1")).toBe(cursors[0]!.getAttribute("x1"));
    expect(texts(root, ".state-time")).toEqual(["t = 0:10:00"]);
  });

  it("opens the job panel for an attempt clicked in the Gantt chart", () => {
    const { root, app } = render(payload([spotRun()]));
    const run = app.runs[0]!;
    const canvas = run.gantt!.canvas;
    const click = new MouseEvent("click", { bubbles: true });
    const a = run.gantt!.attemptAt(150 + (400 / 2000) * 750, 20 + 16 + 11 + 2 + 16 + 1);
    expect(a).toBe(1);
    Object.defineProperty(click, "offsetX", { value: 150 + (400 / 2000) * 750 });
    Object.defineProperty(click, "offsetY", { value: 20 + 16 + 11 + 2 + 16 + 1 });
    canvas.dispatchEvent(click);
    expect(texts(root, ".job-title")).toEqual(["render-b (job-2)"]);
  });

  it("renders an empty run and a fair-share run without errors", () => {
    for (const data of [emptyRun(), fairShareRun()]) {
      const { root } = render(payload([data]));
      expect(
        texts(root, ".note").filter((n) => n.startsWith("This part could not be drawn")),
      ).toEqual([]);
    }
    const { root } = render(payload([emptyRun()]));
    expect(texts(root, ".note")).toEqual(
      expect.arrayContaining([
        "No job finished in this run: no wait times.",
        "No instances were launched in this run: no Gantt chart.",
        "No jobs in this run.",
        "No job in this run has a share identifier: no fair share to show.",
      ]),
    );
  });

  it("says in the wait, Gantt and job sections when jobs were left out of the report", () => {
    const run = spotRun();
    const data = { ...run, limits: { ...run.limits, jobs: 2, jobsDropped: 5 } };
    const { root } = render(payload([data]));
    const sections = [...root.querySelectorAll("section.row")];
    const notesOf = (title: string) =>
      texts(sections.find((s) => s.querySelector("h2")?.textContent === title)!, ".note");
    const dropped =
      "This report holds the first 2 jobs; 5 more are not in it (their runs are in jobs.csv/attempts.csv).";
    for (const title of ["Wait times", "Instances and attempts", "Jobs"])
      expect(
        notesOf(title).filter((n) => n.startsWith(dropped)),
        title,
      ).toHaveLength(1);
    for (const title of ["Run", "Capacity over time", "Cost"])
      expect(
        notesOf(title).filter((n) => n.startsWith(dropped)),
        title,
      ).toEqual([]);
    const { root: full } = render(payload([spotRun()]));
    expect(texts(full, ".note").filter((n) => n.startsWith("This report holds"))).toEqual([]);
  });

  it("shows two runs side by side on the same axes, with a table of differences", () => {
    const { root } = render(payload([oneJobRun(), spotRun()], ["base", "spot"]));
    expect(root.querySelector("main")!.className).toBe("runs cols-2");
    for (const cells of root.querySelectorAll("section.row > .cells"))
      expect(cells.children).toHaveLength(2);
    expect(texts(root, "h2.run-label")).toEqual(["base", "spot"]);
    const rows = [...root.querySelectorAll("table.differences tbody tr")].map((tr) =>
      texts(tr, "td"),
    );
    expect(rows.find((r) => r[0] === "jobs submitted")).toEqual(["jobs submitted", "1", "2", "+1"]);
    expect(rows.find((r) => r[0] === "cost")).toEqual(["cost", "$0.0472", "$0.3000", "+$0.2528"]);
    // same axes: both capacity charts' y axes end at the larger run's peak (12 vCPU)
    const yTicks = [...root.querySelectorAll("section.row:nth-of-type(4) svg .y-axis")].map((g) =>
      texts(g, ".tick text").at(-1),
    );
    expect(yTicks).toEqual(["12", "12"]);
  });

  it("writes differences with a sign, ratios in percentage points", () => {
    expect(formatDifference("seconds", 600, 300)).toBe("−5 min");
    expect(formatDifference("ratio", 0.5, 0.75)).toBe("+25 pp");
    expect(formatDifference("count", null, 3)).toBe("—");
  });
});
