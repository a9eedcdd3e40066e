import { REUSE_PLAN_MARKER } from '@greenroom/backend-plugin-api';
import { TestDatabases } from '@greenroom/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EntityFilter } from '../query/entity-filter.js';
import { type ScanOrder, type ScanPosition, type SortKey, scanEntities } from './entity-scan.js';
import { driverCandidates, planMatch } from './match-plan.js';
import {
  compareText,
  createReadTestCatalog,
  preparedStatements,
  refsOf,
  type StoredEntity,
  seededRandom,
  sortValue,
  variedEntities,
} from './read-test-catalog.js';

const databases = TestDatabases.create();

const FILTERS: (EntityFilter | undefined)[] = [
  undefined,
  { key: 'kind', matches: { op: 'eq', values: ['component'] } },
  { key: 'spec.owner', matches: { op: 'eq', values: ['team-a', 'team-c'] } },
  {
    all: [
      { key: 'kind', matches: { op: 'eq', values: ['component', 'api'] } },
      { key: 'spec.owner', matches: { op: 'eq', values: ['team-b'] } },
    ],
  },
  {
    any: [
      { key: 'metadata.tags', matches: { op: 'eq', values: ['rust'] } },
      { not: { key: 'spec.type', matches: { op: 'exists' } } },
    ],
  },
  { key: 'metadata.title', matches: { op: 'hasPrefix', value: 'beta' } },
];
const SORT_KEYS = ['metadata.title', 'spec.type', 'metadata.tags', 'metadata.name', 'kind'];

/** The order a scan must produce, computed in memory. */
function expectedScan(
  entities: StoredEntity[],
  order: ScanOrder,
): { e: StoredEntity; position: ScanPosition }[] {
  const keys: SortKey[] = [...(order.lead ? [order.lead] : []), ...order.thenBy];
  const rows = entities
    .filter((e) => order.absent.every((key) => sortValue(e, key, 'min') === undefined))
    .filter((e) => !order.lead || sortValue(e, order.lead.key, 'min') !== undefined)
    .map((e) => ({
      e,
      position: { values: keys.map((k) => sortValue(e, k.key, k.pick) ?? null), id: e.id },
    }));
  const sign = (order: 'asc' | 'desc') => (order === 'asc' ? 1 : -1);
  return rows.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const [x, y] = [a.position.values[i], b.position.values[i]];
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return compareText(x!, y!) * sign(keys[i]!.order);
    }
    return (a.e.id - b.e.id) * sign(order.idOrder);
  });
}

describe.each(databases.eachSupportedId())('scanEntities on %s', (databaseId) => {
  let catalog: Awaited<ReturnType<typeof createReadTestCatalog>>;
  let entities: StoredEntity[];

  beforeAll(async () => {
    catalog = await createReadTestCatalog(databases, databaseId);
    await catalog.add(variedEntities(160, 3));
    entities = [...(await catalog.stored()).values()];
  });

  it('walks and collects the same rows in the same order as the in-memory model, from any position', async () => {
    const random = seededRandom(5);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const sortKey = (): SortKey => ({
      key: pick(SORT_KEYS),
      order: pick(['asc', 'desc']),
      pick: pick(['min', 'max']),
    });
    for (let round = 0; round < 60; round++) {
      const filter = pick(FILTERS);
      const lead = random() < 0.75 ? sortKey() : undefined;
      const order: ScanOrder = {
        ...(lead ? { lead } : {}),
        thenBy: lead ? Array.from({ length: Math.floor(random() * 3) }, sortKey) : [],
        absent: random() < 0.3 ? [pick(SORT_KEYS)] : [],
        idOrder: pick(['asc', 'desc']),
      };
      const allowed = new Set((await catalog.matching(filter)).map((e) => e.uid));
      const want = expectedScan(
        entities.filter((e) => allowed.has(e.uid)),
        order,
      );
      const start = want.length > 0 && random() < 0.6 ? Math.floor(random() * want.length) : -1;
      const after = start >= 0 ? want[start]!.position : undefined;
      const offset = random() < 0.2 ? 2 : 0;
      const limit = 1 + Math.floor(random() * 30);
      const expected = want.slice(start + 1 + offset, start + 1 + offset + limit).map((r) => r.e.ref);
      const driver = random() < 0.5 ? driverCandidates(filter)[0] : undefined;
      const plan = planMatch(filter, undefined, driver);
      for (const strategy of ['walk', 'collect'] as const) {
        const rows = await scanEntities(catalog.db, catalog.dialect, {
          plan,
          order,
          strategy,
          limit,
          offset,
          ...(after ? { after } : {}),
        });
        const context = JSON.stringify({
          round,
          strategy,
          filter,
          order,
          after,
          offset,
          limit,
          driver: !!driver,
        });
        expect(refsOf(rows.map((r) => r.final)), context).toEqual(expected);
      }
    }
  });

  it('returns the sort values and stored JSON of each row', async () => {
    const [row] = await scanEntities(catalog.db, catalog.dialect, {
      plan: planMatch(undefined, undefined),
      order: {
        lead: { key: 'metadata.name', order: 'asc', pick: 'min' },
        thenBy: [],
        absent: [],
        idOrder: 'asc',
      },
      strategy: 'walk',
      limit: 1,
    });
    const first = expectedScan(entities, {
      lead: { key: 'metadata.name', order: 'asc', pick: 'min' },
      thenBy: [],
      absent: [],
      idOrder: 'asc',
    })[0]!;
    expect(row).toEqual({ id: first.e.id, values: first.position.values, final: expect.any(String) });
    expect(JSON.parse(row!.final)).toEqual(first.e.entity);
  });
});

