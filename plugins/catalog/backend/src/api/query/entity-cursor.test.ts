import { describe, expect, it } from 'vitest';
import { encodeBase64Json } from './base64-json.js';
import { decodeEntityCursor, type EntityCursorState, encodeEntityCursor } from './entity-cursor.js';
import { parseFilterPredicate } from './predicate.js';

// What @backstage/catalog-client 1.16 does with a cursor before sending it.
const catalogClientPeeksQuery = (cursor: string): boolean => {
  try {
    return 'query' in JSON.parse(atob(cursor));
  } catch {
    return false;
  }
};

const filtered: EntityCursorState = {
  orderFields: [{ field: 'metadata.name', order: 'desc' }],
  orderFieldValues: ['billing', '0b5c2f36-1111-4222-8333-944455556666'],
  isPrevious: false,
  filter: parseFilterPredicate({ kind: 'component', 'spec.type': { $in: ['service', 'website'] } }),
  fullTextFilter: { term: 'Bill', fields: ['metadata.name'] },
  firstSortFieldValues: ['zeta', 'uid-1'],
  totalItems: 42,
};

describe('entity cursors', () => {
  it('round-trip every field', () => {
    expect(decodeEntityCursor(encodeEntityCursor(filtered))).toEqual(filtered);
    const plain: EntityCursorState = { orderFields: [], orderFieldValues: ['uid-1'], isPrevious: true };
    expect(decodeEntityCursor(encodeEntityCursor(plain))).toEqual(plain);
  });

  it("are standard base64 JSON in Backstage's layout, with the filter as a `query` predicate", () => {
    const cursor = encodeEntityCursor(filtered);
    expect(cursor).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(JSON.parse(atob(cursor))).toEqual({
      orderFields: [{ field: 'metadata.name', order: 'desc' }],
      orderFieldValues: ['billing', '0b5c2f36-1111-4222-8333-944455556666'],
      isPrevious: false,
      fullTextFilter: { term: 'Bill', fields: ['metadata.name'] },
      firstSortFieldValues: ['zeta', 'uid-1'],
      totalItems: 42,
      query: { $all: [{ kind: 'component' }, { 'spec.type': { $in: ['service', 'website'] } }] },
    });
  });

  it('make catalog-client POST the next page only when they carry a filter', () => {
    expect(catalogClientPeeksQuery(encodeEntityCursor(filtered))).toBe(true);
    const { filter: _, ...unfiltered } = filtered;
    expect(catalogClientPeeksQuery(encodeEntityCursor(unfiltered))).toBe(false);
  });

  it('survive the atob peek with non-ASCII values', () => {
    const cursor = encodeEntityCursor({
      ...filtered,
      filter: parseFilterPredicate({ 'metadata.title': 'Zahlungsüberblick ✓' }),
    });
    expect(catalogClientPeeksQuery(cursor)).toBe(true);
    expect(decodeEntityCursor(cursor).filter).toEqual({
      key: 'metadata.title',
      matches: { op: 'eq', values: ['zahlungsüberblick ✓'] },
    });
  });

  it('tolerate a + that a hand-written URL turned into a space', () => {
    const cursor = encodeEntityCursor({ ...filtered, orderFieldValues: ['>>>?', 'x'] });
    expect(cursor).toContain('+');
    expect(decodeEntityCursor(cursor.replaceAll('+', ' '))).toEqual(decodeEntityCursor(cursor));
  });

  it("accept the internal filter of Backstage's older cursor layout", () => {
    const cursor = encodeBase64Json({
      orderFields: [],
      orderFieldValues: [],
      isPrevious: false,
      filter: {
        anyOf: [
          { allOf: [{ key: 'Kind', values: ['Component'] }, { key: 'spec.owner' }] },
          { not: { key: 'x' } },
        ],
      },
    });
    expect(decodeEntityCursor(cursor).filter).toEqual({
      any: [
        {
          all: [
            { key: 'kind', matches: { op: 'eq', values: ['component'] } },
            { key: 'spec.owner', matches: { op: 'exists' } },
          ],
        },
        { not: { key: 'x', matches: { op: 'exists' } } },
      ],
    });
  });

  it.each<[string, string, string | RegExp]>([
    ['text that is not base64', 'not a cursor!', /^Malformed cursor: not base64/],
    ['base64 that is not JSON', btoa('hello'), /^Malformed cursor: not base64-encoded JSON/],
    [
      'JSON of the wrong shape',
      encodeBase64Json({ orderFields: [] }),
      /^Malformed cursor: orderFieldValues: .*; isPrevious: /,
    ],
    [
      'a bad order direction',
      encodeBase64Json({
        orderFields: [{ field: 'a', order: 'up' }],
        orderFieldValues: [],
        isPrevious: false,
      }),
      /^Malformed cursor: orderFields\.0\.order: /,
    ],
    [
      'a negative total',
      encodeBase64Json({ orderFields: [], orderFieldValues: [], isPrevious: false, totalItems: -1 }),
      /^Malformed cursor: totalItems: /,
    ],
    [
      'an invalid query predicate',
      encodeBase64Json({
        orderFields: [],
        orderFieldValues: [],
        isPrevious: false,
        query: { kind: { $regex: 'a' } },
      }),
      /^Malformed cursor: Invalid filter predicate at cursor\.query\.kind: unknown operator \$regex/,
    ],
    [
      'an invalid internal filter',
      encodeBase64Json({ orderFields: [], orderFieldValues: [], isPrevious: false, filter: { key: 3 } }),
      /^Malformed cursor: filter is not a valid filter tree/,
    ],
    ['an oversized cursor', 'A'.repeat(300_000), /^Malformed cursor: longer than/],
  ])('reject %s with a 400 "Malformed cursor"', (_name, cursor, message) => {
    expect(() => decodeEntityCursor(cursor)).toThrow(expect.objectContaining({ name: 'InputError' }));
    expect(() => decodeEntityCursor(cursor)).toThrow(message);
  });
});
