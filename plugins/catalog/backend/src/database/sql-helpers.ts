import { type CopyValue, copyRows, type DatabaseDialect, postgresArray } from '@greenroom/backend-plugin-api';
import { CompiledQuery, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';

/** A column's SQL type, for PostgreSQL's array casts (`$1::text[]`). */
export type SqlColumnType = 'text' | 'bigint' | 'integer';

/**
 * SQLite's bind-variable limit is 32,766 (999 on old builds); statements stay far below
 * it. PostgreSQL binds one array per column, so only the statement's size is bounded.
 */
export const SQLITE_MAX_VARIABLES = 900;
/** Rows per PostgreSQL `unnest` statement: bounds the size of one array parameter. */
export const POSTGRES_MAX_ROWS = 5_000;
/** Values per list on PostgreSQL (one array parameter each). */
const POSTGRES_MAX_LIST = 20_000;

/**
 * `column` is one of `values`: `= any($1::text[])` on PostgreSQL (one bind variable),
 * `in (?, ?, …)` on SQLite (one per value: split long lists with {@link inChunks}).
 *
 * @example
 * await db.selectFrom('entities').selectAll().where(inList(dialect, 'entity_ref', refs)).execute();
 */
export function inList(
  dialect: DatabaseDialect,
  column: string,
  values: readonly (string | number)[],
  type: SqlColumnType = 'text',
): RawBuilder<SqlBool> {
  if (dialect === 'postgres')
    return sql<SqlBool>`${sql.ref(column)} = any(${postgresArray(values)}::${sql.raw(type)}[])`;
  if (values.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values)})`;
}

/**
 * Runs `run` over `values` in slices that fit one statement — a single slice on
 * PostgreSQL up to 20,000 values (arrays keep the bind-variable count fixed), slices of
 * {@link SQLITE_MAX_VARIABLES} on SQLite — and concatenates the rows they return.
 *
 * @example
 * const rows = await inChunks(dialect, refs, (chunk) =>
 *   db.selectFrom('entities').selectAll().where(inList(dialect, 'entity_ref', chunk)).execute(),
 * );
 */
export async function inChunks<T, R>(
  dialect: DatabaseDialect,
  values: readonly T[],
  run: (chunk: readonly T[]) => Promise<readonly R[]>,
): Promise<R[]> {
  const results: R[] = [];
  await forEachChunk(dialect, values, async (chunk) => {
    for (const row of await run(chunk)) results.push(row);
  });
  return results;
}

/**
 * Like {@link inChunks}, for statements that return nothing (deletes, updates).
 *
 * @example
 * await forEachChunk(dialect, ids, (chunk) => trx.deleteFrom('search').where(inList(dialect, 'final_id', chunk, 'integer')).execute());
 */
export async function forEachChunk<T>(
  dialect: DatabaseDialect,
  values: readonly T[],
  run: (chunk: readonly T[]) => Promise<unknown>,
): Promise<void> {
  const size = dialect === 'postgres' ? POSTGRES_MAX_LIST : SQLITE_MAX_VARIABLES;
  for (let i = 0; i < values.length; i += size) await run(values.slice(i, i + size));
}

/** Which table and columns {@link insertRows} and {@link deleteRows} work on. */
export interface TableRowsSpec {
  table: string;
  /** Every column written or matched, with its SQL type. */
  columns: Readonly<Record<string, SqlColumnType>>;
  /** Columns {@link deleteRows} matches null-safely (`null` matches `null`); others use `=`, which indexes serve. */
  nullable?: readonly string[];
}

/** What {@link insertRows} does when a row conflicts with `columns`' unique constraint. */
export interface OnConflict {
  columns: readonly string[];
  /** Columns overwritten from the new row; empty = keep the existing row (`do nothing`). */
  update: readonly string[];
  /**
   * Only rows for which this SQL condition holds are updated (`do update … where`); it may
   * name the existing row by its table and the new one as `excluded`. Constant text only.
   */
  where?: string;
}

/**
 * Inserts many rows with few statements: on PostgreSQL one `COPY … FROM STDIN` for all of
 * them, or, with `onConflict`, one `insert … select * from unnest($1::text[], $2::bigint[], …)`
 * per 5,000 rows (a bind variable per column, whatever the row count); on SQLite
 * multi-row `values` lists under the variable limit, the same text for every full list.
 * Rows go in the order given (sort them to keep lock order stable).
 *
 * @example
 * await insertRows(trx, dialect, { table: 'stitch_queue', columns: { entity_ref: 'text', next_stitch_at: 'bigint', ticket: 'text' } },
 *   refs.map((entity_ref) => ({ entity_ref, next_stitch_at: now, ticket: null })),
 *   { columns: ['entity_ref'], update: ['next_stitch_at', 'ticket'] });
 */
export async function insertRows(
  db: Kysely<any>,
  dialect: DatabaseDialect,
  spec: TableRowsSpec,
  rows: readonly Record<string, unknown>[],
  onConflict?: OnConflict,
): Promise<void> {
  if (dialect === 'postgres' && !onConflict) {
    // Nothing to read back: COPY costs the server about a third less than `unnest`.
    const names = Object.keys(spec.columns);
    await copyRows(db, spec.table, names, valuesOf(rows, names));
    return;
  }
  await insertRowsReturning(db, dialect, spec, rows, onConflict, []);
}

/**
 * {@link insertRows}, returning the `returning` columns of every row inserted or updated
 * (e.g. generated ids), in no particular order.
 *
 * @example
 * const ids = await insertRowsReturning<{ id: number; entity_id: string }>(trx, dialect, FINALS, rows,
 *   { columns: ['entity_id'], update: ['final'] }, ['id', 'entity_id']);
 */
export async function insertRowsReturning<R = Record<string, unknown>>(
  db: Kysely<any>,
  dialect: DatabaseDialect,
  spec: TableRowsSpec,
  rows: readonly Record<string, unknown>[],
  onConflict: OnConflict | undefined,
  returning: readonly string[],
): Promise<R[]> {
  const names = Object.keys(spec.columns);
  const target = sql`${sql.table(spec.table)} (${sql.join(names.map((name) => sql.ref(name)))})`;
  const conflict = onConflict ? conflictClause(onConflict) : sql``;
  const returned =
    returning.length > 0 ? sql`returning ${sql.join(returning.map((name) => sql.ref(name)))}` : sql``;
  const results: R[] = [];
  if (dialect === 'postgres') {
    for (let i = 0; i < rows.length; i += POSTGRES_MAX_ROWS) {
      const arrays = unnestArrays(spec, rows.slice(i, i + POSTGRES_MAX_ROWS));
      const { rows: out } =
        await sql<R>`insert into ${target} select * from unnest(${arrays}) ${conflict} ${returned}`.execute(
          db,
        );
      for (const row of out) results.push(row);
    }
    return results;
  }
  // Multi-row `values` with a fixed number of rows per statement: every full chunk has the
  // same text, so the connection's statement cache prepares it once.
  const perStatement = Math.max(1, Math.floor(SQLITE_MAX_VARIABLES / names.length));
  const tail = [
    onConflict ? sqliteConflictClause(onConflict) : '',
    returning.length > 0 ? `returning ${returning.map(quoteName).join(', ')}` : '',
  ].join(' ');
  const head = `insert into ${quoteName(spec.table)} (${names.map(quoteName).join(', ')}) values `;
  const tuple = `(${names.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const parameters: unknown[] = [];
    for (const row of chunk) for (const name of names) parameters.push(row[name] ?? null);
    const text = `${head}${Array.from(chunk, () => tuple).join(', ')} ${tail}`;
    const { rows: out } = await db.executeQuery<R>(CompiledQuery.raw(text, parameters));
    for (const row of out) results.push(row);
  }
  return results;
}

