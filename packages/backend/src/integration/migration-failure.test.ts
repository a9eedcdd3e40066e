import { coreServices, createBackendPlugin, type Migration } from '@greenroom/backend-plugin-api';
import { TestDatabases } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { useTestBackends } from './support/test-backends.js';

const databases = TestDatabases.create();
const backends = useTestBackends();

/** A plugin `ledger` with two migrations; the second one is given by the test. */
function ledgerPlugin(applied: string[], second: Migration) {
  const migrations: Record<string, Migration> = {
    '20260101_create_entries': {
      async up(db) {
        applied.push('20260101_create_entries');
        await db.schema.createTable('entries').addColumn('amount', 'integer').execute();
      },
    },
    '20260102_add_currency': {
      async up(db) {
        applied.push('20260102_add_currency');
        await second.up(db);
      },
    },
  };
  return createBackendPlugin({
    pluginId: 'ledger',
    register(reg) {
      reg.registerInit({
        deps: { database: coreServices.database, http: coreServices.httpRouter },
        async init({ database, http }) {
          await database.migrate(migrations);
          const db = await database.getClient();
          http.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
          http.use(async (app) => {
            app.get('/columns', async () => {
              const tables = await db.introspection.getTables();
              const entries = tables.find((table) => table.name === 'entries');
              return { columns: entries?.columns.map((column) => column.name).sort() ?? [] };
            });
          });
        },
      });
    },
  });
}

/** A typo in the table name: the database refuses it. */
const broken: Migration = {
  up: (db) => db.schema.alterTable('entrees').addColumn('currency', 'text').execute(),
};
const fixed: Migration = {
  up: (db) => db.schema.alterTable('entries').addColumn('currency', 'text').execute(),
};

describe.each(databases.eachSupportedId())('a failing migration on %s', (databaseId) => {
  it('stops startup with an error naming the plugin and the migration', async () => {
    const config = { backend: { database: await databases.createConfig(databaseId) } };
    await expect(backends.start({ features: [ledgerPlugin([], broken)], config })).rejects.toThrow(
      /Plugin 'ledger' failed to initialize: Migration '20260102_add_currency' of plugin 'ledger' failed: .*entrees/,
    );
  });

  it('is applied by the next start once it is fixed', async () => {
    const config = { backend: { database: await databases.createConfig(databaseId) } };
    await expect(backends.start({ features: [ledgerPlugin([], broken)], config })).rejects.toThrow(
      /20260102_add_currency/,
    );

    const applied: string[] = [];
    const backend = await backends.start({ features: [ledgerPlugin(applied, fixed)], config });
    const res = await backend.request('/api/ledger/columns');
    expect(await res.json()).toEqual({ columns: ['amount', 'currency'] });
    // PostgreSQL rolls the whole failed run back; SQLite keeps the migrations before the failing one.
    expect(applied).toEqual(
      databaseId === 'POSTGRES'
        ? ['20260101_create_entries', '20260102_add_currency']
        : ['20260102_add_currency'],
    );
  });
});
