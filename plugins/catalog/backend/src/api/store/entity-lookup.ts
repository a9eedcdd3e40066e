import { type DatabaseDialect, postgresArray, reusePlan } from '@greenroom/backend-plugin-api';
import { InputError } from '@greenroom/errors';
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { CatalogDatabase } from '../../database/tables.js';
import type { EntityFilter } from '../query/entity-filter.js';
import { queryLimits } from '../query/limits.js';
import { filterSql, sqlValueIn } from './filter-sql.js';
import { combineRead, sqlAnd } from './match-plan.js';

const FINALS = sql`final_entities f`;

/** `entity_ref` and `final` of the rows of `from` (which names them `f`) that pass `where` and `filter`. */
async function selectFinals(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  from: RawBuilder<unknown>,
  where: RawBuilder<SqlBool> | undefined,
  filter: EntityFilter | undefined,
): Promise<{ entity_ref: string; final: string }[]> {
  if (filter && 'any' in filter && filter.any.length === 0) return [];
  const conditions = [
    ...(where ? [where] : []),
    ...(filter ? [filterSql(dialect, 'probe', sql.ref('f.id'), filter)] : []),
  ];
  // By ref or uid alone, the plan never depends on the values: PostgreSQL keeps it.
  const marker = filter ? sql.raw('') : reusePlan;
  const { rows } = await sql<{ entity_ref: string; final: string }>`${marker}select f.entity_ref, f.final
    from ${from}${conditions.length > 0 ? sql` where ${sqlAnd(conditions)}` : sql``}`.execute(db);
  return rows;
}

/**
 * The stored JSON of the entity with this uid, if it exists and matches `restriction`.
 *
 * @example
 * const json = await findEntityByUid(db, 'postgres', uid, restriction);
 */
export async function findEntityByUid(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  uid: string,
  restriction: EntityFilter | undefined,
): Promise<string | undefined> {
  const rows = await selectFinals(
    db,
    dialect,
    FINALS,
    sql<SqlBool>`f.entity_id = ${uid}`,
    combineRead(undefined, restriction),
  );
  return rows[0]?.final;
}

/**
 * The stored JSON for each ref, in input order (duplicates repeated), `null` where the
 * entity is missing or does not match `filter` ∧ `restriction`. Refs match exactly,
 * as Backstage does. One statement: `entity_ref = $1` for a single ref (by-name, through
 * `CatalogReader.getByRef`'s batches); for several, one probe of the refs' hash index per
 * ref on PostgreSQL (`unnest($1)`), and on SQLite {@link sqlValueIn}'s list.
 *
 * @throws InputError for more than {@link queryLimits.maxEntityRefs} refs.
 * @example
 * const items = await findEntitiesByRefs(db, 'postgres', ['component:default/a', 'api:default/b'], undefined, undefined);
 */
export async function findEntitiesByRefs(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  refs: readonly string[],
  filter: EntityFilter | undefined,
  restriction: EntityFilter | undefined,
): Promise<(string | null)[]> {
  if (refs.length > queryLimits.maxEntityRefs) {
    throw new InputError(
      `Too many entity refs: ${refs.length}, at most ${queryLimits.maxEntityRefs} per request; split the list`,
    );
  }
  const unique = [...new Set(refs)];
  if (unique.length === 0) return [];
  const read = combineRead(filter, restriction);
  // On PostgreSQL one probe of the refs' hash index per ref (the catalog's migration 006);
  // `= any(…)` would walk the B-tree instead.
  const rows =
    dialect === 'postgres' && unique.length > 1
      ? await selectFinals(
          db,
          dialect,
          sql`unnest(${postgresArray(unique)}::text[]) r(ref) cross join lateral (select f.id, f.entity_ref, f.final
            from final_entities f where f.entity_ref = r.ref limit 1) f`,
          undefined,
          read,
        )
      : await selectFinals(db, dialect, FINALS, sqlValueIn(dialect, sql.ref('f.entity_ref'), unique), read);
  const byRef = new Map(rows.map((row) => [row.entity_ref, row.final]));
  return refs.map((ref) => byRef.get(ref) ?? null);
}
