import { InputError } from '@greenroom/errors';

/**
 * Size bounds of the `search` table's flattening: longer keys are not indexed, longer
 * values are stored as null (Backstage's rules, so filters behave the same).
 *
 * @example
 * if (key.length > searchLimits.maxKeyLength) return; // not indexed
 */
export const searchLimits = Object.freeze({
  /** Keys longer than this are not indexed in the `search` table. */
  maxKeyLength: 200,
  /** Values longer than this are stored as null in the `search` table. */
  maxValueLength: 200,
});

/** One row of the `search` table: a lowercased key, its lowercased value, and the value as written. */
export interface SearchRow {
  key: string;
  value: string | null;
  originalValue: string | null;
}

/**
 * `search.original_value` as stored: null when it equals `value`, which most values do
 * (they are lowercase already); readers take `coalesce(original_value, value)`.
 *
 * @example
 * storedOriginalValue({ value: 'component', originalValue: 'Component' }); // 'Component'
 */
export function storedOriginalValue(row: Pick<SearchRow, 'value' | 'originalValue'>): string | null {
  return row.originalValue === row.value ? null : row.originalValue;
}

/**
 * A row of the `search` table as a {@link SearchRow} (the inverse of {@link storedOriginalValue}).
 *
 * @example
 * searchRowFromStored({ key: 'kind', value: 'api', original_value: null }); // { key: 'kind', value: 'api', originalValue: 'api' }
 */
export function searchRowFromStored(row: {
  key: string;
  value: string | null;
  original_value: string | null;
}): SearchRow {
  return { key: row.key, value: row.value, originalValue: row.original_value ?? row.value };
}

/**
 * The parts of an entity the flattening reads specially. Any catalog-model
 * `Entity` fits; everything else is walked generically.
 */
export interface SearchableEntity {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; namespace?: string; uid?: string; [key: string]: unknown };
  spec?: object;
  relations?: ReadonlyArray<{ type: string; targetRef: string }>;
  status?: unknown;
}

// Skipped by the generic walk: not worth indexing, or added explicitly below.
const EXCLUDED_PATHS = new Set([
  'attachments',
  'relations',
  'status',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.etag',
]);

// Deeper structures are not indexed: it bounds recursion on hostile input.
const MAX_WALK_DEPTH = 100;

interface RawEntry {
  key: string;
  value: unknown;
}

/** Raw key/value pairs in Backstage's order, plus the keys that clash by case. */
export function collectSearchEntries(entity: SearchableEntity): {
  entries: RawEntry[];
  caseClashes: string[];
} {
  const entries: RawEntry[] = [];
  const walkedKeys = new Set<string>();

  const visit = (path: string, current: unknown, depth: number): void => {
    if (EXCLUDED_PATHS.has(path) || depth > MAX_WALK_DEPTH) return;
    if (current === undefined || current === null || isScalar(current)) {
      entries.push({ key: path, value: current });
      walkedKeys.add(path.toLowerCase());
      return;
    }
    if (typeof current !== 'object') return;
    if (Array.isArray(current)) {
      for (const item of current) {
        visit(path, item, depth + 1);
        // `metadata.tags.java = true` lets one filter set require several items.
        if (typeof item === 'string') {
          const itemKey = `${path}.${item}`;
          const lower = itemKey.toLowerCase();
          if (!walkedKeys.has(lower)) {
            entries.push({ key: itemKey, value: true });
            walkedKeys.add(lower);
          }
        }
      }
      return;
    }
    for (const [key, value] of Object.entries(current)) {
      visit(path ? `${path}.${key}` : key, value, depth + 1);
    }
  };
  visit('', entity, 0);

  const { metadata } = entity;
  entries.push({ key: 'metadata.name', value: metadata.name });
  entries.push({ key: 'metadata.namespace', value: metadata.namespace });
  entries.push({ key: 'metadata.uid', value: metadata.uid });
  // An entity without a namespace is in `default`, and filters on it must say so.
  if (!metadata.namespace) entries.push({ key: 'metadata.namespace', value: 'default' });
  for (const relation of entity.relations ?? []) {
    entries.push({ key: `relations.${relation.type}`, value: relation.targetRef });
  }

  const rawKeys = new Set(entries.map((e) => e.key));
  const byLower = new Map<string, string>();
  const caseClashes: string[] = [];
  for (const key of rawKeys) {
    const lower = key.toLowerCase();
    if (byLower.has(lower)) caseClashes.push(`'${byLower.get(lower)}' and '${key}'`);
    else byLower.set(lower, key);
  }
  return { entries, caseClashes };
}

/** Lowercases, applies the 200-character limits and de-duplicates on (key, value), first wins. */
export function toSearchRows(entries: readonly RawEntry[]): SearchRow[] {
  const rows: SearchRow[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    // toLowerCase equals Backstage's toLocaleLowerCase('en-US') and is faster.
    const key = entry.key.toLowerCase();
    if (key.length > searchLimits.maxKeyLength) continue;
    let value: string | null = null;
    let originalValue: string | null = null;
    if (entry.value !== undefined && entry.value !== null) {
      const text = String(entry.value);
      const lower = text.toLowerCase();
      if (lower.length <= searchLimits.maxValueLength) {
        value = lower;
        originalValue = text;
      }
    }
    const identity = value === null ? `${key}\u0000` : `${key}\u0000=${value}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    rows.push({ key, value, originalValue });
  }
  return rows;
}

/**
 * Flattens a stitched entity into the rows of the `search` table: dotted lowercase
 * keys; lowercase string values (numbers and booleans as text); every array item
 * under its array's key, string items also as `<key>.<item> = 'true'`; nulls kept
 * so `exists` works; `metadata.name`, `metadata.namespace` (plus `default` when
 * absent) and `metadata.uid` always present; each relation as
 * `relations.<type> = <target ref>`. Keys over 200 characters are dropped, values
 * over 200 characters are stored as null. Rows are unique on (key, value).
 *
 * @throws InputError when two keys differ only by case (e.g. `spec.foo` and `spec.Foo`).
 * @example
 * flattenEntity({ kind: 'Component', metadata: { name: 'a', tags: ['java'] } });
 * // [{ key: 'kind', value: 'component', originalValue: 'Component' }, ...,
 * //  { key: 'metadata.tags.java', value: 'true', originalValue: 'true' }, ...]
 */
export function flattenEntity(entity: SearchableEntity): SearchRow[] {
  const { entries, caseClashes } = collectSearchEntries(entity);
  if (caseClashes.length > 0) {
    const ref = `${entity.kind ?? '?'}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name ?? '?'}`;
    throw new InputError(
      `Entity ${ref.toLowerCase()} has duplicate keys that vary only in casing: ${caseClashes.join(', ')}. ` +
        'Catalog keys are matched case-insensitively; rename or remove one of each pair.',
    );
  }
  return toSearchRows(entries);
}

function isScalar(value: unknown): value is string | number | boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}
