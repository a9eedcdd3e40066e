import type { Logger } from '@greenroom/backend-plugin-api';
import { builtinModelFragment, compileModel, type Entity } from '@greenroom/catalog-model';
import { TestDatabases } from '@greenroom/test-utils';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { catalogMigrations } from '../database/migrations.js';
import { entityRow } from '../database/table-test-fixtures.js';
import type { CatalogDatabase } from '../database/tables.js';
import { stableHash } from '../shared/stable-hash.js';
import type { LocationReading, LocationTarget, LocationTargetRead } from './location-reading.js';
import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION } from './process-entity.js';
import { type MarkForStitch, ProcessingEngine } from './processing-engine.js';

const databases = TestDatabases.create();
const model = compileModel([builtinModelFragment]);
const silent: Logger = { error() {}, warn() {}, info() {}, debug() {}, child: () => silent };
const ORIGIN = 'url:https://example.com/root.yaml';

function entity(kind: string, name: string, file: string, spec: Record<string, unknown>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      annotations: { [ANNOTATION_LOCATION]: `url:${file}`, [ANNOTATION_ORIGIN_LOCATION]: ORIGIN },
    },
    spec,
  };
}

/** Files served from memory; bump `versions[file]` to make a file "change". */
class MemoryFiles implements LocationReading {
  readonly files = new Map<string, Entity[]>();
  readonly versions = new Map<string, number>();
  resolveTargets(location: Entity): LocationTarget[] {
    return ((location.spec as { targets: string[] }).targets ?? []).map((target) => ({
      type: 'url',
      target,
      presence: 'required' as const,
    }));
  }
  async read(
    location: LocationTarget,
    options: { previousFingerprint?: string },
  ): Promise<LocationTargetRead> {
    const fingerprint = `v${this.versions.get(location.target) ?? 1}`;
    if (options.previousFingerprint === fingerprint)
      return { entities: [], errors: [], unchanged: true, fingerprint, refreshKeys: [] };
    const entities = (this.files.get(location.target) ?? []).map((e) => ({ entity: e }));
    return { entities, errors: [], unchanged: false, fingerprint, refreshKeys: [location.target] };
  }
}

const markForStitch: MarkForStitch = async (trx, refs) => {
  const rows = [...refs].map((entity_ref) => ({ entity_ref, next_stitch_at: 0, ticket: null }));
  if (rows.length === 0) return;
  await trx
    .insertInto('stitch_queue')
    .values(rows)
    .onConflict((oc) => oc.column('entity_ref').doUpdateSet({ next_stitch_at: 0, ticket: null }))
    .execute();
};

async function setup(databaseId: 'SQLITE' | 'POSTGRES') {
  const database = await databases.createService(databaseId, 'catalog');
  await database.migrate(catalogMigrations(database.dialect));
  const db = await database.getClient<CatalogDatabase>();
  const files = new MemoryFiles();
  let clock = 1_000_000;
  const engine = new ProcessingEngine({
    db,
    dialect: database.dialect,
    logger: silent,
    deps: { model, processors: [], locations: files, isAllowed: () => true },
    markForStitch,
    refreshIntervalMs: 100_000,
    now: () => clock,
  });
  const root: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: {
      name: 'root',
      annotations: { [ANNOTATION_LOCATION]: ORIGIN, [ANNOTATION_ORIGIN_LOCATION]: ORIGIN },
    },
    spec: { targets: ['https://example.com/a.yaml', 'https://example.com/b.yaml'] },
  };
  await db
    .insertInto('entities')
    .values(
      entityRow('location:default/root', {
        entity_id: 'root-id',
        unprocessed: JSON.stringify(root),
        unprocessed_hash: stableHash(root),
        next_update_at: 0,
      }),
    )
    .execute();
  const drain = async () => {
    let total = 0;
    for (
      let n = await engine.processBatch({ limit: 50 });
      n > 0;
      n = await engine.processBatch({ limit: 50 })
    )
      total += n;
    return total;
  };
  return { db, files, engine, drain, tick: (ms: number) => (clock += ms) };
}

