import type { Entity } from '@greenroom/catalog-model';
import { TestDatabases } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { flattenEntity } from '../search/index.js';
import { REJECTED_URL } from './final-entity.js';
import { createStitchTestCatalog, sortRows } from './stitch-test-catalog.js';

const databases = TestDatabases.create();

const component = (name: string, extra: Partial<Entity['metadata']> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: { 'backstage.io/managed-by-location': 'url:https://example.com/a.yaml' },
    ...extra,
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

describe.each(databases.eachSupportedId())('Stitcher on %s', (databaseId) => {
  it('builds the final form: uid, sorted relations, status from errors, etag and orphan flag', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const ids = await catalog.seed([
      {
        entity: component('billing'),
        errors: [{ name: 'InputError', message: 'spec.system is not a valid ref' }],
        relations: [
          ['component:default/billing', 'ownedBy', 'group:default/team-a'],
          ['component:default/billing', 'dependsOn', 'resource:default/db'],
          ['group:default/team-a', 'ownerOf', 'component:default/billing'],
        ],
      },
      { entity: component('legacy'), referenced: false },
    ]);

    expect(await catalog.drain()).toMatchObject({ claimed: 2, created: 2 });
    const billing = await catalog.final('component:default/billing');
    expect(billing?.entity_id).toBe(ids.get('component:default/billing'));
    expect(billing?.entity).toEqual({
      ...component('billing'),
      metadata: {
        ...component('billing').metadata,
        uid: ids.get('component:default/billing'),
        etag: billing?.hash,
      },
      relations: [
        { type: 'dependsOn', targetRef: 'resource:default/db' },
        { type: 'ownedBy', targetRef: 'group:default/team-a' },
      ],
      status: {
        items: [
          {
            type: 'backstage.io/catalog-processing',
            level: 'error',
            message: 'InputError: spec.system is not a valid ref',
            error: { name: 'InputError', message: 'spec.system is not a valid ref' },
          },
        ],
      },
    });
    const legacy = await catalog.final('component:default/legacy');
    expect(legacy?.entity.metadata.annotations?.['backstage.io/orphan']).toBe('true');
    expect(await catalog.history('component:default/billing')).toMatchObject([
      { change: 'created', diff: null },
    ]);
    expect(await catalog.queue()).toEqual([]);
  });

  it('stores search rows equal to the flattened final entity', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const entity = component('Billing', {
      tags: ['java', 'Payments'],
      annotations: { 'backstage.io/view-url': 'javascript:alert(1)' },
    });
    const ids = await catalog.seed([
      { entity, relations: [['component:default/billing', 'ownedBy', 'group:default/team-a']] },
    ]);
    await catalog.drain();
    const final = await catalog.final('component:default/billing');
    expect(final?.entity.metadata.annotations?.['backstage.io/view-url']).toBe(REJECTED_URL);
    const id = ids.get('component:default/billing')!;
    expect(await catalog.searchRows(id)).toEqual(sortRows(flattenEntity(final!.entity)));
  });

  it('stores the same search rows in write order while a bulk load has the (key, value) index dropped', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const ids = await catalog.seed([
      { entity: component('billing', { tags: ['java', 'payments'] }) },
      { entity: component('Accounts', { title: 'Accounts', tags: ['go'] }) },
      { entity: component('zeta', { description: 'last by name, first by nothing else' }) },
    ]);
    expect(await catalog.stitcher.stitchBatch({ limit: 10, keyValueIndexDeferred: true })).toMatchObject({
      created: 3,
    });
    for (const [ref, id] of ids) {
      const final = await catalog.final(ref);
      expect(await catalog.searchRows(id)).toEqual(sortRows(flattenEntity(final!.entity)));
    }
  });

  it('writes nothing when a re-stitched entity is unchanged', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    await catalog.seed([{ entity: component('billing') }]);
    await catalog.drain();
    const before = await catalog.final('component:default/billing');

    catalog.tick(60_000);
    await catalog.stitcher.markForStitch(catalog.db, ['component:default/billing']);
    expect(await catalog.drain()).toMatchObject({ claimed: 1, unchanged: 1, created: 0, updated: 0 });
    expect(await catalog.final('component:default/billing')).toEqual(before);
    expect(await catalog.history('component:default/billing')).toHaveLength(1);
    expect(await catalog.queue()).toEqual([]);
  });

  it('records an updated history entry with a JSON Patch when a relation changes, and diffs the search rows', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const ids = await catalog.seed([
      {
        entity: component('billing'),
        relations: [['component:default/billing', 'ownedBy', 'group:default/team-a']],
      },
    ]);
    await catalog.drain();
    const id = ids.get('component:default/billing')!;

    await catalog.db
      .insertInto('relations')
      .values({
        originating_entity_id: 'some-api-id',
        source_ref: 'component:default/billing',
        type: 'providesApi',
        target_ref: 'api:default/billing-api',
      })
      .execute();
    await catalog.stitcher.markForStitch(catalog.db, ['component:default/billing']);
    expect(await catalog.drain()).toMatchObject({ updated: 1 });

    const [, updated] = await catalog.history('component:default/billing');
    expect(updated).toMatchObject({
      change: 'updated',
      entity_id: id,
      diff: [
        {
          op: 'add',
          path: '/relations/1',
          value: { type: 'providesApi', targetRef: 'api:default/billing-api' },
        },
      ],
    });
    const final = await catalog.final('component:default/billing');
    expect(await catalog.searchRows(id)).toEqual(sortRows(flattenEntity(final!.entity)));
  });

  it('updates search rows whose value only changed case', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const ids = await catalog.seed([{ entity: component('billing', { title: 'Billing' }) }]);
    await catalog.drain();
    const id = ids.get('component:default/billing')!;
    const renamed = component('billing', { title: 'BILLING' });
    await catalog.db
      .updateTable('entities')
      .set({ processed: JSON.stringify(renamed) })
      .where('entity_id', '=', id)
      .execute();
    await catalog.stitcher.markForStitch(catalog.db, ['component:default/billing']);
    await catalog.drain();
    const rows = await catalog.searchRows(id);
    expect(rows.filter((row) => row.key === 'metadata.title')).toEqual([
      { key: 'metadata.title', value: 'billing', originalValue: 'BILLING' },
    ]);
    expect(rows).toEqual(sortRows(flattenEntity((await catalog.final('component:default/billing'))!.entity)));
  });

  it('removes the final and search rows of a deleted entity and records the deletion', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const ids = await catalog.seed([{ entity: component('billing') }, { entity: component('other') }]);
    await catalog.drain();
    const id = ids.get('component:default/billing')!;

    await catalog.db.deleteFrom('entities').where('entity_id', '=', id).execute();
    await catalog.stitcher.markForStitch(catalog.db, ['component:default/billing']);
    expect(await catalog.drain()).toMatchObject({ claimed: 1, deleted: 1 });

    expect(await catalog.final('component:default/billing')).toBeUndefined();
    expect(await catalog.searchRows(id)).toEqual([]);
    expect((await catalog.history('component:default/billing')).map((h) => h.change)).toEqual([
      'created',
      'deleted',
    ]);
    expect(await catalog.final('component:default/other')).toBeDefined();
  });

  it('replaces the final of an entity that was deleted and created again under a new id', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const first = await catalog.seed([{ entity: component('billing') }]);
    await catalog.drain();
    await catalog.db.deleteFrom('entities').execute();
    const second = await catalog.seed([{ entity: component('billing', { title: 'Again' }) }]);
    await catalog.drain();

    const final = await catalog.final('component:default/billing');
    expect(final?.entity.metadata.uid).toBe(second.get('component:default/billing'));
    expect(await catalog.searchRows(first.get('component:default/billing')!)).toEqual([]);
    expect((await catalog.history('component:default/billing')).map((h) => h.change)).toEqual([
      'created',
      'deleted',
      'created',
    ]);
  });

  it('skips entities never processed successfully and drops them from the queue', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    await catalog.seed([
      { entity: component('broken'), processed: null, errors: [{ name: 'InputError', message: 'bad' }] },
    ]);
    expect(await catalog.drain()).toMatchObject({ claimed: 1, skipped: 1, created: 0 });
    expect(await catalog.final('component:default/broken')).toBeUndefined();
    expect(await catalog.history('component:default/broken')).toEqual([]);
    expect(await catalog.queue()).toEqual([]);
  });

  it('logs and drops an entity whose keys clash by case, without failing the batch', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const clash = { ...component('clash'), spec: { owner: 'a', Owner: 'b' } };
    await catalog.seed([{ entity: clash }, { entity: component('fine') }]);
    expect(await catalog.drain()).toMatchObject({ claimed: 2, created: 1, failed: 1 });
    expect(await catalog.final('component:default/clash')).toBeUndefined();
    expect(await catalog.queue()).toEqual([]);
  });

  it('keeps a ref queued when it is marked again while being stitched', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const ids = await catalog.seed([{ entity: component('billing') }, { entity: component('other') }]);
    const claim = await catalog.stitcher.claim(10);
    expect(claim.refs).toEqual(['component:default/billing', 'component:default/other']);

    // Processing changes the entity and re-marks it after the stitcher loaded its inputs.
    await catalog.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('entities')
        .set({ processed: JSON.stringify(component('billing', { title: 'New' })) })
        .where('entity_id', '=', ids.get('component:default/billing')!)
        .execute();
      await catalog.stitcher.markForStitch(trx, ['component:default/billing']);
    });
    expect(await catalog.stitcher.stitchClaimed(claim)).toMatchObject({
      claimed: 2,
      created: 1,
      requeued: 1,
    });
    expect(await catalog.queue()).toEqual([
      { entity_ref: 'component:default/billing', next_stitch_at: catalog.now(), ticket: null },
    ]);

    expect(await catalog.drain()).toMatchObject({ created: 1 });
    expect((await catalog.final('component:default/billing'))?.entity.metadata.title).toBe('New');
  });

  it('leaves a ref that is already due and unclaimed in its place when it is marked again', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    await catalog.seed([{ entity: component('billing') }]);
    const markedAt = catalog.now();
    catalog.tick(1_000);
    await catalog.stitcher.markForStitch(catalog.db, ['component:default/billing', 'component:default/new']);
    expect(await catalog.queue()).toEqual([
      { entity_ref: 'component:default/billing', next_stitch_at: markedAt, ticket: null },
      { entity_ref: 'component:default/new', next_stitch_at: catalog.now(), ticket: null },
    ]);

    // A ref due only later (a failed batch's retry) is brought forward.
    await catalog.db
      .updateTable('stitch_queue')
      .set({ next_stitch_at: catalog.now() + 5_000 })
      .execute();
    await catalog.stitcher.markForStitch(catalog.db, ['component:default/billing']);
    expect((await catalog.queue())[0]).toEqual({
      entity_ref: 'component:default/billing',
      next_stitch_at: catalog.now(),
      ticket: null,
    });
  });

  it('tells change listeners which refs were written', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const seen: string[][] = [];
    catalog.stitcher.changes.subscribe(({ refs }) => seen.push([...refs].sort()));
    await catalog.seed([{ entity: component('a') }, { entity: component('b') }]);
    await catalog.drain();
    await catalog.stitcher.markForStitch(catalog.db, ['component:default/a']);
    await catalog.drain();
    expect(seen).toEqual([['component:default/a', 'component:default/b']]);
    // One change of its own, plus the stored generation that change counted up.
    expect(catalog.stitcher.changes.generation).toBe(2);
  });

  it('stitches a group with 5,000 members together with its 5,000 hasMember relations', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const group: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'everyone' },
      spec: { type: 'team', children: [] },
    };
    const users = Array.from({ length: 5_000 }, (_, i) => {
      const name = `user-${String(i).padStart(4, '0')}`;
      const user: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name },
        spec: { memberOf: ['everyone'] },
      };
      return {
        entity: user,
        relations: [
          [`user:default/${name}`, 'memberOf', 'group:default/everyone'],
          ['group:default/everyone', 'hasMember', `user:default/${name}`],
        ] as [string, string, string][],
      };
    });
    const ids = await catalog.seed([{ entity: group }, ...users]);
    expect(await catalog.drain(1_000)).toMatchObject({ claimed: 5_001, created: 5_001 });

    const final = await catalog.final('group:default/everyone');
    expect(final?.entity.relations).toHaveLength(5_000);
    expect(final?.entity.relations?.[0]).toEqual({ type: 'hasMember', targetRef: 'user:default/user-0000' });
    const rows = await catalog.searchRows(ids.get('group:default/everyone')!);
    expect(rows.filter((row) => row.key === 'relations.hasmember')).toHaveLength(5_000);
    expect(rows).toEqual(sortRows(flattenEntity(final!.entity)));
    const user = await catalog.final('user:default/user-4999');
    expect(user?.entity.relations).toEqual([{ type: 'memberOf', targetRef: 'group:default/everyone' }]);
  });
});
