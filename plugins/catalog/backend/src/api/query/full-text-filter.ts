import { InputError } from '@greenroom/errors';
import type { FullTextFilter } from './entity-cursor.js';
import type { EntityOrder } from './entity-order.js';
import { queryLimits } from './limits.js';
import type { SearchIndex } from './match-entity.js';

/**
 * A full-text filter ready for storage: a lowercased term and the search keys to
 * look in. SQL: `e IN (SELECT entity_id FROM search WHERE key IN (:keys) AND value
 * LIKE :pattern ESCAPE '\')` with {@link likeContainsPattern}.
 */
export interface ResolvedFullText {
  term: string;
  keys: string[];
}

/**
 * Builds the caller-facing full-text filter from a term and fields (either may be
 * absent). The term is trimmed; an empty term means no full-text filter.
 *
 * @throws InputError when the term or the field list is too long.
 * @example
 * toFullTextFilter(' Foo ', ['metadata.name']); // { term: 'Foo', fields: ['metadata.name'] }
 */
export function toFullTextFilter(
  term: string | undefined,
  fields: readonly string[] | undefined,
): FullTextFilter | undefined {
  const trimmed = term?.trim();
  if (!trimmed) return undefined;
  if (trimmed.length > queryLimits.maxFullTextTermLength) {
    throw new InputError(
      `Invalid full-text term: longer than ${queryLimits.maxFullTextTermLength} characters; shorten it`,
    );
  }
  const list = (fields ?? [])
    .flatMap((f) => f.split(','))
    .map((f) => f.trim())
    .filter(Boolean);
  if (list.length > queryLimits.maxFullTextFields) {
    throw new InputError(
      `Too many full-text fields: ${list.length}, at most ${queryLimits.maxFullTextFields} are allowed`,
    );
  }
  return list.length > 0 ? { term: trimmed, fields: list } : { term: trimmed };
}

/**
 * Resolves which search keys a full-text filter searches: the given fields, else
 * the sort field, else `metadata.uid` (Backstage's rule).
 *
 * @example
 * resolveFullText({ term: 'Foo' }, { field: 'metadata.name', order: 'asc' });
 * // { term: 'foo', keys: ['metadata.name'] }
 */
export function resolveFullText(
  filter: FullTextFilter | undefined,
  orderField: EntityOrder | undefined,
): ResolvedFullText | undefined {
  const term = filter?.term.trim().toLowerCase();
  if (!filter || !term) return undefined;
  const keys = filter.fields?.length
    ? [...new Set(filter.fields.map((f) => f.toLowerCase()))]
    : [orderField?.field ?? 'metadata.uid'];
  return { term, keys };
}

/**
 * Evaluates a resolved full-text filter in memory: some non-null value of one of
 * the keys contains the term.
 *
 * @example
 * matchesFullText({ term: 'ser', keys: ['spec.type'] }, indexSearchRows(flattenEntity(entity)));
 */
export function matchesFullText(fullText: ResolvedFullText, index: SearchIndex): boolean {
  return fullText.keys.some((key) => index.get(key)?.some((v) => v?.includes(fullText.term)));
}
