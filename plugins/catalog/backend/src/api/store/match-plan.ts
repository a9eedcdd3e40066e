import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { combineFilters, type EntityFilter, type FieldFilter, narrowFilter } from '../query/entity-filter.js';
import type { ResolvedFullText } from '../query/full-text-filter.js';
import { type FilterForm, filterSql, fullTextSql } from './filter-sql.js';

/** An `eq` condition with at most this many values can drive a query (one index range per value). */
const MAX_DRIVER_VALUES = 16;

/** A positive `key = value` condition every match satisfies: its index range can drive a query. */
export interface MatchDriver {
  key: string;
  values: readonly string[];
}

/**
 * Which entities a read matches: the caller's filter ANDed with the permission
 * restriction (and a full-text filter), split into an optional {@link MatchDriver} and
 * the rest. Built per call; never stored.
 */
export interface MatchPlan {
  /** Nothing can match (e.g. `{ any: [] }`): answer without SQL. */
  none: boolean;
  /** The filter ∧ restriction, simplified; undefined = everything. */
  filter?: EntityFilter;
  driver?: MatchDriver;
  /** `filter` without the driver's condition. */
  rest?: EntityFilter;
  fullText?: ResolvedFullText;
}

/**
 * The top-level `eq` conditions of a filter that could drive a query, in filter order.
 *
 * @example
 * driverCandidates({ all: [kindIsComponent, { not: x }] }); // [kindIsComponent]
 */
export function driverCandidates(filter: EntityFilter | undefined): FieldFilter[] {
  if (!filter) return [];
  const conjuncts = 'all' in filter ? filter.all : [filter];
  return conjuncts.filter(
    (c): c is FieldFilter =>
      'key' in c && c.matches.op === 'eq' && c.matches.values.length <= MAX_DRIVER_VALUES,
  );
}

/**
 * ANDs the caller's filter and the restriction, and simplifies the result.
 *
 * @example
 * combineRead(query.filter, options.restriction);
 */
export function combineRead(
  filter: EntityFilter | undefined,
  restriction: EntityFilter | undefined,
): EntityFilter | undefined {
  const combined = combineFilters(filter, restriction);
  return combined && narrowFilter(combined);
}

/**
 * Builds the plan for a combined filter, driven by `driver` (one of its
 * {@link driverCandidates}) when given.
 *
 * @example
 * const plan = planMatch(combineRead(filter, restriction), fullText, driverCandidates(filter)[0]);
 */
export function planMatch(
  filter: EntityFilter | undefined,
  fullText: ResolvedFullText | undefined,
  driver?: FieldFilter,
): MatchPlan {
  const none = filter !== undefined && 'any' in filter && filter.any.length === 0;
  const plan: MatchPlan = { none };
  if (filter) plan.filter = filter;
  if (fullText) plan.fullText = fullText;
  if (!filter || none) return plan;
  if (driver?.matches.op !== 'eq') {
    plan.rest = filter;
    return plan;
  }
  plan.driver = { key: driver.key, values: driver.matches.values };
  if ('all' in filter) {
    const rest = filter.all.filter((c) => c !== driver);
    if (rest.length > 0) plan.rest = rest.length === 1 ? rest[0]! : { all: rest };
  }
  return plan;
}

/**
 * The conditions of a plan on the entity id `id`, except the driver's (`withDriver`
 * adds it): the rest of the filter and the full-text filter.
 *
 * @example
 * sql`select … from final_entities f where ${planConditions(dialect, 'probe', sql.ref('f.id'), plan)}`;
 */
export function planConditions(
  dialect: DatabaseDialect,
  form: FilterForm,
  id: RawBuilder<unknown>,
  plan: MatchPlan,
  options: { withDriver?: boolean } = {},
): RawBuilder<SqlBool>[] {
  const conditions: RawBuilder<SqlBool>[] = [];
  if (plan.none) return [sql<SqlBool>`1 = 0`];
  if (options.withDriver && plan.filter) conditions.push(filterSql(dialect, form, id, plan.filter));
  else if (plan.rest) conditions.push(filterSql(dialect, form, id, plan.rest));
  if (plan.fullText) conditions.push(fullTextSql(dialect, form, id, plan.fullText));
  return conditions;
}

/**
 * Joins conditions with `and`; `1 = 1` when there are none.
 *
 * @example
 * sql`select … where ${sqlAnd([sql`s.key = ${key}`, ...planConditions(dialect, 'probe', id, plan)])}`;
 */
export function sqlAnd(conditions: readonly RawBuilder<SqlBool>[]): RawBuilder<SqlBool> {
  if (conditions.length === 0) return sql<SqlBool>`1 = 1`;
  return sql.join(
    conditions.map((c) => sql`(${c})`),
    sql` and `,
  ) as RawBuilder<SqlBool>;
}
