import { describe, expect, it } from 'vitest';
import {
  combineFilters,
  type EntityFilter,
  entityFilterSchema,
  isMatchAll,
  measureFilter,
  narrowFilter,
  simplifyFilter,
} from './entity-filter.js';

const a: EntityFilter = { key: 'kind', matches: { op: 'eq', values: ['component'] } };
const b: EntityFilter = { key: 'spec.owner', matches: { op: 'exists' } };
const c: EntityFilter = { key: 'metadata.name', matches: { op: 'hasPrefix', value: 'team-' } };

describe('simplifyFilter', () => {
  it.each<[string, EntityFilter, EntityFilter]>([
    ['flattens nested all', { all: [a, { all: [b, c] }] }, { all: [a, b, c] }],
    ['flattens nested any', { any: [{ any: [a] }, b] }, { any: [a, b] }],
    ['drops match-all children of all', { all: [a, { all: [] }] }, a],
    ['drops match-none children of any', { any: [{ any: [] }, b] }, b],
    ['turns all with a match-none child into match-none', { all: [a, { any: [] }] }, { any: [] }],
    ['turns any with a match-all child into match-all', { any: [a, { all: [] }] }, { all: [] }],
    ['removes double negation', { not: { not: a } }, a],
    ['keeps a single negation', { not: { all: [a] } }, { not: a }],
  ])('%s', (_name, input, expected) => {
    expect(simplifyFilter(input)).toEqual(expected);
  });
});

describe('narrowFilter', () => {
  const eq = (key: string, ...values: string[]): EntityFilter => ({ key, matches: { op: 'eq', values } });
  const owner = eq('relations.ownedby', 'group:default/team-a');

  it('drops branches that contradict an eq condition on a single-valued key', () => {
    const restriction: EntityFilter = { any: [owner, eq('kind', 'group', 'user')] };
    expect(narrowFilter({ all: [eq('kind', 'component'), restriction] })).toEqual({
      all: [eq('kind', 'component'), owner],
    });
    // A branch that is itself a conjunction with a contradicting part goes too.
    const nested: EntityFilter = { any: [owner, { all: [eq('kind', 'api'), eq('spec.type', 'grpc')] }] };
    expect(narrowFilter({ all: [eq('kind', 'component'), nested] })).toEqual({
      all: [eq('kind', 'component'), owner],
    });
  });

  it('keeps branches that may hold, and answers match-none when none can', () => {
    const overlapping: EntityFilter = {
      all: [eq('kind', 'component', 'api'), { any: [owner, eq('kind', 'api')] }],
    };
    expect(narrowFilter(overlapping)).toEqual(overlapping);
    // Multi-valued keys (tags, relations) are never pruned.
    const tags: EntityFilter = {
      all: [eq('metadata.tags', 'java'), { any: [owner, eq('metadata.tags', 'go')] }],
    };
    expect(narrowFilter(tags)).toEqual(tags);
    expect(narrowFilter({ all: [eq('kind', 'component'), { any: [eq('kind', 'user')] }] })).toEqual({
      any: [],
    });
  });
});

describe('combineFilters', () => {
  it('ANDs present filters and skips absent ones', () => {
    expect(combineFilters(a, undefined, b)).toEqual({ all: [a, b] });
    expect(combineFilters(undefined, c)).toEqual(c);
  });

  it('returns undefined when nothing restricts', () => {
    expect(combineFilters()).toBeUndefined();
    expect(combineFilters(undefined, { all: [] })).toBeUndefined();
    expect(isMatchAll(undefined)).toBe(true);
    expect(isMatchAll({ any: [] })).toBe(false);
  });
});

describe('measureFilter', () => {
  it('counts nesting depth and nodes, each matched value being a node', () => {
    const filter: EntityFilter = {
      any: [{ all: [a, { key: 'spec.type', matches: { op: 'eq', values: ['x', 'y', 'z'] } }] }, { not: b }],
    };
    expect(measureFilter(filter)).toEqual({ depth: 2, nodes: 8 });
  });
});

describe('entityFilterSchema', () => {
  it('accepts every filter shape', () => {
    const filter: EntityFilter = { any: [{ all: [a, c] }, { not: b }] };
    expect(entityFilterSchema.parse(filter)).toEqual(filter);
  });

  it('rejects unknown shapes and empty eq value lists', () => {
    expect(entityFilterSchema.safeParse({ key: 'kind', matches: { op: 'eq', values: [] } }).success).toBe(
      false,
    );
    expect(entityFilterSchema.safeParse({ allOf: [] }).success).toBe(false);
  });
});
