import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import { type ColumnType, type Kysely, sql } from 'kysely';
import { withSqliteMigrationLease } from '../database/index.js';

/** The table holding global tasks, in each plugin's own database. */
export const TASKS_TABLE = 'greenroom_scheduler_tasks';
/** The scheduler's own record of applied table changes (not the plugin's migration table). */
export const MIGRATIONS_TABLE = 'greenroom_scheduler_migrations';

/** Epoch milliseconds on the database clock; PostgreSQL returns `bigint` as a string. */
type Millis = ColumnType<number | string, number, number>;
type NullableMillis = ColumnType<number | string | null, number | null, number | null>;

/** One global task. A non-null `current_run_ticket` is a claim by the instance running it. */
export interface TaskRow {
  id: string;
  settings_json: string;
  next_run_start_at: NullableMillis;
  current_run_ticket: string | null;
  current_run_started_at: NullableMillis;
  current_run_expires_at: NullableMillis;
  last_run_ended_at: NullableMillis;
  last_run_error_json: string | null;
}

/** The scheduler's tables, for a typed Kysely client. */
export interface SchedulerTables {
  [TASKS_TABLE]: TaskRow;
  [MIGRATIONS_TABLE]: { name: string; applied_at: Millis };
}

/** Ordered, append-only steps; each runs once per plugin database. */
const STEPS: { name: string; up(db: Kysely<any>): Promise<void> }[] = [
  {
    name: '20260101_create_tasks',
    async up(db) {
      await db.schema
        .createTable(TASKS_TABLE)
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('settings_json', 'text', (col) => col.notNull())
        .addColumn('next_run_start_at', 'bigint')
        .addColumn('current_run_ticket', 'text')
        .addColumn('current_run_started_at', 'bigint')
        .addColumn('current_run_expires_at', 'bigint')
        .addColumn('last_run_ended_at', 'bigint')
        .addColumn('last_run_error_json', 'text')
        .execute();
      for (const column of ['next_run_start_at', 'current_run_expires_at']) {
        await db.schema.createIndex(`${TASKS_TABLE}_${column}_idx`).on(TASKS_TABLE).column(column).execute();
      }
    },
  },
];

/**
 * Creates or updates the scheduler's tables in a plugin database, idempotently and
 * safely when several instances start at once (one transaction; on PostgreSQL under
 * an advisory lock). This deliberately does not use `database.migrate()`, which belongs
 * to the plugin, nor Kysely's `Migrator`, whose table detection looks across every
 * PostgreSQL schema and so breaks when plugins share a database with a schema each.
 *
 * @example
 * await migrateSchedulerTables(await database.getClient(), database.dialect);
 */
export async function migrateSchedulerTables(db: Kysely<any>, dialect: DatabaseDialect): Promise<void> {
  const migrate = () => applySteps(db, dialect);
  if (dialect === 'sqlite') {
    // SQLite has no advisory locks, and a transaction spanning awaits would make a second
    // instance on the same file wait synchronously: serialise on a lease instead.
    await withSqliteMigrationLease(db, migrate, {
      name: 'scheduler',
      timeoutMillis: 60_000,
      what: 'the scheduler tables',
    });
  } else {
    await migrate();
  }
}

async function applySteps(db: Kysely<any>, dialect: DatabaseDialect): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(hashtext(${MIGRATIONS_TABLE}))`.execute(trx);
    }
    await trx.schema
      .createTable(MIGRATIONS_TABLE)
      .ifNotExists()
      .addColumn('name', 'text', (col) => col.primaryKey())
      .addColumn('applied_at', 'bigint', (col) => col.notNull())
      .execute();
    const applied = new Set(
      (await trx.selectFrom(MIGRATIONS_TABLE).select('name').execute()).map((row) => row.name as string),
    );
    for (const step of STEPS) {
      if (applied.has(step.name)) continue;
      await step.up(trx);
      await trx.insertInto(MIGRATIONS_TABLE).values({ name: step.name, applied_at: Date.now() }).execute();
    }
  });
}
