import { TestDatabases } from '@greenroom/test-utils';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EntityFilter, FieldMatch } from '../query/entity-filter.js';
import type { ResolvedFullText } from '../query/full-text-filter.js';
import { filterSql, fullTextSql } from './filter-sql.js';
import { createReadTestCatalog, seededRandom, testEntity, variedEntities } from './read-test-catalog.js';

const databases = TestDatabases.create();

const KEYS = [
  'kind',
  'spec.type',
  'spec.owner',
  'metadata.tags',
  'metadata.title',
  'metadata.namespace',
  'spec.nothing',
];
const VALUES = [
  'component',
  'api',
  'service',
  'website',
  'team-a',
  'team-b',
  'java',
  'go',
  'default',
  'a%b',
  'a_b',
];

function randomFilter(random: () => number, depth: number): EntityFilter {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const r = random();
  if (depth < 3 && r < 0.15) return { not: randomFilter(random, depth + 1) };
  if (depth < 3 && r < 0.35) {
    const children = Array.from({ length: Math.floor(random() * 4) }, () => randomFilter(random, depth + 1));
    return random() < 0.5 ? { all: children } : { any: children };
  }
  const op = pick(['eq', 'eq', 'exists', 'hasPrefix'] as const);
  const matches: FieldMatch =
    op === 'eq'
      ? { op, values: [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(VALUES)))] }
      : op === 'exists'
        ? { op }
        : { op, value: pick(['', 'a', 'team-', 'ser', 'a%', 'a_', 'a\\', 'é', 'alpha p']) };
  return { key: pick(KEYS), matches };
}

describe.each(databases.eachSupportedId())('filterSql on %s', (databaseId) => {
  let catalog: Awaited<ReturnType<typeof createReadTestCatalog>>;

  beforeAll(async () => {
    catalog = await createReadTestCatalog(databases, databaseId);
    await catalog.add([
      ...variedEntities(150),
      testEntity('Component', 'percent', { type: 'a%b' }),
      testEntity('Component', 'underscore', { type: 'a_b', owner: 'team-a' }),
      testEntity('Component', 'backslash', { type: 'a\\b' }),
      testEntity('Component', 'accent', { type: 'École' }),
      testEntity('Component', 'aXb', { type: 'axb' }),
    ]);
  });

  async function select(where: (id: ReturnType<typeof sql.ref>) => ReturnType<typeof filterSql>) {
    const { rows } = await sql<{ entity_ref: string }>`select f.entity_ref from final_entities f
      where ${where(sql.ref('f.id'))}`.execute(catalog.db);
    return rows.map((r) => r.entity_ref).sort();
  }

  async function expected(filter: EntityFilter | undefined, fullText?: ResolvedFullText) {
    return (await catalog.matching(filter, fullText)).map((e) => e.ref).sort();
  }

  it('matches exactly what the in-memory evaluation matches, in both forms, for 150 random filters', async () => {
    const random = seededRandom(11);
    for (let i = 0; i < 150; i++) {
      const filter = randomFilter(random, 0);
      const want = await expected(filter);
      for (const form of ['probe', 'set'] as const) {
        expect(
          await select((id) => filterSql(catalog.dialect, form, id, filter)),
          JSON.stringify(filter),
        ).toEqual(want);
      }
    }
  });

  it('treats LIKE wildcards and the escape character in prefixes literally', async () => {
    for (const [prefix, refs] of [
      ['a%', ['component:default/percent']],
      ['a_', ['component:default/underscore']],
      ['a\\', ['component:default/backslash']],
      ['éc', ['component:default/accent']],
    ] as const) {
      const filter: EntityFilter = { key: 'spec.type', matches: { op: 'hasPrefix', value: prefix } };
      expect(await select((id) => filterSql(catalog.dialect, 'probe', id, filter))).toEqual(refs);
    }
  });

  it('binds long value lists as one parameter and still matches every value', async () => {
    const values = [...Array.from({ length: 300 }, (_, i) => `nope-${i}`), 'team-a', 'team-b'];
    const filter: EntityFilter = { key: 'spec.owner', matches: { op: 'eq', values } };
    const want = await expected(filter);
    expect(want.length).toBeGreaterThan(10);
    for (const form of ['probe', 'set'] as const) {
      expect(await select((id) => filterSql(catalog.dialect, form, id, filter))).toEqual(want);
    }
  });

  it('finds a full-text term as a substring of any of the keys, case-insensitively', async () => {
    for (const fullText of [
      { term: 'pay', keys: ['metadata.title'] },
      { term: 'a', keys: ['metadata.title', 'spec.type'] },
      { term: '%', keys: ['spec.type'] },
      { term: 'e00', keys: ['metadata.name'] },
    ]) {
      const want = await expected(undefined, fullText);
      expect(want.length).toBeGreaterThan(0);
      for (const form of ['probe', 'set'] as const) {
        expect(await select((id) => fullTextSql(catalog.dialect, form, id, fullText))).toEqual(want);
      }
    }
  });
});
