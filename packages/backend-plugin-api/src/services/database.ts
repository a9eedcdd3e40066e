import { CompiledQuery, type Kysely, type Migration, type RawBuilder, sql } from 'kysely';
import { TimeSlice } from '../event-loop/time-slice.js';

/** The SQL dialect behind a plugin's database. */
export type DatabaseDialect = 'sqlite' | 'postgres';

/**
 * A plugin's own database: a separate SQLite file, or a PostgreSQL database or
 * schema, always reached through the backend's one shared pool per server.
 *
 * @example
 * await database.migrate({
 *   '20260101_init': { up: (db) => db.schema.createTable('greetings').addColumn('id', 'text').execute() },
 * });
 * const db = await database.getClient<MyTables>();
 */
export interface DatabaseService {
  readonly dialect: DatabaseDialect;
  /** A Kysely instance scoped to this plugin's database or schema. */
  getClient<DB = any>(): Promise<Kysely<DB>>;
  /**
   * Runs this plugin's pending migrations (applied in name order) under a lock, so
   * that instances starting together never race. A failing migration throws an
   * error naming the plugin and the migration. Does nothing when migrations are
   * skipped by config (`backend.database.skipMigrations`).
   */
  migrate(migrations: Record<string, Migration>): Promise<void>;
}

/** The comment {@link reusePlan} puts first in a statement. */
export const REUSE_PLAN_MARKER = '/* reuse plan */';

/**
 * Put first in a raw statement to have PostgreSQL prepare it once per connection and
 * reuse its plan, which skips parsing and planning on every later run: a point lookup
 * then costs the server about half as much. Only for statements whose best plan does
 * not depend on the values bound: lookups by a unique key, `= any($1)` over one. A
 * statement whose text is built from input would be prepared anew for every variant:
 * each connection keeps at most 100 such statements and runs further ones as usual.
 * SQLite ignores the marker (the backend reuses its prepared statements anyway).
 *
 * @example
 * await sql`${reusePlan}select body from greetings where id = ${id}`.execute(db);
 */
export const reusePlan: RawBuilder<unknown> = sql.raw(`${REUSE_PLAN_MARKER} `);

export type { Kysely, Migration };

/** Characters JSON writes as `\n`, `\u0001`…, which an array literal would read as `n`, `u0001`… */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const JSON_ESCAPED_DIFFERENTLY = /[\u0000-\u001f]|\p{Cs}/u;

/**
 * `values` as one PostgreSQL array literal (`{"a","b",NULL}`), to bind as a single
 * parameter cast to an array type. node-postgres builds the same literal from a JS array
 * element by element with two regular expressions each: for a batch of entity documents
 * that costs about ten times more than this, which lets one `JSON.stringify` write it
 * (JSON escapes `"` and `\` exactly as an array literal does). Values with control
 * characters or lone surrogates are quoted one by one instead.
 *
 * @example
 * await sql`select * from things where name = any(${postgresArray(names)}::text[])`.execute(db);
 */
export function postgresArray(values: readonly (string | number | null | undefined)[]): string {
  const plain = values.every((value) =>
    typeof value === 'string'
      ? !JSON_ESCAPED_DIFFERENTLY.test(value)
      : value === null || value === undefined || Number.isFinite(value),
  );
  if (plain) return `{${JSON.stringify(values).slice(1, -1)}}`;
  const elements = values.map((value) =>
    value === null || value === undefined ? 'NULL' : `"${String(value).replace(/["\\]/g, '\\$&')}"`,
  );
  return `{${elements.join(',')}}`;
}

/** The comment {@link copyRows} puts first in its `COPY … FROM STDIN` statement. */
export const COPY_FROM_STDIN_MARKER = '/* copy from stdin */';

/** A value {@link copyRows} writes: `null` and `undefined` are SQL NULL. */
export type CopyValue = string | number | bigint | null | undefined;

/** Bytes of COPY data per message sent to the server. */
const COPY_CHUNK_BYTES = 1 << 20;

/** Characters COPY's text format reads as escapes or row and column ends. */
const COPY_SPECIALS = /[\\\t\n\r]/g;

const COPY_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

/**
 * PostgreSQL only: inserts `rows` (one value per column, in `columns`' order) into
 * `table` with one `COPY … FROM STDIN`, which costs the server about a third less than
 * `insert … select * from unnest(…)` and has no size limit. No `on conflict` and no
 * `returning`: a duplicate key fails the statement like an insert would. Needs a Kysely
 * instance from the backend's database service, whose connections carry the data to
 * the server. The text is built in slices of about 10 ms ({@link TimeSlice}), so a large
 * copy does not hold the event loop. Returns the number of rows written.
 *
 * @example
 * await copyRows(trx, 'search', ['final_id', 'key', 'value'], [[1, 'kind', 'component']]);
 */
export async function copyRows(
  db: Kysely<any>,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<number> {
  const chunks: Buffer[] = [];
  let text = '';
  let count = 0;
  // The text of a stitch batch's 60,000 search rows takes a few hundred milliseconds:
  // built in slices, so requests are served meanwhile (only this transaction waits).
  const slice = new TimeSlice();
  for (const row of rows) {
    if ((count & 255) === 255 && slice.due) await slice.yield();
    if (row.length !== columns.length) {
      throw new Error(`copyRows into ${table}: a row has ${row.length} values for ${columns.length} columns`);
    }
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (i > 0) text += '\t';
      if (value === null || value === undefined) text += '\\N';
      else if (typeof value !== 'string') text += String(value);
      else text += value.replace(COPY_SPECIALS, (ch) => COPY_ESCAPES[ch]!);
    }
    text += '\n';
    count++;
    if (text.length >= COPY_CHUNK_BYTES) {
      chunks.push(Buffer.from(text));
      text = '';
    }
  }
  if (count === 0) return 0;
  if (text.length > 0) chunks.push(Buffer.from(text));
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const statement = `${COPY_FROM_STDIN_MARKER} copy ${quote(table)} (${columns.map(quote).join(', ')}) from stdin`;
  await db.executeQuery(CompiledQuery.raw(statement, [chunks]));
  return count;
}
