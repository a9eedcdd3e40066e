import { z } from 'zod';
import { combineFilters, type EntityFilter } from './entity-filter.js';
import { parseFields } from './field-projection.js';
import { parseLegacyFilterParams } from './legacy-filter.js';
import { queryLimits } from './limits.js';
import { parseWith, repeatableParam } from './params.js';
import { parseFilterPredicate } from './predicate.js';

/** Wire schema of the query string of `POST /entities/by-refs`. */
export const entitiesByRefsQuerySchema = z.object({
  filter: repeatableParam
    .optional()
    .describe('Filter set: key=value conditions, comma-separated; repeat to OR'),
  fields: repeatableParam.optional().describe('Comma-separated field paths to return'),
});

/** Wire schema of the body of `POST /entities/by-refs`. */
export const entitiesByRefsBodySchema = z.object(
  {
    entityRefs: z
      .array(z.string().max(queryLimits.maxPathLength), {
        error: 'required: a list of entity refs, e.g. { "entityRefs": ["component:default/a"] }',
      })
      .max(queryLimits.maxEntityRefs, {
        error: `at most ${queryLimits.maxEntityRefs} refs per request; split the list (catalog-client does)`,
      })
      .describe('Full lowercase refs, kind:namespace/name; the answer keeps their order'),
    fields: z.array(z.string()).optional().describe('Field paths to return'),
    query: z.unknown().optional().describe('Filter predicate the entities must also match'),
  },
  { error: 'expected a JSON object' },
);

/**
 * A normalised `POST /entities/by-refs` request. The answer has one item per ref,
 * in order: the entity, or `null` when it is missing, filtered out or not visible.
 * Refs are compared exactly with the stored lowercase refs (no parsing, no
 * defaults), as Backstage does. `filter` is the query `filter` ANDed with the body
 * `query`; `fields` is the union of both `fields`.
 */
export interface EntitiesByRefsRequest {
  entityRefs: string[];
  fields?: string[];
  filter?: EntityFilter;
}

/**
 * Parses and validates `POST /entities/by-refs`.
 *
 * @throws InputError (400), e.g. when `entityRefs` is missing or too long.
 * @example
 * parseEntitiesByRefsRequest({ query: { filter: 'kind=component' }, body: { entityRefs: ['component:default/a'] } });
 */
export function parseEntitiesByRefsRequest(request: {
  query?: unknown;
  body: unknown;
}): EntitiesByRefsRequest {
  const q = parseWith(
    entitiesByRefsQuerySchema,
    request.query ?? {},
    'query parameters of POST /entities/by-refs',
  );
  const b = parseWith(entitiesByRefsBodySchema, request.body, 'body of POST /entities/by-refs');
  const fields = parseFields([...(q.fields === undefined ? [] : [q.fields].flat()), ...(b.fields ?? [])]);
  const filter = combineFilters(
    parseLegacyFilterParams(q.filter),
    b.query === undefined ? undefined : parseFilterPredicate(b.query),
  );
  const parsed: EntitiesByRefsRequest = { entityRefs: b.entityRefs };
  if (fields) parsed.fields = fields;
  if (filter) parsed.filter = filter;
  return parsed;
}
