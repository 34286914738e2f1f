/** The experiments of a page (comparisons and sweeps), one section each, above the runs. */
import { renderComparison } from "./comparison-view.ts";
import { el, note } from "./dom.ts";
import type { ExperimentView } from "./experiments.ts";
import { renderSweep } from "./sweep-view.ts";

/** Appends one section per experiment to `main`; a failure becomes a note in its section. */
export function renderExperiments(main: HTMLElement, experiments: readonly ExperimentView[]): void {
  experiments.forEach((x, i) => {
    const title = x.kind === "comparison" ? `Comparison: ${x.label}` : `Sweep: ${x.label}`;
    const section = el("section", `row experiment ${x.kind}`, [el("h2", null, [title])], {
      "data-experiment": String(i),
    });
    main.append(section);
    try {
      if (x.kind === "comparison") renderComparison(section, x);
      else renderSweep(section, x);
    } catch (e) {
      section.append(
        note(`This part could not be drawn: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  });
}
