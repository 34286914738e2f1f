// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { JobIndex } from "../../web/src/job-index.ts";
import { renderJobPanel } from "../../web/src/job-panel.ts";
import { createScrubber } from "../../web/src/scrubber.ts";
import { StateIndex } from "../../web/src/state-at.ts";
import { renderStatePanel } from "../../web/src/state-panel.ts";
import { emptyRun, fairShareRun, spotRun } from "./fixture.ts";
import { mount, texts } from "./helpers.ts";

describe("state at t", () => {
  it("reads vCPU, RUNNABLE, cost so far and live instances at an instant", () => {
    const s = new StateIndex(spotRun()).at(700);
    expect(s.computeEnvironments).toEqual([
      { name: "ondemand", purchaseOption: "ON_DEMAND", vcpuInUse: 2, vcpuProvisioned: 4 },
      { name: "spot", purchaseOption: "SPOT", vcpuInUse: 0, vcpuProvisioned: 8 },
    ]);
    expect(s.queues).toEqual([{ name: "main", runnableJobs: 1 }]);
    expect(s.liveInstances).toBe(2); // i-2 was reclaimed at 620; i-3 launched at 650
    expect(s.runningAttempts).toBe(1);
    expect(s.costUsd).toBeCloseTo((0.3 * 700) / 1900);
  });

  it("changes what the panel shows when the scrubber moves", () => {
    const cell = mount();
    const panel = renderStatePanel(cell, spotRun());
    const scrubber = createScrubber(2000, 0, (t) => panel.setTime(t));
    cell.append(scrubber.element);
    expect(texts(cell, ".state-time")).toEqual(["t = 0:00:00"]);
    expect(texts(cell, "table.state-queues td")).toEqual(["main", "2"]);
    scrubber.input.value = "700";
    scrubber.input.dispatchEvent(new Event("input"));
    expect(scrubber.time()).toBe(700);
    expect(texts(cell, ".state-time")).toEqual(["t = 0:11:40"]);
    expect(texts(cell, "table.state-queues td")).toEqual(["main", "1"]);
    expect(texts(cell, "table.state-ces td")).toContain("spot (SPOT)");
    expect(texts(cell, ".state-head")[0]).toMatch(/live instances 2/);
  });

  it("shows each share's vCPU and entitled part in a fair-share run", () => {
    const cell = mount();
    renderStatePanel(cell, fairShareRun()).setTime(100);
    expect(texts(cell, "table.state-shares td")).toEqual(["A", "2", "75 %", "B", "2", "25 %"]);
  });

  it("plays and pauses", () => {
    const scrubber = createScrubber(2000, 0, () => {});
    scrubber.play();
    expect(scrubber.playing()).toBe(true);
    expect(scrubber.element.querySelector("button.play")!.textContent).toMatch(/pause/);
    scrubber.pause();
    expect(scrubber.playing()).toBe(false);
  });
});

