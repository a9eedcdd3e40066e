import { InputError } from '@greenroom/errors';
import { z } from 'zod';
import { combineFilters, type EntityFilter } from './entity-filter.js';
import { parseLegacyFilterParams } from './legacy-filter.js';
import { queryLimits } from './limits.js';
import { paramList, parseWith, repeatableParam } from './params.js';
import { parseFilterPredicate } from './predicate.js';

/** Wire schema of the query string of `GET /entity-facets`. */
export const entityFacetsQuerySchema = z.object({
  facet: repeatableParam
    .optional()
    .describe('A search key to count values of, e.g. kind or spec.type; repeat'),
  filter: repeatableParam
    .optional()
    .describe('Filter set: key=value conditions, comma-separated; repeat to OR'),
});

/** Wire schema of the body of `POST /entity-facets`. */
export const entityFacetsBodySchema = z.object(
  {
    facets: z
      .array(z.string(), { error: 'required: a list of facets, e.g. { "facets": ["kind"] }' })
      .describe('Search keys to count values of, e.g. kind, spec.type, metadata.tags, relations.ownedBy'),
    query: z.unknown().optional().describe('Filter predicate restricting the counted entities'),
  },
  { error: 'expected a JSON object' },
);

/** One requested facet: `facet` as the caller wrote it (the response key), `key` the search key. */
export interface FacetRequest {
  facet: string;
  key: string;
}

/**
 * A normalised facets request. For each facet the storage returns the distinct
 * original-case values of `key` among entities matching `filter`, with counts,
 * sorted by value, under the response key `facet` (values over 200 characters
 * are not faceted).
 */
export interface EntityFacetsRequest {
  facets: FacetRequest[];
  filter?: EntityFilter;
}

function toFacets(values: readonly string[]): FacetRequest[] {
  const facets = [...new Set(values)].filter((facet) => facet.trim() !== '');
  if (facets.length === 0) {
    throw new InputError('Missing facet: request at least one, e.g. ?facet=kind or { "facets": ["kind"] }');
  }
  if (facets.length > queryLimits.maxFacets) {
    throw new InputError(`Too many facets: ${facets.length}, at most ${queryLimits.maxFacets} are allowed`);
  }
  for (const facet of facets) {
    if (facet.length > queryLimits.maxPathLength) {
      throw new InputError(
        `Invalid facet '${facet.slice(0, 40)}…': longer than ${queryLimits.maxPathLength}`,
      );
    }
  }
  return facets.map((facet) => ({ facet, key: facet.trim().toLowerCase() }));
}

/**
 * Parses `GET /entity-facets` (`facet` required and repeatable, legacy `filter`).
 *
 * @throws InputError (400).
 * @example
 * parseEntityFacetsGetRequest({ facet: ['kind', 'spec.type'], filter: 'kind=component' });
 */
export function parseEntityFacetsGetRequest(query: unknown): EntityFacetsRequest {
  const q = parseWith(entityFacetsQuerySchema, query ?? {}, 'query parameters of GET /entity-facets');
  const request: EntityFacetsRequest = { facets: toFacets(paramList(q.facet)) };
  const filter = parseLegacyFilterParams(q.filter);
  if (filter) request.filter = filter;
  return request;
}

/**
 * Parses the body of `POST /entity-facets` (`facets` required, `query` a predicate).
 *
 * @throws InputError (400).
 * @example
 * parseEntityFacetsPostRequest({ facets: ['kind'], query: { 'spec.type': 'service' } });
 */
export function parseEntityFacetsPostRequest(body: unknown): EntityFacetsRequest {
  const b = parseWith(entityFacetsBodySchema, body, 'body of POST /entity-facets');
  const request: EntityFacetsRequest = { facets: toFacets(b.facets) };
  const filter = combineFilters(b.query === undefined ? undefined : parseFilterPredicate(b.query));
  if (filter) request.filter = filter;
  return request;
}
