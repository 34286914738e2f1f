/** Small DOM helpers: the viewer builds its page with these instead of a framework. */

type Child = Node | string | null | undefined | false;

/** Creates an element with a class (or none), attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string | null,
  children: readonly Child[] = [],
  attrs: Readonly<Record<string, string>> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}

/** A short note in place of a chart (or under it): why something is missing or partial. */
export function note(text: string): HTMLParagraphElement {
  return el("p", "note", [text]);
}

/** A titled block inside a run's column. */
export function block(parent: HTMLElement, title: string, hint?: string): HTMLElement {
  const body = el("div", "block-body");
  parent.append(
    el("div", "block", [el("h3", null, [title]), hint ? el("p", "hint", [hint]) : null, body]),
  );
  return body;
}

/** A table from a header row and body rows (cells are text or nodes). */
export function table(
  head: readonly string[],
  rows: readonly (readonly Child[])[],
  className = "data",
): HTMLTableElement {
  const thead = el("thead", null, [
    el(
      "tr",
      null,
      head.map((h) => el("th", null, [h])),
    ),
  ]);
  const tbody = el(
    "tbody",
    null,
    rows.map((r) =>
      el(
        "tr",
        null,
        r.map((c) => el("td", null, [c])),
      ),
    ),
  );
  return el("table", className, [thead, tbody]);
}

/** A colored square for legends. */
export function swatch(color: string, opacity = 1): HTMLSpanElement {
  const s = el("span", "swatch");
  s.style.background = color;
  s.style.opacity = String(opacity);
  return s;
}

/** A legend: one swatch and label per entry. */
export function legend(
  entries: readonly { color: string; label: string; opacity?: number; dashed?: boolean }[],
): HTMLElement {
  return el(
    "div",
    "legend",
    entries.map((e) =>
      el("span", e.dashed ? "legend-item dashed" : "legend-item", [
        swatch(e.color, e.opacity ?? 1),
        e.label,
      ]),
    ),
  );
}

/** Scrolls an element into view if it is not (no-op where the DOM cannot scroll). */
export function reveal(node: Element): void {
  if (typeof node.scrollIntoView === "function") node.scrollIntoView({ block: "nearest" });
}
