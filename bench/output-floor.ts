/**
 * A floor for writing the run folder: how fast this machine can put CSV-shaped bytes into a file
 * from JavaScript when formatting costs next to nothing. Each row is ~180 bytes like a jobs.csv row:
 * constant runs copied with TypedArray.set, six times written from a three-digit table, no quoting
 * checks, no state — far less work than the real folds do. The file goes to the system's temporary
 * folder and is removed.
 *
 *   npx tsx bench/output-floor.ts            # 2,000,000 rows (~360 MB), about what one run worker writes
 *   npx tsx bench/output-floor.ts 4000000
 *
 * Used in bench/BENCHMARKS.md (tenth session) to bound what the M/M/8 run's 865 MB can cost.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const rows = Number(process.argv[2] ?? 2_000_000);
if (!Number.isInteger(rows) || rows < 1) {
  console.error("usage: npx tsx bench/output-floor.ts [ROWS]  (ROWS ≥ 1)");
  process.exit(2);
}
const dir = mkdtempSync(path.join(tmpdir(), "batchsim-floor-"));
const file = path.join(dir, "rows.csv");
const fd = openSync(file, "w");
const buf = new Uint8Array(1 << 20);
let pos = 0;
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const head = bytes("job-000");
const middle = bytes(",customers-1,fcfs,,,,SUCCEEDED,Essential container in task exited,1,0,");
const tail = bytes(",servers,mm.1,i-00000000000000001,0.000247804\n");
const digits3 = new Uint8Array(3000);
for (let i = 0; i < 1000; i++) {
  digits3[3 * i] = 48 + Math.floor(i / 100);
  digits3[3 * i + 1] = 48 + (Math.floor(i / 10) % 10);
  digits3[3 * i + 2] = 48 + (i % 10);
}
const three = (n: number): void => {
  buf[pos++] = digits3[3 * n]!;
  buf[pos++] = digits3[3 * n + 1]!;
  buf[pos++] = digits3[3 * n + 2]!;
};
/** k/1000 as "WWWW.fff" (k < 10^7), always with three decimals: no trimming, no branches. */
const milli = (k: number): void => {
  const whole = (k / 1000) | 0;
  buf[pos++] = 48 + ((whole / 1000) | 0);
  three(whole % 1000);
  buf[pos++] = 46;
  three(k - whole * 1000);
};

const started = performance.now();
let written = 0;
for (let r = 0; r < rows; r++) {
  if (pos > buf.length - 512) {
    written += writeSync(fd, buf, 0, pos);
    pos = 0;
  }
  buf.set(head, pos);
  pos += head.length;
  const id = r % 100000;
  buf[pos++] = 48 + ((id / 10000) | 0);
  buf[pos++] = 48 + (((id / 1000) | 0) % 10);
  three(id % 1000);
  buf.set(middle, pos);
  pos += middle.length;
  for (let k = 0; k < 6; k++) {
    milli((r * 7919 + k * 1013) % 10_000_000);
    buf[pos++] = 44;
  }
  buf.set(tail, pos);
  pos += tail.length;
}
written += writeSync(fd, buf, 0, pos);
closeSync(fd);
const seconds = (performance.now() - started) / 1000;
rmSync(dir, { recursive: true, force: true });
const mb = written / 1e6;
console.log(
  `${rows.toLocaleString("en-US")} rows, ${mb.toFixed(0)} MB in ${seconds.toFixed(2)} s: ${(mb / seconds).toFixed(0)} MB/s`,
);
