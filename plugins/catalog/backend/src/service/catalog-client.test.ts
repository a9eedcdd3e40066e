import { CatalogClient } from '@backstage/catalog-client';
import { TestDatabases, waitFor } from '@greenroom/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityYaml, TestFileServer } from '../reading/reading-test-fixtures.js';
import { type CatalogTestBackend, startCatalogTestBackend } from './catalog-test-backend.js';

// The real @backstage/catalog-client, unchanged, against Greenroom's catalog API.

const databases = TestDatabases.create();

const teams = ['team-a', 'team-b', 'team-c'];
const components = Array.from({ length: 30 }, (_, i) => ({
  name: `service-${String(i).padStart(2, '0')}`,
  owner: teams[i % 3]!,
  type: i % 2 === 0 ? 'service' : 'website',
  tags: i % 5 === 0 ? ['java'] : ['go'],
}));

const files = {
  'all.yaml': `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets: ["./org.yaml", "./components.yaml"]\n`,
  'org.yaml': teams.map((team) => entityYaml('Group', team, { type: 'team', children: [] })).join('---\n'),
  'components.yaml': components
    .map(
      (c) =>
        `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${c.name}\n  title: Service ${c.name.slice(-2)}\n  tags: ${JSON.stringify(c.tags)}\nspec:\n  type: ${c.type}\n  lifecycle: production\n  owner: ${c.owner}\n`,
    )
    .join('---\n'),
};

