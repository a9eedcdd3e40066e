import { TestDatabases } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import type { EntityFilter } from '../query/entity-filter.js';
import { createReadTestCatalog, refsOf, testEntity } from './read-test-catalog.js';

const databases = TestDatabases.create();

/** A provider emits the root Location, which emits a Location, which emits a Component and an API. */
async function createLocationTree(databaseId: Parameters<typeof createReadTestCatalog>[1]) {
  const catalog = await createReadTestCatalog(databases, databaseId);
  await catalog.add([
    { entity: testEntity('Location', 'root') },
    { entity: testEntity('Location', 'team', {}, { labels: { private: 'yes' } }), referenced: false },
    { entity: testEntity('Component', 'billing'), referenced: false },
    { entity: testEntity('API', 'billing-api'), referenced: false },
  ]);
  const edge = (source: string, target: string, via = 'url:https://example.com/x.yaml') => ({
    source_key: null,
    source_entity_ref: source,
    via,
    target_entity_ref: target,
  });
  await catalog.db
    .insertInto('edges')
    .values([
      edge('location:default/root', 'location:default/team'),
      edge('location:default/team', 'component:default/billing'),
      edge('location:default/team', 'component:default/billing', 'processor:other'),
      edge('component:default/billing', 'api:default/billing-api', 'processor:openapi'),
      edge('location:default/root', 'api:default/billing-api'),
    ])
    .execute();
  return catalog;
}

describe.each(databases.eachSupportedId())('CatalogReader.ancestry on %s', (databaseId) => {
  it('walks up two levels to the Location a provider emitted, the root included', async () => {
    const catalog = await createLocationTree(databaseId);
    const ancestry = await catalog.reader.ancestry('component:default/billing');
    expect(ancestry?.rootEntityRef).toBe('component:default/billing');
    expect(
      ancestry?.items.map((item) => ({ ref: refsOf([item.entity])[0], parents: item.parentEntityRefs })),
    ).toEqual([
      { ref: 'component:default/billing', parents: ['location:default/team'] },
      { ref: 'location:default/team', parents: ['location:default/root'] },
      { ref: 'location:default/root', parents: [] },
    ]);
  });

  it('visits an entity reached along several paths once', async () => {
    const catalog = await createLocationTree(databaseId);
    const ancestry = await catalog.reader.ancestry('api:default/billing-api');
    expect(ancestry?.items.map((item) => [refsOf([item.entity])[0], item.parentEntityRefs])).toEqual([
      ['api:default/billing-api', ['component:default/billing', 'location:default/root']],
      ['component:default/billing', ['location:default/team']],
      ['location:default/root', []],
      ['location:default/team', ['location:default/root']],
    ]);
  });

  it('stops at cycles', async () => {
    const catalog = await createLocationTree(databaseId);
    await catalog.db
      .insertInto('edges')
      .values({
        source_key: null,
        source_entity_ref: 'component:default/billing',
        via: 'processor:loop',
        target_entity_ref: 'location:default/root',
      })
      .execute();
    const ancestry = await catalog.reader.ancestry('location:default/team');
    expect(ancestry?.items.map((item) => [refsOf([item.entity])[0], item.parentEntityRefs])).toEqual([
      ['location:default/team', ['location:default/root']],
      ['location:default/root', ['component:default/billing']],
      ['component:default/billing', ['location:default/team']],
    ]);
  });

  it('hides what the restriction hides: a root that does not match, and ancestors that do not', async () => {
    const catalog = await createLocationTree(databaseId);
    const restriction: EntityFilter = { not: { key: 'metadata.labels.private', matches: { op: 'exists' } } };
    expect(await catalog.reader.ancestry('location:default/team', { restriction })).toBeUndefined();
    const ancestry = await catalog.reader.ancestry('component:default/billing', { restriction });
    expect(ancestry?.items.map((item) => [refsOf([item.entity])[0], item.parentEntityRefs])).toEqual([
      ['component:default/billing', []],
    ]);
    expect(await catalog.reader.ancestry('component:default/missing')).toBeUndefined();
  });
});
