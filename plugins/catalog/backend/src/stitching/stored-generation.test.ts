import type { Logger } from '@greenroom/backend-plugin-api';
import { TestDatabases } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { parseEntityFacetsGetRequest } from '../api/query/entity-facets-request.js';
import { parseQueryEntitiesGetRequest } from '../api/query/query-entities-request.js';
import { CatalogReader } from '../api/store/catalog-reader.js';
import { testEntity } from '../api/store/read-test-catalog.js';
import { catalogMigrations } from '../database/migrations.js';
import type { CatalogDatabase } from '../database/tables.js';
import { CatalogChanges } from './catalog-changes.js';
import { createStitchTestCatalog } from './stitch-test-catalog.js';
import { readStoredGeneration, StoredGeneration } from './stored-generation.js';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('The stored catalog generation on %s', (databaseId) => {
  it('is counted up by stitches that change a final form, and only by those', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    expect(await readStoredGeneration(catalog.db)).toBe(0);

    await catalog.seed([{ entity: testEntity('Component', 'a') }, { entity: testEntity('Component', 'b') }]);
    await catalog.drain();
    expect(await readStoredGeneration(catalog.db)).toBe(1);
    expect(catalog.stitcher.changes.generation).toBe(2); // its own change, and the stored one

    // Stitched again, unchanged: nothing to announce.
    await catalog.stitcher.markForStitch(catalog.db, ['component:default/a']);
    await catalog.drain();
    expect(await readStoredGeneration(catalog.db)).toBe(1);

    // A deletion is a change.
    await catalog.db.deleteFrom('entities').where('entity_ref', '=', 'component:default/b').execute();
    await catalog.stitcher.markForStitch(catalog.db, ['component:default/b']);
    await catalog.drain();
    expect(await readStoredGeneration(catalog.db)).toBe(2);
  });

  it("brings another instance's cached counts and facets up to date within the interval", async () => {
    // The stitch test catalog's stitcher plays the instance that writes; this reader,
    // with changes of its own, the instance that only reads.
    const writer = await createStitchTestCatalog(databases, databaseId);
    let clock = 0;
    const changes = new CatalogChanges();
    const stored = new StoredGeneration({ db: writer.db, changes, intervalMs: 1_000, now: () => clock });
    const reader = new CatalogReader({
      db: writer.db,
      dialect: writer.dialect,
      changes,
      fresh: () => stored.fresh(),
    });
    const facets = parseEntityFacetsGetRequest({ facet: 'spec.type' });
    const query = parseQueryEntitiesGetRequest({ filter: 'kind=component' });
    const read = async () => ({
      facets: (await reader.facets(facets))['spec.type'],
      total: (await reader.queryEntities(query)).totalItems,
    });

    await writer.seed([{ entity: testEntity('Component', 'a', { type: 'service' }) }]);
    await writer.drain();
    expect(await read()).toEqual({ facets: [{ value: 'service', count: 1 }], total: 1 });

    await writer.seed([{ entity: testEntity('Component', 'b', { type: 'service' }) }]);
    await writer.drain();
    clock = 999;
    expect(await read()).toEqual({ facets: [{ value: 'service', count: 1 }], total: 1 });
    clock = 1_000;
    expect(await read()).toEqual({ facets: [{ value: 'service', count: 2 }], total: 2 });

    // Written without counting the generation up (as an older version would): the cached
    // reads stay, however often the generation is read again, until the maximum age.
    await writer.seed([{ entity: testEntity('Component', 'c', { type: 'service' }) }]);
    await writer.drain();
    await writer.db.updateTable('catalog_meta').set({ value: '2' }).where('key', '=', 'generation').execute();
    clock = 5_000;
    expect(await read()).toEqual({ facets: [{ value: 'service', count: 2 }], total: 2 });
  });

  it('shares one read between concurrent callers, and retries a failed read at the next call', async () => {
    const database = await databases.createService(databaseId, 'catalog');
    const db = await database.getClient<CatalogDatabase>();
    const logged: string[] = [];
    const logger = { debug: (message: string) => logged.push(message) } as unknown as Logger;
    const changes = new CatalogChanges();
    const stored = new StoredGeneration({ db, changes, logger, now: () => 0 });

    // No tables yet: the read fails, is logged, and leaves the generation alone.
    await stored.fresh();
    expect(logged).toEqual(['Could not read the stored catalog generation']);
    expect(changes.generation).toBe(0);

    await database.migrate(catalogMigrations(database.dialect));
    await db.insertInto('catalog_meta').values({ key: 'generation', value: '7' }).execute();
    const [first, second] = [stored.fresh(), stored.fresh()];
    expect(first).toBe(second);
    await first;
    expect(changes.generation).toBe(7);

    // Read less than a second ago (the clock stands still): not read again.
    await db.updateTable('catalog_meta').set({ value: '9' }).where('key', '=', 'generation').execute();
    await stored.fresh();
    expect(changes.generation).toBe(7);
  });
});
