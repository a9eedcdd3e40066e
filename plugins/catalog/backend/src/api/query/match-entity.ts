import {
  collectSearchEntries,
  type SearchableEntity,
  type SearchRow,
  toSearchRows,
} from '../../search/search-rows.js';
import type { EntityFilter, FieldMatch } from './entity-filter.js';

/** The values of each search key of one entity (null for null-valued rows). */
export type SearchIndex = ReadonlyMap<string, readonly (string | null)[]>;

/**
 * Groups search rows by key, for evaluating filters against one entity or location.
 *
 * @example
 * const index = indexSearchRows(flattenEntity(entity));
 */
export function indexSearchRows(rows: readonly Pick<SearchRow, 'key' | 'value'>[]): SearchIndex {
  const index = new Map<string, (string | null)[]>();
  for (const { key, value } of rows) {
    const values = index.get(key);
    if (values) values.push(value);
    else index.set(key, [value]);
  }
  return index;
}

/**
 * Evaluates a filter against indexed search rows with exactly the semantics the
 * SQL over the `search` table has. `undefined` matches everything.
 *
 * @example
 * matchesSearchIndex({ key: 'kind', matches: { op: 'exists' } }, index);
 */
export function matchesSearchIndex(filter: EntityFilter | undefined, index: SearchIndex): boolean {
  if (filter === undefined) return true;
  if ('key' in filter) return matchesField(filter.matches, index.get(filter.key));
  if ('not' in filter) return !matchesSearchIndex(filter.not, index);
  if ('all' in filter) return filter.all.every((child) => matchesSearchIndex(child, index));
  return filter.any.some((child) => matchesSearchIndex(child, index));
}

function matchesField(match: FieldMatch, values: readonly (string | null)[] | undefined): boolean {
  if (values === undefined) return false;
  switch (match.op) {
    case 'exists':
      return true;
    case 'eq':
      return values.some((v) => v !== null && match.values.includes(v));
    case 'hasPrefix':
      return values.some((v) => v?.startsWith(match.value));
  }
}

/**
 * Whether one entity matches a filter, using the same flattening the `search`
 * table is built from (so `metadata.namespace=default` matches an entity without a
 * namespace, tags match as `metadata.tags.java`, relations as `relations.ownedby`).
 * Unlike {@link flattenEntity} it does not reject case-clashing keys.
 *
 * @example
 * matchesEntity({ key: 'kind', matches: { op: 'eq', values: ['component'] } }, entity); // true
 */
export function matchesEntity(filter: EntityFilter | undefined, entity: SearchableEntity): boolean {
  if (filter === undefined) return true;
  return matchesSearchIndex(filter, indexSearchRows(toSearchRows(collectSearchEntries(entity).entries)));
}

/**
 * A reusable predicate for checking many entities against one filter.
 *
 * @example
 * const visible = entities.filter(createEntityMatcher(filter));
 */
export function createEntityMatcher(filter: EntityFilter | undefined): (entity: SearchableEntity) => boolean {
  if (filter === undefined) return () => true;
  return (entity) => matchesEntity(filter, entity);
}
