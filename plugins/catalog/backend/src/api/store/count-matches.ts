import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { CatalogDatabase } from '../../database/tables.js';
import { SINGLE_VALUED_KEYS } from '../query/entity-filter.js';
import { type FilterForm, hasValueSql, sqlValueIn } from './filter-sql.js';
import type { MatchDriver, MatchPlan } from './match-plan.js';
import { planConditions, sqlAnd } from './match-plan.js';

/** Extra conditions of a count: a key the entity must have, keys it must lack. */
export interface CountScope {
  hasKey?: string;
  absent?: readonly string[];
}

async function single(db: Kysely<CatalogDatabase>, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`${query}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Counts the entities a plan matches (within `scope`), in one statement: through the
 * driver's index range when there is one (each row tested on SQLite, a semi-join on
 * PostgreSQL), else over all final entities with the filter's sets.
 *
 * @example
 * const totalItems = await countMatches(db, 'postgres', plan, { hasKey: 'metadata.name' });
 */
export async function countMatches(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  plan: MatchPlan,
  scope: CountScope = {},
): Promise<number> {
  if (plan.none) return 0;
  const scoped = (form: FilterForm, id: RawBuilder<unknown>) => [
    ...(scope.hasKey && !SINGLE_VALUED_KEYS.has(scope.hasKey)
      ? [hasValueSql(dialect, form, id, scope.hasKey)]
      : []),
    ...(scope.absent ?? []).map((key) => sql<SqlBool>`not (${hasValueSql(dialect, form, id, key)})`),
  ];
  const { driver } = plan;
  if (driver) {
    const id = sql.ref('s.final_id');
    // SQLite tests each driver row with index seeks; PostgreSQL plans semi-joins itself.
    const form: FilterForm = dialect === 'sqlite' ? 'probe' : 'set';
    const conditions = [
      sql<SqlBool>`s.key = ${driver.key}`,
      sqlValueIn(dialect, sql.ref('s.value'), driver.values),
      ...planConditions(dialect, form, id, plan),
      ...scoped(form, id),
    ];
    const counted = driver.values.length === 1 ? sql`count(*)` : sql`count(distinct s.final_id)`;
    return single(db, sql`select ${counted} as n from search s where ${sqlAnd(conditions)}`);
  }
  const id = sql.ref('f.id');
  const conditions = [
    ...planConditions(dialect, 'set', id, plan, { withDriver: true }),
    ...scoped('set', id),
  ];
  return single(db, sql`select count(*) as n from final_entities f where ${sqlAnd(conditions)}`);
}

/**
 * Counts a driver's index range, stopping at `cap`: an upper bound of what a plan
 * driven by it matches, at most `cap` index entries read.
 *
 * @example
 * const rows = await countDriverRows(db, dialect, { key: 'spec.owner', values: ['team-a'] }, 1000);
 */
export async function countDriverRows(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  driver: MatchDriver,
  cap: number,
): Promise<number> {
  const where = sqlAnd([
    sql<SqlBool>`key = ${driver.key}`,
    sqlValueIn(dialect, sql.ref('value'), driver.values),
  ]);
  return single(db, sql`select count(*) as n from (select 1 from search where ${where} limit ${cap}) capped`);
}

/**
 * Counts all final entities.
 *
 * @example
 * const total = await countEntities(db);
 */
export async function countEntities(db: Kysely<CatalogDatabase>): Promise<number> {
  return single(db, sql`select count(*) as n from final_entities`);
}
