import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import { type Kysely, sql } from 'kysely';

/** Resynchronise with the database this often, so process clock jumps are absorbed. */
const RESYNC_INTERVAL_MS = 60_000;
const SAMPLES = 3;

/**
 * The database's clock, read in the process. Every time the scheduler stores or compares
 * (next run, claim expiry) is epoch milliseconds on this clock, so instances whose own
 * clocks drift still agree. It measures the offset between `Date.now()` and the database
 * time (keeping the sample with the shortest round trip) and refreshes it every minute.
 * Claims stay correct even with a stale offset: they are conditional updates.
 *
 * @example
 * const clock = new DatabaseClock(db, 'postgres');
 * await clock.sync();
 * clock.now(); // epoch ms, database time
 */
export class DatabaseClock {
  readonly #db: Kysely<any>;
  readonly #dialect: DatabaseDialect;
  #offsetMs = 0;
  #syncedAt = Number.NEGATIVE_INFINITY;

  constructor(db: Kysely<any>, dialect: DatabaseDialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  /** The current database time in epoch milliseconds. */
  now(): number {
    return Math.round(Date.now() + this.#offsetMs);
  }

  /** Measures the offset to the database clock. */
  async sync(): Promise<void> {
    let best: { roundTripMs: number; offsetMs: number } | undefined;
    for (let i = 0; i < SAMPLES; i++) {
      const before = Date.now();
      const databaseNow = await this.#queryNow();
      const after = Date.now();
      const sample = { roundTripMs: after - before, offsetMs: databaseNow - (before + after) / 2 };
      if (!best || sample.roundTripMs < best.roundTripMs) best = sample;
    }
    this.#offsetMs = best!.offsetMs;
    this.#syncedAt = Date.now();
  }

  /** Syncs when the last measurement is older than a minute. */
  async syncIfStale(): Promise<void> {
    if (Date.now() - this.#syncedAt > RESYNC_INTERVAL_MS) await this.sync();
  }

  async #queryNow(): Promise<number> {
    const query =
      this.#dialect === 'postgres'
        ? sql<{ now_ms: string | number }>`select extract(epoch from clock_timestamp()) * 1000 as now_ms`
        : sql<{ now_ms: string | number }>`select (julianday('now') - 2440587.5) * 86400000.0 as now_ms`;
    const { rows } = await query.execute(this.#db);
    const value = Number(rows[0]?.now_ms);
    if (!Number.isFinite(value)) throw new Error(`Could not read the database time (got ${rows[0]?.now_ms})`);
    return value;
  }
}
