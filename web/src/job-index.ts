/** Finding jobs and their attempts and waits (pure; indexes are built once per run). */
import type { ViewerData } from "../../src/report/viewer-data-types.ts";

export interface WaitRow {
  readonly t: number;
  readonly reason: string;
  readonly detail: string;
  /** Until the job's next wait row, its next STARTING, its end or the end of the run. */
  readonly durationSeconds: number;
}

export interface TimelineEntry {
  readonly t: number;
  readonly what: string;
}

/** Per-job lists of attempt and wait row indexes. */
export class JobIndex {
  private readonly data: ViewerData;
  private readonly attempts: Map<number, number[]> = new Map();
  private readonly waits: Map<number, number[]> = new Map();

  constructor(data: ViewerData) {
    this.data = data;
    for (const [a, j] of data.attempts.job.entries()) push(this.attempts, j, a);
    for (const [w, j] of data.waits.job.entries()) push(this.waits, j, w);
    for (const list of this.attempts.values())
      list.sort((a, b) => data.attempts.startingAt[a]! - data.attempts.startingAt[b]! || a - b);
    for (const list of this.waits.values())
      list.sort((a, b) => data.waits.t[a]! - data.waits.t[b]! || a - b);
  }

  /** Attempt indexes of job j, by startingAt. */
  attemptsOf(j: number): readonly number[] {
    return this.attempts.get(j) ?? [];
  }

  /** Wait rows of job j, by time, each with how long it held. */
  waitsOf(j: number): WaitRow[] {
    const d = this.data;
    const rows = this.waits.get(j) ?? [];
    const starts = this.attemptsOf(j).map((a) => d.attempts.startingAt[a]!);
    const jobEnd = d.jobs.endedAt[j] ?? d.endSeconds;
    return rows.map((w, k) => {
      const t = d.waits.t[w]!;
      const next = k + 1 < rows.length ? d.waits.t[rows[k + 1]!]! : Number.POSITIVE_INFINITY;
      const start = starts.find((s) => s >= t) ?? Number.POSITIVE_INFINITY;
      return {
        t,
        reason: d.waits.reasons[d.waits.reason[w]!] ?? "?",
        detail: d.waits.detail[w] ?? "",
        durationSeconds: Math.max(0, Math.min(next, start, jobEnd, d.endSeconds) - t),
      };
    });
  }

  /**
   * Jobs matching a query: an exact id or name first, then names and ids containing it
   * (case-insensitive), in job order; at most `limit`.
   */
  find(query: string, limit = 20): number[] {
    const q = query.trim().toLowerCase();
    if (q === "") return [];
    const { id, name } = this.data.jobs;
    const exact: number[] = [];
    const partial: number[] = [];
    for (let j = 0; j < id.length; j++) {
      const i = id[j]!.toLowerCase();
      const n = name[j]!.toLowerCase();
      if (i === q || n === q) exact.push(j);
      else if (partial.length < limit && (i.includes(q) || n.includes(q))) partial.push(j);
    }
    return [...exact, ...partial].slice(0, limit);
  }

  /** What happened to job j, in time order: submitted, each attempt's phases, the end. */
  timeline(j: number): TimelineEntry[] {
    const d = this.data;
    const att = d.attempts;
    const inst = d.instances;
    const out: TimelineEntry[] = [{ t: d.jobs.submittedAt[j]!, what: "submitted" }];
    this.attemptsOf(j).forEach((a, k) => {
      const i = att.instance[a]!;
      const where =
        inst.id[i] !== undefined
          ? ` on ${inst.id[i]} (${inst.types[inst.type[i]!] ?? "?"}, ${d.computeEnvironments[inst.ce[i]!]?.name ?? "?"})`
          : "";
      out.push({ t: att.startingAt[a]!, what: `attempt ${k + 1} STARTING${where}` });
      const running = att.runningAt[a];
      if (running !== null && running !== undefined)
        out.push({ t: running, what: `attempt ${k + 1} RUNNING` });
      const end = att.endAt[a];
      const code = att.exitCode[a];
      const cause = att.causes[att.cause[a]!] ?? "?";
      if (end !== null && end !== undefined)
        out.push({
          t: end,
          what: `attempt ${k + 1} ended: ${cause}${code !== null && code !== undefined ? `, exit code ${code}` : ""}`,
        });
      else
        out.push({
          t: d.endSeconds,
          what: `attempt ${k + 1} still ${cause} at the end of the run`,
        });
    });
    const ended = d.jobs.endedAt[j];
    if (ended !== null && ended !== undefined)
      out.push({
        t: ended,
        what: `${d.jobs.status[j]}${d.jobs.statusReason[j] ? `: ${d.jobs.statusReason[j]}` : ""}`,
      });
    return out
      .map((e, k) => ({ ...e, k }))
      .sort((a, b) => a.t - b.t || a.k - b.k)
      .map(({ t, what }) => ({ t, what }));
  }
}

function push(m: Map<number, number[]>, key: number, value: number): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}
