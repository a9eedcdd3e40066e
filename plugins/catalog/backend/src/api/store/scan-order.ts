import { type RawBuilder, type SqlBool, sql } from 'kysely';

/**
 * One sort key. An entity with several values for `key` (an array such as
 * `metadata.tags`) is placed once, by its smallest (`pick: 'min'`) or largest value.
 */
export interface SortKey {
  key: string;
  order: 'asc' | 'desc';
  pick: 'min' | 'max';
}

/**
 * The order of a scan: by the `lead` key's value (entities without a non-null value are
 * not part of the scan), then the `thenBy` keys' values (missing ones last), then the
 * entity uid; without `lead`, by uid alone. `absent` keys must have no non-null value
 * (GET /entities places entities lacking a sort field after the others, as later scans).
 */
export interface ScanOrder {
  lead?: SortKey;
  thenBy: readonly SortKey[];
  absent: readonly string[];
  idOrder: 'asc' | 'desc';
}

/** A row's place in a scan: its `[lead, ...thenBy]` values and its final id (`final_entities.id`). */
export interface ScanPosition {
  values: readonly (string | null)[];
  id: number;
}

/** A column of a scan's ORDER BY: an expression, its direction, whether it may be null (sorted last). */
export interface Column {
  expr: RawBuilder<unknown>;
  order: 'asc' | 'desc';
  nullable: boolean;
}

/**
 * A direction as SQL.
 *
 * @example
 * sql`order by s.final_id ${dir('desc')}`;
 */
export function dir(order: 'asc' | 'desc'): RawBuilder<unknown> {
  return sql.raw(order);
}

/**
 * The ORDER BY list of columns, nullable ones `nulls last` (the same on both engines).
 *
 * @example
 * sql`order by ${orderBySql([{ expr: sql.ref('r.v0'), order: 'asc', nullable: true }])}`;
 */
export function orderBySql(columns: readonly Column[]): RawBuilder<unknown> {
  return sql.join(
    columns.map((c) =>
      c.nullable ? sql`${c.expr} ${dir(c.order)} nulls last` : sql`${c.expr} ${dir(c.order)}`,
    ),
  );
}

/**
 * Rows strictly after `position` in the order of `columns` (nulls last), the last
 * column being the final id: `(c0 > p0 or (c0 = p0 and (… or id > pid)))`.
 *
 * @example
 * afterSql([{ expr: sql.ref('c.v0'), order: 'asc', nullable: true }, { expr: sql.ref('c.id'), order: 'asc', nullable: false }], ['b', 42]);
 */
export function afterSql(
  columns: readonly Column[],
  position: readonly (string | number | null)[],
): RawBuilder<SqlBool> {
  const last = columns.length - 1;
  const id = columns[last]!;
  let condition = sql<SqlBool>`${id.expr} ${sql.raw(id.order === 'asc' ? '>' : '<')} ${position[last]}`;
  for (let i = last - 1; i >= 0; i--) {
    const { expr, order, nullable } = columns[i]!;
    const value = position[i];
    if (value === null || value === undefined) {
      condition = sql<SqlBool>`(${expr} is null and ${condition})`;
      continue;
    }
    const strictly = sql<SqlBool>`${expr} ${sql.raw(order === 'asc' ? '>' : '<')} ${value}`;
    const beyond = nullable ? sql<SqlBool>`(${strictly} or ${expr} is null)` : strictly;
    condition = sql<SqlBool>`(${beyond} or (${expr} = ${value} and ${condition}))`;
  }
  return condition;
}

/**
 * `(select min(value) …)`: the value an entity sorts by for `key` (null when it has none).
 *
 * @example
 * sortValueSql(sql.ref('f.id'), { key: 'metadata.title', order: 'asc', pick: 'min' });
 */
export function sortValueSql(id: RawBuilder<unknown>, key: SortKey): RawBuilder<unknown> {
  return sql`(select ${sql.raw(key.pick)}(st.value) from search st where st.final_id = ${id} and st.key = ${key.key})`;
}

/**
 * `limit n [offset m]`.
 *
 * @example
 * sql`… order by id ${pageSql(51, 100)}`;
 */
export function pageSql(limit: number, offset: number | undefined): RawBuilder<unknown> {
  return offset ? sql`limit ${limit} offset ${offset}` : sql`limit ${limit}`;
}
