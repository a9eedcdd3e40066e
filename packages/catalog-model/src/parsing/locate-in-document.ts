import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { JsonPathSegment } from '../validation/issue.js';

/**
 * The text offset of the value at a JSON path in a parsed document: for an object key the
 * offset of the key, for an array item that of the item. Where the path leaves what the
 * document holds (a missing required field), the offset of the deepest part that exists.
 *
 * @example
 * offsetInDocument(document, ['spec', 'owner']); // offset of `owner:` in the text
 */
export function offsetInDocument(document: Document, path: readonly JsonPathSegment[]): number {
  let node = document.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const segment of path) {
    for (let hops = 0; isAlias(node) && hops < 100; hops++) node = node.resolve(document) ?? null;
    if (isMap(node)) {
      const wanted = String(segment);
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value ?? '') === wanted);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
