import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MALFORMED_LINES_LISTED } from "../../src/scenario/index.ts";
import {
  createSwfParser,
  formatSwfHeader,
  formatSwfLine,
  parseSwf,
} from "../../src/workload/index.ts";

const FIXTURE = readFileSync(new URL("./fixtures/small.swf", import.meta.url));
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
/** A well-formed job line: job n submitted at `submit`, running `run` s on `procs` processors. */
const job = (n: number, submit: number, run: number, procs: number): string =>
  `${n} ${submit} 0 ${run} ${procs} -1 -1 ${procs} 600 -1 1 1 1 -1 1 -1 -1 -1`;

describe("parseSwf", () => {
  it("reads the header comments batchsim uses", () => {
    expect(parseSwf(FIXTURE).table.header).toEqual({
      version: "2.2",
      computer: "batchsim fixture machine (8 processors)",
      installation: "written by hand for batchsim's tests",
      unixStartTime: 1000000000,
      maxProcs: 8,
      maxNodes: 8,
      maxJobs: 12,
      maxRecords: 12,
    });
  });

  it("keeps every job line as a row, −1 (unknown) values as they are, and skips comments and blank lines", () => {
    const { table, malformed } = parseSwf(FIXTURE);
    expect(malformed).toEqual({ count: 0, first: [] });
    expect(table.rows).toBe(12);
    expect([...table.jobNumber]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect([...table.submitSeconds]).toEqual([
      100, 110, 120, 125, 130, 130, 150, 200, 210, 300, 305, 400,
    ]);
    expect(table.runtimeSeconds[3]).toBe(-1); // job 4: unknown run time
    expect(table.allocatedProcessors[6]).toBe(-1); // job 7: unknown allocated processors…
    expect(table.requestedProcessors[6]).toBe(2); // … but 2 requested
    expect([...table.requestedSeconds.subarray(0, 3)]).toEqual([100, 60, 50]);
    expect([...table.user.subarray(0, 4)]).toEqual([1, 2, 1, 3]);
    expect([...table.group.subarray(0, 4)]).toEqual([1, 1, 2, 2]);
    expect([...table.queue.subarray(0, 4)]).toEqual([1, 1, 2, 1]);
  });

  it("reads decimals, CRLF line ends, a last line without a newline and a comment after the fields", () => {
    const text = `${job(1, 0, 10, 1).replace(" -1 -1 1 600", " 9.5 -1 1 600")}\r\n${job(2, 5, 2.25, 3)} ; note\n${job(3, 7, 1, 1)}`;
    const { table, malformed } = parseSwf(bytes(text));
    expect(malformed.count).toBe(0);
    expect([...table.jobNumber]).toEqual([1, 2, 3]);
    expect([...table.runtimeSeconds]).toEqual([10, 2.25, 1]);
  });

  it("parses the same table whatever the chunks the bytes arrive in", () => {
    const whole = parseSwf(FIXTURE);
    for (const size of [1, 7, 64, 1000]) {
      const parser = createSwfParser();
      for (let i = 0; i < FIXTURE.length; i += size) parser.push(FIXTURE.subarray(i, i + size));
      expect(parser.finish()).toEqual(whole);
    }
  });

  it("reports malformed lines with their line numbers and leaves them out", () => {
    const text = [
      "; MaxProcs: 4",
      job(1, 0, 10, 1),
      "2 5 0 10 1 -1 -1 1 600 -1 1 1 1 -1 1 -1 -1", // 17 fields
      job(3, 7, 10, 1).replace(" 7 ", " 7s "), // not a number
      job(4, 8, 10, 1).replace(" 1 -1 -1 1 600", " 1.5 -1 -1 1 600"), // processors not an integer
      `${job(5, 9, 10, 1)} 0`, // 19 fields
      job(6, 9, 10, 2),
    ].join("\n");
    const { table, malformed } = parseSwf(bytes(text));
    expect([...table.jobNumber]).toEqual([1, 6]);
    expect(malformed).toEqual({
      count: 4,
      first: [
        { line: 3, message: "17 fields, expected 18" },
        { line: 4, message: 'field 2 (submit time) is not a number: "7s"' },
        { line: 5, message: "field 5 (allocated processors) is not an integer: 1.5" },
        { line: 6, message: "19 fields, expected 18" },
      ],
    });
  });

  it(`describes the first ${MALFORMED_LINES_LISTED} malformed lines and counts the rest`, () => {
    const text = Array.from({ length: 30 }, () => "1 2 3").join("\n");
    const { malformed } = parseSwf(bytes(text));
    expect(malformed.count).toBe(30);
    expect(malformed.first).toHaveLength(MALFORMED_LINES_LISTED);
    expect(malformed.first[0]).toEqual({ line: 1, message: "3 fields, expected 18" });
  });
});

describe("formatSwfLine", () => {
  it("writes 18 numbers that parse back to the same values (times to the millisecond)", () => {
    const fields = [7, 12.5, 3.0004, 60, 4, -1, -1, 4, -1, 1024, 1, -1, -1, -1, 2, -1, -1, -1];
    const line = formatSwfLine(fields);
    expect(line).toBe("7 12.5 3 60 4 -1 -1 4 -1 1024 1 -1 -1 -1 2 -1 -1 -1\n");
    const { table } = parseSwf(bytes(formatSwfHeader([["MaxProcs", 4]]) + line));
    expect(table.header.maxProcs).toBe(4);
    expect(table.submitSeconds[0]).toBe(12.5);
    expect(table.queue[0]).toBe(2);
  });

  it("refuses a line without 18 fields", () => {
    expect(() => formatSwfLine([1, 2, 3])).toThrow(/18 fields/);
  });
});
