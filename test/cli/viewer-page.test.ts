import { describe, expect, it } from "vitest";
import { readEmbeddedRuns, splitTemplate, viewerPageText } from "../../src/cli/viewer-page.ts";
import { VIEWER_PLACEHOLDER, type ViewerData } from "../../src/report/index.ts";

const PAGE = `<!doctype html><head><script>const x = 1 < 2;</script></head><body>${VIEWER_PLACEHOLDER}<p>$& $1</p></body>`;

/** Just enough of a ViewerData for the page functions (they never look inside but for format). */
function fakeData(extra: Record<string, unknown> = {}): ViewerData {
  return { format: 1, ...extra } as unknown as ViewerData;
}

describe("the viewer page", () => {
  it("is split at its one placeholder, and refused without exactly one", () => {
    expect(splitTemplate(PAGE)).toEqual({
      head: "<!doctype html><head><script>const x = 1 < 2;</script></head><body>",
      tail: "<p>$& $1</p></body>",
    });
    expect(splitTemplate("<p>nothing</p>")).toBeNull();
    expect(splitTemplate(PAGE + VIEWER_PLACEHOLDER)).toBeNull();
  });

  it("embeds the payload as JSON.stringify would write it, every < escaped", () => {
    const long = Array.from({ length: 70_000 }, (_, i) => (i % 3 === 0 ? null : i / 7));
    const data = fakeData({
      note: "</script><script>alert(1)</script> <!-- x",
      nested: { a: [1, 2, { b: "<" }], skip: undefined, n: null },
      long,
    });
    const payload = { runs: [{ label: "a<b", data }] };
    const template = splitTemplate(PAGE);
    if (!template) throw new Error("no template");
    const page = viewerPageText(template, payload);
    const json = JSON.stringify(payload).replace(/</g, "\\u003c");
    expect(page).toBe(
      `${template.head}<script id="batchsim-data" type="application/json">${json}</script>${template.tail}`,
    );
    expect(page.match(/<\/script>/g)).toHaveLength(2);
    expect(readEmbeddedRuns(page)).toEqual({
      ok: true,
      runs: [{ label: "a<b", data: JSON.parse(JSON.stringify(data)) }],
    });
  });

  it("reads back no data from a page without a payload, and the format of another version", () => {
    expect(readEmbeddedRuns("<p>hi</p>")).toEqual({ ok: false, problem: "no data" });
    expect(readEmbeddedRuns(PAGE)).toEqual({ ok: false, problem: "no data" });
    const template = splitTemplate(PAGE);
    if (!template) throw new Error("no template");
    const old = viewerPageText(template, {
      runs: [{ label: "x", data: { format: 0 } as unknown as ViewerData }],
    });
    expect(readEmbeddedRuns(old)).toEqual({ ok: false, problem: "format", format: 0 });
  });
});
