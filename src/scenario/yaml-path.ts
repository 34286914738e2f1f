/** Paths in a yaml document: where the node a path names starts (yaml-source.ts and yaml-locate.ts place problems with it). */
import { type Document, isAlias, isMap, isScalar, isSeq } from "yaml";
import type { Anchor, DocPath } from "./problem.ts";

/** locate's answer as an offset into the document's text (-1: no position, i.e. line 1, column 1). */
export function locateOffset(doc: Document.Parsed, path: DocPath, anchor: Anchor): number {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  let depth = 0;
  for (const seg of path) {
    const next = child(node, seg, doc);
    if (!next) break;
    node = next.value;
    keyNode = next.key;
    depth++;
  }
  const found = depth === path.length;
  let target: unknown = node;
  if (found && anchor === "key" && keyNode) target = keyNode;
  else if (!found && isMap(node) && node.items[0]?.key) target = node.items[0].key;
  return startOf(target);
}

function child(
  node: unknown,
  seg: string | number,
  doc: Document.Parsed,
): { value: unknown; key: unknown } | undefined {
  const n = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(n)) {
    const pair = n.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
    // A key with no value (`key:`) still has a position: point at the key.
    return pair ? { value: pair.value ?? pair.key, key: pair.key } : undefined;
  }
  if (isSeq(n) && typeof seg === "number") {
    const item = n.items[seg];
    return item ? { value: item, key: undefined } : undefined;
  }
  return undefined;
}

/** Where a node starts in its text (-1 if it has no range). */
export function startOf(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : -1;
}
