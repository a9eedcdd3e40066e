import { describe, expect, it } from 'vitest';
import type { EntityFilter } from './entity-filter.js';
import { filterToPredicate } from './filter-to-predicate.js';
import { queryLimits } from './limits.js';
import { matchesEntity } from './match-entity.js';
import { parseFilterPredicate } from './predicate.js';

const eq = (key: string, ...values: string[]): EntityFilter => ({ key, matches: { op: 'eq', values } });
const exists = (key: string): EntityFilter => ({ key, matches: { op: 'exists' } });

describe('parseFilterPredicate', () => {
  it.each<[string, unknown, EntityFilter]>([
    ['a primitive field value is equality', { kind: 'Component' }, eq('kind', 'component')],
    [
      'numbers and booleans compare as text',
      { 'spec.replicas': 3, 'spec.public': true },
      {
        all: [eq('spec.replicas', '3'), eq('spec.public', 'true')],
      },
    ],
    [
      '$in is any of',
      { 'spec.type': { $in: ['Service', 'website', 'service'] } },
      eq('spec.type', 'service', 'website'),
    ],
    ['$in of nothing matches nothing', { 'spec.type': { $in: [] } }, { any: [] }],
    ['$exists true', { 'spec.owner': { $exists: true } }, exists('spec.owner')],
    ['$exists false', { 'spec.owner': { $exists: false } }, { not: exists('spec.owner') }],
    [
      '$hasPrefix',
      { 'metadata.name': { $hasPrefix: 'Team-' } },
      {
        key: 'metadata.name',
        matches: { op: 'hasPrefix', value: 'team-' },
      },
    ],
    [
      '$contains of a primitive is item equality',
      { 'metadata.tags': { $contains: 'Java' } },
      eq('metadata.tags', 'java'),
    ],
    [
      'relation $contains with a target ref',
      { relations: { $contains: { type: 'ownedBy', targetRef: 'group:default/A' } } },
      eq('relations.ownedby', 'group:default/a'),
    ],
    [
      'relation $contains with $in target refs',
      {
        relations: {
          $contains: { type: 'memberOf', targetRef: { $in: ['group:default/a', 'group:default/b'] } },
        },
      },
      eq('relations.memberof', 'group:default/a', 'group:default/b'),
    ],
    [
      'relation $contains without a target ref',
      { relations: { $contains: { type: 'ownedBy' } } },
      exists('relations.ownedby'),
    ],
    [
      'several keys are ANDed',
      { kind: 'component', 'spec.type': 'service' },
      {
        all: [eq('kind', 'component'), eq('spec.type', 'service')],
      },
    ],
    ['an empty object matches everything', {}, { all: [] }],
    [
      '$all, $any and $not nest',
      { $all: [{ kind: 'component' }, { $any: [] }, { $not: { 'spec.type': 'library' } }] },
      {
        all: [eq('kind', 'component'), { any: [] }, { not: eq('spec.type', 'library') }],
      },
    ],
  ])('%s', (_name, input, expected) => {
    expect(parseFilterPredicate(input)).toEqual(expected);
  });

  it.each<[string, unknown, string | RegExp]>([
    [
      'a top-level string',
      'component',
      'Invalid filter predicate at query: top-level primitive values are not supported. Wrap the value in a field expression, e.g. { "kind": "component" }',
    ],
    ['a top-level number', 42, /top-level primitive values are not supported/],
    ['null', null, /top-level primitive values are not supported/],
    ['an array', [{ kind: 'a' }], /expected an object/],
    [
      'an unknown logical operator',
      { $or: [] },
      /unknown operator \$or; logical operators are \$all, \$any and \$not/,
    ],
    [
      'an unknown field operator',
      { 'metadata.name': { $regex: '^a' } },
      'Invalid filter predicate at query.metadata.name: unknown operator $regex; use one of $exists, $in, $hasPrefix or $contains',
    ],
    ['a primitive inside $all', { $all: ['x'] }, /at query\.\$all\[0\]: top-level primitive/],
    ['$all that is not an array', { $all: { kind: 'a' } }, /query\.\$all: expected an array of predicates/],
    [
      'an operator mixed with fields',
      { $all: [], kind: 'a' },
      /\$all cannot share an object with other keys/,
    ],
    ['two operators on one field', { kind: { $in: ['a'], $exists: true } }, /expected exactly one operator/],
    ['null as a field value', { 'spec.owner': null }, /use \{ "spec.owner": \{ "\$exists": false \} \}/],
    ['an array as a field value', { kind: ['a', 'b'] }, /\{ "kind": \{ "\$in": \[\.\.\.\] \} \}/],
    [
      '$exists that is not a boolean',
      { kind: { $exists: 'yes' } },
      /query\.kind\.\$exists: expected true or false/,
    ],
    ['$in with objects', { kind: { $in: [{}] } }, /expected an array of strings, numbers or booleans/],
    ['$hasPrefix that is not a string', { kind: { $hasPrefix: 1 } }, /\$hasPrefix: expected a string/],
    ['$contains of an object on a plain field', { 'spec.x': { $contains: { a: 1 } } }, /for "relations"/],
    ['relation $contains without a type', { relations: { $contains: { targetRef: 'x' } } }, /takes a "type"/],
    [
      'relation $contains with extra keys',
      { relations: { $contains: { type: 'ownedBy', foo: 1 } } },
      /unexpected: foo/,
    ],
    [
      'relation $contains with a bad target ref',
      { relations: { $contains: { type: 'a', targetRef: 3 } } },
      /targetRef: expected a ref string/,
    ],
  ])('rejects %s with a 400 that says what to do', (_name, input, message) => {
    expect(() => parseFilterPredicate(input)).toThrow(expect.objectContaining({ name: 'InputError' }));
    expect(() => parseFilterPredicate(input)).toThrow(message);
  });

  it(`rejects nesting deeper than ${queryLimits.maxFilterDepth} levels`, () => {
    let deep: unknown = { kind: 'a' };
    for (let i = 0; i <= queryLimits.maxFilterDepth; i++) deep = { $not: deep };
    expect(() => parseFilterPredicate(deep)).toThrow(/nested deeper than 20 levels/);
    let ok: unknown = { kind: 'a' };
    for (let i = 0; i < queryLimits.maxFilterDepth; i++) ok = { $not: ok };
    expect(() => parseFilterPredicate(ok)).not.toThrow();
  });

  it('rejects hostile nesting without exhausting the stack', () => {
    let deep: unknown = { kind: 'a' };
    for (let i = 0; i < 100_000; i++) deep = { $all: [deep] };
    expect(() => parseFilterPredicate(deep)).toThrow(/nested deeper/);
  });

  it(`rejects predicates with more than ${queryLimits.maxFilterNodes} conditions and values`, () => {
    const values = Array.from({ length: queryLimits.maxFilterNodes }, (_, i) => `v${i}`);
    expect(() => parseFilterPredicate({ kind: { $in: values } })).toThrow(/more than 1000 conditions/);
    expect(() => parseFilterPredicate({ kind: { $in: values.slice(1) } })).not.toThrow();
  });

  it('restricts fields when allowed keys are given', () => {
    const allowedKeys = new Set(['type', 'target']);
    expect(parseFilterPredicate({ Type: 'url' }, { allowedKeys })).toEqual(eq('type', 'url'));
    expect(() => parseFilterPredicate({ kind: 'x' }, { allowedKeys })).toThrow(
      "unknown field 'kind'; the fields are type, target",
    );
  });
});

