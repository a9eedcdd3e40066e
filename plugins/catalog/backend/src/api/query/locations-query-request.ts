import { InputError } from '@greenroom/errors';
import { z } from 'zod';
import { combineFilters, type EntityFilter } from './entity-filter.js';
import { queryLimits } from './limits.js';
import { decodeLocationCursor, LOCATION_QUERY_FIELDS, parseLocationPredicate } from './location-cursor.js';
import { indexSearchRows, matchesSearchIndex } from './match-entity.js';
import { parseWith } from './params.js';

/** Wire schema of the body of `POST /locations/by-query`. */
export const locationsQueryBodySchema = z.object(
  {
    cursor: z.string().optional().describe('nextCursor of a previous page'),
    limit: z.number().int().min(1).max(queryLimits.maxLimit).optional().describe('Page size (default 1000)'),
    query: z.unknown().optional().describe('Filter predicate over id, type, target and entityRef'),
  },
  { error: 'expected a JSON object' },
);

/**
 * A normalised `POST /locations/by-query` request: locations ordered by `id`,
 * after `afterId`, at most `limit`, matching `filter` (keys `id`, `type`, `target`,
 * `entityref`, compared case-insensitively; see {@link matchesLocation}), without
 * the internal `bootstrap` location. With a cursor everything but the position
 * comes from the cursor.
 */
export interface LocationsQuery {
  limit: number;
  afterId?: string;
  filter?: EntityFilter;
}

/**
 * Parses the body of `POST /locations/by-query`.
 *
 * @throws InputError (400), e.g. for an unknown field in `query` or a malformed cursor.
 * @example
 * parseLocationsQueryRequest({ limit: 10, query: { type: 'url' } });
 */
export function parseLocationsQueryRequest(body: unknown): LocationsQuery {
  const b = parseWith(locationsQueryBodySchema, body ?? {}, 'body of POST /locations/by-query');
  if (b.cursor !== undefined) {
    if (!b.cursor) throw new InputError('Cursor cannot be empty; omit it for the first page');
    const state = decodeLocationCursor(b.cursor);
    return { ...state, ...(b.limit !== undefined ? { limit: b.limit } : {}) };
  }
  const query: LocationsQuery = { limit: b.limit ?? queryLimits.defaultLocationsLimit };
  const filter = combineFilters(b.query === undefined ? undefined : parseLocationPredicate(b.query));
  if (filter) query.filter = filter;
  return query;
}

/**
 * Evaluates a locations filter in memory, case-insensitively, with the same
 * semantics as for entities.
 *
 * @example
 * matchesLocation({ key: 'type', matches: { op: 'eq', values: ['url'] } }, location); // true
 */
export function matchesLocation(
  filter: EntityFilter | undefined,
  location: { id: string; type: string; target: string; entityRef?: string },
): boolean {
  const rows = [];
  for (const [key, property] of LOCATION_QUERY_FIELDS) {
    const value = location[property];
    if (value !== undefined) rows.push({ key, value: value.toLowerCase() });
  }
  return matchesSearchIndex(filter, indexSearchRows(rows));
}
