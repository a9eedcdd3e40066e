import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEntitiesByRefsRequest } from './entities-by-refs-request.js';
import { parseGetEntitiesRequest } from './entities-request.js';
import { parseEntityFacetsGetRequest, parseEntityFacetsPostRequest } from './entity-facets-request.js';
import type { EntityFilter } from './entity-filter.js';
import { parseLocationsQueryRequest } from './locations-query-request.js';
import {
  encodeQueryCursor,
  parseQueryEntitiesGetRequest,
  parseQueryEntitiesPostRequest,
} from './query-entities-request.js';

// Requests exactly as @backstage/catalog-client 1.16.2 sent them to a capturing
// server (RFC 6570 templates: repeated `filter`/`order`/`orderField`/`facet`,
// comma-joined `fields`, reserved characters percent-encoded inside values).

const eq = (key: string, ...values: string[]): EntityFilter => ({ key, matches: { op: 'eq', values } });
const exists = (key: string): EntityFilter => ({ key, matches: { op: 'exists' } });

// Fastify's own query-string parser, so string-vs-array shapes are the real ones.
const app = Fastify();
app.all('/*', async (request) => ({ query: request.query, body: request.body ?? null }));
beforeAll(() => app.ready());
afterAll(() => app.close());

async function receive(method: 'GET' | 'POST', url: string, body?: unknown) {
  const response = await app.inject({
    method,
    url,
    ...(body === undefined ? {} : { payload: body as object }),
  });
  return response.json() as { query: Record<string, unknown>; body: unknown };
}

describe('GET /entities as catalog-client builds it', () => {
  it.each([
    {
      call: "getEntities({ filter: { kind: 'component', 'spec.type': ['service', 'website'] } })",
      url: '/entities?filter=kind%3Dcomponent%2Cspec.type%3Dservice%2Cspec.type%3Dwebsite',
      expected: {
        filter: { all: [eq('kind', 'component'), eq('spec.type', 'service', 'website')] },
        order: [],
      },
    },
    {
      call: 'getEntities({ filter: [{ kind: Component, <techdocs-ref>: CATALOG_FILTER_EXISTS }, { kind: API }] })',
      url: '/entities?filter=kind%3DComponent%2Cmetadata.annotations.backstage.io%2Ftechdocs-ref&filter=kind%3DAPI',
      expected: {
        filter: {
          any: [
            { all: [eq('kind', 'component'), exists('metadata.annotations.backstage.io/techdocs-ref')] },
            eq('kind', 'api'),
          ],
        },
        order: [],
      },
    },
    {
      call: "getEntities({ filter: { 'relations.ownedBy': 'group:default/team-a' }, fields: [...] })",
      url: '/entities?fields=kind,metadata.name,metadata.annotations.backstage.io%2Ftechdocs-ref&filter=relations.ownedBy%3Dgroup%3Adefault%2Fteam-a',
      expected: {
        filter: eq('relations.ownedby', 'group:default/team-a'),
        fields: ['kind', 'metadata.name', 'metadata.annotations.backstage.io/techdocs-ref'],
        order: [],
      },
    },
    {
      call: 'getEntities({ order: [name asc, kind desc], limit: 10, offset: 5 })',
      url: '/entities?limit=10&offset=5&order=asc%3Ametadata.name&order=desc%3Akind',
      expected: {
        order: [
          { field: 'metadata.name', order: 'asc' },
          { field: 'kind', order: 'desc' },
        ],
        page: { offset: 5, limit: 10 },
      },
    },
    {
      call: 'getEntities({ after })',
      url: '/entities?after=eyJsaW1pdCI6MTAsIm9mZnNldCI6MjB9',
      expected: { order: [], page: { offset: 20, limit: 10 } },
    },
    {
      call: "getEntities({ filter: { 'metadata.name': 'a b&c+d%e' } })",
      url: '/entities?filter=metadata.name%3Da%20b%26c%2Bd%25e',
      expected: { filter: eq('metadata.name', 'a b&c+d%e'), order: [] },
    },
    { call: 'getEntities()', url: '/entities', expected: { order: [] } },
  ])('$call', async ({ url, expected }) => {
    const { query } = await receive('GET', url);
    expect(parseGetEntitiesRequest(query)).toEqual(expected);
  });
});

