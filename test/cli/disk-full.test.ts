/**
 * A full disk is an output that cannot be written: exit 1, one plain line, nothing left behind. The
 * test needs a small tmpfs; it mounts one when it can (root in a container that allows mount) and is
 * skipped, saying why, when it cannot.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { batchsim } from "./helpers.ts";

const QUICKSTART = fileURLToPath(new URL("../../scenarios/quickstart.yaml", import.meta.url));

const dir = mkdtempSync(join(tmpdir(), "batchsim-full-"));
const mounted =
  process.platform === "linux" &&
  spawnSync("mount", ["-t", "tmpfs", "-o", "size=200k", "tmpfs", dir]).status === 0;

afterAll(() => {
  if (mounted) spawnSync("umount", [dir]);
  rmSync(dir, { recursive: true, force: true });
});

describe("a full disk", () => {
  it.skipIf(!mounted)(
    "exits 1 with `cannot write …: no space left on device` and leaves nothing (needs to mount a tmpfs)",
    () => {
      const r = batchsim(dir, "run", QUICKSTART, "--out", "run", "--quiet");
      expect(r.status).toBe(1);
      expect(r.stderr).toBe("batchsim: cannot write run: no space left on device\n");
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});
