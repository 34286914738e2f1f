/** Notes on what a report left out to stay small (ViewerData.limits), shown where it matters. */
import type { ViewerData } from "../../src/report/viewer-data-types.ts";
import { note } from "./dom.ts";
import { formatNumber } from "./format.ts";

/**
 * The note saying jobs beyond `limits.jobs` are not in the report (nor their attempts and waits),
 * with `more` appended (what that means for the view); null when no job was left out.
 */
export function jobsDroppedNote(data: ViewerData, more = ""): HTMLParagraphElement | null {
  const { jobs, jobsDropped } = data.limits;
  if (!(jobsDropped > 0)) return null;
  return note(
    `This report holds the first ${formatNumber(jobs)} jobs; ${formatNumber(jobsDropped)} more are not in it (their runs are in jobs.csv/attempts.csv).${more ? ` ${more}` : ""}`,
  );
}
