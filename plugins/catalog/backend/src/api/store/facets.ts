import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { CatalogDatabase } from '../../database/tables.js';
import type { EntityFacetsRequest } from '../query/entity-facets-request.js';
import type { EntityFilter } from '../query/entity-filter.js';
import { sqlValueIn } from './filter-sql.js';
import { combineRead, type MatchPlan, planConditions, sqlAnd } from './match-plan.js';
import type { ReadPlanner } from './read-planner.js';

/** Facet values and the number of entities having each, by response key. */
export type EntityFacets = Record<string, { value: string; count: number }[]>;

/** A driver range this small is joined to the facet rows; larger ones are tested as a set. */
const SMALL_DRIVER_ROWS = 1_000;

interface FacetRow {
  key: string;
  value: string;
  count: number | string;
}

/** A row's value as written: `original_value` is stored only when it differs from `value`. */
const ORIGINAL = sql`coalesce(s.original_value, s.value)`;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Counts facet values: for each search key, the distinct original-case values among
 * the matching entities and how many entities have each. Null values (and so values
 * over 200 characters) are not faceted. One statement over the covering index
 * `search(key, value, final_id, original_value)`, whatever the number of facets.
 */
async function countFacetValues(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  planner: ReadPlanner,
  keys: readonly string[],
  plan: MatchPlan,
): Promise<FacetRow[]> {
  const facetRows = [sqlValueIn(dialect, sql.ref('s.key'), keys), sql<SqlBool>`s.value is not null`];
  const driver = plan.driver;
  if (dialect === 'sqlite' && driver && (await planner.driverRows(driver)) < SMALL_DRIVER_ROWS) {
    // Few matching entities: reach their facet rows from the driver's range.
    const conditions = [
      sql<SqlBool>`d.key = ${driver.key}`,
      sqlValueIn(dialect, sql.ref('d.value'), driver.values),
      ...planConditions(dialect, 'probe', sql.ref('d.final_id'), plan),
      ...facetRows,
    ];
    const { rows } =
      await sql<FacetRow>`select s.key, ${ORIGINAL} as value, count(distinct s.final_id) as count
      from search d join search s on s.final_id = d.final_id
      where ${sqlAnd(conditions)} group by s.key, ${ORIGINAL}`.execute(db);
    return rows;
  }
  // SQLite: `+` keeps the filter sets from driving the join, so the facet range is read
  // in index order and each row tested against sets built once.
  const id: RawBuilder<unknown> = dialect === 'sqlite' ? sql`+s.final_id` : sql.ref('s.final_id');
  const conditions = [...facetRows, ...planConditions(dialect, 'set', id, plan, { withDriver: true })];
  const { rows } = await sql<FacetRow>`select s.key, ${ORIGINAL} as value, count(*) as count
    from search s where ${sqlAnd(conditions)} group by s.key, ${ORIGINAL}`.execute(db);
  return rows;
}

/**
 * Answers `/entity-facets`: per requested facet (response key as requested), the
 * distinct original-case values among entities matching `filter` ∧ `restriction`,
 * with counts, sorted by value. Cached per (keys, filter, restriction) while the
 * catalog generation is unchanged (see {@link ReadCache}).
 *
 * @example
 * const facets = await entityFacets(db, 'sqlite', planner, { facets: [{ facet: 'kind', key: 'kind' }] }, undefined);
 * // { kind: [{ value: 'API', count: 12 }, { value: 'Component', count: 38 }] }
 */
export async function entityFacets(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  planner: ReadPlanner,
  request: EntityFacetsRequest,
  restriction: EntityFilter | undefined,
): Promise<EntityFacets> {
  const keys = [...new Set(request.facets.map((f) => f.key))].sort();
  const filter = combineRead(request.filter, restriction);
  const byKey = await planner.cached({ facets: keys, filter: filter ?? null }, async () => {
    const plan = await planner.plan(filter, undefined);
    const values = new Map<string, { value: string; count: number }[]>(keys.map((key) => [key, []]));
    if (!plan.none) {
      for (const row of await countFacetValues(db, dialect, planner, keys, plan)) {
        values.get(row.key)?.push({ value: row.value, count: Number(row.count) });
      }
    }
    for (const list of values.values()) list.sort((a, b) => compareText(a.value, b.value));
    return values;
  });
  const facets: EntityFacets = {};
  for (const { facet, key } of request.facets) {
    facets[facet] = (byKey.get(key) ?? []).map((entry) => ({ ...entry }));
  }
  return facets;
}
