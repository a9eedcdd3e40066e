import { type DatabaseDialect, reusePlan } from '@greenroom/backend-plugin-api';
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { CatalogDatabase } from '../../database/tables.js';
import { measureFilter, SINGLE_VALUED_KEYS } from '../query/entity-filter.js';
import { hasValueSql } from './filter-sql.js';
import { type MatchPlan, planConditions, sqlAnd } from './match-plan.js';
import {
  afterSql,
  type Column,
  dir,
  orderBySql,
  pageSql,
  type ScanOrder,
  type ScanPosition,
  type SortKey,
  sortValueSql,
} from './scan-order.js';

export type { ScanOrder, ScanPosition, SortKey } from './scan-order.js';

/** Filter nodes a uid walk may repeat across the branches of a multi-value driver. */
const MAX_UNION_NODES = 2_000;

/**
 * One page of a scan. `walk` follows an index in order and tests each row (cost grows
 * with the rows passed over until `limit` match: right when matches are common);
 * `collect` takes the whole match set and sorts it (right when it is small).
 */
export interface ScanRequest {
  plan: MatchPlan;
  order: ScanOrder;
  strategy: 'walk' | 'collect';
  /** Only rows strictly after this position. */
  after?: ScanPosition;
  limit: number;
  offset?: number;
}

/** A scanned entity: final id, sort values, and the stored JSON. */
export interface ScanRow {
  id: number;
  values: (string | null)[];
  final: string;
}

function absentSql(
  dialect: DatabaseDialect,
  id: RawBuilder<unknown>,
  order: ScanOrder,
): RawBuilder<SqlBool>[] {
  return order.absent.map((key) => sql<SqlBool>`not (${hasValueSql(dialect, 'probe', id, key)})`);
}

/** Walks the lead key's index range in order (`search(key, value, final_id)`). */
function leadWalkSql(dialect: DatabaseDialect, request: ScanRequest, lead: SortKey): RawBuilder<unknown> {
  const { plan, order, after } = request;
  const id = sql.ref('s.final_id');
  const value = sql.ref('s.value');
  const thenColumns = order.thenBy.map((key, i) => ({
    select: sql`${sortValueSql(id, key)} as ${sql.ref(`v${i + 1}`)}`,
    column: { expr: sortValueSql(id, key), order: key.order, nullable: true } as Column,
  }));
  const columns: Column[] = [
    { expr: value, order: lead.order, nullable: false },
    ...thenColumns.map((t) => t.column),
    { expr: id, order: order.idOrder, nullable: false },
  ];
  const conditions: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`s.key = ${lead.key}`,
    sql<SqlBool>`s.value is not null`,
  ];
  if (!SINGLE_VALUED_KEYS.has(lead.key)) {
    // Only the entity's min (or max) row of the key, so an array is placed once.
    const op = sql.raw(lead.pick === 'min' ? '<' : '>');
    conditions.push(
      sql<SqlBool>`(select 1 from search sd where sd.final_id = s.final_id and sd.key = ${lead.key} and sd.value ${op} s.value limit 1) is null`,
    );
  }
  conditions.push(...absentSql(dialect, id, order));
  if (after) {
    const op = sql.raw(lead.order === 'asc' ? '>' : '<');
    if (order.thenBy.length === 0 && order.idOrder === lead.order) {
      conditions.push(sql<SqlBool>`(s.value, s.final_id) ${op} (${after.values[0]}, ${after.id})`);
    } else {
      // The bound on s.value alone keeps the index range tight; the chain decides ties.
      conditions.push(sql<SqlBool>`s.value ${op}= ${after.values[0]}`);
      conditions.push(afterSql(columns, [...after.values, after.id]));
    }
  }
  conditions.push(...planConditions(dialect, 'probe', id, plan, { withDriver: true }));
  const selects = [sql`s.final_id as id`, sql`s.value as v0`, ...thenColumns.map((t) => t.select)];
  return sql`select ${sql.join(selects)} from search s where ${sqlAnd(conditions)}
    order by ${orderBySql(columns)} ${pageSql(request.limit, request.offset)}`;
}

