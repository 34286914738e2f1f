/**
 * Which submissions the simulator must remember by name, and when it may forget them (memory stays
 * bounded by the names still to be referred to, not by the jobs submitted). A name is *named* when a
 * later submission's dependsOn, or an action, refers to it; it is *released* on the submission that
 * refers to it last. Names an action refers to are never released: actions are a short list in the
 * scenario, and they come at instants of their own, not with a submission.
 */
import type { Action, Dependency, ExplicitJob, PipelineStep } from "../scenario/types.ts";

/** What one submission says about names. */
export interface NamePlan {
  /** A later submission or an action refers to this job's name. */
  readonly named: boolean;
  /** Names that no later submission or action refers to once this one is submitted. */
  readonly releaseNames: readonly string[];
}

const NO_NAMES: readonly string[] = Object.freeze([]);

/** The plan of a job nothing refers to and that refers to nothing. */
export const UNNAMED: NamePlan = Object.freeze({ named: false, releaseNames: NO_NAMES });

/** The jobNames that `cancelJob` / `terminateJob` actions name. */
export function actionTargets(actions: readonly Action[]): Set<string> {
  const names = new Set<string>();
  for (const action of actions) {
    if (action.kind === "cancelJob" || action.kind === "terminateJob") names.add(action.jobName);
  }
  return names;
}

/** An explicit job's position in the merged emission order. */
interface Entry {
  readonly at: number;
  readonly stream: number;
  readonly index: number;
  readonly job: ExplicitJob;
}

/**
 * Name plans of every explicit job: `lists[s]` is the `jobs:` stream s's jobs in emission order
 * (null for other kinds of stream); the result is parallel to it. References may cross `jobs:`
 * lists, so the plan follows the merged order the source emits them in: time, then stream order,
 * then order within the stream.
 */
export function explicitNamePlans(
  lists: readonly (readonly ExplicitJob[] | null)[],
  targets: ReadonlySet<string>,
): (NamePlan[] | null)[] {
  const entries: Entry[] = [];
  lists.forEach((jobs, stream) => {
    jobs?.forEach((job, index) => {
      entries.push({ at: job.atSeconds, stream, index, job });
    });
  });
  entries.sort((a, b) => a.at - b.at || a.stream - b.stream || a.index - b.index);
  const lastReference = new Map<string, number>();
  entries.forEach((e, position) => {
    for (const name of referencedNames(e.job.dependsOn)) lastReference.set(name, position);
  });
  const released: string[][] = entries.map(() => []);
  for (const [name, position] of lastReference) {
    if (!targets.has(name)) released[position]!.push(name);
  }
  const plans = lists.map((jobs) => (jobs === null ? null : new Array<NamePlan>(jobs.length)));
  entries.forEach((e, position) => {
    const name = e.job.jobName;
    const named = lastReference.has(name) || targets.has(name);
    const releaseNames = released[position]!;
    plans[e.stream]![e.index] =
      !named && releaseNames.length === 0 ? UNNAMED : { named, releaseNames };
  });
  return plans;
}

/** One pipeline step's template: its plan and dependsOn in step names, resolved per arrival. */
export interface StepPlan {
  readonly step: string;
  readonly named: boolean;
  /** Steps whose last reference is this step. */
  readonly releaseSteps: readonly string[];
}

/**
 * The plans of a pipeline's steps (every arrival follows the same one). Throws when a step's
 * dependsOn names a step that is not earlier in the list (validation rejects that first).
 */
export function pipelineStepPlans(stream: string, steps: readonly PipelineStep[]): StepPlan[] {
  const position = new Map<string, number>();
  const lastReference = new Map<string, number>();
  steps.forEach((s, k) => {
    for (const name of referencedNames(s.dependsOn)) {
      const target = position.get(name);
      if (target === undefined) {
        throw new Error(
          `pipeline ${stream}: step ${s.step} depends on ${name}, not an earlier step`,
        );
      }
      lastReference.set(name, k);
    }
    position.set(s.step, k);
  });
  const released: string[][] = steps.map(() => []);
  for (const [name, k] of lastReference) released[k]!.push(name);
  return steps.map((s, k) => ({
    step: s.step,
    named: lastReference.has(s.step),
    releaseSteps: released[k]!,
  }));
}

/** The jobNames a dependsOn list names (SEQUENTIAL on the job itself names none). */
function* referencedNames(dependsOn: readonly Dependency[]): Generator<string> {
  for (const dep of dependsOn) if (dep.jobName !== null) yield dep.jobName;
}

/**
 * `${prefix}-${n}` for n ≥ 1, made faster: a name per job converted its whole number and joined
 * three strings. Here the thousands part is converted once per thousand jobs and the last three
 * digits come from a table, so a name is one join.
 */
export function numberedNames(prefix: string): (n: number) => string {
  const dashed = `${prefix}-`;
  let thousands = -1;
  let head = "";
  return (n) => {
    if (!(n >= 1000 && Number.isSafeInteger(n))) return dashed + String(n);
    const t = Math.floor(n / 1000);
    if (t !== thousands) {
      thousands = t;
      head = dashed + String(t);
    }
    return head + THREE_DIGITS[n - t * 1000]!;
  };
}

/**
 * `${prefix}${n}` with n zero-padded to `width` digits (n ≥ 0), made the same way as
 * numberedNames(): the part above the last three digits is converted once per thousand.
 */
export function paddedNumbers(prefix: string, width: number): (n: number) => string {
  const headWidth = Math.max(width - 3, 0);
  let thousands = -1;
  let head = "";
  return (n) => {
    if (!(n >= 0 && Number.isSafeInteger(n)) || width < 3)
      return prefix + String(n).padStart(width, "0");
    const t = Math.floor(n / 1000);
    if (t !== thousands) {
      thousands = t;
      head = prefix + String(t).padStart(headWidth, "0");
    }
    return head + THREE_DIGITS[n - t * 1000]!;
  };
}

/** "000" … "999". */
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) =>
  String(i).padStart(3, "0"),
);
