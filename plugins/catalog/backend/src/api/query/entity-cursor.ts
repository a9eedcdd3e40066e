import { InputError } from '@greenroom/errors';
import { z } from 'zod';
import { decodeBase64Json, encodeBase64Json } from './base64-json.js';
import { combineFilters, type EntityFilter } from './entity-filter.js';
import type { EntityOrder } from './entity-order.js';
import { filterToPredicate } from './filter-to-predicate.js';
import { queryLimits } from './limits.js';
import { formatIssues } from './params.js';
import { parseFilterPredicate } from './predicate.js';

/** The full-text part of a by-query request, as the caller gave it (term trimmed). */
export interface FullTextFilter {
  term: string;
  fields?: string[];
}

/**
 * What an entity cursor remembers between pages of `/entities/by-query`: the
 * caller's filter, order and full-text filter (so later pages need only the
 * cursor), the keyset position, and the total counted on the first page.
 * Never put permission filters here: apply them afresh on every request.
 */
export interface EntityCursorState {
  orderFields: EntityOrder[];
  /** The sort value (or null) of the boundary row, then its entity uid. */
  orderFieldValues: (string | null)[];
  isPrevious: boolean;
  filter?: EntityFilter;
  fullTextFilter?: FullTextFilter;
  firstSortFieldValues?: (string | null)[];
  totalItems?: number;
}

const sortValues = z.array(z.string().nullable()).max(queryLimits.maxOrderFields + 1);

/** Wire schema of a decoded entity cursor (Backstage's shape; `query`/`filter` checked separately). */
const cursorWireSchema = z.object({
  orderFields: z
    .array(
      z.object({ field: z.string().min(1).max(queryLimits.maxPathLength), order: z.enum(['asc', 'desc']) }),
    )
    .max(queryLimits.maxOrderFields),
  orderFieldValues: sortValues,
  isPrevious: z.boolean(),
  query: z.unknown().optional(),
  filter: z.unknown().optional(),
  fullTextFilter: z
    .object({
      term: z.string().max(queryLimits.maxFullTextTermLength),
      fields: z
        .array(z.string().max(queryLimits.maxPathLength))
        .max(queryLimits.maxFullTextFields)
        .optional(),
    })
    .optional(),
  firstSortFieldValues: sortValues.optional(),
  totalItems: z.number().int().min(0).optional(),
});

/**
 * Encodes a cursor as standard base64 JSON in Backstage's layout. The filter is
 * written as a predicate under `query`, so `@backstage/catalog-client` (which
 * checks `"query" in JSON.parse(atob(cursor))`) sends the next page with POST;
 * without a filter it uses GET. Both endpoints accept every cursor.
 *
 * @example
 * encodeEntityCursor({ orderFields: [], orderFieldValues: [uid], isPrevious: false, totalItems: 42 });
 */
export function encodeEntityCursor(state: EntityCursorState): string {
  const { filter, ...rest } = state;
  return encodeBase64Json({
    ...rest,
    orderFields: rest.orderFields.map(({ field, order }) => ({ field, order })),
    ...(filter ? { query: filterToPredicate(filter) } : {}),
  });
}

/**
 * Decodes and validates an entity cursor. Accepts the filter as a `query`
 * predicate and, from cursors in Backstage's older layout, as an internal `filter`
 * (`{ key, values? } | { not } | { anyOf } | { allOf }`); both are ANDed.
 *
 * @throws InputError `Malformed cursor: ...` for anything that is not such a cursor.
 * @example
 * const state = decodeEntityCursor(request.query.cursor);
 */
export function decodeEntityCursor(cursor: string): EntityCursorState {
  const data = decodeBase64Json(cursor, 'Malformed cursor');
  const result = cursorWireSchema.safeParse(data);
  if (!result.success) throw new InputError(`Malformed cursor: ${formatIssues(result.error)}`);
  const { query, filter: internal, orderFields, fullTextFilter, ...rest } = result.data;
  let filter: EntityFilter | undefined;
  try {
    filter = combineFilters(
      query === undefined ? undefined : parseFilterPredicate(query, { path: 'cursor.query' }),
      internal === undefined ? undefined : fromInternalFilter(internal, 0),
    );
  } catch (error) {
    throw new InputError(`Malformed cursor: ${(error as Error).message}`);
  }
  return {
    ...rest,
    orderFields: orderFields.map(({ field, order }) => ({ field: field.toLowerCase(), order })),
    ...(filter ? { filter } : {}),
    ...(fullTextFilter
      ? {
          fullTextFilter: {
            term: fullTextFilter.term,
            ...(fullTextFilter.fields ? { fields: fullTextFilter.fields } : {}),
          },
        }
      : {}),
  };
}

// Backstage's internal filter tree, as older catalog backends stored it in cursors.
function fromInternalFilter(value: unknown, depth: number): EntityFilter {
  if (depth > queryLimits.maxFilterDepth)
    throw new Error(`filter nested deeper than ${queryLimits.maxFilterDepth}`);
  const node = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (Array.isArray(node.allOf)) return { all: node.allOf.map((c) => fromInternalFilter(c, depth + 1)) };
  if (Array.isArray(node.anyOf)) return { any: node.anyOf.map((c) => fromInternalFilter(c, depth + 1)) };
  if ('not' in node) return { not: fromInternalFilter(node.not, depth + 1) };
  if (typeof node.key === 'string' && node.key) {
    const key = node.key.toLowerCase();
    if (node.values === undefined) return { key, matches: { op: 'exists' } };
    if (Array.isArray(node.values) && node.values.every((v) => typeof v === 'string')) {
      if (node.values.length === 0) return { any: [] };
      return { key, matches: { op: 'eq', values: [...new Set(node.values.map((v) => v.toLowerCase()))] } };
    }
  }
  throw new Error('filter is not a valid filter tree');
}
