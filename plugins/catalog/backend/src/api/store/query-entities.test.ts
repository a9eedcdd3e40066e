import { TestDatabases } from '@greenroom/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EntityFilter } from '../query/entity-filter.js';
import type { ResolvedFullText } from '../query/full-text-filter.js';
import {
  type EntitiesQuery,
  parseQueryEntitiesGetRequest,
  parseQueryEntitiesPostRequest,
} from '../query/query-entities-request.js';
import {
  compareText,
  createReadTestCatalog,
  refsOf,
  type StoredEntity,
  sortValue,
  variedEntities,
} from './read-test-catalog.js';

const databases = TestDatabases.create();

/** by-query's order in memory: by the field (lacking it excluded) then final id, both in its direction. */
function byQueryOrder(entities: StoredEntity[], field?: string, order: 'asc' | 'desc' = 'asc'): string[] {
  const pick = order === 'asc' ? 'min' : 'max';
  const sign = order === 'asc' ? 1 : -1;
  return entities
    .filter((e) => !field || sortValue(e, field, pick) !== undefined)
    .sort(
      (a, b) =>
        (field ? compareText(sortValue(a, field, pick)!, sortValue(b, field, pick)!) * sign : 0) ||
        (a.id - b.id) * (field ? sign : 1),
    )
    .map((e) => e.ref);
}

const variants = databases.eachSupportedId().flatMap(
  (id) =>
    [
      [id, 'match lists', undefined],
      [id, 'no match lists', 0],
    ] as const,
);

