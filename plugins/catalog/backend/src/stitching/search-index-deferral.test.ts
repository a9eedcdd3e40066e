import type { Logger } from '@greenroom/backend-plugin-api';
import type { Entity } from '@greenroom/catalog-model';
import { TestDatabases } from '@greenroom/test-utils';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { CatalogDatabase } from '../database/tables.js';
import { SearchIndexDeferral } from './search-index-deferral.js';
import {
  createStitchTestCatalog,
  refsOwnedBy,
  searchIndexExists,
  silentLogger,
} from './stitch-test-catalog.js';

const databases = TestDatabases.create();

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: { type: 'service', lifecycle: 'production', owner },
});
const entities = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    entity: component(`${prefix}-${String(i).padStart(3, '0')}`, i % 2 === 0 ? 'team-a' : 'team-b'),
  }));

const flag = (db: Kysely<CatalogDatabase>) =>
  db.selectFrom('catalog_meta').select('value').where('key', '=', 'search_index_deferred').executeTakeFirst();

function recordingLogger(): Logger & { infos: string[] } {
  const infos: string[] = [];
  const logger = { ...silentLogger, info: (message: string) => infos.push(message), child: () => logger };
  return Object.assign(logger, { infos });
}

describe.each(databases.eachSupportedId())('SearchIndexDeferral on %s', (databaseId) => {
  it('drops the search index for a bulk load and builds it when the queue drains', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const { db, dialect } = catalog;
    await catalog.seed(entities('svc', 120));
    const logger = recordingLogger();
    const deferral = new SearchIndexDeferral({ db, dialect, logger, minBacklog: 100, now: catalog.now });

    await deferral.beforeBatch();
    expect(deferral.deferred).toBe(true);
    expect(await searchIndexExists(db, dialect)).toBe(false);
    expect(await flag(db)).toBeDefined();
    expect(logger.infos.join('\n')).toContain('Stitching 120 entities, 0 already stitched');

    // Stitching and reads go on without the index, with the same results.
    expect((await catalog.drain(50)).created).toBe(120);
    expect(await refsOwnedBy(db, 'team-a')).toHaveLength(60);

    await deferral.whenDrained();
    expect(deferral.deferred).toBe(false);
    expect(await searchIndexExists(db, dialect)).toBe(true);
    expect(await flag(db)).toBeUndefined();
    expect(await refsOwnedBy(db, 'team-b')).toHaveLength(60);
    if (dialect === 'postgres') {
      expect(logger.infos.slice(-2)).toEqual([
        expect.stringMatching(/^Built the search index in \d+ ms$/),
        expect.stringMatching(/^Vacuumed the loaded tables in \d+ ms$/),
      ]);
      // Vacuumed: pages marked all-visible; analysed: statistics for both tables.
      const { rows } = await sql<{ table: string; visible: number; stats: number }>`select c.relname as table,
        c.relallvisible as visible, (select count(*)::int from pg_stats s where s.tablename = c.relname) as stats
        from pg_class c where c.relname in ('search', 'final_entities') order by 1`.execute(db);
      expect(rows.map((row) => [row.table, row.visible > 0, row.stats > 0])).toEqual([
        ['final_entities', true, true],
        ['search', true, true],
      ]);
    } else {
      expect(logger.infos.at(-1)).toMatch(/^Built the search index in \d+ ms$/);
    }
  });

  it('keeps the index when most of the catalog is already stitched, or the backlog is small', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const { db, dialect } = catalog;
    await catalog.seed(entities('svc', 120));
    await catalog.drain(50);
    const options = { db, dialect, logger: silentLogger, now: catalog.now, checkIntervalMs: 0 };

    // A refresh re-queues every stitched entity: at least as many finals as due stitches.
    await catalog.stitcher.markForStitch(
      db,
      (await db.selectFrom('final_entities').select('entity_ref').execute()).map((r) => r.entity_ref),
    );
    await new SearchIndexDeferral({ ...options, minBacklog: 100 }).beforeBatch();
    expect(await searchIndexExists(db, dialect)).toBe(true);

    await catalog.seed(entities('new', 80));
    await new SearchIndexDeferral({ ...options, minBacklog: 500 }).beforeBatch();
    expect(await searchIndexExists(db, dialect)).toBe(true);
  });

  it('is finished by whichever instance drains the queue, once, also after a restart', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const { db, dialect } = catalog;
    await catalog.seed(entities('svc', 150));
    const options = { db, dialect, logger: silentLogger, now: catalog.now, minBacklog: 100 };
    const first = new SearchIndexDeferral(options);
    await first.beforeBatch();
    expect(await searchIndexExists(db, dialect)).toBe(false);

    // Another instance, or this one restarted after a crash, does not know; the flag tells it.
    await catalog.drain(50);
    const others = [new SearchIndexDeferral(options), new SearchIndexDeferral(options)];
    await Promise.all([...others.map((other) => other.whenDrained()), first.whenDrained()]);
    expect(await searchIndexExists(db, dialect)).toBe(true);
    expect(await flag(db)).toBeUndefined();
    expect(others.map((other) => other.deferred)).toEqual([false, false]);
    expect(first.deferred).toBe(false);
  });
});
