/** Serving one page on the loopback interface (`batchsim view`), and waiting for Ctrl-C. */
import * as http from "node:http";

/** A page being served over HTTP. */
export interface PageServer {
  /** `http://host:port/`. */
  readonly url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Ports tried after a busy one (`port`, `port + 1`, …) before giving up. */
const PORT_TRIES = 20;

/**
 * Serves `page` (HTML) at `/` on `host`, from `port` or, when it is taken, the next free one (0: any
 * free port). Anything else is 404. Listening errors other than a busy port are thrown as is.
 */
export async function servePage(page: string, host: string, port: number): Promise<PageServer> {
  const body = Buffer.from(page, "utf8");
  const server = http.createServer((request, response) => {
    const url = (request.url ?? "/").split("?")[0];
    const method = request.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") {
      response.writeHead(405, { Allow: "GET, HEAD" }).end();
    } else if (url !== "/" && url !== "/index.html") {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
    } else {
      response.writeHead(200, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": body.length,
        "Cache-Control": "no-store",
      });
      response.end(method === "HEAD" ? undefined : body);
    }
  });
  for (let i = 0; ; i++) {
    const tryPort = port === 0 ? 0 : port + i;
    try {
      await listen(server, host, tryPort);
      break;
    } catch (error) {
      const busy = (error as { code?: unknown }).code === "EADDRINUSE";
      if (!busy || port === 0 || i + 1 >= PORT_TRIES || tryPort >= 65535) throw error;
    }
  }
  const address = server.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actual}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off("listening", onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/** Resolves with the first SIGINT or SIGTERM the process gets from now on. */
export function waitForStopSignal(): Promise<"SIGINT" | "SIGTERM"> {
  return new Promise((resolve) => {
    const onSigint = (): void => done("SIGINT");
    const onSigterm = (): void => done("SIGTERM");
    const done = (signal: "SIGINT" | "SIGTERM"): void => {
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigterm);
      resolve(signal);
    };
    process.on("SIGINT", onSigint);
    process.on("SIGTERM", onSigterm);
  });
}
