import { describe, expect, it } from 'vitest';
import { checkFieldPath, parseOrderBy, parseOrderFieldParams, parseOrderParams } from './entity-order.js';

describe('parseOrderParams (GET /entities order=asc:field)', () => {
  it('parses direction and field, lowercasing the field', () => {
    expect(parseOrderParams(['asc:metadata.name', 'DESC:Spec.Type'])).toEqual([
      { field: 'metadata.name', order: 'asc' },
      { field: 'spec.type', order: 'desc' },
    ]);
  });

  it('keeps colons after the first as part of the field', () => {
    expect(parseOrderParams(['asc:metadata.annotations.example.com/a:b'])).toEqual([
      { field: 'metadata.annotations.example.com/a:b', order: 'asc' },
    ]);
  });

  it.each([
    ['metadata.name', /^Invalid order 'metadata.name': expected asc:<field> or desc:<field>$/],
    ['up:metadata.name', /^Invalid order 'up:metadata.name': the order must be asc or desc$/],
    ['asc:', /^Invalid order '': it is empty; use a dotted path such as metadata.name or spec.type$/],
  ])('rejects %s', (value, message) => {
    expect(() => parseOrderParams([value])).toThrow(message);
  });

  it('rejects more than 10 directives', () => {
    expect(() => parseOrderParams(Array.from({ length: 11 }, () => 'asc:kind'))).toThrow(
      /Too many order values: 11/,
    );
  });
});

describe('parseOrderFieldParams (by-query orderField=field,order)', () => {
  it('parses field and direction, defaulting to asc', () => {
    expect(parseOrderFieldParams(['metadata.name,desc', 'kind'])).toEqual([
      { field: 'metadata.name', order: 'desc' },
      { field: 'kind', order: 'asc' },
    ]);
  });

  it('rejects an unknown direction', () => {
    expect(() => parseOrderFieldParams(['metadata.name,diagonal'])).toThrow(
      "Invalid orderField 'metadata.name,diagonal': the order must be asc or desc",
    );
  });
});

describe('parseOrderBy (POST body orderBy)', () => {
  it('normalises entries', () => {
    expect(parseOrderBy([{ field: 'Metadata.Name', order: 'desc' }, { field: 'kind' }])).toEqual([
      { field: 'metadata.name', order: 'desc' },
      { field: 'kind', order: 'asc' },
    ]);
  });
});

describe('checkFieldPath', () => {
  it.each(['metadata.name', 'metadata.annotations.backstage.io/techdocs-ref', 'spec.my field'])(
    'accepts %s',
    (path) => {
      expect(checkFieldPath(` ${path} `, 'field')).toBe(path);
    },
  );

  it.each([
    ['spec.steps[0]', /array index syntax/],
    ['.kind', /empty segment/],
    ['kind.', /empty segment/],
    ['x'.repeat(1025), /longer than 1024/],
  ])('rejects %s', (path, message) => {
    expect(() => checkFieldPath(path, 'field')).toThrow(message);
  });
});
