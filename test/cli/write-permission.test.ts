/**
 * An output folder the user may not write is an output that cannot be written: exit 1, one plain
 * line, nothing left behind (and the existing read-only folder untouched). chmod does not stop root:
 * there the command runs as user nobody (setpriv); skipped only as root without setpriv.
 */
import { chmodSync, copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchsimUnprivileged, CAN_TEST_PERMISSIONS, cleanUp, tempFolder } from "./helpers.ts";

const QUICKSTART = fileURLToPath(new URL("../../scenarios/quickstart.yaml", import.meta.url));

let dir: string;
beforeAll(() => {
  dir = tempFolder();
  chmodSync(dir, 0o755); // the second case reads ../quickstart.yaml from inside locked/
  copyFileSync(QUICKSTART, join(dir, "quickstart.yaml"));
  mkdirSync(join(dir, "locked"));
  chmodSync(join(dir, "locked"), 0o555);
});
afterAll(() => cleanUp(dir));

describe.skipIf(!CAN_TEST_PERMISSIONS)("an output folder that cannot be written", () => {
  it("run --out under a read-only folder: exit 1, `cannot write …: permission denied`, nothing left", () => {
    const r = batchsimUnprivileged(dir, "run", "quickstart.yaml", "--out", "locked/run", "--quiet");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("batchsim: cannot write locked/run: permission denied\n");
    expect(readdirSync(join(dir, "locked"))).toEqual([]);
  });

  it("the default runs/<name> in a read-only working folder: the same", () => {
    const r = batchsimUnprivileged(join(dir, "locked"), "run", "../quickstart.yaml", "--quiet");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("batchsim: cannot write runs/quickstart: permission denied\n");
    expect(readdirSync(join(dir, "locked"))).toEqual([]);
  });
});