const postgres = TestDatabases.create({ ids: ['POSTGRES'] });

describe.each(postgres.eachSupportedId())('scanEntities plan reuse on %s', (databaseId) => {
  it('keeps the plan only of walks in uid order through at most one key = value range', async () => {
    const catalog = await createReadTestCatalog(postgres, databaseId);
    await catalog.add(variedEntities(40, 3));
    const kind = (...values: string[]): EntityFilter => ({ key: 'kind', matches: { op: 'eq', values } });
    const uidOrder: ScanOrder = { thenBy: [], absent: [], idOrder: 'asc' };
    const byTitle: ScanOrder = { ...uidOrder, lead: { key: 'metadata.title', order: 'asc', pick: 'min' } };
    const scans: { filter?: EntityFilter; order: ScanOrder; strategy: 'walk' | 'collect'; kept: boolean }[] =
      [
        { order: uidOrder, strategy: 'walk', kept: true },
        { filter: kind('component'), order: uidOrder, strategy: 'walk', kept: true },
        { filter: kind('api'), order: uidOrder, strategy: 'walk', kept: true },
        { filter: kind('component', 'api'), order: uidOrder, strategy: 'walk', kept: false },
        { filter: kind('component'), order: uidOrder, strategy: 'collect', kept: false },
        { filter: kind('component'), order: byTitle, strategy: 'walk', kept: false },
        {
          filter: kind('component'),
          order: { ...uidOrder, absent: ['spec.type'] },
          strategy: 'walk',
          kept: false,
        },
        {
          filter: {
            all: [kind('component'), { key: 'spec.owner', matches: { op: 'eq', values: ['team-a'] } }],
          },
          order: uidOrder,
          strategy: 'walk',
          kept: false,
        },
      ];
    // One connection, so pg_prepared_statements shows what the scans prepared.
    await catalog.db.connection().execute(async (db) => {
      for (const scan of scans) {
        const before = (await preparedStatements(db)).length;
        const plan = planMatch(scan.filter, undefined, driverCandidates(scan.filter)[0]);
        const request = { plan, order: scan.order, strategy: scan.strategy, limit: 5 };
        const rows = await scanEntities(db, catalog.dialect, request);
        const expected = expectedScan(await catalog.matching(scan.filter), scan.order).slice(0, 5);
        expect(refsOf(rows.map((r) => r.final)), JSON.stringify(scan)).toEqual(expected.map((r) => r.e.ref));
        if (!scan.kept) expect((await preparedStatements(db)).length, JSON.stringify(scan)).toBe(before);
      }
      // The walk over everything, and one for any single kind: `api` reused the statement of `component`.
      const statements = await preparedStatements(db);
      expect(statements).toHaveLength(2);
      for (const statement of statements) expect(statement.startsWith(REUSE_PLAN_MARKER)).toBe(true);
    });
  });
});
