import type { DatabaseDialect, Logger } from '@greenroom/backend-plugin-api';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { CatalogDatabase } from '../database/tables.js';

/** The index filters, sort walks, counts and facets read (migration `20261124_004`). */
export const SEARCH_KEY_VALUE_INDEX = 'search_key_value_final_idx';
const SEARCH_KEY_VALUE_COLUMNS = ['key', 'value', 'final_id', 'original_value'];
/** Set in `catalog_meta` while the index is dropped; whoever drains the queue builds it. */
const META_KEY = 'search_index_deferred';
/** How long a drained stitch queue waits for due processing before the index is built anyway. */
const MAX_DEFERRAL_WAIT_MS = 60_000;

/** Options of {@link SearchIndexDeferral}. */
export interface SearchIndexDeferralOptions {
  db: Kysely<CatalogDatabase>;
  dialect: DatabaseDialect;
  logger: Logger;
  /** Due stitches from which a load counts as bulk (default 5,000). */
  minBacklog?: number;
  /** How soon a large backlog that was not a bulk load is counted again, and how often the shared flag is read when idle (default 30 s). */
  checkIntervalMs?: number;
  now?: () => number;
}

/**
 * Builds the `search(key, value, final_id, original_value)` index once at the end of a bulk
 * load instead of row by row (decision 0002, "Bulk loads"), and on PostgreSQL vacuums and
 * analyses the loaded tables after it. Each stitch batch's search rows
 * land all over that index, so at 100k entities SQLite writes most of its pages again at every
 * commit; dropping it while most of the catalog is being stitched for the first time, and
 * building it when the queue drains, costs a few seconds instead of tens.
 *
 * A load is bulk when at least `minBacklog` stitches are due and fewer finals exist than
 * that: at least half the catalog is new. Meanwhile reads stay correct, only slower
 * (the `search(final_id, key, value)` index still serves per-entity tests). The state is
 * shared through `catalog_meta`, so the instance that drains the queue builds the index,
 * whichever dropped it, and a restart after a crash builds it too.
 *
 * @example
 * const deferral = new SearchIndexDeferral({ db, dialect, logger });
 * await deferral.beforeBatch();   // may drop the index
 * await deferral.whenDrained();   // builds it if it was dropped
 */
export class SearchIndexDeferral {
  readonly #db: Kysely<CatalogDatabase>;
  readonly #dialect: DatabaseDialect;
  readonly #logger: Logger;
  readonly #minBacklog: number;
  readonly #checkIntervalMs: number;
  readonly #now: () => number;
  /** Unknown until read: another instance (or a crashed run) may have dropped the index. */
  #deferred: boolean | undefined;
  #nextBacklogCheck = 0;
  #nextFlagCheck = 0;
  #busy: Promise<void> | undefined;