describe.each(variants)('CatalogReader.queryEntities on %s with %s', (databaseId, _lists, matchListCap) => {
  let catalog: Awaited<ReturnType<typeof createReadTestCatalog>>;

  /** Follows nextCursor from `first` to the end; returns the refs of every page. */
  async function allPages(first: EntitiesQuery, restriction?: EntityFilter) {
    const pages: (string | null)[][] = [];
    let query = first;
    for (;;) {
      const page = await catalog.reader.queryEntities(query, restriction ? { restriction } : {});
      pages.push(refsOf(page.items));
      if (!page.pageInfo.nextCursor) return { pages, last: page };
      query = parseQueryEntitiesGetRequest({ cursor: page.pageInfo.nextCursor, limit: String(query.limit) });
    }
  }

  beforeAll(async () => {
    catalog = await createReadTestCatalog(
      databases,
      databaseId,
      matchListCap === undefined ? {} : { matchListCap },
    );
    await catalog.add(variedEntities(220, 21));
  });

  it.each([
    ['uid order', {}, undefined, 'asc'],
    ['a title ascending', { orderField: 'metadata.title,asc' }, 'metadata.title', 'asc'],
    ['a title descending', { orderField: 'metadata.title,desc' }, 'metadata.title', 'desc'],
    ['a multi-valued field', { orderField: 'metadata.tags,desc' }, 'metadata.tags', 'desc'],
    [
      'a rare filter',
      { filter: 'spec.owner=team-c,kind=component', orderField: 'metadata.name' },
      'metadata.name',
      'asc',
    ],
    ['a common filter', { filter: 'kind=component', orderField: 'spec.type,desc' }, 'spec.type', 'desc'],
  ] as const)(
    'pages through %s without gaps or repeats, lacking entities excluded',
    async (_name, params, field, order) => {
      const first = parseQueryEntitiesGetRequest({ ...params, limit: '9' });
      const { pages, last } = await allPages(first);
      const want = byQueryOrder(await catalog.matching(first.filter), field, order);
      expect(pages.flat()).toEqual(want);
      expect(pages.slice(0, -1).every((page) => page.length === 9)).toBe(true);
      expect(last.totalItems).toBe(want.length);
    },
  );

  it('goes back with prevCursor through the same pages, and has none on the first page', async () => {
    const first = parseQueryEntitiesGetRequest({
      orderField: 'metadata.title,asc',
      filter: 'kind=component',
      limit: '6',
    });
    const forward = [await catalog.reader.queryEntities(first)];
    expect(forward[0]!.pageInfo.prevCursor).toBeUndefined();
    for (let i = 0; i < 4; i++) {
      const cursor = forward[forward.length - 1]!.pageInfo.nextCursor!;
      forward.push(await catalog.reader.queryEntities(parseQueryEntitiesPostRequest({ cursor, limit: 6 })));
    }
    let page = forward[forward.length - 1]!;
    for (let i = forward.length - 2; i >= 0; i--) {
      page = await catalog.reader.queryEntities(
        parseQueryEntitiesGetRequest({ cursor: page.pageInfo.prevCursor!, limit: '6' }),
      );
      expect(refsOf(page.items)).toEqual(refsOf(forward[i]!.items));
      expect(page.pageInfo.nextCursor).toBeDefined();
    }
    expect(page.pageInfo.prevCursor).toBeUndefined();
  });

  it('counts totalItems on the first page, carries it in cursors, and skips it on request', async () => {
    const first = parseQueryEntitiesGetRequest({ filter: 'kind=api', limit: '2' });
    const page = await catalog.reader.queryEntities(first);
    const count = (await catalog.matching(first.filter)).length;
    expect(page.totalItems).toBe(count);
    const carried = parseQueryEntitiesGetRequest({ cursor: page.pageInfo.nextCursor!, limit: '2' });
    expect(carried.totalItems).toEqual({ kind: 'known', value: count });
    expect(
      (await catalog.reader.queryEntities({ ...carried, totalItems: { kind: 'known', value: 999 } }))
        .totalItems,
    ).toBe(999);
    const skipped = await catalog.reader.queryEntities(
      parseQueryEntitiesGetRequest({ filter: 'kind=api', totalItems: 'exclude' }),
    );
    expect(skipped.totalItems).toBe(0);
    expect(refsOf(skipped.items)).toEqual(byQueryOrder(await catalog.matching(first.filter)));
  });

  it('answers limit 0 with the total only, and applies offset to the first request', async () => {
    const zero = await catalog.reader.queryEntities(
      parseQueryEntitiesGetRequest({ filter: 'kind=user', limit: '0' }),
    );
    const users = byQueryOrder(
      await catalog.matching({ key: 'kind', matches: { op: 'eq', values: ['user'] } }),
    );
    expect(zero).toEqual({ items: [], totalItems: users.length, pageInfo: {} });
    const offset = await catalog.reader.queryEntities(
      parseQueryEntitiesGetRequest({ filter: 'kind=user', limit: '3', offset: '4' }),
    );
    expect(refsOf(offset.items)).toEqual(users.slice(4, 7));
    const next = await catalog.reader.queryEntities(
      parseQueryEntitiesGetRequest({ cursor: offset.pageInfo.nextCursor!, limit: '3' }),
    );
    expect(refsOf(next.items)).toEqual(users.slice(7, 10));
  });

  it('filters by full text over the given fields, else the order field, else the uid', async () => {
    const cases: [Record<string, string>, ResolvedFullText][] = [
      [
        { fullTextFilterTerm: 'PAY', fullTextFilterFields: 'metadata.title,spec.type' },
        { term: 'pay', keys: ['metadata.title', 'spec.type'] },
      ],
      [
        { fullTextFilterTerm: 'ice', orderField: 'spec.type' },
        { term: 'ice', keys: ['spec.type'] },
      ],
    ];
    for (const [params, fullText] of cases) {
      const query = parseQueryEntitiesGetRequest({ ...params, limit: '500' });
      const page = await catalog.reader.queryEntities(query);
      const field = params.orderField;
      const want = byQueryOrder(await catalog.matching(undefined, fullText), field);
      expect(want.length).toBeGreaterThan(3);
      expect(refsOf(page.items)).toEqual(want);
      expect(page.totalItems).toBe(want.length);
    }
    const [someone] = [...(await catalog.stored()).values()];
    const byUid = await catalog.reader.queryEntities(
      parseQueryEntitiesGetRequest({ fullTextFilterTerm: someone!.uid.slice(2, 14) }),
    );
    expect(refsOf(byUid.items)).toEqual([someone!.ref]);
  });

  it('ANDs the restriction on every page and never writes it into a cursor', async () => {
    const restriction: EntityFilter = {
      key: 'spec.owner',
      matches: { op: 'eq', values: ['team-a', 'team-b'] },
    };
    const first = parseQueryEntitiesGetRequest({ filter: 'kind=component', limit: '4' });
    const { pages, last } = await allPages(first, restriction);
    const want = byQueryOrder(await catalog.matching({ all: [first.filter!, restriction] }));
    expect(pages.flat()).toEqual(want);
    expect(last.totalItems).toBe(want.length);
    const page = await catalog.reader.queryEntities(first, { restriction });
    expect(atob(page.pageInfo.nextCursor!)).not.toContain('team-a');
    const unrestricted = await catalog.reader.queryEntities(
      parseQueryEntitiesGetRequest({ cursor: page.pageInfo.nextCursor!, limit: '1000' }),
    );
    const allComponents = byQueryOrder(await catalog.matching(first.filter));
    const lastSeen = allComponents.indexOf(refsOf(page.items)[3]!);
    expect(refsOf(unrestricted.items)).toEqual(allComponents.slice(lastSeen + 1));
  });

  it('keeps paging when entities vanish behind its back between pages', async () => {
    const query = parseQueryEntitiesGetRequest({
      fullTextFilterTerm: 'search',
      fullTextFilterFields: 'metadata.title',
      limit: '4',
    });
    const want = byQueryOrder(await catalog.matching(undefined, query.fullText));
    expect(want.length).toBeGreaterThan(12);
    const first = await catalog.reader.queryEntities(query);
    // Deleted without telling the reader (as another instance would): cached lists still hold them.
    const gone = want.slice(5, 7);
    await catalog.db.deleteFrom('entities').where('entity_ref', 'in', gone).execute();
    await catalog.stitcher.markForStitch(catalog.db, gone);
    await catalog.drain();
    const seen = refsOf(first.items);
    const sizes: number[] = [];
    let page = first;
    while (page.pageInfo.nextCursor) {
      page = await catalog.reader.queryEntities(
        parseQueryEntitiesGetRequest({ cursor: page.pageInfo.nextCursor, limit: '4' }),
      );
      seen.push(...refsOf(page.items));
      sizes.push(page.items.length);
    }
    expect(seen).toEqual(want.filter((ref) => !gone.includes(ref)));
    // From a cached list the vanished entities leave a short page; the walk reads past them.
    expect(sizes[0]).toBe(matchListCap === undefined ? 2 : 4);
    catalog.changes.emit(gone);
  });

  it('rejects a cursor whose position does not fit its order field', async () => {
    const query = parseQueryEntitiesGetRequest({ orderField: 'metadata.name' });
    await expect(
      catalog.reader.queryEntities({
        ...query,
        position: { orderFieldValues: ['only-a-uid'], isPrevious: false },
      }),
    ).rejects.toThrow(/Malformed cursor: expected \[value, position\]/);
  });
});
