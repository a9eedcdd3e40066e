import { describe, expect, it } from 'vitest';
import {
  combineFilters,
  type EntityFilter,
  entityFilterSchema,
  isMatchAll,
  measureFilter,
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
