import { InputError } from '@greenroom/errors';
import { z } from 'zod';
import {
  decodeEntityCursor,
  type EntityCursorState,
  encodeEntityCursor,
  type FullTextFilter,
} from './entity-cursor.js';
import { combineFilters, type EntityFilter } from './entity-filter.js';
import { type EntityOrder, orderBySchema, parseOrderBy, parseOrderFieldParams } from './entity-order.js';
import { parseFields } from './field-projection.js';
import { type ResolvedFullText, resolveFullText, toFullTextFilter } from './full-text-filter.js';
import { parseLegacyFilterParams } from './legacy-filter.js';
import { queryLimits } from './limits.js';
import { paramList, parseIntegerParam, parseWith, repeatableParam, singleParam } from './params.js';
import { parseFilterPredicate } from './predicate.js';

/** How `totalItems` is produced: counted now, skipped (reported as 0), or carried by the cursor. */
export type TotalItemsMode = { kind: 'count' } | { kind: 'skip' } | { kind: 'known'; value: number };

/**
 * One normalised request for `GET` and `POST /entities/by-query`. With a cursor,
 * `filter`, `orderField` and `fullTextFilter` come from the cursor and `position`
 * is set; `fields` and `limit` always come from the request.
 *
 * Storage contract: order by `orderField` (then uid), excluding entities that lack
 * it; page by keyset from `position`; `offset` only on initial requests; build
 * `nextCursor`/`prevCursor` with {@link encodeQueryCursor}.
 */
export interface EntitiesQuery {
  filter?: EntityFilter;
  fields?: string[];
  limit: number;
  offset: number;
  orderField?: EntityOrder;
  /** As given, kept in cursors. */
  fullTextFilter?: FullTextFilter;
  /** What to search, resolved from `fullTextFilter` and `orderField`. */
  fullText?: ResolvedFullText;
  totalItems: TotalItemsMode;
  position?: Pick<EntityCursorState, 'orderFieldValues' | 'isPrevious' | 'firstSortFieldValues'>;
}

/** Wire schema of the query string of `GET /entities/by-query`. */
export const queryEntitiesQuerySchema = z.object({
  fields: repeatableParam.optional().describe('Comma-separated field paths to return'),
  limit: singleParam.optional().describe(`Page size, 0 to ${queryLimits.maxLimit} (default 200)`),
  offset: singleParam.optional().describe('Rows to skip, initial request only'),
  orderField: repeatableParam.optional().describe('<field>,asc|desc; only the first is honoured'),
  cursor: singleParam.optional().describe('nextCursor or prevCursor of a previous page'),
  filter: repeatableParam
    .optional()
    .describe('Filter set: key=value conditions, comma-separated; repeat to OR'),
  totalItems: z.enum(['include', 'exclude']).optional().describe('exclude skips the count (reported as 0)'),
  fullTextFilterTerm: singleParam.optional().describe('Case-insensitive substring to search for'),
  fullTextFilterFields: repeatableParam
    .optional()
    .describe('Comma-separated keys to search (default: sort field)'),
});

/** Wire schema of the body of `POST /entities/by-query`. */
export const queryEntitiesBodySchema = z.object(
  {
    cursor: z.string().optional(),
    limit: z.number().int().min(0).max(queryLimits.maxLimit).optional(),
    offset: z.number().int().min(0).max(queryLimits.maxOffset).optional(),
    orderBy: orderBySchema.optional(),
    fullTextFilter: z
      .object({
        term: z.string().optional(),
        fields: z.array(z.string()).max(queryLimits.maxFullTextFields).optional(),
      })
      .optional(),
    fields: z.array(z.string()).optional(),
    totalItems: z.enum(['include', 'exclude']).optional(),
    query: z.unknown().optional().describe('Filter predicate, e.g. { "kind": "component" }'),
  },
  { error: 'expected a JSON object' },
);

interface QueryState {
  filter?: EntityFilter;
  orderFields: EntityOrder[];
  fullTextFilter?: FullTextFilter;
  offset: number;
  totalItems: TotalItemsMode;
  position?: EntitiesQuery['position'];
}

function stateFromCursor(cursor: EntityCursorState): QueryState {
  const { orderFieldValues, isPrevious, firstSortFieldValues } = cursor;
  return {
    filter: cursor.filter,
    orderFields: cursor.orderFields,
    fullTextFilter: cursor.fullTextFilter,
    offset: 0,
    totalItems:
      cursor.totalItems === undefined ? { kind: 'count' } : { kind: 'known', value: cursor.totalItems },
    position: { orderFieldValues, isPrevious, ...(firstSortFieldValues ? { firstSortFieldValues } : {}) },
  };
}

