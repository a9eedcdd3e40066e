import { describe, expect, it } from 'vitest';
import { parseEntitiesByRefsRequest } from './entities-by-refs-request.js';

describe('parseEntitiesByRefsRequest', () => {
  it('keeps refs exactly as given, in order, without parsing or lowercasing them', () => {
    const entityRefs = ['component:default/b', 'Component:default/A', 'a', 'component:default/b'];
    expect(parseEntitiesByRefsRequest({ body: { entityRefs } })).toEqual({ entityRefs });
  });

  it('ANDs the query-string filter with the body predicate', () => {
    expect(
      parseEntitiesByRefsRequest({
        query: { filter: ['kind=component', 'kind=api'] },
        body: { entityRefs: [], query: { 'spec.lifecycle': 'production' } },
      }).filter,
    ).toEqual({
      all: [
        {
          any: [
            { key: 'kind', matches: { op: 'eq', values: ['component'] } },
            { key: 'kind', matches: { op: 'eq', values: ['api'] } },
          ],
        },
        { key: 'spec.lifecycle', matches: { op: 'eq', values: ['production'] } },
      ],
    });
  });

  it('unites fields from the query string and the body', () => {
    expect(
      parseEntitiesByRefsRequest({
        query: { fields: 'kind,metadata.name' },
        body: { entityRefs: [], fields: ['kind', 'spec'] },
      }).fields,
    ).toEqual(['kind', 'metadata.name', 'spec']);
  });

  it.each<[string, unknown, string | RegExp]>([
    ['a missing body', undefined, 'Invalid body of POST /entities/by-refs: expected a JSON object'],
    [
      'missing entityRefs',
      {},
      'entityRefs: required: a list of entity refs, e.g. { "entityRefs": ["component:default/a"] }',
    ],
    ['a non-string ref', { entityRefs: [1] }, /entityRefs\.0: /],
    [
      'more than 1000 refs',
      { entityRefs: Array.from({ length: 1001 }, (_, i) => `component:default/c${i}`) },
      /at most 1000 refs per request; split the list/,
    ],
    ['an invalid predicate', { entityRefs: [], query: { kind: { $nope: 1 } } }, /unknown operator \$nope/],
  ])('rejects %s with a 400', (_name, body, message) => {
    expect(() => parseEntitiesByRefsRequest({ body })).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
    expect(() => parseEntitiesByRefsRequest({ body })).toThrow(message);
  });
});
