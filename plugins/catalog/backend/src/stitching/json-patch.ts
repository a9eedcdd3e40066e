/** One RFC 6902 operation; only the three a diff needs. */
export type JsonPatchOperation =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'replace'; path: string; value: unknown }
  | { op: 'remove'; path: string };

/**
 * The JSON Patch (RFC 6902) that turns `previous` into `next`, ignoring
 * `metadata.etag`. Objects are diffed key by key, so one changed annotation is one
 * operation. Arrays keep their common head and tail; the middle becomes in-place edits,
 * or — when items are distinct and keep their order, as sorted relations do — removals
 * and insertions of just the items that changed, whichever is shorter.
 *
 * @example
 * diffEntities({ metadata: { name: 'a', tags: ['x'] } }, { metadata: { name: 'a', tags: ['x', 'y'] } });
 * // [{ op: 'add', path: '/metadata/tags/1', value: 'y' }]
 */
export function diffEntities(previous: object, next: object): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = [];
  diffValues('', withoutEtag(previous), withoutEtag(next), operations);
  return operations;
}

/**
 * Escapes one JSON Pointer (RFC 6901) segment: `~` → `~0`, `/` → `~1`.
 *
 * @example
 * escapePointerSegment('backstage.io/orphan'); // 'backstage.io~1orphan'
 */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function withoutEtag(entity: object): object {
  const metadata = (entity as { metadata?: unknown }).metadata;
  if (!isPlainObject(metadata) || !('etag' in metadata)) return entity;
  const { etag: _etag, ...rest } = metadata;
  return { ...entity, metadata: rest };
}

function diffValues(path: string, a: unknown, b: unknown, out: JsonPatchOperation[]): void {
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of Object.keys(a)) {
      if (a[key] === undefined) continue;
      const child = `${path}/${escapePointerSegment(key)}`;
      if (b[key] === undefined) out.push({ op: 'remove', path: child });
      else diffValues(child, a[key], b[key], out);
    }
    for (const key of Object.keys(b)) {
      if (b[key] !== undefined && a[key] === undefined) {
        out.push({ op: 'add', path: `${path}/${escapePointerSegment(key)}`, value: b[key] });
      }
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    diffArrays(path, a, b, out);
    return;
  }
  if (!deepEqual(a, b)) out.push({ op: 'replace', path, value: b });
}

function diffArrays(
  path: string,
  a: readonly unknown[],
  b: readonly unknown[],
  out: JsonPatchOperation[],
): void {
  let start = 0;
  while (start < a.length && start < b.length && deepEqual(a[start], b[start])) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && deepEqual(a[endA - 1], b[endB - 1])) {
    endA--;
    endB--;
  }
  if (start === endA && start === endB) return;
  const positional = positionalEdits(path, a, b, start, endA, endB);
  const keyed = endA > start && endB > start ? keyedEdits(path, a, b, start, endA, endB) : undefined;
  const best = keyed && keyed.length < positional.length ? keyed : positional;
  for (const operation of best) out.push(operation);
}

/** Edits the middle item by item, then removes or appends what is left over. */
function positionalEdits(
  path: string,
  a: readonly unknown[],
  b: readonly unknown[],
  start: number,
  endA: number,
  endB: number,
) {
  const out: JsonPatchOperation[] = [];
  const common = Math.min(endA - start, endB - start);
  for (let i = start; i < start + common; i++) diffValues(`${path}/${i}`, a[i], b[i], out);
  for (let i = endA - 1; i >= start + common; i--) out.push({ op: 'remove', path: `${path}/${i}` });
  for (let i = start + common; i < endB; i++) out.push({ op: 'add', path: `${path}/${i}`, value: b[i] });
  return out;
}

/**
 * Removes the items that are gone and inserts the new ones, when every item is
 * distinct and the kept ones stay in order; undefined otherwise.
 */
function keyedEdits(
  path: string,
  a: readonly unknown[],
  b: readonly unknown[],
  start: number,
  endA: number,
  endB: number,
) {
  const keysA = a.slice(start, endA).map(itemKey);
  const keysB = b.slice(start, endB).map(itemKey);
  const setA = new Set(keysA);
  const setB = new Set(keysB);
  if (setA.size !== keysA.length || setB.size !== keysB.length) return undefined;
  const keptA = keysA.filter((key) => setB.has(key));
  const keptB = keysB.filter((key) => setA.has(key));
  if (keptA.some((key, i) => keptB[i] !== key)) return undefined;
  const out: JsonPatchOperation[] = [];
  for (let i = keysA.length - 1; i >= 0; i--) {
    if (!setB.has(keysA[i]!)) out.push({ op: 'remove', path: `${path}/${start + i}` });
  }
  for (let i = 0; i < keysB.length; i++) {
    if (!setA.has(keysB[i]!)) out.push({ op: 'add', path: `${path}/${start + i}`, value: b[start + i] });
  }
  return out;
}

function itemKey(item: unknown): string {
  return typeof item === 'string' ? `s${item}` : `j${JSON.stringify(item)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra).filter((key) => ra[key] !== undefined);
  if (keys.length !== Object.keys(rb).filter((key) => rb[key] !== undefined).length) return false;
  return keys.every((key) => deepEqual(ra[key], rb[key]));
}
