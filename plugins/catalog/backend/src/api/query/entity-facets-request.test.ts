import { describe, expect, it } from 'vitest';
import { parseEntityFacetsGetRequest, parseEntityFacetsPostRequest } from './entity-facets-request.js';

describe('facets requests', () => {
  it('keep each facet as requested for the response key and lowercase it for the search key', () => {
    expect(parseEntityFacetsGetRequest({ facet: 'relations.ownedBy' })).toEqual({
      facets: [{ facet: 'relations.ownedBy', key: 'relations.ownedby' }],
    });
  });

  it('drop exact duplicates', () => {
    expect(parseEntityFacetsPostRequest({ facets: ['kind', 'kind', 'Kind'] }).facets).toEqual([
      { facet: 'kind', key: 'kind' },
      { facet: 'Kind', key: 'kind' },
    ]);
  });

  it('apply a body predicate, and no filter for an empty one', () => {
    expect(
      parseEntityFacetsPostRequest({ facets: ['kind'], query: { $not: { kind: 'user' } } }).filter,
    ).toEqual({
      not: { key: 'kind', matches: { op: 'eq', values: ['user'] } },
    });
    expect(parseEntityFacetsPostRequest({ facets: ['kind'], query: {} }).filter).toBeUndefined();
  });

  it.each<[string, () => unknown, string | RegExp]>([
    [
      'no facet by GET',
      () => parseEntityFacetsGetRequest({ filter: 'kind=a' }),
      /^Missing facet: request at least one, e.g. \?facet=kind/,
    ],
    ['no facet by POST', () => parseEntityFacetsPostRequest({ facets: [] }), /^Missing facet/],
    ['a missing facets list', () => parseEntityFacetsPostRequest({}), /facets: required: a list of facets/],
    [
      'too many facets',
      () => parseEntityFacetsGetRequest({ facet: Array.from({ length: 51 }, (_, i) => `f${i}`) }),
      /Too many facets: 51/,
    ],
  ])('reject %s with a 400', (_name, parse, message) => {
    expect(parse).toThrow(message);
  });
});
