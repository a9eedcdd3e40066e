import { TestDatabases } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { catalogMigrations } from '../database/migrations.js';
import type { CatalogDatabase } from '../database/tables.js';
import { pruneHistory } from './prune-history.js';

const databases = TestDatabases.create();
const DAY = 24 * 60 * 60 * 1000;

describe.each(databases.eachSupportedId())('pruneHistory on %s', (databaseId) => {
  it('deletes entries older than maxAge, in batches, and keeps the rest', async () => {
    const database = await databases.createService(databaseId, 'catalog');
    await database.migrate(catalogMigrations(database.dialect));
    const db = await database.getClient<CatalogDatabase>();
    const now = 100 * DAY;
    const rows = Array.from({ length: 250 }, (_, i) => ({
      entity_ref: `component:default/c${i}`,
      entity_id: `id-${i}`,
      at: now - (i % 5) * 10 * DAY,
      change: 'created' as const,
      source: null,
      diff: null,
    }));
    await db.insertInto('entity_history').values(rows).execute();

    expect(await pruneHistory(db, { maxAge: 25 * DAY, now, batchSize: 40 })).toBe(100);
    const left = await db.selectFrom('entity_history').select('at').execute();
    expect(left).toHaveLength(150);
    expect(left.every((row) => Number(row.at) >= now - 25 * DAY)).toBe(true);
  });

  it('rejects a negative maxAge', async () => {
    const database = await databases.createService(databaseId, 'catalog');
    const db = await database.getClient<CatalogDatabase>();
    await expect(pruneHistory(db, { maxAge: -1 })).rejects.toThrow(/maxAge must be a non-negative number/);
  });
});
