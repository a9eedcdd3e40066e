import { builtinModelFragment, compileModel, defineModelFragment } from '@greenroom/catalog-model';
import { TestDatabases } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogMigrations } from '../database/migrations.js';
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
      .values({
        entity_id: 'a',
        entity_ref: 'component:default/a',
        location_key: null,
        unprocessed: '{}',
        unprocessed_hash: 'h',
        processed: '{}',
        result_hash: 'r',
        errors: null,
        cache: null,
        next_update_at: null,
        claimed_until: null,
        updated_at: 0,
      })
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
