import { TestDatabases } from '@greenroom/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEntityFacetsGetRequest } from '../query/entity-facets-request.js';
import type { EntityFilter } from '../query/entity-filter.js';
import { compareText, createReadTestCatalog, testEntity } from './read-test-catalog.js';

const databases = TestDatabases.create();

/** Facet values counted in memory from the stored entities' original values. */
async function expectedFacet(
  catalog: Awaited<ReturnType<typeof createReadTestCatalog>>,
  key: string,
  filter?: EntityFilter,
) {
  const counts = new Map<string, number>();
  for (const { entity } of await catalog.matching(filter)) {
    const raw = key
      .split('.')
      .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], entity);
    for (const value of new Set([raw].flat())) {
      if (typeof value === 'string' && value.length <= 200) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => compareText(a.value, b.value));
}

describe.each(databases.eachSupportedId())('CatalogReader.facets on %s', (databaseId) => {
  let catalog: Awaited<ReturnType<typeof createReadTestCatalog>>;

  beforeAll(async () => {
    catalog = await createReadTestCatalog(databases, databaseId);
    const types = ['service', 'Service', 'website', 'x'.repeat(201), 'library'];
    await catalog.add(
      Array.from({ length: 90 }, (_, i) =>
        testEntity(
          i % 3 === 0 ? 'API' : 'Component',
          `f${i}`,
          { type: types[i % types.length], owner: `team-${i % 4}` },
          { tags: i % 2 ? ['java', 'Web'] : ['go'] },
        ),
      ),
    );
  });

  it('counts original-case values sorted by value, ignoring values over 200 characters', async () => {
    const facets = await catalog.reader.facets(
      parseEntityFacetsGetRequest({ facet: ['spec.type', 'metadata.tags'] }),
    );
    expect(facets['spec.type']).toEqual(await expectedFacet(catalog, 'spec.type'));
    expect(facets['spec.type']!.map((f) => f.value)).toEqual(['Service', 'library', 'service', 'website']);
    expect(facets['metadata.tags']).toEqual(await expectedFacet(catalog, 'metadata.tags'));
  });

  it('answers under the facet as requested, and counts only entities matching filter and restriction', async () => {
    const request = parseEntityFacetsGetRequest({
      facet: ['Kind', 'spec.type'],
      filter: 'spec.owner=team-1',
    });
    const restriction: EntityFilter = { key: 'kind', matches: { op: 'eq', values: ['component'] } };
    const facets = await catalog.reader.facets(request, { restriction });
    const combined: EntityFilter = { all: [request.filter!, restriction] };
    expect(facets).toEqual({
      Kind: await expectedFacet(catalog, 'kind', combined),
      'spec.type': await expectedFacet(catalog, 'spec.type', combined),
    });
    expect(facets.Kind).toEqual([{ value: 'Component', count: 16 }]);
    const unrestricted = await catalog.reader.facets(request);
    expect(unrestricted.Kind).toEqual(await expectedFacet(catalog, 'kind', request.filter));
  });

  it('counts under filters that no single condition drives', async () => {
    const filter: EntityFilter = {
      any: [
        { not: { key: 'kind', matches: { op: 'eq', values: ['api'] } } },
        { key: 'metadata.tags', matches: { op: 'hasPrefix', value: 'g' } },
      ],
    };
    const facets = await catalog.reader.facets({
      facets: [{ facet: 'metadata.tags', key: 'metadata.tags' }],
      filter,
    });
    expect(facets['metadata.tags']).toEqual(await expectedFacet(catalog, 'metadata.tags', filter));
  });

  it('returns empty lists for unknown keys and for filters nothing matches', async () => {
    expect(await catalog.reader.facets(parseEntityFacetsGetRequest({ facet: 'spec.nothing' }))).toEqual({
      'spec.nothing': [],
    });
    expect(
      await catalog.reader.facets({ facets: [{ facet: 'kind', key: 'kind' }], filter: { any: [] } }),
    ).toEqual({ kind: [] });
  });
});

describe.each(databases.eachSupportedId())('Cached counts and facets on %s', (databaseId) => {
  it('are served from the cache until the catalog changes', async () => {
    const catalog = await createReadTestCatalog(databases, databaseId);
    await catalog.add([testEntity('Component', 'a', { type: 'service' })]);
    const request = parseEntityFacetsGetRequest({ facet: 'spec.type' });
    const query = { limit: 0, offset: 0, totalItems: { kind: 'count' } } as const;
    const read = async () => ({
      facets: (await catalog.reader.facets(request))['spec.type'],
      total: (await catalog.reader.queryEntities(query)).totalItems,
    });
    expect(await read()).toEqual({ facets: [{ value: 'service', count: 1 }], total: 1 });

    // Written behind the reader's back (as another instance would): not seen yet.
    await catalog.seed([{ entity: testEntity('Component', 'b', { type: 'service' }) }]);
    await catalog.drain();
    expect(await read()).toEqual({ facets: [{ value: 'service', count: 1 }], total: 1 });

    catalog.changes.emit(['component:default/b']);
    expect(await read()).toEqual({ facets: [{ value: 'service', count: 2 }], total: 2 });
  });

  it('expire after the maximum age even without a change', async () => {
    const catalog = await createReadTestCatalog(databases, databaseId, { cacheMaxAgeMs: 0 });
    await catalog.add([testEntity('Component', 'a', { type: 'service' })]);
    const request = parseEntityFacetsGetRequest({ facet: 'spec.type' });
    await catalog.reader.facets(request);
    await catalog.seed([{ entity: testEntity('Component', 'b', { type: 'service' }) }]);
    await catalog.drain();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await catalog.reader.facets(request))['spec.type']).toEqual([{ value: 'service', count: 2 }]);
  });
});
