import { builtinModelFragment, compileModel, defineModelFragment } from '@greenroom/catalog-model';
import { TestDatabases } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogMigrations } from '../database/migrations.js';
import { entityRow } from '../database/table-test-fixtures.js';
import type { CatalogDatabase } from '../database/tables.js';
import { scheduleReprocessingOnChange } from './processing-version.js';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('scheduleReprocessingOnChange on %s', (databaseId) => {
  it('makes every entity due when the model or the processors change, and only then', async () => {
    const database = await databases.createService(databaseId, 'catalog');
    await database.migrate(catalogMigrations(database.dialect));
    const db = await database.getClient<CatalogDatabase>();
    await db
      .insertInto('entities')
      .values(entityRow('component:default/a', { entity_id: 'a', processed: '{}', result_hash: 'r' }))
      .execute();
    const builtin = compileModel([builtinModelFragment]);
    const due = async () =>
      (await db.selectFrom('entities').select('next_update_at').executeTakeFirstOrThrow()).next_update_at;

    expect(await scheduleReprocessingOnChange(db, builtin, [], 5)).toBe(false); // first start
    expect(await scheduleReprocessingOnChange(db, builtin, [], 6)).toBe(false); // unchanged
    expect(await due()).toBeNull();

    const extended = compileModel([
      builtinModelFragment,
      defineModelFragment({
        source: 'plugin:environments',
        kinds: [{ kind: 'Environment', apiVersions: ['acme.com/v1'], spec: z.object({ owner: z.string() }) }],
      }),
    ]);
    expect(await scheduleReprocessingOnChange(db, extended, [], 7)).toBe(true);
    expect(Number(await due())).toBe(7);
    expect(await scheduleReprocessingOnChange(db, extended, [{ name: 'tier' }], 8)).toBe(true);
    expect(await scheduleReprocessingOnChange(db, extended, [{ name: 'tier' }], 9)).toBe(false);
    expect(Number(await due())).toBe(8);
  });
});