describe('filterToPredicate', () => {
  it.each<unknown>([
    { kind: 'component' },
    { 'spec.type': { $in: ['service', 'website'] } },
    { $all: [{ 'spec.owner': { $exists: true } }, { $not: { 'metadata.name': { $hasPrefix: 'tmp-' } } }] },
    {
      $any: [
        { relations: { $contains: { type: 'ownedBy', targetRef: 'group:default/a' } } },
        { kind: 'api' },
      ],
    },
    { $any: [] },
  ])('writes a predicate that parses back to the same filter: %j', (input) => {
    const filter = parseFilterPredicate(input);
    const written = filterToPredicate(filter);
    expect(parseFilterPredicate(JSON.parse(JSON.stringify(written)))).toEqual(filter);
  });

  it('writes single values plainly and several as $in', () => {
    expect(filterToPredicate(eq('kind', 'api'))).toEqual({ kind: 'api' });
    expect(filterToPredicate(eq('kind', 'api', 'component'))).toEqual({
      kind: { $in: ['api', 'component'] },
    });
  });
});

describe('predicates against entities', () => {
  const entity = {
    kind: 'Component',
    metadata: { name: 'team-billing', tags: ['java'] },
    spec: { type: 'service', replicas: 3 },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/a' },
      { type: 'partOf', targetRef: 'system:default/payments' },
    ],
  };

  it.each<[unknown, boolean]>([
    [{ kind: 'component', 'spec.replicas': 3 }, true],
    [{ 'metadata.name': { $hasPrefix: 'TEAM-' } }, true],
    [{ 'metadata.tags': { $contains: 'java' } }, true],
    [{ relations: { $contains: { type: 'ownedby' } } }, true],
    [{ relations: { $contains: { type: 'ownedBy', targetRef: { $in: ['group:default/b'] } } } }, false],
    [{ 'spec.lifecycle': { $exists: false } }, true],
    [{ $not: { kind: 'component' } }, false],
    [{ $any: [] }, false],
    [{ $all: [] }, true],
  ])('%j matches: %s', (predicate, expected) => {
    expect(matchesEntity(parseFilterPredicate(predicate), entity)).toBe(expected);
  });
});
