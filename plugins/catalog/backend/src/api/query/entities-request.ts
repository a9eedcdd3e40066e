import { z } from 'zod';
import { decodeAfterCursor } from './after-cursor.js';
import type { EntityFilter } from './entity-filter.js';
import { type EntityOrder, parseOrderParams } from './entity-order.js';
import { parseFields } from './field-projection.js';
import { parseLegacyFilterParams } from './legacy-filter.js';
import { queryLimits } from './limits.js';
import { paramList, parseIntegerParam, parseWith, repeatableParam, singleParam } from './params.js';

/** Wire schema of the query string of `GET /entities`. */
export const getEntitiesQuerySchema = z.object({
  fields: repeatableParam
    .optional()
    .describe('Comma-separated field paths to return, e.g. kind,metadata.name'),
  limit: singleParam.optional().describe(`Page size, 1 to ${queryLimits.maxLimit}`),
  filter: repeatableParam
    .optional()
    .describe('Filter set: key=value conditions, comma-separated (ANDed); repeat to OR'),
  offset: singleParam.optional().describe('Rows to skip'),
  after: singleParam.optional().describe('Cursor from the link header of a previous page'),
  order: repeatableParam.optional().describe('asc:<field> or desc:<field>; repeat for more'),
});

/**
 * A normalised `GET /entities` request.
 *
 * - `page` absent: return every match as one JSON array, streamed; no count.
 * - `page` present (any of `limit`, `offset`, `after` given): skip `offset` rows
 *   and return at most `limit` (all when absent). When more rows exist the route
 *   sets `link: <...&after=encodeAfterCursor({ limit, offset: offset + limit })>; rel="next"`.
 * - `order`: every directive applies; entities lacking a field sort last; then uid.
 * - `fields` absent: whole entities (storage may stream stored JSON untouched).
 */
export interface EntitiesRequest {
  filter?: EntityFilter;
  fields?: string[];
  order: EntityOrder[];
  page?: { offset: number; limit?: number };
}

/**
 * Parses and validates the query string of `GET /entities`.
 *
 * @throws InputError (400) with what is wrong and how to fix it.
 * @example
 * parseGetEntitiesRequest({ filter: 'kind=component', limit: '20' });
 * // { filter: kind=component, order: [], page: { offset: 0, limit: 20 } }
 */
export function parseGetEntitiesRequest(query: unknown): EntitiesRequest {
  const q = parseWith(getEntitiesQuerySchema, query ?? {}, 'query parameters of GET /entities');
  const filter = parseLegacyFilterParams(q.filter);
  const fields = parseFields(q.fields);
  const order = parseOrderParams(paramList(q.order));
  const limit = parseIntegerParam('limit', q.limit, { min: 1, max: queryLimits.maxLimit });
  const offset = parseIntegerParam('offset', q.offset, { min: 0, max: queryLimits.maxOffset });
  const after = q.after === undefined || q.after === '' ? undefined : decodeAfterCursor(String(q.after));

  const request: EntitiesRequest = { order };
  if (filter) request.filter = filter;
  if (fields) request.fields = fields;
  if (limit !== undefined || offset !== undefined || after !== undefined) {
    const pageLimit = after?.limit ?? limit;
    request.page = {
      offset: after?.offset ?? offset ?? 0,
      ...(pageLimit !== undefined ? { limit: pageLimit } : {}),
    };
  }
  return request;
}
