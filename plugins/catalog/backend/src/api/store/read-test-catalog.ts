import type { Entity } from '@greenroom/catalog-model';
import type { TestDatabaseId, TestDatabases } from '@greenroom/test-utils';
import { type Kysely, sql } from 'kysely';
import type { CatalogDatabase } from '../../database/tables.js';
import { collectSearchEntries, toSearchRows } from '../../search/search-rows.js';
import { CatalogChanges } from '../../stitching/catalog-changes.js';
import { createStitchTestCatalog, refOf, type SeededEntity } from '../../stitching/stitch-test-catalog.js';
import type { EntityFilter } from '../query/entity-filter.js';
import { matchesFullText, type ResolvedFullText } from '../query/full-text-filter.js';
import { indexSearchRows, matchesSearchIndex, type SearchIndex } from '../query/match-entity.js';
import { CatalogReader, type CatalogReaderOptions } from './catalog-reader.js';

/**
 * An entity of any kind, for tests: `spec` and `metadata` extras as given.
 *
 * @example
 * testEntity('Component', 'billing', { type: 'service' }, { tags: ['java'] });
 */
export function testEntity(
  kind: string,
  name: string,
  spec: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): Entity {
  return { apiVersion: 'backstage.io/v1alpha1', kind, metadata: { name, ...metadata }, spec };
}

/** A stored final entity with its search index, as the tests' oracle sees it. */
export interface StoredEntity {
  ref: string;
  uid: string;
  /** `final_entities.id`: scans break ties on it. */
  id: number;
  entity: Entity;
  index: SearchIndex;
}

/**
 * A stitched catalog with a {@link CatalogReader} on it and an in-memory oracle over
 * the same stored entities (filters evaluated with `matchesSearchIndex`, the
 * semantics the SQL must have). Shared by the read-store tests.
 *
 * @example
 * const catalog = await createReadTestCatalog(databases, databaseId);
 * await catalog.add([testEntity('Component', 'a')]);
 * expect(await catalog.reader.getByRef('component:default/a')).toBeDefined();
 */
export async function createReadTestCatalog(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  options: Partial<CatalogReaderOptions> = {},
) {
  const catalog = await createStitchTestCatalog(databases, databaseId);
  const changes = new CatalogChanges();
  const reader = new CatalogReader({ db: catalog.db, dialect: catalog.dialect, changes, ...options });

  /** Seeds and stitches entities, then announces the change. */
  const add = async (entities: readonly (Entity | SeededEntity)[]) => {
    const seeded = entities.map((e) => ('entity' in e ? e : { entity: e }));
    for (let i = 0; i < seeded.length; i += 2_000) await catalog.seed(seeded.slice(i, i + 2_000));
    await catalog.drain(1_000);
    changes.emit(seeded.map((s) => refOf(s.entity)));
  };

  /** Deletes entities (as processing would) and stitches the deletion. */
  const remove = async (refs: readonly string[]) => {
    if (refs.length === 0) return;
    await catalog.db.deleteFrom('entities').where('entity_ref', 'in', refs).execute();
    await catalog.stitcher.markForStitch(catalog.db, refs);
    await catalog.drain();
    changes.emit(refs);
  };

  /** Every stored final entity, by ref. */
  const stored = async (): Promise<Map<string, StoredEntity>> => {
    const rows = await catalog.db
      .selectFrom('final_entities')
      .select(['entity_ref', 'entity_id', 'id', 'final'])
      .execute();
    return new Map(
      rows.map((row) => {
        const entity = JSON.parse(row.final) as Entity;
        const index = indexSearchRows(toSearchRows(collectSearchEntries(entity).entries));
        return [row.entity_ref, { ref: row.entity_ref, uid: row.entity_id, id: row.id, entity, index }];
      }),
    );
  };

  /** The stored entities matching a filter (and full-text filter), per the in-memory semantics. */
  const matching = async (filter: EntityFilter | undefined, fullText?: ResolvedFullText) =>
    [...(await stored()).values()].filter(
      (e) => matchesSearchIndex(filter, e.index) && (!fullText || matchesFullText(fullText, e.index)),
    );

  return { ...catalog, changes, reader, add, remove, stored, matching };
}

/**
 * The refs of stored entity JSON strings, in order (null stays null).
 *
 * @example
 * expect(refsOf(await reader.getByRefs(refs))).toEqual(refs);
 */
export function refsOf(items: readonly (string | null)[]): (string | null)[] {
  return items.map((item) => (item === null ? null : refOf(JSON.parse(item) as Entity)));
}

/**
 * The value an entity sorts by for `key`: its smallest (or largest) non-null value.
 *
 * @example
 * sortValue(stored, 'metadata.tags', 'min'); // 'go'
 */
export function sortValue(e: StoredEntity, key: string, pick: 'min' | 'max'): string | undefined {
  const values = (e.index.get(key) ?? []).filter((v): v is string => v !== null).sort();
  return pick === 'min' ? values[0] : values[values.length - 1];
}

/**
 * Code-unit order, which the test data (ASCII) shares with both engines' collations.
 *
 * @example
 * refs.sort(compareText);
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A deterministic pseudo-random generator (mulberry32) for generated test data.
 *
 * @example
 * const random = seededRandom(7); random(); // 0 ≤ x < 1
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` varied entities: four kinds, several types (some missing), owners, titles on
 * two thirds, tag arrays, long values, mixed-case values.
 *
 * @example
 * await catalog.add(variedEntities(200));
 */
export function variedEntities(n: number, seed = 7, prefix = 'e'): Entity[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const kind = pick(['Component', 'Component', 'API', 'Group', 'User']);
    const spec: Record<string, unknown> = { owner: `team-${pick(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])}` };
    if (random() < 0.8) spec.type = pick(['service', 'Service', 'website', 'library', 'openapi']);
    if (random() < 0.1) spec.type = 'x'.repeat(201);
    const metadata: Record<string, unknown> = {};
    if (random() < 0.66)
      metadata.title = `${pick(['Alpha', 'beta', 'Gamma', 'delta'])} ${pick(['pay', 'ship', 'search'])} ${i % 17}`;
    if (random() < 0.7)
      metadata.tags = [...new Set([pick(['java', 'go', 'rust']), pick(['web', 'db', 'java'])])];
    return testEntity(
      kind,
      `${prefix}${String(i).padStart(4, '0')}-${pick(['x', 'y', 'z'])}`,
      spec,
      metadata,
    );
  });
}

/**
 * The statements PostgreSQL keeps prepared on the connection of `db` (pin one with
 * `db.connection()`): what `reusePlan` marked.
 *
 * @example
 * await db.connection().execute(async (pinned) => { await read(pinned); await preparedStatements(pinned); });
 */
export async function preparedStatements(db: Kysely<CatalogDatabase>): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db);
  return rows.map((row) => row.statement);
}
