/** DOM helpers of the viewer's tests. */

/** A fresh container attached to the document. */
export function mount(): HTMLElement {
  document.body.replaceChildren();
  const div = document.createElement("div");
  document.body.append(div);
  return div;
}

/** The text of every element matching `selector`. */
export function texts(root: ParentNode, selector: string): string[] {
  return [...root.querySelectorAll(selector)].map((e) => e.textContent ?? "");
}