/** Walks entity uids in order: through the driver's index range(s), else the primary key. */
function uidWalkSql(dialect: DatabaseDialect, request: ScanRequest): RawBuilder<unknown> {
  const { plan, order, after } = request;
  const op = sql.raw(order.idOrder === 'asc' ? '>' : '<');
  const branch = (
    alias: 's' | 'f',
    base: RawBuilder<unknown>,
    baseConditions: RawBuilder<SqlBool>[],
    limit: number,
    offset?: number,
  ) => {
    const id = sql.ref(alias === 's' ? 's.final_id' : 'f.id');
    const conditions = [
      ...baseConditions,
      ...absentSql(dialect, id, order),
      ...(after ? [sql<SqlBool>`${id} ${op} ${after.id}`] : []),
      ...planConditions(dialect, 'probe', id, plan, { withDriver: alias === 'f' }),
    ];
    return sql`select ${id} as id from ${base} where ${sqlAnd(conditions)}
      order by ${id} ${dir(order.idOrder)} ${pageSql(limit, offset)}`;
  };
  const driver = plan.driver;
  // Each union branch repeats the rest of the filter: keep the statement's variables bounded.
  const unionTooBig =
    driver &&
    driver.values.length > 1 &&
    plan.rest &&
    measureFilter(plan.rest).nodes * driver.values.length > MAX_UNION_NODES;
  if (!driver || unionTooBig) return branch('f', sql`final_entities f`, [], request.limit, request.offset);
  const onValue = (value: string) => [sql<SqlBool>`s.key = ${driver.key}`, sql<SqlBool>`s.value = ${value}`];
  if (driver.values.length === 1) {
    return branch('s', sql`search s`, onValue(driver.values[0]!), request.limit, request.offset);
  }
  // Each value's range is in uid order; merge the first limit + offset of each.
  const depth = request.limit + (request.offset ?? 0);
  const branches = driver.values.map(
    (value, i) =>
      sql`select ${sql.ref(`b${i}.id`)} from (${branch('s', sql`search s`, onValue(value), depth)}) ${sql.ref(`b${i}`)}`,
  );
  return sql`select u.id from (${sql.join(branches, sql` union `)}) u
    order by u.id ${dir(order.idOrder)} ${pageSql(request.limit, request.offset)}`;
}

/** Takes every match, computes its sort values, sorts, and pages. */
function collectSql(dialect: DatabaseDialect, request: ScanRequest): RawBuilder<unknown> {
  const { plan, order, after } = request;
  const keys = [...(order.lead ? [order.lead] : []), ...order.thenBy];
  const id = sql.ref(plan.driver?.values.length === 1 ? 's.final_id' : 'f.id');
  let from: RawBuilder<unknown>;
  const conditions = absentSql(dialect, id, order);
  if (plan.driver?.values.length === 1) {
    // A small driver range: probe the rest per row rather than building its sets.
    from = sql`search s`;
    conditions.unshift(
      sql<SqlBool>`s.key = ${plan.driver.key}`,
      sql<SqlBool>`s.value = ${plan.driver.values[0]}`,
    );
    conditions.push(...planConditions(dialect, 'probe', id, plan));
  } else {
    from = sql`final_entities f`;
    conditions.push(...planConditions(dialect, 'set', id, plan, { withDriver: true }));
  }
  const selects = [
    sql`${id} as id`,
    ...keys.map((key, i) => sql`${sortValueSql(id, key)} as ${sql.ref(`v${i}`)}`),
  ];
  const columns: Column[] = [
    ...keys.map((key, i) => ({
      expr: sql.ref(`c.v${i}`),
      order: key.order,
      nullable: !(order.lead && i === 0),
    })),
    { expr: sql.ref('c.id'), order: order.idOrder, nullable: false },
  ];
  const outer: RawBuilder<SqlBool>[] = [];
  if (order.lead) outer.push(sql<SqlBool>`c.v0 is not null`);
  if (after) outer.push(afterSql(columns, [...after.values, after.id]));
  return sql`select c.* from (select ${sql.join(selects)} from ${from} where ${sqlAnd(conditions)}) c
    where ${sqlAnd(outer)} order by ${orderBySql(columns)} ${pageSql(request.limit, request.offset)}`;
}

