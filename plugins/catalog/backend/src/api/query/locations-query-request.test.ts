import { describe, expect, it } from 'vitest';
import { encodeLocationCursor, parseLocationPredicate } from './location-cursor.js';
import { matchesLocation, parseLocationsQueryRequest } from './locations-query-request.js';

const location = {
  id: '5f1c0000-aaaa-4bbb-8ccc-000000000001',
  type: 'url',
  target: 'https://git.example.com/Org/repo/blob/main/catalog-info.yaml',
  entityRef: 'location:default/generated-abc',
};

describe('parseLocationsQueryRequest', () => {
  it('defaults to 1000 locations without a filter', () => {
    expect(parseLocationsQueryRequest(undefined)).toEqual({ limit: 1000 });
    expect(parseLocationsQueryRequest({ query: {} })).toEqual({ limit: 1000 });
  });

  it('continues from a cursor, letting a given limit override the carried one', () => {
    const cursor = encodeLocationCursor({
      limit: 500,
      afterId: location.id,
      filter: parseLocationPredicate({ type: 'url' }),
    });
    expect(parseLocationsQueryRequest({ cursor })).toEqual({
      limit: 500,
      afterId: location.id,
      filter: { key: 'type', matches: { op: 'eq', values: ['url'] } },
    });
    expect(parseLocationsQueryRequest({ cursor, limit: 20 }).limit).toBe(20);
  });

  it.each<[string, unknown, string | RegExp]>([
    ['a zero limit', { limit: 0 }, /^Invalid body of POST \/locations\/by-query: limit: /],
    ['an empty cursor', { cursor: '' }, /^Cursor cannot be empty/],
    [
      'an entity field in the query',
      { query: { kind: 'Component' } },
      /unknown field 'kind'; the fields are id, type, target, entityref/,
    ],
  ])('rejects %s with a 400', (_name, body, message) => {
    expect(() => parseLocationsQueryRequest(body)).toThrow(message);
  });
});

describe('matchesLocation', () => {
  it.each<[unknown, boolean]>([
    [{ type: 'URL' }, true],
    [{ target: { $hasPrefix: 'https://git.example.com/org/' } }, true],
    [{ entityRef: { $in: ['location:default/generated-abc', 'x'] } }, true],
    [{ $not: { type: 'url' } }, false],
    [{ id: { $exists: true } }, true],
  ])('%j matches: %s', (predicate, expected) => {
    expect(matchesLocation(parseLocationPredicate(predicate), location)).toBe(expected);
  });
});
