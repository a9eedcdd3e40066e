import { DatabaseManager, databaseConfigSchema } from '@greenroom/backend';
import type { Logger } from '@greenroom/backend-plugin-api';
import { builtinModelFragment, compileModel, type Entity } from '@greenroom/catalog-model';
import { TestDatabases, waitFor } from '@greenroom/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogMigrations } from '../database/migrations.js';
import type { CatalogDatabase } from '../database/tables.js';
import type { CatalogProcessor } from '../processing/catalog-processor.js';
import type { LocationReading } from '../processing/location-reading.js';
import type { EntityProviderConnection } from '../providers/entity-provider.js';
import { CatalogEngine } from './catalog-engine.js';

// Several backend instances share one database: claims keep them from processing or
// stitching the same entity at once, and concurrent refreshes and provider writes end
// in the same consistent catalog, without deadlocks surfacing as errors.

const databases = TestDatabases.create();
const model = compileModel([builtinModelFragment]);

const annotations = (location: string) => ({
  'backstage.io/managed-by-location': location,
  'backstage.io/managed-by-origin-location': location,
});

/** Files of a fake location: each emits `perFile` components owned by one of the groups. */
function fakeFiles(version: number, files = 4, perFile = 150): Map<string, Entity[]> {
  const result = new Map<string, Entity[]>();
  for (let f = 0; f < files; f++) {
    const target = `test:file-${f}`;
    result.set(
      target,
      Array.from({ length: perFile }, (_, i) => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: `c-${f}-${i}`,
          annotations: annotations(target),
          labels: { version: String(version) },
        },
        spec: { type: 'service', lifecycle: 'production', owner: `group:default/team-${i % 7}` },
      })),
    );
  }
  return result;
}

function fakeReading(files: () => Map<string, Entity[]>): LocationReading {
  return {
    resolveTargets: () =>
      [...files().keys()].map((target) => ({ type: 'test', target, presence: 'required' })),
    read: async (target) => ({
      entities: (files().get(target.target) ?? []).map((entity) => ({ entity: structuredClone(entity) })),
      errors: [],
      unchanged: false,
      fingerprint: String(Math.random()),
      refreshKeys: [target.target],
    }),
  };
}

const errorsOf = (sink: string[]): Logger => {
  const logger: Logger = {
    error: (message: string) => void sink.push(message),
    warn() {},
    info() {},
    debug() {},
    child: () => logger,
  };
  return logger;
};

// PostgreSQL only: SQLite is for one instance (two connections in one process would wait on each other's locks).
const sharedDatabaseIds = databases.eachSupportedId().filter((id) => id === 'POSTGRES');

describe.each(sharedDatabaseIds)('two catalog instances on one %s database', (databaseId) => {
  const managers: DatabaseManager[] = [];
  const engines: CatalogEngine[] = [];
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((engine) => engine.stop()));
    await Promise.all(managers.splice(0).map((manager) => manager.destroy()));
  });

  it('share the work and agree on the result under concurrent refreshes and mutations', async () => {
    const config = databaseConfigSchema.parse(await databases.createConfig(databaseId));
    let version = 1;
    let files = fakeFiles(version);
    const errors: string[] = [];
    const connections: EntityProviderConnection[] = [];
    // Shared by both instances: catches one ref processed by two of them at once.
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    const processed = new Map<string, number>();
    const watcher: CatalogProcessor = {
      name: 'overlap-watcher',
      async preProcessEntity(entity) {
        const ref = `${entity.kind}:${entity.metadata.name}`;
        if (inFlight.has(ref)) overlaps.push(ref);
        inFlight.add(ref);
        processed.set(ref, (processed.get(ref) ?? 0) + 1);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight.delete(ref);
        return entity;
      },
    };
    for (let i = 0; i < 2; i++) {
      const manager = new DatabaseManager(config, { logger: errorsOf(errors) });
      managers.push(manager);
      const database = manager.forPlugin('catalog');
      await database.migrate(catalogMigrations(database.dialect));
      const db = await database.getClient<CatalogDatabase>();
      const engine = new CatalogEngine({
        db,
        dialect: database.dialect,
        logger: errorsOf(errors),
        deps: { model, processors: [watcher], locations: fakeReading(() => files), isAllowed: () => true },
        refreshIntervalMs: 200,
        pollIntervalMs: 20,
      });
      engines.push(engine);
      await engine.connectProvider({
        getProviderName: () => 'root',
        connect: async (connection) => void connections.push(connection),
      });
      engine.start();
    }
    const root: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: { name: 'root', annotations: annotations('test:root') },
      spec: { type: 'test', target: 'root' },
    };
    // Both instances write the provider's set at once, then keep refreshing while data changes.
    await Promise.all(
      connections.map((c) => c.applyMutation({ type: 'full', entities: [{ entity: root }] })),
    );
    const db = await managers[0]!.forPlugin('catalog').getClient<CatalogDatabase>();
    const finals = async () =>
      (await db.selectFrom('final_entities').select('final').execute()).map(
        (r) => JSON.parse(r.final) as Entity,
      );

    const refreshing = (async () => {
      for (let round = 0; round < 10; round++) {
        await Promise.all(engines.map((engine) => engine.refreshEntity('location:default/root')));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await waitFor(async () => (await finals()).length === 601, 'the first version stitched', 60_000);
    version = 2;
    files = fakeFiles(version, 4, 120);
    await Promise.all([
      refreshing,
      ...connections.map((c) =>
        c.applyMutation({
          type: 'full',
          entities: [{ entity: { ...root, metadata: { ...root.metadata, title: 'v2' } } }],
        }),
      ),
    ]);
    for (const engine of engines) await engine.refreshEntity('location:default/root');
    await waitFor(
      async () => {
        const components = (await finals()).filter((e) => e.kind === 'Component');
        const current = components.filter((e) => e.metadata.labels?.version === '2');
        const orphans = components.filter((e) => e.metadata.annotations?.['backstage.io/orphan'] === 'true');
        return current.length === 480 && orphans.length === 120;
      },
      'the second version stitched',
      60_000,
    );
    // Removed entities are orphans now; both instances clean up at once.
    const deleted = await Promise.all(engines.map((engine) => engine.deleteOrphans()));
    // Both may find the same orphans; what matters is that they go, once.
    expect(deleted[0]! + deleted[1]!).toBeGreaterThanOrEqual(120);
    await waitFor(async () => (await finals()).length === 481, 'orphans gone', 30_000);
    const components = (await finals()).filter((e) => e.kind === 'Component');
    expect(components.every((e) => e.relations?.some((r) => r.type === 'ownedBy'))).toBe(true);
    await waitFor(
      async () => (await db.selectFrom('stitch_queue').select('entity_ref').execute()).length === 0,
      'stitch queue drained',
    );
    expect(errors).toEqual([]);
    expect(overlaps).toEqual([]);
    expect(processed.size).toBe(601);
  }, 120_000);
});