  constructor(options: SearchIndexDeferralOptions) {
    this.#db = options.db;
    this.#dialect = options.dialect;
    this.#logger = options.logger;
    this.#minBacklog = options.minBacklog ?? 5_000;
    this.#checkIntervalMs = options.checkIntervalMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Before a stitch batch: drops the index when a bulk load begins. Counting what is due
   * stops at `minBacklog` (cheap when little is queued); a large backlog that is not a bulk
   * load (a refresh of a stitched catalog) is counted again only after `checkIntervalMs`.
   */
  async beforeBatch(): Promise<void> {
    if (this.#deferred || this.#now() < this.#nextBacklogCheck) return;
    await this.#exclusive(() => this.#deferIfBulk());
  }

  /** When nothing is due and processing has no backlog: builds the index if it was dropped. */
  async whenDrained(): Promise<void> {
    if (this.#deferred === false && this.#now() < this.#nextFlagCheck) return;
    await this.#exclusive(() => this.#buildIfDeferred());
  }

  /** Whether this instance last saw the index dropped (for logs and tests). */
  get deferred(): boolean {
    return this.#deferred === true;
  }

  async #exclusive(run: () => Promise<void>): Promise<void> {
    // Two stitch workers (PostgreSQL) share one deferral: the second waits for the first.
    while (this.#busy) await this.#busy;
    this.#busy = run().finally(() => {
      this.#busy = undefined;
    });
    await this.#busy;
  }

  async #deferIfBulk(): Promise<void> {
    if (this.#deferred) return;
    const now = this.#now();
    const due = sql`select 1 from stitch_queue where next_stitch_at <= ${now}`;
    if ((await this.#count(sql`${due} limit ${this.#minBacklog}`)) < this.#minBacklog) return;
    this.#nextBacklogCheck = now + this.#checkIntervalMs;
    const backlog = await this.#count(due);
    // Counting stops at the backlog: what matters is whether there are fewer finals than that.
    const finals = await this.#count(sql`select 1 from final_entities limit ${backlog}`);
    if (finals >= backlog) return;
    try {
      const dropped = await this.#db.transaction().execute(async (trx) => {
        // Dropping waits for every reader of `search`; never queue the API behind a long read.
        if (this.#dialect === 'postgres') await sql`set local lock_timeout = '2s'`.execute(trx);
        const flagged = await trx
          .insertInto('catalog_meta')
          .values({ key: META_KEY, value: String(now) })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst();
        // Another instance deferred it already.
        if (Number(flagged.numInsertedOrUpdatedRows ?? 0) === 0) return false;
        await trx.schema.dropIndex(SEARCH_KEY_VALUE_INDEX).ifExists().execute();
        return true;
      });
      this.#deferred = true;
      if (!dropped) return;
      this.#logger.info(
        `Stitching ${backlog} entities, ${finals} already stitched: the search index is built once the queue drains instead of row by row`,
      );
    } catch (error) {
      this.#logger.debug('Kept the search index: it could not be dropped now', { error: String(error) });
    }
  }

  async #buildIfDeferred(): Promise<void> {
    this.#nextFlagCheck = this.#now() + this.#checkIntervalMs;
    const flag = await this.#db
      .selectFrom('catalog_meta')
      .select('value')
      .where('key', '=', META_KEY)
      .executeTakeFirst();
    if (!flag) {
      this.#deferred = false;
      return;
    }
    // Stitches queued or in flight (another worker's claim), and entities still due for
    // processing (which queue more: a provider's mutation is queued before it is processed)
    // come first, unless the load has long been over and the queues are merely busy.
    const now = this.#now();
    const pending = await this.#count(
      // Ordered, so that PostgreSQL walks the index rather than scanning every entity when none is due.
      sql`select 1 from stitch_queue union all select 1 from (select 1 from entities
        where next_update_at <= ${now} order by next_update_at limit 1) as due limit 1`,
    );
    if (pending > 0 && now - Number(flag.value) < MAX_DEFERRAL_WAIT_MS) return;
    const started = performance.now();
    const built = await this.#db.transaction().execute(async (trx) => {
      // The delete locks the flag's row on PostgreSQL: a second instance waits, then finds it gone.
      const cleared = await trx.deleteFrom('catalog_meta').where('key', '=', META_KEY).executeTakeFirst();
      if (Number(cleared.numDeletedRows) === 0) return false;
      await trx.schema
        .createIndex(SEARCH_KEY_VALUE_INDEX)
        .ifNotExists()
        .on('search')
        .columns(SEARCH_KEY_VALUE_COLUMNS)
        .execute();
      return true;
    });
    this.#deferred = false;
    if (!built) return;
    this.#logger.info(`Built the search index in ${Math.round(performance.now() - started)} ms`);
    if (this.#dialect === 'postgres') await this.#vacuumLoadedTables();
  }

  /**
   * PostgreSQL: marks the pages a bulk load wrote as visible to all (so filters answer
   * from the index alone instead of visiting each row's page) and gathers statistics,
   * which autovacuum would do some minutes later, or never where it is off. About a
   * second at 100k entities; a failure costs only speed.
   */
  async #vacuumLoadedTables(): Promise<void> {
    const started = performance.now();
    try {
      await sql`vacuum (analyze) search, final_entities`.execute(this.#db);
      this.#logger.info(`Vacuumed the loaded tables in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      this.#logger.warn(`Could not vacuum the catalog's tables after a bulk load: ${String(error)}`);
    }
  }

  /** How many rows `rows` returns. */
  async #count(rows: RawBuilder<unknown>): Promise<number> {
    const { rows: counted } = await sql<{
      n: number | string;
    }>`select count(*) as n from (${rows}) as r`.execute(this.#db);
    return Number(counted[0]?.n ?? 0);
  }
}
