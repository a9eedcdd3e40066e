import type { Entity } from '@greenroom/catalog-model';
import { TestDatabases, waitFor } from '@greenroom/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { entityYaml, TestFileServer } from '../reading/reading-test-fixtures.js';
import { type CatalogTestBackend, startCatalogTestBackend } from './catalog-test-backend.js';

const databases = TestDatabases.create();

const locationYaml = (...targets: string[]) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: example\nspec:\n  targets: ${JSON.stringify(targets)}\n`;

const component = (name: string, owner = 'team-a', extra = '') =>
  `${entityYaml('Component', name, { type: 'service', lifecycle: 'production', owner })}${extra}`;

const relationsOf = (entity: Entity) =>
  (entity.relations ?? []).map((r) => `${r.type} ${r.targetRef}`).sort();

describe.each(databases.eachSupportedId())('the catalog plugin on %s', (databaseId) => {
  let catalog: CatalogTestBackend | undefined;
  afterEach(async () => {
    await catalog?.stop();
    catalog = undefined;
  });

  it('loads a file location from config, with relations in both directions and a history', async () => {
    catalog = await startCatalogTestBackend(databases, databaseId, {
      'all.yaml': locationYaml('./org.yaml', './components.yaml'),
      'org.yaml': entityYaml('Group', 'team-a', { type: 'team', children: [] }),
      'components.yaml': component('billing'),
    });
    const billing = await catalog.waitForEntity(
      'component:default/billing',
      (e) => (e.relations?.length ?? 0) > 0,
    );
    expect(relationsOf(billing)).toEqual(['ownedBy group:default/team-a']);
    expect(billing.metadata.annotations?.['backstage.io/managed-by-location']).toBe(
      `file:${catalog.dir}/components.yaml`,
    );
    const team = await catalog.waitForEntity('group:default/team-a', (e) => (e.relations?.length ?? 0) > 0);
    expect(relationsOf(team)).toEqual(['ownerOf component:default/billing']);

    await catalog.writeFiles({
      'components.yaml': component('billing').replace(
        '  name: billing\n',
        '  name: billing\n  title: Billing\n',
      ),
    });
    await catalog.waitForEntity('component:default/billing', (e) => e.metadata.title === 'Billing');
    const history = await catalog.json<{ items: { change: string; diff: unknown }[] }>(
      '/api/catalog/entities/by-name/component/default/billing/history',
    );
    expect(history.status).toBe(200);
    expect(history.body.items.map((i) => i.change)).toContain('created');
    expect(history.body.items[0]).toMatchObject({
      change: 'updated',
      diff: expect.arrayContaining([{ op: 'add', path: '/metadata/title', value: 'Billing' }]),
    });
  });

  it('pages GET /entities with offset and limit, linking to the next page', async () => {
    catalog = await startCatalogTestBackend(databases, databaseId, {
      'all.yaml': locationYaml('./components.yaml'),
      'components.yaml': ['a', 'b', 'c'].map((name) => component(name)).join('---\n'),
    });
    await catalog.waitForEntity('component:default/c');
    const names: string[] = [];
    let next: string | undefined =
      '/api/catalog/entities?filter=kind=component&order=asc:metadata.name&limit=2';
    while (next) {
      const response = await catalog.request(next);
      names.push(...((await response.json()) as Entity[]).map((e) => e.metadata.name));
      const link = response.headers.get('link');
      next = link ? `/api/catalog${/^<([^>]+)>; rel="next"$/.exec(link)?.[1]}` : undefined;
    }
    expect(names).toEqual(['a', 'b', 'c']);
  });

  it('records a bad document on its location and keeps loading the others', async () => {
    catalog = await startCatalogTestBackend(databases, databaseId, {
      'all.yaml': locationYaml('./components.yaml'),
      'components.yaml': `${component('good')}---\n[not, a, mapping]\n---\n${component('also-good')}`,
    });
    await catalog.waitForEntity('component:default/also-good');
    await catalog.waitForEntity('component:default/good');
    const locations = await catalog.json<Entity[]>('/api/catalog/entities?filter=kind=location');
    const example = locations.body.find((e) => e.metadata.name === 'example');
    expect(JSON.stringify(example?.status)).toMatch(/components\.yaml, document 2: expected an entity/);
  });

  it('lists an entity that was never valid, with its errors, as unprocessed', async () => {
    catalog = await startCatalogTestBackend(databases, databaseId, {
      'all.yaml': locationYaml('./components.yaml'),
      'components.yaml': `${component('good')}---\n${component('broken').replace('"lifecycle":"production",', '')}`,
    });
    await catalog.waitForEntity('component:default/good');
    const failed = await waitFor(async () => {
      const { body } = await catalog!.json<{ items: { entityRef: string; errors: { message: string }[] }[] }>(
        '/api/catalog/entities/unprocessed?state=failed',
      );
      return body.items.length > 0 ? body.items : undefined;
    }, 'the broken entity listed');
    expect(failed).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/broken',
        errors: [expect.objectContaining({ message: expect.stringMatching(/lifecycle/) })],
      }),
    ]);
    expect(await catalog.entity('component:default/broken')).toBeUndefined();
  });

  it('keeps the last good version of an entity that became invalid, with the error on it', async () => {
    catalog = await startCatalogTestBackend(databases, databaseId, {
      'all.yaml': locationYaml('./components.yaml'),
      'components.yaml': component('billing'),
    });
    await catalog.waitForEntity('component:default/billing');
    await catalog.writeFiles({
      'components.yaml': component('billing').replace('"lifecycle":"production",', ''),
    });
    const broken = await catalog.waitForEntity('component:default/billing', (e) => e.status !== undefined);
    expect(broken.spec?.lifecycle).toBe('production');
    expect(JSON.stringify(broken.status)).toMatch(/lifecycle/);
  });

  it('marks an entity its file no longer has as an orphan', async () => {
    catalog = await startCatalogTestBackend(databases, databaseId, {
      'all.yaml': locationYaml('./components.yaml'),
      'components.yaml': `${component('billing')}---\n${component('legacy')}`,
    });
    await catalog.waitForEntity('component:default/legacy');
    await catalog.writeFiles({ 'components.yaml': component('billing') });
    const legacy = await catalog.waitForEntity(
      'component:default/legacy',
      (e) => e.metadata.annotations?.['backstage.io/orphan'] === 'true',
    );
    expect(legacy.metadata.name).toBe('legacy');
    expect(
      (await catalog.entity('component:default/billing'))?.metadata.annotations?.['backstage.io/orphan'],
    ).toBeUndefined();
  });

  it('deletes orphans when orphanStrategy is delete', async () => {
    catalog = await startCatalogTestBackend(
      databases,
      databaseId,
      {
        'all.yaml': locationYaml('./components.yaml'),
        'components.yaml': `${component('billing')}---\n${component('legacy')}`,
      },
      { config: { catalog: { orphanStrategy: 'delete' } } },
    );
    await catalog.waitForEntity('component:default/legacy');
    await catalog.writeFiles({ 'components.yaml': component('billing') });
    await waitFor(
      async () => (await catalog!.entity('component:default/legacy')) === undefined,
      'legacy deleted',
      60_000,
    );
  }, 70_000);

  it('gives a conflict error to the second source of one ref, and the first keeps it', async () => {
    catalog = await startCatalogTestBackend(databases, databaseId, {
      'all.yaml': locationYaml('./a.yaml', './b.yaml'),
      'a.yaml': component('billing', 'team-a'),
      'b.yaml': component('billing', 'team-b'),
    });
    await catalog.waitForEntity('component:default/billing');
    const example = await catalog.waitForEntity('location:default/example', (e) =>
      JSON.stringify(e.status ?? {}).includes('ConflictError'),
    );
    expect(JSON.stringify(example.status)).toMatch(/already provided by/);
    const billing = await catalog.entity('component:default/billing');
    expect(billing?.metadata.annotations?.['backstage.io/managed-by-location']).toBe(
      `file:${catalog.dir}/a.yaml`,
    );
  });

  it('registers, reads, moves and unregisters a url location through the API', async () => {
    const server = await TestFileServer.start({
      '/a/catalog-info.yaml': { body: component('from-a') },
      '/b/catalog-info.yaml': { body: component('from-b') },
    });
    try {
      catalog = await startCatalogTestBackend(
        databases,
        databaseId,
        {},
        {
          config: { backend: { reading: { allow: [{ host: server.host }] } } },
        },
      );
      const created = await catalog.json<{
        location: { id: string; entityRef: string };
        entities: unknown[];
      }>('/api/catalog/locations', {
        method: 'POST',
        body: { type: 'url', target: server.url('/a/catalog-info.yaml') },
      });
      expect(created.status).toBe(201);
      expect(created.body.entities).toEqual([]);
      expect(created.body.location.entityRef).toMatch(/^location:default\/generated-[0-9a-f]{40}$/);
      await catalog.waitForEntity('component:default/from-a');

      const again = await catalog.json('/api/catalog/locations', {
        method: 'POST',
        body: { type: 'url', target: server.url('/a/catalog-info.yaml') },
      });
      expect(again.status).toBe(409);

      const list = await catalog.json<{ data: { id: string } }[]>('/api/catalog/locations');
      expect(list.body.map((l) => l.data.id)).toEqual([created.body.location.id]);
      const byEntity = await catalog.json<{ id: string }>(
        '/api/catalog/locations/by-entity/component/default/from-a',
      );
      expect(byEntity.body.id).toBe(created.body.location.id);

      const moved = await catalog.json<{ entityRef: string }>(
        `/api/catalog/locations/${created.body.location.id}`,
        {
          method: 'PUT',
          body: { type: 'url', target: server.url('/b/catalog-info.yaml') },
        },
      );
      expect(moved.body.entityRef).toBe(created.body.location.entityRef);
      await catalog.waitForEntity('component:default/from-b');

      const removed = await catalog.json(`/api/catalog/locations/${created.body.location.id}`, {
        method: 'DELETE',
      });
      expect(removed.status).toBe(204);
      await waitFor(
        async () => (await catalog!.entity('component:default/from-b')) === undefined,
        'from-b removed',
      );
      expect((await catalog.json(`/api/catalog/locations/${created.body.location.id}`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  it('refuses a location on a host not allowed, naming the config key', async () => {
    catalog = await startCatalogTestBackend(databases, databaseId, {});
    const refused = await catalog.json<{ error: { name: string; message: string } }>(
      '/api/catalog/locations',
      {
        method: 'POST',
        body: { type: 'url', target: 'http://127.0.0.1:9/catalog-info.yaml' },
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('backend.reading.allow');
  });

  it('shows what a location would give with dryRun, storing nothing', async () => {
    const server = await TestFileServer.start({ '/catalog-info.yaml': { body: component('dry') } });
    try {
      catalog = await startCatalogTestBackend(
        databases,
        databaseId,
        {},
        {
          config: { backend: { reading: { allow: [{ host: server.host }] } } },
        },
      );
      const dry = await catalog.json<{ exists: boolean; entities: Entity[] }>(
        '/api/catalog/locations?dryRun=true',
        {
          method: 'POST',
          body: { type: 'url', target: server.url('/catalog-info.yaml') },
        },
      );
      expect(dry.status).toBe(201);
      expect(dry.body.exists).toBe(false);
      expect(dry.body.entities.map((e) => `${e.kind}:${e.metadata.name}`)).toEqual([
        expect.stringMatching(/^Location:generated-/),
        'Component:dry',
      ]);
      expect((await catalog.json<unknown[]>('/api/catalog/locations')).body).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('validates an entity, answering 400 with the problems', async () => {
    catalog = await startCatalogTestBackend(databases, databaseId, {});
    const ok = await catalog.json('/api/catalog/validate-entity', {
      method: 'POST',
      body: {
        location: 'url:https://example.com/catalog-info.yaml',
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'ok' },
          spec: { type: 'service', lifecycle: 'production', owner: 'a' },
        },
      },
    });
    expect(ok.status).toBe(200);
    const bad = await catalog.json<{ errors: { message: string }[] }>('/api/catalog/validate-entity', {
      method: 'POST',
      body: {
        location: 'url:https://example.com/catalog-info.yaml',
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'Not Valid!' },
          spec: {},
        },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.length).toBeGreaterThan(0);
  });

  it('refreshes an entity on request, and 404s for an unknown one', async () => {
    catalog = await startCatalogTestBackend(
      databases,
      databaseId,
      { 'all.yaml': locationYaml('./components.yaml'), 'components.yaml': component('billing') },
      { config: { catalog: { processingInterval: '1h' } } },
    );
    await catalog.waitForEntity('component:default/billing');
    await catalog.writeFiles({ 'components.yaml': component('billing', 'team-b') });
    const refreshed = await catalog.json('/api/catalog/refresh', {
      method: 'POST',
      body: { entityRef: 'component:default/billing' },
    });
    expect(refreshed.status).toBe(200);
    await catalog.waitForEntity('component:default/billing', (e) => e.spec?.owner === 'team-b');
    const unknown = await catalog.json('/api/catalog/refresh', {
      method: 'POST',
      body: { entityRef: 'component:default/nope' },
    });
    expect(unknown.status).toBe(404);
  });

  it('deletes an entity by uid; one still in its file comes back', async () => {
    catalog = await startCatalogTestBackend(databases, databaseId, {
      'all.yaml': locationYaml('./components.yaml'),
      'components.yaml': component('billing'),
    });
    const first = await catalog.waitForEntity('component:default/billing');
    const deleted = await catalog.json(`/api/catalog/entities/by-uid/${first.metadata.uid}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    const back = await catalog.waitForEntity(
      'component:default/billing',
      (e) => e.metadata.uid !== first.metadata.uid,
    );
    expect(back.metadata.name).toBe('billing');
  });

  it('serves the model and an OpenAPI description of the API', async () => {
    catalog = await startCatalogTestBackend(databases, databaseId, {});
    const model = await catalog.json<{ kinds: { kind: string }[] }>('/api/catalog/model');
    expect(model.status).toBe(200);
    expect(JSON.stringify(model.body)).toContain('Component');
    const openapi = await fetch(`${catalog.url}/api/catalog/openapi.json`);
    expect(openapi.status).toBe(200);
    const document = (await openapi.json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const operations = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).map((m) => m.operationId),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GetEntities',
        'GetEntitiesByQuery',
        'QueryEntitiesByPredicate',
        'CreateLocation',
        'ValidateEntity',
        'GetEntityHistoryByName',
      ]),
    );
    expect(operations).toHaveLength(25);
  });
});