describe("job panel", () => {
  it("finds jobs by exact id or name first, then by part of them", () => {
    const index = new JobIndex(spotRun());
    expect(index.find("job-2")).toEqual([1]);
    expect(index.find("RENDER")).toEqual([0, 1]);
    expect(index.find("nothing")).toEqual([]);
  });

  it("says how long each wait reason held: until the next reason, the STARTING or the end", () => {
    const waits = new JobIndex(spotRun()).waitsOf(1);
    expect(waits.map((w) => [w.t, w.reason, w.durationSeconds])).toEqual([
      [0, "SCALING", 100],
      [100, "CAPACITY", 200],
      [620, "SCALING", 230],
    ]);
  });

  it("shows a searched job's timeline with every attempt, and why it waited", () => {
    const cell = mount();
    renderJobPanel(cell, spotRun());
    const input = cell.querySelector("input")!;
    input.value = "render-b";
    cell.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(texts(cell, ".job-title")).toEqual(["render-b (job-2)"]);
    const timeline = texts(cell, "table.job-timeline td");
    expect(timeline).toEqual(
      expect.arrayContaining([
        "submitted",
        "attempt 1 STARTING on i-2 (c6i.2xlarge, spot)",
        "attempt 1 RUNNING",
        "attempt 1 ended: interrupted",
        "attempt 2 STARTING on i-3 (c6i.2xlarge, spot)",
        "attempt 2 ended: exited, exit code 0",
      ]),
    );
    expect(texts(cell, "table.job-waits td")).toEqual(
      expect.arrayContaining(["SCALING", "CAPACITY", "no room", "3.8 min"]),
    );
  });

  it("shows both the time RUNNABLE (summary.json's wait) and first start − submitted", () => {
    const cell = mount();
    const panel = renderJobPanel(cell, spotRun());
    panel.show(1); // RUNNABLE 0–300 and 620–850
    expect(texts(cell, "table.job-wait td")).toEqual([
      "waited (RUNNABLE)",
      "8.8 min",
      "first start − submitted",
      "5 min",
    ]);
    panel.show(0);
    expect(texts(cell, "table.job-wait td")).toEqual([
      "waited (RUNNABLE)",
      "100 s",
      "first start − submitted",
      "100 s",
    ]);
    expect(texts(cell, ".note").join(" ")).toMatch(/it was RUNNABLE 100 s behind jobs/);
  });

  it("marks the wait of an unfinished job and of one that never started", () => {
    const cell = mount();
    const run = spotRun();
    const data = {
      ...run,
      jobs: {
        ...run.jobs,
        status: ["SUCCEEDED", "RUNNABLE"],
        startedAt: [100, null],
        endedAt: [1000, null],
      },
      attempts: {
        ...run.attempts,
        job: [0],
        instance: [0],
        startingAt: [100],
        runningAt: [120],
        endAt: [1000],
        cause: [0],
        exitCode: [0],
      },
      waits: { ...run.waits, job: [], t: [], reason: [], detail: [] },
    };
    renderJobPanel(cell, data).show(1);
    expect(texts(cell, "table.job-wait td")).toEqual([
      "waited (RUNNABLE)",
      "8.8 min (not finished at the end of the run: not in summary.json's waits)",
      "first start − submitted",
      "— (never started)",
    ]);
    expect(texts(cell, ".note")).toContain(
      "No wait reason recorded; it was still RUNNABLE at the end of the run.",
    );
  });

  it("says when jobs were left out of the report, and that a search cannot find them", () => {
    const cell = mount();
    const run = spotRun();
    renderJobPanel(cell, { ...run, limits: { ...run.limits, jobs: 2, jobsDropped: 3 } });
    expect(texts(cell, ".note")).toEqual([
      "This report holds the first 2 jobs; 3 more are not in it (their runs are in jobs.csv/attempts.csv). Searching finds only the jobs in it.",
    ]);
    cell.querySelector("input")!.value = "render-z";
    cell.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(texts(cell, ".job-results .note")).toEqual([
      "No job matches “render-z” in this report (it holds the first 2 jobs).",
    ]);
  });

  it("lists several matches, and opens the job of a clicked attempt", () => {
    const cell = mount();
    const panel = renderJobPanel(cell, spotRun());
    cell.querySelector("input")!.value = "render";
    cell.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(texts(cell, "button.job-result")).toEqual(["render-a (job-1)", "render-b (job-2)"]);
    panel.showAttempt(0);
    expect(texts(cell, ".job-title")).toEqual(["render-a (job-1)"]);
    expect(texts(cell, ".note").join(" ")).toMatch(/No wait reason recorded/);
  });

  it("is disabled with a note when the run has no jobs", () => {
    const cell = mount();
    renderJobPanel(cell, emptyRun());
    expect(cell.querySelector("input")!.disabled).toBe(true);
    expect(texts(cell, ".note")).toEqual(["No jobs in this run."]);
  });
});
