import type { Logger } from '@greenroom/backend-plugin-api';
import { builtinModelFragment, compileModel, type Entity } from '@greenroom/catalog-model';
import { TestDatabases, waitFor } from '@greenroom/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogMigrations } from '../database/migrations.js';
import type { CatalogDatabase } from '../database/tables.js';
import type { EntityProviderConnection } from '../providers/entity-provider.js';
import { refsOwnedBy, searchIndexExists } from '../stitching/stitch-test-catalog.js';
import { CatalogEngine } from './catalog-engine.js';

// A first load of many entities stitches without the search(key, value, …) index and
// builds it at the end (decision 0002, "Bulk loads"); a later small change keeps it.

const databases = TestDatabases.create();

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      'backstage.io/managed-by-location': 'test:bulk',
      'backstage.io/managed-by-origin-location': 'test:bulk',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});

describe.each(databases.eachSupportedId())('a bulk load on %s', (databaseId) => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('stitches without the search index, builds it once the queue drains, and keeps it afterwards', async () => {
    const database = await databases.createService(databaseId, 'catalog');
    await database.migrate(catalogMigrations(database.dialect));
    const db = await database.getClient<CatalogDatabase>();
    const messages: string[] = [];
    const logger: Logger = {
      error: (message) => void messages.push(`error: ${message}`),
      warn: (message) => void messages.push(`warn: ${message}`),
      info: (message) => void messages.push(message),
      debug() {},
      child: () => logger,
    };
    const engine = new CatalogEngine({
      db,
      dialect: database.dialect,
      logger,
      deps: {
        model: compileModel([builtinModelFragment]),
        processors: [],
        locations: {
          resolveTargets: () => [],
          read: async () => ({ entities: [], errors: [], unchanged: true, fingerprint: '', refreshKeys: [] }),
        },
        isAllowed: () => true,
      },
      refreshIntervalMs: 3_600_000,
      pollIntervalMs: 20,
      searchIndexDeferral: { minBacklog: 300 },
    });
    stops.push(() => engine.stop());
    let connection: EntityProviderConnection | undefined;
    await engine.connectProvider({
      getProviderName: () => 'bulk',
      connect: async (c) => {
        connection = c;
      },
    });
    const names = Array.from({ length: 400 }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
    await connection!.applyMutation({
      type: 'full',
      entities: names.map((name, i) => ({ entity: component(name, `team-${i % 4}`) })),
    });
    // Started once the load is queued: a stitch worker that counted the backlog just before
    // the mutation committed could otherwise claim the whole of this small load in one
    // batch, and the load would never count as bulk (it would only be stitched with the
    // index in place, which costs speed, not correctness).
    engine.start();

    const indexExists = () => searchIndexExists(db, database.dialect);
    const ownedByTeam0 = async () => (await refsOwnedBy(db, 'team-0')).length;

    await waitFor(
      () => messages.some((m) => m.startsWith('Built the search index')),
      'the index built',
      30_000,
    );
    expect(messages.filter((m) => /search index/.test(m))).toEqual([
      expect.stringMatching(/^Stitching \d+ entities, 0 already stitched: the search index is built once/),
      expect.stringMatching(/^Built the search index in \d+ ms$/),
    ]);
    expect(await indexExists()).toBe(true);
    expect(await db.selectFrom('final_entities').select('id').execute()).toHaveLength(400);
    expect(await ownedByTeam0()).toBe(100);

    // A small change later keeps the index.
    await connection!.applyMutation({
      type: 'delta',
      added: [{ entity: component('svc-new', 'team-0') }],
      removed: [],
    });
    await waitFor(async () => (await ownedByTeam0()) === 101, 'the new entity stitched');
    expect(await indexExists()).toBe(true);
    expect(messages.filter((m) => /search index/.test(m))).toHaveLength(2);
    expect(messages.filter((m) => /^(error|warn):/.test(m))).toEqual([]);
  });
});
