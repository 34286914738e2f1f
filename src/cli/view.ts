/**
 * `batchsim view RUN_DIR [RUN_DIR…] [--port N] [--host H] [--out FILE] [--no-serve]`: serves the
 * viewer with the given runs (two: side by side) on 127.0.0.1 until Ctrl-C, or writes that page to a
 * file. Each run's data is read back from its report.html, so a run folder is all it needs.
 */
import * as path from "node:path";
import type { ViewerData } from "../report/index.ts";
import { VIEWER_DATA_FORMAT } from "../report/index.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError, describeSystemError, EXIT, systemErrorCode, usageError } from "./errors.ts";
import {
  openFileSink,
  pathExists,
  readFileBytes,
  servePage,
  waitForStopSignal,
  writeStderr,
  writeStdout,
} from "./io.ts";
import {
  loadViewerTemplate,
  readEmbeddedRuns,
  viewerPageText,
  writeViewerPage,
} from "./viewer-page.ts";

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  out: { type: "string" },
  "no-serve": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Usage of `batchsim view`. */
export const VIEW_USAGE =
  "usage: batchsim view RUN_DIR [RUN_DIR...] [--port N] [--host H] [--out FILE] [--no-serve]";

/** The port tried first (Vite's), then the next free one. */
export const DEFAULT_PORT = 5173;
const DEFAULT_HOST = "127.0.0.1";

/** Runs `batchsim view`; returns the exit code (130/143 when stopped by SIGINT/SIGTERM). */
export async function viewCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("view", args, OPTIONS);
  if (values.help) {
    writeStdout(`${VIEW_USAGE}\n`);
    return EXIT.ok;
  }
  if (positionals.length === 0)
    throw usageError(`batchsim view: expected one or more run folders; ${VIEW_USAGE}`);
  const port = parsePort(values.port);
  const host = values.host ?? DEFAULT_HOST;
  const runs = positionals.map(readRun);
  const labels = uniqueLabels(positionals.map(folderName));
  const payload = { runs: runs.map((data, i) => ({ label: labels[i] as string, data })) };
  const template = loadViewerTemplate();
  if (values.out !== undefined) {
    writePageFile(values.out, () => {
      const sink = openFileSink(values.out as string);
      writeViewerPage(template, payload, (text) => sink.write(text));
      sink.close();
    });
    return EXIT.ok;
  }
  if (values["no-serve"]) {
    writeViewerPage(template, payload, writeStdout);
    return EXIT.ok;
  }
  const server = await listenOn(viewerPageText(template, payload), host, port);
  writeStdout(`${server.url}\n`);
  writeStderr(`batchsim view: serving ${labels.join(", ")}; press Ctrl-C to stop\n`);
  const signal = await waitForStopSignal();
  await server.close();
  return signal === "SIGINT" ? EXIT.sigint : EXIT.sigterm;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    throw usageError(`batchsim view: --port must be a port number 0-65535 (got "${value}")`);
  return port;
}

/** A run folder's viewer data, from its report.html; anything else is an input error (exit 2). */
function readRun(dir: string): ViewerData {
  if (!pathExists(dir)) throw usageError(`batchsim view: ${dir}: no such run folder`);
  if (!pathExists(path.join(dir, "summary.json")))
    throw usageError(`batchsim view: ${dir} is not a run folder (no summary.json)`);
  const report = path.join(dir, "report.html");
  if (!pathExists(report))
    throw usageError(
      `batchsim view: ${dir} has no report.html (written with --report none, or by an older batchsim): run it again`,
    );
  let html: string;
  try {
    html = readFileBytes(report).toString("utf8");
  } catch (error) {
    throw usageError(`batchsim view: cannot read ${report}: ${describeSystemError(error)}`);
  }
  const embedded = readEmbeddedRuns(html);
  if (!embedded.ok && embedded.problem === "format") {
    const found = typeof embedded.format === "number" ? `${embedded.format}` : "unknown";
    throw usageError(
      `batchsim view: ${dir} was written by an incompatible batchsim version (viewer data format ${found}, this version reads ${VIEWER_DATA_FORMAT}): run it again`,
    );
  }
  if (!embedded.ok || embedded.runs.length !== 1)
    throw usageError(`batchsim view: ${report} holds no run data batchsim can read: run it again`);
  return (embedded.runs[0] as { data: ViewerData }).data;
}

/** The folder's own name (`runs/a/` → `a`; `.` → the current folder's name). */
function folderName(dir: string): string {
  return path.basename(path.resolve(dir));
}

/** Labels made unique in order: a repeated one becomes `name (2)`, `name (3)`… */
export function uniqueLabels(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let label = name;
    for (let n = 2; used.has(label); n++) label = `${name} (${n})`;
    used.add(label);
    return label;
  });
}

function writePageFile(file: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if (systemErrorCode(error) === undefined) throw error;
    throw new CliError(
      `batchsim view: cannot write ${file}: ${describeSystemError(error)}`,
      EXIT.failed,
    );
  }
}

async function listenOn(page: string, host: string, port: number) {
  try {
    return await servePage(page, host, port);
  } catch (error) {
    throw usageError(
      `batchsim view: cannot listen on ${host}:${port}: ${describeSystemError(error)}`,
    );
  }
}
