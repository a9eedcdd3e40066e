import { loadSqlite } from '@greenroom/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenEntity, type SearchableEntity } from '../../search/search-rows.js';
import type { EntityFilter } from './entity-filter.js';
import { parseLegacyFilterParams } from './legacy-filter.js';
import { LIKE_ESCAPE, likePrefixPattern } from './like-pattern.js';
import { createEntityMatcher, matchesEntity } from './match-entity.js';
import { parseFilterPredicate } from './predicate.js';

const entities: SearchableEntity[] = [
  {
    kind: 'Component',
    metadata: {
      name: 'billing',
      uid: 'u1',
      tags: ['java', 'payments'],
      annotations: { 'backstage.io/orphan': 'true' },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  },
  {
    kind: 'Component',
    metadata: { name: 'team_web', namespace: 'default', uid: 'u2', tags: ['typescript'] },
    spec: { type: 'website', owner: 'team-b', lifecycle: 'experimental' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-b' }],
  },
  {
    kind: 'API',
    metadata: { name: 'billing-api', namespace: 'payments', uid: 'u3' },
    spec: { type: 'openapi', owner: 'team-a', lifecycle: 'production', definition: 'x'.repeat(300) },
  },
  {
    kind: 'Group',
    metadata: { name: 'team-a', uid: 'u4' },
    spec: { type: 'team', children: [], parent: null },
  },
  {
    kind: 'User',
    metadata: { name: 'Jane', uid: 'u5', labels: { 'example.com/role': 'Lead' } },
    spec: { memberOf: ['team-a', 'team-b'] },
    relations: [
      { type: 'memberOf', targetRef: 'group:default/team-a' },
      { type: 'memberOf', targetRef: 'group:default/team-b' },
    ],
  },
];

const filters: [string, EntityFilter | undefined][] = [
  ...[
    'kind=component',
    'kind=component,spec.type=service',
    'kind=component&kind=api',
    'metadata.namespace=default',
    'metadata.namespace=payments',
    'metadata.tags.java',
    'metadata.tags=java,metadata.tags=typescript',
    'spec.parent',
    'spec.definition',
    'spec.owner=',
    'relations.ownedby=group:default/team-a',
    'relations.memberof=group:default/team-b,kind=user',
    'metadata.labels.example.com/role=lead',
    'metadata.annotations.backstage.io/orphan',
  ].map((p): [string, EntityFilter | undefined] => [p, parseLegacyFilterParams(p.split('&'))]),
  ...[
    { 'metadata.name': { $hasPrefix: 'team_' } },
    { 'metadata.name': { $hasPrefix: 'team' } },
    { 'metadata.name': { $hasPrefix: '' } },
    { 'spec.lifecycle': { $exists: false } },
    { $not: { kind: 'component' } },
    { $any: [{ kind: 'group' }, { 'spec.type': 'openapi' }] },
    { $all: [] },
    { $any: [] },
    { relations: { $contains: { type: 'memberOf' } } },
    { $not: { $any: [{ 'metadata.tags': { $contains: 'java' } }, { 'spec.owner': { $in: ['team-b'] } }] } },
  ].map((p): [string, EntityFilter | undefined] => [JSON.stringify(p), parseFilterPredicate(p)]),
];

// A minimal compiler from the filter to SQL over `search`, as storage would write one.
function toSql(filter: EntityFilter, params: string[]): string {
  if ('all' in filter)
    return filter.all.length ? `(${filter.all.map((f) => toSql(f, params)).join(' AND ')})` : '1';
  if ('any' in filter)
    return filter.any.length ? `(${filter.any.map((f) => toSql(f, params)).join(' OR ')})` : '0';
  if ('not' in filter) return `NOT ${toSql(filter.not, params)}`;
  params.push(filter.key);
  let condition = '';
  if (filter.matches.op === 'eq') {
    params.push(...filter.matches.values);
    condition = ` AND value IN (${filter.matches.values.map(() => '?').join(', ')})`;
  } else if (filter.matches.op === 'hasPrefix') {
    params.push(likePrefixPattern(filter.matches.value));
    condition = ` AND value LIKE ? ESCAPE '${LIKE_ESCAPE}'`;
  }
  return `e.id IN (SELECT entity_id FROM search WHERE key = ?${condition})`;
}

describe('matchesEntity', () => {
  const db = new (loadSqlite())(':memory:');

  beforeAll(() => {
    db.exec('CREATE TABLE entities (id TEXT PRIMARY KEY)');
    db.exec(
      'CREATE TABLE search (entity_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT, original_value TEXT)',
    );
    const insertEntity = db.prepare('INSERT INTO entities (id) VALUES (?)');
    const insertRow = db.prepare('INSERT INTO search VALUES (?, ?, ?, ?)');
    for (const entity of entities) {
      insertEntity.run(entity.metadata.uid);
      for (const row of flattenEntity(entity))
        insertRow.run(entity.metadata.uid, row.key, row.value, row.originalValue);
    }
  });
  afterAll(() => db.close());

  it.each(filters)('agrees with SQL over the flattened search table for %s', (_name, filter) => {
    const params: string[] = [];
    const where = filter ? toSql(filter, params) : '1';
    const fromSql = db
      .prepare(`SELECT id FROM entities e WHERE ${where} ORDER BY id`)
      .all(...params)
      .map((r) => (r as { id: string }).id);
    const inMemory = entities.filter(createEntityMatcher(filter)).map((e) => e.metadata.uid);
    expect(inMemory).toEqual(fromSql);
  });

  it('matches every row the flattening produces, by equality and by existence', () => {
    for (const entity of entities) {
      for (const row of flattenEntity(entity)) {
        expect(matchesEntity({ key: row.key, matches: { op: 'exists' } }, entity)).toBe(true);
        if (row.value !== null) {
          expect(matchesEntity({ key: row.key, matches: { op: 'eq', values: [row.value] } }, entity)).toBe(
            true,
          );
        }
      }
    }
  });

  it('matches an absent namespace as default, as the flattening stores it', () => {
    expect(matchesEntity(parseLegacyFilterParams('metadata.namespace=default'), entities[0]!)).toBe(true);
    expect(matchesEntity(parseLegacyFilterParams('metadata.namespace=default'), entities[2]!)).toBe(false);
  });

  it('matches everything without a filter', () => {
    expect(matchesEntity(undefined, entities[0]!)).toBe(true);
  });

  it('does not reject entities with case-clashing keys when only evaluating', () => {
    const clash = { kind: 'Component', metadata: { name: 'x' }, spec: { foo: 1, Foo: 2 } };
    expect(matchesEntity(parseLegacyFilterParams('spec.foo=2'), clash)).toBe(true);
  });
});