/** A table or column name of ours, quoted for SQL text built without Kysely. */
function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function sqliteConflictClause({ columns, update, where }: OnConflict): string {
  const target = columns.map(quoteName).join(', ');
  if (update.length === 0) return `on conflict (${target}) do nothing`;
  const sets = update.map((name) => `${quoteName(name)} = excluded.${quoteName(name)}`);
  return `on conflict (${target}) do update set ${sets.join(', ')}${where ? ` where ${where}` : ''}`;
}

/** Rows per SQLite statement with one JSON parameter ({@link updateRows}): bounds its memory. */
const SQLITE_JSON_ROWS = 5_000;

/**
 * Deletes the rows whose columns all equal one of `rows`: on PostgreSQL a `delete …
 * using unnest(…)` per 5,000 rows, on SQLite `or`-ed terms under the variable limit
 * (SQLite's planner serves each term from an index). Columns listed in `spec.nullable`
 * match null to null. For tables without a key, such as `search`.
 *
 * @example
 * await deleteRows(trx, dialect, { table: 'search', columns: { final_id: 'integer', key: 'text', value: 'text' }, nullable: ['value'] },
 *   [{ final_id: 17, key: 'metadata.tags', value: 'java' }]);
 */
export async function deleteRows(
  db: Kysely<any>,
  dialect: DatabaseDialect,
  spec: TableRowsSpec,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const names = Object.keys(spec.columns);
  if (dialect === 'postgres') {
    const t = sql.table(spec.table);
    const nullable = new Set(spec.nullable ?? []);
    const matches = names.map((name) => {
      const [left, right] = [sql`${t}.${sql.ref(name)}`, sql`d.${sql.ref(name)}`];
      return nullable.has(name)
        ? sql`(${left} = ${right} or (${left} is null and ${right} is null))`
        : sql`${left} = ${right}`;
    });
    for (let i = 0; i < rows.length; i += POSTGRES_MAX_ROWS) {
      const arrays = unnestArrays(spec, rows.slice(i, i + POSTGRES_MAX_ROWS));
      const d = sql`unnest(${arrays}) as d(${sql.join(names.map((name) => sql.ref(name)))})`;
      await sql`delete from ${t} using ${d} where ${sql.join(matches, sql` and `)}`.execute(db);
    }
    return;
  }
  // `is` is SQLite's null-safe equality, and it can use indexes.
  const perStatement = Math.max(1, Math.floor(SQLITE_MAX_VARIABLES / names.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const terms = rows.slice(i, i + perStatement).map(
      (row) =>
        sql`(${sql.join(
          names.map((name) => sql`${sql.ref(name)} is ${row[name] ?? null}`),
          sql` and `,
        )})`,
    );
    await sql`delete from ${sql.table(spec.table)} where ${sql.join(terms, sql` or `)}`.execute(db);
  }
}

function* valuesOf(rows: readonly Record<string, unknown>[], names: readonly string[]) {
  for (const row of rows) yield names.map((name) => row[name] as CopyValue);
}

function unnestArrays(spec: TableRowsSpec, rows: readonly Record<string, unknown>[]) {
  return sql.join(
    Object.entries(spec.columns).map(
      ([name, type]) =>
        sql`${postgresArray(rows.map((row) => (row[name] ?? null) as string | number | null))}::${sql.raw(type)}[]`,
    ),
  );
}

function conflictClause({ columns, update, where }: OnConflict) {
  const target = sql.join(columns.map((name) => sql.ref(name)));
  if (update.length === 0) return sql`on conflict (${target}) do nothing`;
  const sets = update.map((name) => sql`${sql.ref(name)} = excluded.${sql.ref(name)}`);
  const condition = where ? sql` where ${sql.raw(where)}` : sql``;
  return sql`on conflict (${target}) do update set ${sql.join(sets)}${condition}`;
}

/**
 * Updates many rows, each with its own values, in one statement per chunk: the row whose
 * `key` column equals the row's `key` value gets the other columns of `spec`. PostgreSQL
 * reads the rows from `unnest` arrays; SQLite from one JSON parameter (`update … from`).
 *
 * @example
 * await updateRows(trx, dialect, { table: 'entities', columns: { entity_id: 'text', next_update_at: 'bigint' } }, 'entity_id', rows);
 */
export async function updateRows(
  db: Kysely<any>,
  dialect: DatabaseDialect,
  spec: TableRowsSpec,
  key: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const names = Object.keys(spec.columns);
  const t = sql.table(spec.table);
  const setNames = names.filter((name) => name !== key);
  if (dialect === 'postgres') {
    const sets = sql.join(setNames.map((name) => sql`${sql.ref(name)} = d.${sql.ref(name)}`));
    for (let i = 0; i < rows.length; i += POSTGRES_MAX_ROWS) {
      const arrays = unnestArrays(spec, rows.slice(i, i + POSTGRES_MAX_ROWS));
      const d = sql`unnest(${arrays}) as d(${sql.join(names.map((name) => sql.ref(name)))})`;
      await sql`update ${t} set ${sets} from ${d} where ${t}.${sql.ref(key)} = d.${sql.ref(key)}`.execute(db);
    }
    return;
  }
  const at = (name: string) => sql`j.value ->> ${sql.raw(String(names.indexOf(name)))}`;
  const sets = sql.join(setNames.map((name) => sql`${sql.ref(name)} = ${at(name)}`));
  for (let i = 0; i < rows.length; i += SQLITE_JSON_ROWS) {
    const json = JSON.stringify(
      rows.slice(i, i + SQLITE_JSON_ROWS).map((row) => names.map((name) => row[name] ?? null)),
    );
    await sql`update ${t} set ${sets} from json_each(${json}) as j where ${t}.${sql.ref(key)} = ${at(key)}`.execute(
      db,
    );
  }
}
