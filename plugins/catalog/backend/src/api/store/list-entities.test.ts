import { TestDatabases } from '@greenroom/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { type EntitiesRequest, parseGetEntitiesRequest } from '../query/entities-request.js';
import type { EntityFilter } from '../query/entity-filter.js';
import type { EntityOrder } from '../query/entity-order.js';
import { STREAM_CHUNK_SIZE } from './list-entities.js';
import {
  compareText,
  createReadTestCatalog,
  refsOf,
  type StoredEntity,
  sortValue,
  variedEntities,
} from './read-test-catalog.js';

const databases = TestDatabases.create();

/** GET /entities' order in memory: each field (missing last) in its direction, then final id ascending. */
function legacyOrder(entities: StoredEntity[], order: readonly EntityOrder[]): string[] {
  const value = (e: StoredEntity, o: EntityOrder) => sortValue(e, o.field, o.order === 'asc' ? 'min' : 'max');
  return [...entities]
    .sort((a, b) => {
      for (const o of order) {
        const [x, y] = [value(a, o), value(b, o)];
        if (x === y) continue;
        if (x === undefined) return 1;
        if (y === undefined) return -1;
        return compareText(x, y) * (o.order === 'asc' ? 1 : -1);
      }
      return a.id - b.id;
    })
    .map((e) => e.ref);
}

describe.each(databases.eachSupportedId())('CatalogReader GET /entities reads on %s', (databaseId) => {
  let catalog: Awaited<ReturnType<typeof createReadTestCatalog>>;

  async function streamed(request: EntitiesRequest, restriction?: EntityFilter) {
    const chunks: (string | null)[][] = [];
    for await (const chunk of catalog.reader.streamEntities(request, restriction ? { restriction } : {})) {
      chunks.push(refsOf(chunk));
    }
    return chunks;
  }

  beforeAll(async () => {
    catalog = await createReadTestCatalog(databases, databaseId);
    await catalog.add(variedEntities(2_200, 17));
  });

  it('streams everything by final id in chunks of at most 1000 rows', async () => {
    const chunks = await streamed(parseGetEntitiesRequest({}));
    expect(chunks.map((c) => c.length)).toEqual([STREAM_CHUNK_SIZE, STREAM_CHUNK_SIZE, 200]);
    expect(chunks.flat()).toEqual(legacyOrder([...(await catalog.stored()).values()], []));
  });

  it.each([
    ['one field, missing ones last', ['asc:metadata.title']],
    ['one field descending', ['desc:spec.type']],
    ['two fields, each missing last', ['desc:metadata.title', 'asc:spec.type']],
    ['three fields with an array', ['asc:spec.type', 'desc:metadata.tags', 'asc:metadata.title']],
  ])('streams in the requested order: %s', async (_name, order) => {
    const request = parseGetEntitiesRequest({ order });
    const chunks = await streamed(request);
    expect(chunks.flat()).toEqual(legacyOrder([...(await catalog.stored()).values()], request.order));
    expect(chunks.every((c) => c.length <= STREAM_CHUNK_SIZE)).toBe(true);
  });

  it.each([
    ['a common filter', 'kind=component', ['asc:metadata.title']],
    ['a rare filter', 'spec.owner=team-a,kind=api', ['desc:spec.type', 'asc:metadata.title']],
    ['an OR of filter sets', ['kind=user', 'metadata.tags.rust'], []],
  ])('streams matches of %s with the restriction ANDed', async (_name, filter, order) => {
    const restriction: EntityFilter = {
      not: { key: 'spec.owner', matches: { op: 'eq', values: ['team-h'] } },
    };
    const request = parseGetEntitiesRequest({ filter, order });
    const want = legacyOrder(await catalog.matching({ all: [request.filter!, restriction] }), request.order);
    expect(want.length).toBeGreaterThan(5);
    expect((await streamed(request, restriction)).flat()).toEqual(want);
  });

  it('pages with offset and limit across the boundary between entities with and without the field', async () => {
    const request = parseGetEntitiesRequest({ order: ['asc:metadata.title'] });
    const stored = [...(await catalog.stored()).values()];
    const want = legacyOrder(stored, request.order);
    const boundary = stored.filter((e) => sortValue(e, 'metadata.title', 'min') !== undefined).length;
    expect(boundary).toBeGreaterThan(1_000);
    for (const [offset, limit] of [
      [0, 5],
      [boundary - 10, 30],
      [boundary, 7],
      [boundary + 5, 20],
      [2_190, 20],
      [2_500, 5],
    ] as const) {
      const page = await catalog.reader.listEntitiesPage({ ...request, page: { offset, limit } });
      expect(refsOf(page.items)).toEqual(want.slice(offset, offset + limit));
      expect(page.hasMore).toBe(offset + limit < want.length);
    }
  });

  it('pages by final id with a filter and no order', async () => {
    const request = parseGetEntitiesRequest({ filter: 'kind=group', limit: '7', offset: '3' });
    const want = legacyOrder(await catalog.matching(request.filter), []);
    const page = await catalog.reader.listEntitiesPage(request);
    expect(refsOf(page.items)).toEqual(want.slice(3, 10));
    expect(page.hasMore).toBe(true);
  });
});
