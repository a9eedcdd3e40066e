import type { Logger } from '@greenroom/backend-plugin-api';
import { type Kysely, sql } from 'kysely';
import type { CatalogDatabase } from '../database/tables.js';
import type { CatalogChanges } from './catalog-changes.js';

/** The `catalog_meta` key of the generation every instance's stitches count up. */
const KEY = 'generation';

const RESOLVED = Promise.resolve();

/**
 * Adds one to the stored catalog generation in the caller's stitch transaction and
 * returns the new value. Run it last before the commit: the row lock it takes is then
 * held only while committing, so concurrent stitches (other instances included) queue on
 * it for that long and never wait on each other in a cycle.
 *
 * @example
 * const generation = await bumpStoredGeneration(trx);
 */
export async function bumpStoredGeneration(trx: Kysely<CatalogDatabase>): Promise<number> {
  const { rows } = await sql<{ value: string }>`insert into catalog_meta (key, value) values (${KEY}, '1')
    on conflict (key) do update set value = cast(cast(catalog_meta.value as bigint) + 1 as text)
    returning value`.execute(trx);
  return Number(rows[0]!.value);
}

/**
 * The stored catalog generation; 0 before the first stitch wrote anything.
 *
 * @example
 * const generation = await readStoredGeneration(db);
 */
export async function readStoredGeneration(db: Kysely<CatalogDatabase>): Promise<number> {
  const row = await db.selectFrom('catalog_meta').select('value').where('key', '=', KEY).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/** Options of {@link StoredGeneration}. */
export interface StoredGenerationOptions {
  db: Kysely<CatalogDatabase>;
  /** Told every stored generation read, so its `generation` moves on with other instances' writes. */
  changes: CatalogChanges;
  /** How old the last read may be when a read asks for freshness (default 1 s). */
  intervalMs?: number;
  logger?: Logger;
  now?: () => number;
}

/**
 * Keeps {@link CatalogChanges} in step with stitches on other instances sharing the
 * database. Each stitch that writes a final form bumps the stored generation in its
 * transaction ({@link bumpStoredGeneration}); a read that serves cached counts, facets
 * or match lists first awaits {@link fresh}, which reads the stored value when the last
 * read of it is older than the interval. A change anywhere therefore reaches every
 * instance's caches within about a second, and an unchanged catalog keeps its cached
 * reads instead of computing them again on a timer. Nothing runs while no one reads.
 *
 * @example
 * const stored = new StoredGeneration({ db, changes: engine.changes });
 * await stored.fresh(); // then serve from the read caches
 */
export class StoredGeneration {
  readonly #db: Kysely<CatalogDatabase>;
  readonly #changes: CatalogChanges;
  readonly #intervalMs: number;
  readonly #logger: Logger | undefined;
  readonly #now: () => number;
  #checkedAt = Number.NEGATIVE_INFINITY;
  #pending: Promise<void> | undefined;

  constructor(options: StoredGenerationOptions) {
    this.#db = options.db;
    this.#changes = options.changes;
    this.#intervalMs = options.intervalMs ?? 1_000;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Resolves once the stored generation was read less than the interval ago (at once
   * when it was). Concurrent callers share one read. A failed read is logged and
   * retried by the next caller: the read that follows meets the same database error.
   */
  fresh(): Promise<void> {
    if (this.#now() - this.#checkedAt < this.#intervalMs) return RESOLVED;
    this.#pending ??= this.#check().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #check(): Promise<void> {
    const started = this.#now();
    try {
      this.#changes.observeStored(await readStoredGeneration(this.#db));
      this.#checkedAt = started;
    } catch (error) {
      this.#logger?.debug('Could not read the stored catalog generation', { error });
    }
  }
}
