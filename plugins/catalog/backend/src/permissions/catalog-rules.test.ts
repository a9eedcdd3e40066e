import type { Entity } from '@greenroom/catalog-model';
import { TestDatabases } from '@greenroom/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReadTestCatalog, testEntity } from '../api/store/read-test-catalog.js';
import {
  catalogPermissionRules,
  hasAnnotation,
  hasLabel,
  hasMetadata,
  hasSpec,
  isEntityKind,
  isEntityOwner,
} from './catalog-rules.js';
import { criteriaToFilter } from './criteria-filter.js';

const databases = TestDatabases.create();

const owners = ['group:default/team-a', 'group:default/team-b', 'user:default/jane'];

function entityAt(i: number): { entity: Entity; relations: [string, string, string][] } {
  const kind = ['Component', 'API', 'Resource', 'Template'][i % 4]!;
  const name = `e${i}`;
  const owner = owners[i % 3]!;
  const entity = testEntity(
    kind,
    name,
    { owner, type: i % 5 === 0 ? 'Service' : 'library', ...(i % 7 === 0 ? { lifecycle: 'production' } : {}) },
    {
      annotations: i % 2 === 0 ? { 'backstage.io/techdocs-ref': `dir:${i % 4}` } : {},
      labels: i % 3 === 0 ? { tier: i % 6 === 0 ? 'Gold' : 'silver' } : {},
      ...(i % 4 === 1 ? { description: 'Public API' } : {}),
    },
  );
  const ref = `${kind}:default/${name}`.toLowerCase();
  return { entity, relations: [[ref, 'ownedBy', owner]] };
}

// Every rule with several params: the list query (SQL over `search`) and the in-memory
// check must agree on every entity, on both databases.
const cases: [string, (typeof catalogPermissionRules)[number], Record<string, unknown>][] = [
  ['kind component', isEntityKind, { kinds: ['Component'] }],
  ['kinds api+template', isEntityKind, { kinds: ['api', 'TEMPLATE'] }],
  ['no kinds', isEntityKind, { kinds: [] }],
  ['owner team-a', isEntityOwner, { claims: ['group:default/team-a'] }],
  ['owner jane or team-b', isEntityOwner, { claims: ['User:default/jane', 'group:default/team-b'] }],
  ['no claims', isEntityOwner, { claims: [] }],
  ['has techdocs', hasAnnotation, { annotation: 'backstage.io/techdocs-ref' }],
  ['techdocs value', hasAnnotation, { annotation: 'backstage.io/techdocs-ref', value: 'dir:2' }],
  ['label tier', hasLabel, { label: 'tier' }],
  ['label tier gold', hasLabel, { label: 'tier', value: 'gold' }],
  ['metadata description', hasMetadata, { key: 'description' }],
  ['spec lifecycle', hasSpec, { key: 'lifecycle' }],
  ['spec type service', hasSpec, { key: 'type', value: 'service' }],
];

describe.each(databases.eachSupportedId())('catalog permission rules on %s', (databaseId) => {
  let catalog: Awaited<ReturnType<typeof createReadTestCatalog>>;
  let entities: Entity[];

  beforeAll(async () => {
    catalog = await createReadTestCatalog(databases, databaseId);
    const seeded = Array.from({ length: 60 }, (_, i) => entityAt(i));
    await catalog.add(seeded);
    entities = [...(await catalog.stored()).values()].map((s) => s.entity);
  });

  it.each(cases)('%s: the database filter and the in-memory check agree', async (_name, rule, params) => {
    const parsed = rule.paramsSchema!.parse(params) as never;
    const expected = entities
      .filter((entity) => rule.apply(entity, parsed))
      .map((e) => `${e.kind}:default/${e.metadata.name}`.toLowerCase())
      .sort();
    const restriction = criteriaToFilter(rule.toQuery(parsed));
    const found: string[] = [];
    for await (const chunk of catalog.reader.streamEntities({ order: [] }, { restriction })) {
      for (const json of chunk) {
        const entity = JSON.parse(json) as Entity;
        found.push(`${entity.kind}:default/${entity.metadata.name}`.toLowerCase());
      }
    }
    expect(found.sort()).toEqual(expected);
    // The cases are chosen so that each one selects something, or deliberately nothing.
    if (!_name.startsWith('no ')) expect(expected.length).toBeGreaterThan(0);
    else expect(expected).toEqual([]);
  });

  it('combines rules with allOf, anyOf and not in the database as in memory', async () => {
    const ownerA = isEntityOwner.toQuery({ claims: ['group:default/team-a'] });
    const templates = isEntityKind.toQuery({ kinds: ['Template'] });
    const restriction = criteriaToFilter({ anyOf: [ownerA, { not: { anyOf: [templates] } }] } as never);
    const expected = entities.filter(
      (e) => isEntityOwner.apply(e, { claims: ['group:default/team-a'] }) || e.kind !== 'Template',
    );
    const counted = await catalog.reader.queryEntities(
      { limit: 1000, offset: 0, fields: ['metadata.name'], totalItems: { kind: 'count' } },
      { restriction },
    );
    expect(counted.totalItems).toBe(expected.length);
  });
});

describe('catalog permission rule params', () => {
  it('refuses malformed params with the rule schema', () => {
    expect(isEntityKind.paramsSchema!.safeParse({ kinds: 'Component' }).success).toBe(false);
    expect(isEntityOwner.paramsSchema!.safeParse({ claims: [''] }).success).toBe(false);
    expect(hasAnnotation.paramsSchema!.safeParse({}).success).toBe(false);
  });

  it('declares the six rules Backstage policies use, on catalog-entity', () => {
    expect(catalogPermissionRules.map((r) => r.name).sort()).toEqual([
      'HAS_ANNOTATION',
      'HAS_LABEL',
      'HAS_METADATA',
      'HAS_SPEC',
      'IS_ENTITY_KIND',
      'IS_ENTITY_OWNER',
    ]);
    expect(new Set(catalogPermissionRules.map((r) => r.resourceType))).toEqual(new Set(['catalog-entity']));
  });
});