describe.each(databases.eachSupportedId())(
  '@backstage/catalog-client against the catalog on %s',
  (databaseId) => {
    let catalog: CatalogTestBackend;
    let client: CatalogClient;
    let server: TestFileServer;

    beforeAll(async () => {
      server = await TestFileServer.start({
        '/repo/catalog-info.yaml': {
          body: entityYaml('Component', 'remote', {
            type: 'service',
            lifecycle: 'production',
            owner: 'team-a',
          }),
        },
      });
      catalog = await startCatalogTestBackend(databases, databaseId, files, {
        config: { backend: { reading: { allow: [{ host: server.host }] } } },
      });
      client = new CatalogClient({
        discoveryApi: { getBaseUrl: async () => `${catalog.url}/api/catalog` },
        fetchApi: { fetch },
      });
      await waitFor(async () => {
        const { items } = await client.getEntities({
          filter: { kind: 'component' },
          fields: ['metadata.name', 'relations'],
        });
        return items.length === 30 && items.every((e) => (e.relations?.length ?? 0) > 0);
      }, 'all components stitched with relations');
    }, 60_000);
    afterAll(async () => {
      await catalog?.stop();
      await server?.stop();
    });

    it('getEntities filters, projects, orders and pages', async () => {
      const { items } = await client.getEntities({
        filter: { kind: 'component', 'spec.type': 'website' },
        fields: ['metadata.name', 'spec.owner'],
        order: { field: 'metadata.name', order: 'desc' },
      });
      expect(items).toHaveLength(15);
      expect(items[0]).toEqual({ metadata: { name: 'service-29' }, spec: { owner: components[29]!.owner } });
      const page = await client.getEntities({
        filter: { kind: 'component' },
        order: { field: 'metadata.name', order: 'asc' },
        limit: 5,
        offset: 10,
        fields: ['metadata.name'],
      });
      expect(page.items.map((e) => e.metadata.name)).toEqual([
        'service-10',
        'service-11',
        'service-12',
        'service-13',
        'service-14',
      ]);
      const all = await client.getEntities();
      expect(all.items.length).toBe(30 + 3 + 2); // components, groups, the root Location and the generated one
    });

    it('getEntitiesByRefs keeps order, gives null for missing refs and filtered-out entities', async () => {
      const { items } = await client.getEntitiesByRefs({
        entityRefs: [
          'component:default/service-03',
          'component:default/nope',
          'group:default/team-a',
          'component:default/service-00',
        ],
        filter: { kind: 'component' },
      });
      expect(items.map((e) => e?.metadata.name ?? null)).toEqual(['service-03', null, null, 'service-00']);
    });

    it('queryEntities pages with cursors forward and back, with totalItems', async () => {
      const first = await client.queryEntities({
        filter: { kind: 'component', 'spec.owner': 'team-b' },
        orderFields: { field: 'metadata.name', order: 'asc' },
        limit: 4,
      });
      expect(first.totalItems).toBe(10);
      expect(first.items.map((e) => e.metadata.name)).toEqual([
        'service-01',
        'service-04',
        'service-07',
        'service-10',
      ]);
      const names = first.items.map((e) => e.metadata.name);
      let cursor = first.pageInfo.nextCursor;
      let last = first;
      while (cursor) {
        last = await client.queryEntities({ cursor, limit: 4 });
        expect(last.totalItems).toBe(10);
        names.push(...last.items.map((e) => e.metadata.name));
        cursor = last.pageInfo.nextCursor;
      }
      expect(names).toEqual(components.filter((c) => c.owner === 'team-b').map((c) => c.name));
      const previous = await client.queryEntities({ cursor: last.pageInfo.prevCursor!, limit: 4 });
      expect(previous.items.map((e) => e.metadata.name)).toEqual([
        'service-13',
        'service-16',
        'service-19',
        'service-22',
      ]);
    });

    it('queryEntities searches full text and takes predicate queries', async () => {
      const text = await client.queryEntities({
        filter: { kind: 'component' },
        fullTextFilter: { term: 'SERVICE 2', fields: ['metadata.title'] },
      });
      expect(text.items.map((e) => e.metadata.name).sort()).toEqual(
        components.filter((c) => c.name.startsWith('service-2')).map((c) => c.name),
      );
      const predicate = await client.queryEntities({
        query: {
          $all: [
            { kind: 'component' },
            { 'metadata.tags': { $contains: 'java' } },
            { $not: { 'spec.owner': 'team-a' } },
          ],
        },
      } as never);
      expect(predicate.items.map((e) => e.metadata.name).sort()).toEqual([
        'service-05',
        'service-10',
        'service-20',
        'service-25',
      ]);
    });

    it('streamEntities yields every entity once', async () => {
      const seen: string[] = [];
      for await (const page of client.streamEntities({ filter: { kind: 'component' }, pageSize: 7 })) {
        seen.push(...page.map((e) => e.metadata.name));
      }
      expect(seen.sort()).toEqual(components.map((c) => c.name));
    });

    it('getEntityByRef, getEntityAncestors and getEntityFacets', async () => {
      const entity = await client.getEntityByRef('Component:service-07');
      expect(entity?.metadata.name).toBe('service-07');
      expect(await client.getEntityByRef('component:default/nope')).toBeUndefined();
      const ancestry = await client.getEntityAncestors({ entityRef: 'component:default/service-07' });
      expect(ancestry.rootEntityRef).toBe('component:default/service-07');
      expect(ancestry.items.map((i) => i.entity.kind).sort()).toEqual(['Component', 'Location', 'Location']);
      const facets = await client.getEntityFacets({
        facets: ['spec.type', 'metadata.tags'],
        filter: { kind: 'component' },
      });
      expect(facets.facets['spec.type']).toEqual([
        { value: 'service', count: 15 },
        { value: 'website', count: 15 },
      ]);
      expect(facets.facets['metadata.tags']).toEqual([
        { value: 'go', count: 24 },
        { value: 'java', count: 6 },
      ]);
    });

    it('adds, finds, queries and removes locations', async () => {
      const target = server.url('/repo/catalog-info.yaml');
      const dry = await client.addLocation({ type: 'url', target, dryRun: true });
      expect(dry.entities.map((e) => e.metadata.name)).toContain('remote');
      const added = await client.addLocation({ type: 'url', target });
      expect(added.location.target).toBe(target);
      expect(await client.getLocationById(added.location.id)).toEqual(added.location);
      expect((await client.getLocationByRef(`url:${target}`))?.id).toBe(added.location.id);
      const { items } = await client.getLocations();
      expect(items.map((l) => l.id)).toContain(added.location.id);
      const queried = await client.queryLocations({ query: { type: 'url' } } as never);
      expect(queried.items.map((l) => l.id)).toEqual([added.location.id]);
      await waitFor(
        async () => (await client.getEntityByRef('component:default/remote')) !== undefined,
        'remote read',
      );
      expect((await client.getLocationByEntity('component:default/remote'))?.id).toBe(added.location.id);
      await client.removeLocationById(added.location.id);
      expect(await client.getLocationById(added.location.id)).toBeUndefined();
      await waitFor(
        async () => (await client.getEntityByRef('component:default/remote')) === undefined,
        'remote gone',
      );
    });

    it('validateEntity, analyzeLocation and refreshEntity', async () => {
      const valid = await client.validateEntity(
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'x' },
          spec: { type: 'service', lifecycle: 'production', owner: 'a' },
        },
        'url:https://example.com/catalog-info.yaml',
      );
      expect(valid).toEqual({ valid: true });
      const invalid = await client.validateEntity(
        { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'x y' }, spec: {} },
        'url:https://example.com/catalog-info.yaml',
      );
      expect(invalid.valid).toBe(false);
      const analysis = await client.analyzeLocation({
        location: { type: 'url', target: server.url('/repo') },
      });
      expect(analysis.existingEntityFiles.map((f) => f.entity.metadata.name)).toEqual(['remote']);
      await expect(client.refreshEntity('component:default/service-01')).resolves.toBeUndefined();
    });
  },
);
