import type { Kysely } from 'kysely';
import { describeCadence, firstRunAt } from './cadence.js';
import { type SchedulerTables, TASKS_TABLE } from './scheduler-tables.js';
import { storedCadence, storedSettingsJson, type TaskSettings } from './task-settings.js';

/** Recorded error messages are cut to this length. */
const MAX_ERROR_LENGTH = 2_000;

/** The end of a run, to record. */
export interface RunEnd {
  endedAt: number;
  nextRunStartAt: number | null;
  errorMessage: string | null;
}

const toMillis = (value: number | string | null): number | null => (value === null ? null : Number(value));

/**
 * Reads and writes global task rows. Every time is epoch ms on the database clock,
 * passed in by the caller. Claims are single conditional updates, so two instances
 * can never both claim the same run, on PostgreSQL and on SQLite alike.
 *
 * @example
 * const store = new GlobalTaskStore(db);
 * if (await store.claim('refresh', ticket, now, now + timeoutMs)) { ... }
 */
export class GlobalTaskStore {
  readonly #db: Kysely<SchedulerTables>;

  constructor(db: Kysely<SchedulerTables>) {
    this.#db = db;
  }

  /**
   * Inserts a task, or updates its stored settings. The next run time survives a restart
   * unless the cadence changed; it is never earlier than now plus the initial delay.
   */
  async upsert(settings: TaskSettings, now: number): Promise<void> {
    const settingsJson = storedSettingsJson(settings);
    const first = firstRunAt(settings.cadence, now, settings.initialDelayMs);
    const inserted = await this.#db
      .insertInto(TASKS_TABLE)
      .values({ id: settings.id, settings_json: settingsJson, next_run_start_at: first })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return;
    // Optimistic update: retry if another instance changed the row in between.
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await this.#db
        .selectFrom(TASKS_TABLE)
        .select(['settings_json', 'next_run_start_at'])
        .where('id', '=', settings.id)
        .executeTakeFirst();
      if (!row) return this.upsert(settings, now);
      const previous = toMillis(row.next_run_start_at);
      const cadenceChanged = storedCadence(row.settings_json) !== describeCadence(settings.cadence);
      let next = cadenceChanged ? first : previous;
      if (next !== null) next = Math.max(next, now + settings.initialDelayMs);
      if (next === previous && row.settings_json === settingsJson) return;
      const updated = await this.#db
        .updateTable(TASKS_TABLE)
        .set({ settings_json: settingsJson, next_run_start_at: next })
        .where('id', '=', settings.id)
        .where('settings_json', '=', row.settings_json)
        .where((eb) =>
          previous === null ? eb('next_run_start_at', 'is', null) : eb('next_run_start_at', '=', previous),
        )
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) > 0) return;
    }
  }

  /** Ids of tasks that are due and unclaimed, or whose claim has expired. */
  async findDue(now: number): Promise<string[]> {
    const rows = await this.#db
      .selectFrom(TASKS_TABLE)
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('current_run_ticket', 'is', null), eb('next_run_start_at', '<=', now)]),
          eb('current_run_expires_at', '<=', now),
        ]),
      )
      .execute();
    return rows.map((row) => row.id);
  }

  /** Claims a due task for one run; false when another instance got it first. */
  async claim(id: string, ticket: string, now: number, expiresAt: number): Promise<boolean> {
    const result = await this.#db
      .updateTable(TASKS_TABLE)
      .set({ current_run_ticket: ticket, current_run_started_at: now, current_run_expires_at: expiresAt })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb.and([eb('current_run_ticket', 'is', null), eb('next_run_start_at', '<=', now)]),
          eb('current_run_expires_at', '<=', now),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Records the end of a run and frees the claim; false when the claim was lost meanwhile. */
  async complete(id: string, ticket: string, end: RunEnd): Promise<boolean> {
    const error = end.errorMessage === null ? null : { message: end.errorMessage.slice(0, MAX_ERROR_LENGTH) };
    const result = await this.#db
      .updateTable(TASKS_TABLE)
      .set({
        current_run_ticket: null,
        current_run_started_at: null,
        current_run_expires_at: null,
        last_run_ended_at: end.endedAt,
        last_run_error_json: error === null ? null : JSON.stringify(error),
        next_run_start_at: end.nextRunStartAt,
      })
      .where('id', '=', id)
      .where('current_run_ticket', '=', ticket)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Frees a claim without advancing the schedule, so another instance runs the task at once. */
  async release(id: string, ticket: string): Promise<void> {
    await this.#db
      .updateTable(TASKS_TABLE)
      .set({ current_run_ticket: null, current_run_started_at: null, current_run_expires_at: null })
      .where('id', '=', id)
      .where('current_run_ticket', '=', ticket)
      .execute();
  }

  /** Makes a task due now, unless it is running (a live claim) or unknown. */
  async trigger(id: string, now: number): Promise<'triggered' | 'running' | 'missing'> {
    const result = await this.#db
      .updateTable(TASKS_TABLE)
      .set({ next_run_start_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('current_run_ticket', 'is', null), eb('current_run_expires_at', '<=', now)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return 'triggered';
    const row = await this.#db.selectFrom(TASKS_TABLE).select('id').where('id', '=', id).executeTakeFirst();
    return row ? 'running' : 'missing';
  }
}