describe('GET /entities/by-query as catalog-client builds it', () => {
  it('parses an initial queryEntities request with every option', async () => {
    const { query } = await receive(
      'GET',
      '/entities/by-query?fields=kind,metadata.name&limit=20&orderField=metadata.name%2Casc&filter=kind%3Dcomponent' +
        '&totalItems=exclude&fullTextFilterTerm=Foo&fullTextFilterFields=metadata.name,spec.owner',
    );
    expect(parseQueryEntitiesGetRequest(query)).toEqual({
      filter: eq('kind', 'component'),
      fields: ['kind', 'metadata.name'],
      limit: 20,
      offset: 0,
      orderField: { field: 'metadata.name', order: 'asc' },
      fullTextFilter: { term: 'Foo', fields: ['metadata.name', 'spec.owner'] },
      fullText: { term: 'foo', keys: ['metadata.name', 'spec.owner'] },
      totalItems: { kind: 'skip' },
    });
  });

  it('honours only the first of repeated orderField parameters', async () => {
    const { query } = await receive(
      'GET',
      '/entities/by-query?orderField=metadata.name%2Cdesc&orderField=kind%2Casc',
    );
    expect(parseQueryEntitiesGetRequest(query)).toMatchObject({
      orderField: { field: 'metadata.name', order: 'desc' },
      limit: 200,
      totalItems: { kind: 'count' },
    });
  });

  it('takes filter, order and full-text filter from the cursor on later pages', async () => {
    const first = parseQueryEntitiesGetRequest(
      (await receive('GET', '/entities/by-query?orderField=metadata.name%2Casc&fullTextFilterTerm=api'))
        .query,
    );
    const cursor = encodeQueryCursor(first, { orderFieldValues: ['b-api', 'uid-2'], isPrevious: false }, 7);
    // No filter in the cursor: catalog-client stays on GET, sending cursor, limit and fields.
    expect('query' in JSON.parse(atob(cursor))).toBe(false);
    const url = `/entities/by-query?fields=kind&limit=7&cursor=${encodeURIComponent(cursor)}`;
    expect(parseQueryEntitiesGetRequest((await receive('GET', url)).query)).toEqual({
      fields: ['kind'],
      limit: 7,
      offset: 0,
      orderField: { field: 'metadata.name', order: 'asc' },
      fullTextFilter: { term: 'api' },
      fullText: { term: 'api', keys: ['metadata.name'] },
      totalItems: { kind: 'known', value: 7 },
      position: { orderFieldValues: ['b-api', 'uid-2'], isPrevious: false },
    });
  });
});

describe('POST /entities/by-query as catalog-client builds it', () => {
  it('parses an initial request whose legacy filter catalog-client merged into the predicate', async () => {
    const { body } = await receive('POST', '/entities/by-query', {
      query: { $all: [{ 'spec.type': { $in: ['service'] } }, { kind: 'component' }] },
      limit: 5,
    });
    expect(parseQueryEntitiesPostRequest(body)).toEqual({
      filter: { all: [eq('spec.type', 'service'), eq('kind', 'component')] },
      limit: 5,
      offset: 0,
      totalItems: { kind: 'count' },
    });
  });

  it('follows a cursor with a filter, which catalog-client sends by POST after peeking with atob', async () => {
    const { query } = await receive(
      'GET',
      '/entities/by-query?filter=kind%3Dcomponent%2Cspec.type%3Dservice',
    );
    const first = parseQueryEntitiesGetRequest(query);
    const cursor = encodeQueryCursor(first, { orderFieldValues: ['uid-9'], isPrevious: false }, 120);
    expect('query' in JSON.parse(atob(cursor))).toBe(true);
    const { body } = await receive('POST', '/entities/by-query', { cursor, limit: 7, fields: ['kind'] });
    expect(parseQueryEntitiesPostRequest(body)).toEqual({
      filter: first.filter,
      fields: ['kind'],
      limit: 7,
      offset: 0,
      totalItems: { kind: 'known', value: 120 },
      position: { orderFieldValues: ['uid-9'], isPrevious: false },
    });
  });
});

describe('the other query endpoints as catalog-client builds them', () => {
  it('parses getEntitiesByRefs with a legacy filter in the query string', async () => {
    const { query, body } = await receive('POST', '/entities/by-refs?filter=kind%3Dcomponent', {
      entityRefs: ['component:default/a', 'api:default/b'],
      fields: ['kind'],
    });
    expect(parseEntitiesByRefsRequest({ query, body })).toEqual({
      entityRefs: ['component:default/a', 'api:default/b'],
      fields: ['kind'],
      filter: eq('kind', 'component'),
    });
  });

  it('parses getEntitiesByRefs with a query predicate in the body', async () => {
    const { query, body } = await receive('POST', '/entities/by-refs', {
      entityRefs: ['component:default/a'],
      query: { $all: [{ 'spec.type': 'service' }, { kind: 'component' }] },
    });
    expect(parseEntitiesByRefsRequest({ query, body })).toEqual({
      entityRefs: ['component:default/a'],
      filter: { all: [eq('spec.type', 'service'), eq('kind', 'component')] },
    });
  });

  it('parses getEntityFacets by GET and by POST', async () => {
    const get = await receive(
      'GET',
      '/entity-facets?facet=kind&facet=metadata.tags&filter=spec.type%3Dservice',
    );
    expect(parseEntityFacetsGetRequest(get.query)).toEqual({
      facets: [
        { facet: 'kind', key: 'kind' },
        { facet: 'metadata.tags', key: 'metadata.tags' },
      ],
      filter: eq('spec.type', 'service'),
    });
    const post = await receive('POST', '/entity-facets', { facets: ['kind'], query: { kind: 'component' } });
    expect(parseEntityFacetsPostRequest(post.body)).toEqual({
      facets: [{ facet: 'kind', key: 'kind' }],
      filter: eq('kind', 'component'),
    });
  });

  it('parses queryLocations', async () => {
    const { body } = await receive('POST', '/locations/by-query', { limit: 10, query: { type: 'url' } });
    expect(parseLocationsQueryRequest(body)).toEqual({ limit: 10, filter: eq('type', 'url') });
  });
});
