import { describe, expect, it } from 'vitest';
import { encodeBase64Json } from './base64-json.js';
import { decodeLocationCursor, encodeLocationCursor, parseLocationPredicate } from './location-cursor.js';

describe('locations cursors', () => {
  it('encode base64 JSON { limit, afterId, query } and round-trip', () => {
    const state = { limit: 500, afterId: '9c1d', filter: parseLocationPredicate({ type: 'url' }) };
    const cursor = encodeLocationCursor(state);
    expect(JSON.parse(atob(cursor))).toEqual({ limit: 500, afterId: '9c1d', query: { type: 'url' } });
    expect(decodeLocationCursor(cursor)).toEqual(state);
  });

  it('leave out what they do not carry', () => {
    expect(JSON.parse(atob(encodeLocationCursor({ limit: 10 })))).toEqual({ limit: 10 });
  });

  it.each<[string, string, RegExp]>([
    ['a missing limit', encodeBase64Json({ afterId: 'a' }), /^Malformed cursor: limit: /],
    [
      'a query over an unknown field',
      encodeBase64Json({ limit: 1, query: { kind: 'x' } }),
      /^Malformed cursor: .*unknown field 'kind'/,
    ],
    ['garbage', 'nope!', /^Malformed cursor: not base64/],
  ])('reject %s with a 400', (_name, cursor, message) => {
    expect(() => decodeLocationCursor(cursor)).toThrow(message);
  });
});

describe('parseLocationPredicate', () => {
  it('accepts id, type, target and entityRef in any case', () => {
    expect(
      parseLocationPredicate({ EntityRef: 'Location:default/X', target: { $hasPrefix: 'https://' } }),
    ).toEqual({
      all: [
        { key: 'entityref', matches: { op: 'eq', values: ['location:default/x'] } },
        { key: 'target', matches: { op: 'hasPrefix', value: 'https://' } },
      ],
    });
  });

  it('rejects other fields, listing the valid ones', () => {
    expect(() => parseLocationPredicate({ presence: 'optional' })).toThrow(
      "Invalid filter predicate at query.presence: unknown field 'presence'; the fields are id, type, target, entityref",
    );
  });
});