function innerSql(dialect: DatabaseDialect, request: ScanRequest): RawBuilder<unknown> {
  const { order } = request;
  if (!order.lead && order.thenBy.length > 0) throw new Error('A scan with `thenBy` keys needs a `lead` key');
  if (request.strategy === 'collect') return collectSql(dialect, request);
  return order.lead ? leadWalkSql(dialect, request, order.lead) : uidWalkSql(dialect, request);
}

/**
 * Whether the best plan for this scan cannot depend on the values bound: a walk in uid
 * order through at most one `key = value` range, with nothing else to test. The index
 * `search(key, value, final_id)` gives that order for any value, so PostgreSQL may keep
 * one plan for it (`reusePlan`): the plain `kind = …` page, the most common read.
 */
function planIsValueIndependent(request: ScanRequest): boolean {
  const { plan, order } = request;
  return (
    request.strategy === 'walk' &&
    !order.lead &&
    order.absent.length === 0 &&
    !plan.rest &&
    !plan.fullText &&
    (plan.driver?.values.length ?? 1) === 1
  );
}

function valueNames(order: ScanOrder): string[] {
  return Array.from({ length: (order.lead ? 1 : 0) + order.thenBy.length }, (_, i) => `v${i}`);
}

/**
 * Reads one page of entities in a scan order, with their stored JSON, in one statement.
 *
 * @example
 * const rows = await scanEntities(db, 'sqlite', {
 *   plan, order: { thenBy: [], absent: [], idOrder: 'asc' }, strategy: 'walk', limit: 51,
 * });
 */
export async function scanEntities(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  request: ScanRequest,
): Promise<ScanRow[]> {
  if (request.plan.none || request.limit <= 0) return [];
  const { order } = request;
  const names = valueNames(order);
  const columns: Column[] = [
    ...names.map((name, i) => ({
      expr: sql.ref(`r.${name}`),
      order: (i === 0 ? order.lead! : order.thenBy[i - 1]!).order,
      nullable: i > 0,
    })),
    { expr: sql.ref('r.id'), order: order.idOrder, nullable: false },
  ];
  const selects = [sql`r.id`, ...names.map((name) => sql.ref(`r.${name}`)), sql`fe.final`];
  const marker = planIsValueIndependent(request) ? reusePlan : sql.raw('');
  const { rows } = await sql<Record<string, string | number | null>>`${marker}select ${sql.join(selects)}
    from (${innerSql(dialect, request)}) r join final_entities fe on fe.id = r.id
    order by ${orderBySql(columns)}`.execute(db);
  return rows.map((row) => ({
    id: Number(row.id),
    values: names.map((name) => (row[name] as string | null) ?? null),
    final: row.final as string,
  }));
}

/**
 * Like {@link scanEntities}, without the stored JSON: the positions of the rows only.
 *
 * @example
 * const positions = await scanPositions(db, 'postgres', { plan, order, strategy: 'collect', limit: 4_097 });
 */
export async function scanPositions(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  request: ScanRequest,
): Promise<ScanPosition[]> {
  if (request.plan.none || request.limit <= 0) return [];
  const names = valueNames(request.order);
  const { rows } = await sql<Record<string, string | number | null>>`${innerSql(dialect, request)}`.execute(
    db,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    values: names.map((name) => (row[name] as string | null) ?? null),
  }));
}