function totalItemsMode(param: 'include' | 'exclude' | undefined): TotalItemsMode {
  return param === 'exclude' ? { kind: 'skip' } : { kind: 'count' };
}

function build(fields: string[] | undefined, limit: number | undefined, state: QueryState): EntitiesQuery {
  const orderField = state.orderFields[0];
  const query: EntitiesQuery = {
    limit: limit ?? queryLimits.defaultQueryLimit,
    offset: state.offset,
    totalItems: state.totalItems,
  };
  const filter = combineFilters(state.filter);
  if (filter) query.filter = filter;
  if (fields) query.fields = fields;
  if (orderField) query.orderField = orderField;
  if (state.fullTextFilter) {
    query.fullTextFilter = state.fullTextFilter;
    query.fullText = resolveFullText(state.fullTextFilter, orderField);
  }
  if (state.position) query.position = state.position;
  return query;
}

/**
 * Parses `GET /entities/by-query`. With `cursor`, the cursor's filter, order and
 * full-text filter apply and those parameters (and `offset`, `totalItems`) are ignored.
 *
 * @throws InputError (400), e.g. `Malformed cursor: ...` or `Invalid orderField ...`.
 * @example
 * parseQueryEntitiesGetRequest({ filter: 'kind=component', orderField: 'metadata.name,asc', limit: '20' });
 */
export function parseQueryEntitiesGetRequest(query: unknown): EntitiesQuery {
  const q = parseWith(queryEntitiesQuerySchema, query ?? {}, 'query parameters of GET /entities/by-query');
  const fields = parseFields(q.fields);
  const limit = parseIntegerParam('limit', q.limit, { min: 0, max: queryLimits.maxLimit });
  if (q.cursor !== undefined && q.cursor !== '') {
    return build(fields, limit, stateFromCursor(decodeEntityCursor(String(q.cursor))));
  }
  const fullTextFields = q.fullTextFilterFields === undefined ? undefined : paramList(q.fullTextFilterFields);
  return build(fields, limit, {
    filter: parseLegacyFilterParams(q.filter),
    orderFields: parseOrderFieldParams(paramList(q.orderField)),
    fullTextFilter: toFullTextFilter(q.fullTextFilterTerm?.toString(), fullTextFields),
    offset: parseIntegerParam('offset', q.offset, { min: 0, max: queryLimits.maxOffset }) ?? 0,
    totalItems: totalItemsMode(q.totalItems),
  });
}

/**
 * Parses the body of `POST /entities/by-query` (`query` is a filter predicate,
 * `orderBy` a list of `{ field, order }` of which the first is honoured).
 *
 * @throws InputError (400) naming the invalid part.
 * @example
 * parseQueryEntitiesPostRequest({ query: { kind: 'component' }, limit: 5 });
 */
export function parseQueryEntitiesPostRequest(body: unknown): EntitiesQuery {
  const b = parseWith(queryEntitiesBodySchema, body ?? {}, 'body of POST /entities/by-query');
  const fields = parseFields(b.fields);
  if (b.cursor !== undefined) {
    if (!b.cursor) throw new InputError('Cursor cannot be empty; omit it for the first page');
    return build(fields, b.limit, stateFromCursor(decodeEntityCursor(b.cursor)));
  }
  return build(fields, b.limit, {
    filter: b.query === undefined ? undefined : parseFilterPredicate(b.query),
    orderFields: parseOrderBy(b.orderBy ?? []),
    fullTextFilter: toFullTextFilter(b.fullTextFilter?.term, b.fullTextFilter?.fields),
    offset: b.offset ?? 0,
    totalItems: totalItemsMode(b.totalItems),
  });
}

/**
 * Encodes the next or previous cursor for a by-query response.
 *
 * @example
 * const nextCursor = encodeQueryCursor(query, { orderFieldValues: [lastName, lastUid], isPrevious: false }, total);
 */
export function encodeQueryCursor(
  query: EntitiesQuery,
  position: NonNullable<EntitiesQuery['position']>,
  totalItems: number,
): string {
  return encodeEntityCursor({
    orderFields: query.orderField ? [query.orderField] : [],
    ...position,
    ...(query.filter ? { filter: query.filter } : {}),
    ...(query.fullTextFilter ? { fullTextFilter: query.fullTextFilter } : {}),
    totalItems,
  });
}
