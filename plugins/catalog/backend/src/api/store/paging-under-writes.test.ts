import { TestDatabases } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { parseGetEntitiesRequest } from '../query/entities-request.js';
import { parseQueryEntitiesGetRequest } from '../query/query-entities-request.js';
import { createReadTestCatalog, refsOf, variedEntities } from './read-test-catalog.js';

const databases = TestDatabases.create();

/** Every entity that existed throughout appears exactly once; nothing appears twice. */
function expectStable(seen: readonly (string | null)[], throughout: readonly string[]) {
  expect(new Set(seen).size).toBe(seen.length);
  const present = new Set(seen);
  expect(throughout.filter((ref) => !present.has(ref))).toEqual([]);
}

describe.each(databases.eachSupportedId())('Paging while the catalog changes on %s', (databaseId) => {
  it.each<
    [string, { filter?: string; orderField?: string; fullTextFilterTerm?: string }, number | undefined]
  >([
    ['uid order', {}, undefined],
    ['a sort field', { orderField: 'metadata.title,desc' }, undefined],
    [
      'a filter and a sort field, from a match list',
      { filter: 'kind=component', orderField: 'spec.owner' },
      undefined,
    ],
    ['a filter and a sort field, walking', { filter: 'kind=component', orderField: 'spec.owner' }, 0],
    ['full text, from a match list', { fullTextFilterTerm: 'e0' }, undefined],
  ])(
    'by-query in %s, forward and back, skips and repeats nothing among entities that existed throughout',
    async (_name, params, matchListCap) => {
      const catalog = await createReadTestCatalog(
        databases,
        databaseId,
        matchListCap === undefined ? {} : { matchListCap },
      );
      await catalog.add(variedEntities(120, 9));
      const initial = [...(await catalog.stored()).keys()];
      const doomed = initial.filter((_, i) => i % 7 === 0);
      const throughout = initial.filter((ref) => !doomed.includes(ref));
      const first = parseQueryEntitiesGetRequest(params);
      const matchingThroughout = new Set(
        (await catalog.matching(first.filter, first.fullText)).map((e) => e.ref),
      );

      const expected = async () => {
        const field = params.orderField?.split(',')[0];
        const stored = await catalog.stored();
        return throughout.filter(
          (ref) =>
            matchingThroughout.has(ref) &&
            (!field ||
              stored
                .get(ref)!
                .index.get(field)
                ?.some((v) => v !== null)),
        );
      };

      // Forward with nextCursor; between pages delete old entities and add new ones.
      const forward: (string | null)[] = [];
      let query = parseQueryEntitiesGetRequest({ ...params, limit: '8' });
      let result = await catalog.reader.queryEntities(query);
      for (let page = 0; ; page++) {
        forward.push(...refsOf(result.items));
        if (!result.pageInfo.nextCursor) break;
        await catalog.remove(doomed.slice(page * 2, page * 2 + 2));
        await catalog.add(variedEntities(3, 100 + page, `n${page}-`));
        query = parseQueryEntitiesGetRequest({ cursor: result.pageInfo.nextCursor, limit: '8' });
        result = await catalog.reader.queryEntities(query);
      }
      expectStable(forward, await expected());

      // Back from the last page with prevCursor, removing the entities added on the way.
      const added = [...(await catalog.stored()).keys()].filter((ref) => !initial.includes(ref));
      const backward = [...refsOf(result.items)];
      for (let page = 0; result.pageInfo.prevCursor; page++) {
        await catalog.remove(added.slice(page * 2, page * 2 + 2));
        await catalog.add(variedEntities(2, 300 + page, `b${page}-`));
        query = parseQueryEntitiesGetRequest({ cursor: result.pageInfo.prevCursor, limit: '8' });
        result = await catalog.reader.queryEntities(query);
        backward.unshift(...refsOf(result.items));
      }
      expectStable(backward, await expected());
    },
  );

  it('streamEntities yields every entity that existed throughout exactly once', async () => {
    const catalog = await createReadTestCatalog(databases, databaseId);
    await catalog.add(variedEntities(2_300, 4));
    const initial = [...(await catalog.stored()).keys()];
    const doomed = initial.filter((_, i) => i % 5 === 0);
    const seen: string[] = [];
    let chunks = 0;
    for await (const chunk of catalog.reader.streamEntities(
      parseGetEntitiesRequest({ order: 'asc:metadata.title' }),
    )) {
      seen.push(...(refsOf(chunk) as string[]));
      await catalog.remove(doomed.slice(chunks * 100, chunks * 100 + 100));
      await catalog.add(variedEntities(20, 50 + chunks, `s${chunks}-`));
      chunks++;
    }
    expect(chunks).toBeGreaterThan(2);
    expectStable(
      seen,
      initial.filter((ref) => !doomed.includes(ref)),
    );
  });
});
