import { describe, expect, it } from 'vitest';
import { encodeEntityCursor } from './entity-cursor.js';
import {
  encodeQueryCursor,
  parseQueryEntitiesGetRequest,
  parseQueryEntitiesPostRequest,
} from './query-entities-request.js';

const kindComponent = { key: 'kind', matches: { op: 'eq', values: ['component'] } } as const;

describe('parseQueryEntitiesGetRequest', () => {
  it('defaults to 200 items, offset 0, a counted total and uid order', () => {
    expect(parseQueryEntitiesGetRequest({})).toEqual({
      limit: 200,
      offset: 0,
      totalItems: { kind: 'count' },
    });
  });

  it('accepts limit 0, which asks only for the total', () => {
    expect(parseQueryEntitiesGetRequest({ limit: '0' }).limit).toBe(0);
  });

  it('searches the sort field, else metadata.uid, when no full-text fields are given', () => {
    expect(
      parseQueryEntitiesGetRequest({ fullTextFilterTerm: ' Pay ', orderField: 'metadata.title,desc' })
        .fullText,
    ).toEqual({ term: 'pay', keys: ['metadata.title'] });
    expect(parseQueryEntitiesGetRequest({ fullTextFilterTerm: 'pay' }).fullText).toEqual({
      term: 'pay',
      keys: ['metadata.uid'],
    });
  });

  it('ignores a blank full-text term', () => {
    expect(parseQueryEntitiesGetRequest({ fullTextFilterTerm: '  ' }).fullTextFilter).toBeUndefined();
  });

  it('ignores filter, order, offset and totalItems parameters when a cursor is given', () => {
    const cursor = encodeEntityCursor({
      orderFields: [],
      orderFieldValues: ['u9'],
      isPrevious: true,
      totalItems: 3,
    });
    expect(
      parseQueryEntitiesGetRequest({
        cursor,
        filter: 'kind=api',
        orderField: 'kind,asc',
        offset: '5',
        totalItems: 'exclude',
      }),
    ).toEqual({
      limit: 200,
      offset: 0,
      totalItems: { kind: 'known', value: 3 },
      position: { orderFieldValues: ['u9'], isPrevious: true },
    });
  });

  it('counts again when a cursor does not carry the total', () => {
    const cursor = encodeEntityCursor({ orderFields: [], orderFieldValues: [], isPrevious: false });
    expect(parseQueryEntitiesGetRequest({ cursor }).totalItems).toEqual({ kind: 'count' });
  });

  it.each<[string, Record<string, unknown>, string | RegExp]>([
    [
      'an unknown totalItems',
      { totalItems: 'some' },
      /^Invalid query parameters of GET \/entities\/by-query: totalItems: /,
    ],
    ['a limit above 10000', { limit: '20000' }, "Invalid limit '20000': expected an integer from 0 to 10000"],
    ['a malformed cursor', { cursor: 'abc$' }, /^Malformed cursor: /],
    ['a bad orderField', { orderField: 'name,sideways' }, /the order must be asc or desc/],
    ['a too long full-text term', { fullTextFilterTerm: 'x'.repeat(1001) }, /longer than 1000 characters/],
  ])('rejects %s with a 400', (_name, query, message) => {
    expect(() => parseQueryEntitiesGetRequest(query)).toThrow(message);
  });
});

describe('parseQueryEntitiesPostRequest', () => {
  it('parses every initial option', () => {
    expect(
      parseQueryEntitiesPostRequest({
        query: { kind: 'Component' },
        limit: 50,
        offset: 100,
        orderBy: [
          { field: 'metadata.name', order: 'desc' },
          { field: 'kind', order: 'asc' },
        ],
        fullTextFilter: { term: 'bill', fields: ['metadata.name', 'spec.owner'] },
        fields: ['kind', 'metadata.name'],
        totalItems: 'exclude',
      }),
    ).toEqual({
      filter: kindComponent,
      fields: ['kind', 'metadata.name'],
      limit: 50,
      offset: 100,
      orderField: { field: 'metadata.name', order: 'desc' },
      fullTextFilter: { term: 'bill', fields: ['metadata.name', 'spec.owner'] },
      fullText: { term: 'bill', keys: ['metadata.name', 'spec.owner'] },
      totalItems: { kind: 'skip' },
    });
  });

  it('treats a missing body and an empty query as "everything"', () => {
    expect(parseQueryEntitiesPostRequest(undefined)).toEqual({
      limit: 200,
      offset: 0,
      totalItems: { kind: 'count' },
    });
    expect(parseQueryEntitiesPostRequest({ query: {} }).filter).toBeUndefined();
  });

  it('accepts a cursor made from a GET request, and the other way round', () => {
    const fromGet = parseQueryEntitiesGetRequest({ filter: 'kind=component', orderField: 'metadata.name' });
    const cursor = encodeQueryCursor(fromGet, { orderFieldValues: ['b', 'u2'], isPrevious: false }, 10);
    const viaPost = parseQueryEntitiesPostRequest({ cursor, limit: 5 });
    const viaGet = parseQueryEntitiesGetRequest({ cursor, limit: '5' });
    expect(viaPost).toEqual(viaGet);
    expect(viaPost).toMatchObject({
      filter: kindComponent,
      orderField: { field: 'metadata.name', order: 'asc' },
    });
  });

  it.each<[string, unknown, string | RegExp]>([
    ['a body that is not an object', [1], /^Invalid body of POST \/entities\/by-query: /],
    ['an empty cursor', { cursor: '' }, 'Cursor cannot be empty; omit it for the first page'],
    [
      'a top-level primitive query',
      { query: 'kind=component' },
      /top-level primitive values are not supported/,
    ],
    ['a fractional limit', { limit: 1.5 }, /^Invalid body of POST \/entities\/by-query: limit: /],
    ['a bad order', { orderBy: [{ field: 'kind', order: 'up' }] }, /orderBy\.0\.order: /],
  ])('rejects %s with a 400', (_name, body, message) => {
    expect(() => parseQueryEntitiesPostRequest(body)).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
    expect(() => parseQueryEntitiesPostRequest(body)).toThrow(message);
  });
});

describe('encodeQueryCursor', () => {
  it('keeps the filter, the honoured order field, the full-text filter and the total', () => {
    const query = parseQueryEntitiesPostRequest({
      query: { kind: 'component' },
      orderBy: [
        { field: 'metadata.name', order: 'asc' },
        { field: 'kind', order: 'asc' },
      ],
      fullTextFilter: { term: 'x' },
    });
    const cursor = encodeQueryCursor(query, { orderFieldValues: ['a', 'u1'], isPrevious: false }, 0);
    expect(JSON.parse(atob(cursor))).toEqual({
      orderFields: [{ field: 'metadata.name', order: 'asc' }],
      orderFieldValues: ['a', 'u1'],
      isPrevious: false,
      query: { kind: 'component' },
      fullTextFilter: { term: 'x' },
      totalItems: 0,
    });
  });
});
