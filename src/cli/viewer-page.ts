/**
 * The built viewer page (web/dist/index.html) and the runs embedded in it: report.html holds one
 * run, `batchsim view` one or more. The page holds VIEWER_PLACEHOLDER exactly once; the writer
 * puts `<script id="batchsim-data" type="application/json">` + the payload's JSON (every `<` written
 * as `\u003c`, so the data can never close the element) + `</script>` in its place.
 */
import {
  VIEWER_DATA_FORMAT,
  VIEWER_PLACEHOLDER,
  type ViewerData,
  type ViewerPayload,
} from "../report/index.ts";
import { describeSystemError, systemErrorCode, usageError } from "./errors.ts";
import { environmentVariable, readFileBytes, readPackageFile } from "./io.ts";

/** The package's built viewer page. */
const BUILT_PAGE = new URL("../../web/dist/index.html", import.meta.url);

/**
 * An environment variable naming another built page to use (a path): for tests, and for trying a
 * viewer built elsewhere.
 */
export const VIEWER_PAGE_ENV = "BATCHSIM_VIEWER_PAGE";

/** The element that holds the payload, up to its JSON. */
export const DATA_OPEN = '<script id="batchsim-data" type="application/json">';
const DATA_CLOSE = "</script>";

/** A built viewer page, split at its placeholder. */
export interface ViewerTemplate {
  readonly head: string;
  readonly tail: string;
}

/**
 * Reads the built viewer page. A missing page (the viewer is not built) or one without exactly one
 * placeholder is an input error (exit 2) that says how to build it.
 */
export function loadViewerTemplate(): ViewerTemplate {
  const override = environmentVariable(VIEWER_PAGE_ENV);
  const shown = override ?? "web/dist/index.html";
  let page: string;
  try {
    page =
      override === undefined
        ? readPackageFile(BUILT_PAGE)
        : readFileBytes(override).toString("utf8");
  } catch (error) {
    if (systemErrorCode(error) !== "ENOENT") {
      throw usageError(
        `batchsim: cannot read the viewer (${shown}): ${describeSystemError(error)}`,
      );
    }
    throw usageError(`batchsim: the viewer is not built (${shown}): run npm run build:viewer`);
  }
  const template = splitTemplate(page);
  if (!template) {
    throw usageError(
      `batchsim: the viewer page ${shown} does not hold its data placeholder once: run npm run build:viewer`,
    );
  }
  return template;
}

/** Splits a built page at VIEWER_PLACEHOLDER; null unless it (and its opening tag) occur exactly once. */
export function splitTemplate(page: string): ViewerTemplate | null {
  const at = page.indexOf(VIEWER_PLACEHOLDER);
  if (at < 0 || page.indexOf(DATA_OPEN) !== at || page.lastIndexOf(DATA_OPEN) !== at) return null;
  return { head: page.slice(0, at), tail: page.slice(at + VIEWER_PLACEHOLDER.length) };
}

/**
 * Writes the page with `payload` embedded, in chunks (a large run's JSON is never one string):
 * the same text as `head + DATA_OPEN + JSON.stringify(payload) with < escaped + DATA_CLOSE + tail`.
 */
export function writeViewerPage(
  template: ViewerTemplate,
  payload: ViewerPayload,
  write: (text: string) => void,
): void {
  write(template.head);
  write(DATA_OPEN);
  // Down to the tables' columns: payload → runs → run → data → table → column.
  streamJson(payload, 5, (text) => write(text.replace(/</g, "\\u003c")));
  write(DATA_CLOSE);
  write(template.tail);
}

/** The page with `payload` embedded, as one string. */
export function viewerPageText(template: ViewerTemplate, payload: ViewerPayload): string {
  const parts: string[] = [];
  writeViewerPage(template, payload, (text) => parts.push(text));
  return parts.join("");
}

/** Elements of a long array stringified at once. */
const JSON_SLICE = 1 << 16;

/** JSON.stringify(value), written piecewise: objects and arrays down to `depth` levels are opened. */
function streamJson(value: unknown, depth: number, write: (text: string) => void): void {
  if (Array.isArray(value) && value.length > JSON_SLICE) {
    // A long column: a slice at a time, so no one string holds it all.
    write("[");
    for (let i = 0; i < value.length; i += JSON_SLICE) {
      if (i > 0) write(",");
      write(JSON.stringify(value.slice(i, i + JSON_SLICE)).slice(1, -1));
    }
    write("]");
  } else if (depth > 0 && Array.isArray(value)) {
    write("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) write(",");
      const item: unknown = value[i];
      streamJson(item === undefined || typeof item === "function" ? null : item, depth - 1, write);
    }
    write("]");
  } else if (depth > 0 && isPlainObject(value)) {
    write("{");
    let first = true;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === "function") continue;
      write(`${first ? "" : ","}${JSON.stringify(key)}:`);
      first = false;
      streamJson(item, depth - 1, write);
    }
    write("}");
  } else {
    write(JSON.stringify(value) ?? "null");
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    typeof (value as { toJSON?: unknown }).toJSON !== "function"
  );
}

/** What a page's embedded payload holds, or why it cannot be read. */
export type EmbeddedRuns =
  | { readonly ok: true; readonly runs: readonly { label: string; data: ViewerData }[] }
  | { readonly ok: false; readonly problem: "no data" | "format"; readonly format?: unknown };

/**
 * Reads the payload embedded in a page: its runs when each has this version's viewer data format,
 * else `no data` (no payload element, or not JSON of that shape) or `format` (with the format found).
 */
export function readEmbeddedRuns(html: string): EmbeddedRuns {
  const open = html.indexOf(DATA_OPEN);
  const close = open < 0 ? -1 : html.indexOf(DATA_CLOSE, open);
  if (close < 0) return { ok: false, problem: "no data" };
  let payload: unknown;
  try {
    payload = JSON.parse(html.slice(open + DATA_OPEN.length, close));
  } catch {
    return { ok: false, problem: "no data" };
  }
  const runs = (payload as { runs?: unknown } | null)?.runs;
  if (!Array.isArray(runs) || runs.length === 0) return { ok: false, problem: "no data" };
  const out: { label: string; data: ViewerData }[] = [];
  for (const run of runs as unknown[]) {
    const r = run as { label?: unknown; data?: unknown } | null;
    if (typeof r?.data !== "object" || r.data === null) return { ok: false, problem: "no data" };
    const format = (r.data as { format?: unknown }).format;
    if (format !== VIEWER_DATA_FORMAT) return { ok: false, problem: "format", format };
    out.push({ label: typeof r.label === "string" ? r.label : "", data: r.data as ViewerData });
  }
  return { ok: true, runs: out };
}
