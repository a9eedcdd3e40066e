import { InputError } from '@greenroom/errors';
import { z } from 'zod';
import { decodeBase64Json, encodeBase64Json } from './base64-json.js';
import type { EntityFilter } from './entity-filter.js';
import { filterToPredicate } from './filter-to-predicate.js';
import { queryLimits } from './limits.js';
import { formatIssues } from './params.js';
import { parseFilterPredicate } from './predicate.js';

/** The fields a locations predicate may use (lowercased), mapped to the `Location` property. */
export const LOCATION_QUERY_FIELDS: ReadonlyMap<string, 'id' | 'type' | 'target' | 'entityRef'> = new Map([
  ['id', 'id'],
  ['type', 'type'],
  ['target', 'target'],
  ['entityref', 'entityRef'],
]);

const locationKeys: ReadonlySet<string> = new Set(LOCATION_QUERY_FIELDS.keys());

/**
 * Parses a locations predicate; only `id`, `type`, `target` and `entityRef` may be used.
 *
 * @example
 * parseLocationPredicate({ type: 'url' }); // { key: 'type', matches: { op: 'eq', values: ['url'] } }
 */
export function parseLocationPredicate(value: unknown, path = 'query'): EntityFilter {
  return parseFilterPredicate(value, { path, allowedKeys: locationKeys });
}

/** What a locations cursor carries: page size, the last id returned, and the filter. */
export interface LocationCursorState {
  limit: number;
  afterId?: string;
  filter?: EntityFilter;
}

const locationCursorSchema = z.object({
  limit: z.number().int().min(1).max(queryLimits.maxLimit),
  afterId: z.string().max(queryLimits.maxPathLength).optional(),
  query: z.unknown().optional(),
});

/**
 * Encodes the `nextCursor` of `POST /locations/by-query`: base64 JSON
 * `{ limit, afterId, query }` (the filter written as a predicate).
 *
 * @example
 * encodeLocationCursor({ limit: 500, afterId: lastId, filter });
 */
export function encodeLocationCursor(state: LocationCursorState): string {
  return encodeBase64Json({
    limit: state.limit,
    ...(state.afterId !== undefined ? { afterId: state.afterId } : {}),
    ...(state.filter ? { query: filterToPredicate(state.filter) } : {}),
  });
}

/**
 * Decodes and validates a locations cursor.
 *
 * @throws InputError `Malformed cursor: ...`.
 * @example
 * decodeLocationCursor(body.cursor); // { limit: 500, afterId: '...', filter: ... }
 */
export function decodeLocationCursor(cursor: string): LocationCursorState {
  const result = locationCursorSchema.safeParse(decodeBase64Json(cursor, 'Malformed cursor'));
  if (!result.success) throw new InputError(`Malformed cursor: ${formatIssues(result.error)}`);
  const { limit, afterId, query } = result.data;
  let filter: EntityFilter | undefined;
  try {
    filter = query === undefined ? undefined : parseLocationPredicate(query, 'cursor.query');
  } catch (error) {
    throw new InputError(`Malformed cursor: ${(error as Error).message}`);
  }
  return { limit, ...(afterId !== undefined ? { afterId } : {}), ...(filter ? { filter } : {}) };
}