async function refs(db: Kysely<CatalogDatabase>, table: 'entities' | 'stitch_queue') {
  return (await db.selectFrom(table).select('entity_ref').orderBy('entity_ref').execute()).map(
    (r) => r.entity_ref,
  );
}

describe.each(databases.eachSupportedId())('ProcessingEngine on %s', (databaseId) => {
  it('processes a location, its children and their relations, and queues them all for stitching', async () => {
    const { db, files, drain } = await setup(databaseId);
    files.files.set('https://example.com/a.yaml', [
      entity('Component', 'checkout', 'https://example.com/a.yaml', {
        type: 'service',
        lifecycle: 'production',
        owner: 'payments',
      }),
    ]);
    files.files.set('https://example.com/b.yaml', [
      entity('Group', 'payments', 'https://example.com/b.yaml', { type: 'team', children: [] }),
    ]);
    expect(await drain()).toBe(3);
    expect(await refs(db, 'entities')).toEqual([
      'component:default/checkout',
      'group:default/payments',
      'location:default/root',
    ]);
    const relations = await db
      .selectFrom('relations')
      .select(['source_ref', 'type', 'target_ref'])
      .orderBy('source_ref')
      .execute();
    expect(relations).toEqual([
      { source_ref: 'component:default/checkout', type: 'ownedBy', target_ref: 'group:default/payments' },
      { source_ref: 'group:default/payments', type: 'ownerOf', target_ref: 'component:default/checkout' },
    ]);
    expect(await refs(db, 'stitch_queue')).toEqual(await refs(db, 'entities'));
    const edges = await db.selectFrom('edges').select(['via', 'target_entity_ref']).orderBy('via').execute();
    expect(edges).toEqual([
      { via: 'url:https://example.com/a.yaml', target_entity_ref: 'component:default/checkout' },
      { via: 'url:https://example.com/b.yaml', target_entity_ref: 'group:default/payments' },
    ]);
    const checkout = await db
      .selectFrom('entities')
      .selectAll()
      .where('entity_ref', '=', 'component:default/checkout')
      .executeTakeFirstOrThrow();
    expect(checkout.next_update_at).toBeNull();
    expect(JSON.parse(checkout.processed!).metadata.namespace).toBe('default');
  });

  it('re-reads only changed files, drops edges to entities no longer emitted, and writes nothing when nothing changed', async () => {
    const { db, files, drain, tick } = await setup(databaseId);
    files.files.set('https://example.com/a.yaml', [
      entity('Component', 'checkout', 'https://example.com/a.yaml', {
        type: 'service',
        lifecycle: 'production',
        owner: 'payments',
      }),
      entity('Component', 'legacy', 'https://example.com/a.yaml', {
        type: 'service',
        lifecycle: 'deprecated',
        owner: 'payments',
      }),
    ]);
    files.files.set('https://example.com/b.yaml', [
      entity('Group', 'payments', 'https://example.com/b.yaml', { type: 'team', children: [] }),
    ]);
    await drain();
    await db.deleteFrom('stitch_queue').execute();

    tick(200_000);
    expect(await drain()).toBe(1); // only the root is due again, and nothing changed
    expect(await refs(db, 'stitch_queue')).toEqual([]);

    files.files.set('https://example.com/a.yaml', [
      entity('Component', 'checkout', 'https://example.com/a.yaml', {
        type: 'website',
        lifecycle: 'production',
        owner: 'payments',
      }),
    ]);
    files.versions.set('https://example.com/a.yaml', 2);
    tick(200_000);
    await drain();
    const edges = await db
      .selectFrom('edges')
      .select('target_entity_ref')
      .orderBy('target_entity_ref')
      .execute();
    expect(edges.map((e) => e.target_entity_ref)).toEqual([
      'component:default/checkout',
      'group:default/payments',
    ]);
    expect(await refs(db, 'stitch_queue')).toEqual([
      'component:default/checkout',
      'component:default/legacy',
      'location:default/root',
    ]);
    const checkout = await db
      .selectFrom('entities')
      .select('processed')
      .where('entity_ref', '=', 'component:default/checkout')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(checkout.processed!).spec.type).toBe('website');
  });

  it('keeps an entity with the source that claimed it first and records errors of invalid ones', async () => {
    const { db, files, drain } = await setup(databaseId);
    const claimed = entity('Component', 'checkout', 'https://example.com/a.yaml', {
      type: 'service',
      lifecycle: 'production',
      owner: 'x',
    });
    files.files.set('https://example.com/a.yaml', [
      claimed,
      entity('Component', 'broken', 'https://example.com/a.yaml', { type: 'service' }),
    ]);
    files.files.set('https://example.com/b.yaml', [
      entity('Component', 'checkout', 'https://example.com/b.yaml', {
        type: 'library',
        lifecycle: 'production',
        owner: 'x',
      }),
    ]);
    await drain();
    const checkout = await db
      .selectFrom('entities')
      .selectAll()
      .where('entity_ref', '=', 'component:default/checkout')
      .executeTakeFirstOrThrow();
    expect(checkout.location_key).toBe('url:https://example.com/a.yaml');
    expect(JSON.parse(checkout.processed!).spec.type).toBe('service');
    const broken = await db
      .selectFrom('entities')
      .selectAll()
      .where('entity_ref', '=', 'component:default/broken')
      .executeTakeFirstOrThrow();
    expect(broken.processed).toBeNull();
    expect(JSON.parse(broken.errors!)[0].message).toMatch(/lifecycle/);
  });

  it('processes the children a location emits in the same batch, without waiting for the next poll', async () => {
    const { engine, files } = await setup(databaseId);
    files.files.set('https://example.com/a.yaml', [
      entity('Group', 'payments', 'https://example.com/a.yaml', { type: 'team', children: [] }),
      entity('Group', 'billing', 'https://example.com/a.yaml', { type: 'team', children: [] }),
    ]);
    expect(await engine.processBatch({ limit: 2 })).toBe(2);
    expect(await engine.processBatch({ limit: 50 })).toBe(1);
    expect(await engine.processBatch({ limit: 50 })).toBe(0);
  });

  it('drops the edges of a target removed from a location, so its entities become orphans', async () => {
    const { db, files, drain, tick } = await setup(databaseId);
    files.files.set('https://example.com/a.yaml', [
      entity('Group', 'payments', 'https://example.com/a.yaml', { type: 'team', children: [] }),
    ]);
    files.files.set('https://example.com/b.yaml', [
      entity('Group', 'billing', 'https://example.com/b.yaml', { type: 'team', children: [] }),
    ]);
    await drain();
    await db.deleteFrom('stitch_queue').execute();

    const root = JSON.parse(
      (
        await db
          .selectFrom('entities')
          .select('unprocessed')
          .where('entity_ref', '=', 'location:default/root')
          .executeTakeFirstOrThrow()
      ).unprocessed,
    ) as Entity;
    root.spec = { targets: ['https://example.com/a.yaml'] };
    await db
      .updateTable('entities')
      .set({ unprocessed: JSON.stringify(root), unprocessed_hash: stableHash(root), next_update_at: tick(1) })
      .where('entity_ref', '=', 'location:default/root')
      .execute();
    await drain();
    const edges = await db.selectFrom('edges').select(['via', 'target_entity_ref']).execute();
    expect(edges).toEqual([
      { via: 'url:https://example.com/a.yaml', target_entity_ref: 'group:default/payments' },
    ]);
    expect(await refs(db, 'stitch_queue')).toEqual(['group:default/billing', 'location:default/root']);
  });
});
