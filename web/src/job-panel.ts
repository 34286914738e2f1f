/**
 * The job panel: search a job by id or name (or click its bar in the Gantt chart) to see its
 * timeline — submitted, each attempt's STARTING / RUNNING / end with cause, exit code and
 * instance —, how long it waited (time RUNNABLE summed over attempts, as summary.json counts it,
 * and first start − submitted) and why (its rows of data.waits, each with how long it held).
 */
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { categorical } from "./colors.ts";
import { el, note, swatch, table } from "./dom.ts";
import { formatDuration, formatElapsed, formatNumber } from "./format.ts";
import { JobIndex } from "./job-index.ts";
import { jobsDroppedNote } from "./limits.ts";

export interface JobPanel {
  /** Shows job j (an index into data.jobs). */
  show(j: number): void;
  /** Shows the job of attempt a. */
  showAttempt(a: number): void;
  readonly index: JobIndex;
  /** The panel showing the job. */
  readonly element: HTMLElement;
}

/** Renders the search form and the (initially empty) panel. */
export function renderJobPanel(
  cell: HTMLElement,
  data: ViewerData,
  onPickAttempt?: (attempt: number) => void,
): JobPanel {
  const index = new JobIndex(data);
  const input = el("input", "job-search", [], {
    type: "search",
    placeholder: "job id or name",
    "aria-label": "find a job by id or name",
  });
  const form = el("form", "job-form", [input, el("button", null, ["find"], { type: "submit" })]);
  const results = el("div", "job-results");
  const body = el("div", "job-panel");
  body.append(el("p", "hint", ["Find a job, or click a bar in the Gantt chart."]));
  const dropped = jobsDroppedNote(data, "Searching finds only the jobs in it.");
  cell.append(...(dropped ? [dropped] : []), form, results, body);
  if (data.jobs.id.length === 0) {
    input.disabled = true;
    body.replaceChildren(note("No jobs in this run."));
  }

  const panel: JobPanel = {
    index,
    element: body,
    show(j) {
      results.replaceChildren();
      body.replaceChildren(...describeJob(data, index, j, onPickAttempt));
    },
    showAttempt(a) {
      const j = data.attempts.job[a];
      if (j !== undefined) panel.show(j);
    },
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const found = index.find(input.value);
    if (found.length === 1) panel.show(found[0]!);
    else if (found.length === 0)
      results.replaceChildren(
        note(
          `No job matches “${input.value}”${data.limits.jobsDropped > 0 ? ` in this report (it holds the first ${formatNumber(data.limits.jobs)} jobs)` : ""}.`,
        ),
      );
    else
      results.replaceChildren(
        el("p", "hint", [`${found.length === 20 ? "first 20" : found.length} matches:`]),
        ...found.map((j) => {
          const b = el("button", "job-result", [`${data.jobs.name[j]} (${data.jobs.id[j]})`], {
            type: "button",
          });
          b.addEventListener("click", () => panel.show(j));
          return b;
        }),
      );
  });
  return panel;
}

function describeJob(
  data: ViewerData,
  index: JobIndex,
  j: number,
  onPickAttempt?: (a: number) => void,
): Node[] {
  const jobs = data.jobs;
  const share = jobs.share[j]!;
  const attempts = index.attemptsOf(j);
  const waits = index.waitsOf(j);
  const runnable = jobs.waitSeconds[j] ?? 0;
  const started = jobs.startedAt[j];
  const finished = jobs.endedAt[j] !== null && jobs.endedAt[j] !== undefined;
  const sinceSubmit =
    started === null || started === undefined ? null : started - jobs.submittedAt[j]!;
  const nodes: Node[] = [
    el("h4", "job-title", [`${jobs.name[j]} (${jobs.id[j]})`]),
    el("p", null, [
      `queue ${data.jobQueues[jobs.queue[j]!]?.name ?? "?"}${share >= 0 ? ` · share ${data.shares[share]}` : ""} · ${formatNumber(jobs.vcpus[j])} vCPU · ${jobs.status[j]}${jobs.statusReason[j] ? ` (${jobs.statusReason[j]})` : ""}`,
    ]),
    table(
      ["t", "what"],
      index.timeline(j).map((e) => [formatElapsed(e.t, true), e.what]),
      "data job-timeline",
    ),
    table(
      ["wait", "how long"],
      [
        [
          "waited (RUNNABLE)",
          `${formatDuration(runnable)}${finished ? "" : " (not finished at the end of the run: not in summary.json's waits)"}`,
        ],
        [
          "first start − submitted",
          sinceSubmit === null ? "— (never started)" : formatDuration(sinceSubmit),
        ],
      ],
      "data job-wait",
    ),
  ];
  if (attempts.length === 0)
    nodes.push(
      note(
        "No attempt of this job is in the report (it never started, or its attempts were beyond the limit).",
      ),
    );
  else if (onPickAttempt) {
    const links = attempts.map((a, k) => {
      const b = el("button", "attempt-link", [`show attempt ${k + 1} in the Gantt chart`], {
        type: "button",
      });
      b.addEventListener("click", () => onPickAttempt(a));
      return b;
    });
    nodes.push(el("div", "toolbar", links));
  }
  nodes.push(el("h4", null, ["why it waited"]));
  if (waits.length > 0)
    nodes.push(
      table(
        ["from", "reason", "for", "detail"],
        waits.map((w) => [
          formatElapsed(w.t, true),
          el("span", null, [swatch(categorical(w.reason)), w.reason]),
          formatDuration(w.durationSeconds),
          w.detail,
        ]),
        "data job-waits",
      ),
    );
  else
    nodes.push(
      note(
        data.limits.waitsDropped > 0
          ? `No wait reason recorded for this job (the report keeps the first ${formatNumber(data.limits.waits)} rows of decisions.csv).`
          : !finished && jobs.status[j] === "RUNNABLE"
            ? "No wait reason recorded; it was still RUNNABLE at the end of the run."
            : runnable <= 0
              ? "It did not wait (RUNNABLE)."
              : `No wait reason recorded: it was RUNNABLE ${formatDuration(runnable)} behind jobs ahead of it in its queue (or before a scheduler cycle).`,
      ),
    );
  return nodes;
}
