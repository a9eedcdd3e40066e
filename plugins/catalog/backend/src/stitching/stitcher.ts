import { randomUUID } from 'node:crypto';
import type { DatabaseDialect, Logger } from '@greenroom/backend-plugin-api';
import type { Kysely } from 'kysely';
import { retryTransient } from '../database/sql-helpers-retry.js';
import type { CatalogDatabase } from '../database/tables.js';
import { CatalogChanges } from './catalog-changes.js';
import { loadPreviousFinals, loadStitchInputs } from './stitch-inputs.js';
import { diffWithPrevious, planStitch } from './stitch-plan.js';
import {
  claimDueRefs,
  lockOwnedRefs,
  markRefsForStitch,
  releaseFinishedRefs,
  retryClaims,
} from './stitch-queue.js';
import { writeStitchPlan } from './stitch-writes.js';
import { bumpStoredGeneration } from './stored-generation.js';

/** Options of {@link Stitcher}. */
export interface StitcherOptions {
  db: Kysely<CatalogDatabase>;
  dialect: DatabaseDialect;
  logger: Logger;
  /** How long a claim lasts before another stitcher may take the ref (default 60 s). */
  claimTimeoutMs?: number;
  /** How soon a batch whose write failed is tried again (default 1 s). */
  retryDelayMs?: number;
  /** Where committed changes are announced (default: a new {@link CatalogChanges}). */
  changes?: CatalogChanges;
  now?: () => number;
}

/** Refs claimed by one stitcher under one ticket. */
export interface StitchClaim {
  ticket: string;
  refs: string[];
}

/** What one batch did, counted in refs. */
export interface StitchBatchResult {
  claimed: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** Never processed successfully, or unknown: dropped from the queue. */
  skipped: number;
  /** The final could not be built; logged and dropped from the queue. */
  failed: number;
  /** Re-marked while being stitched: left queued for the next batch. */
  requeued: number;
}

/**
 * Turns what processing stored into the entities the API serves (decision 0002,
 * "Stitching"). Processing calls {@link markForStitch} inside its own transaction;
 * {@link stitchBatch} claims due refs, loads their inputs for the whole batch at once,
 * builds each final, and writes only the changed ones — finals, search-row differences
 * and history — in ONE transaction (retried on deadlocks), then tells {@link changes}
 * which refs changed. A batch that fails is due again after `retryDelayMs`.
 *
 * @example
 * const stitcher = new Stitcher({ db, dialect: database.dialect, logger });
 * await db.transaction().execute((trx) => stitcher.markForStitch(trx, ['component:default/billing']));
 * await stitcher.stitchBatch({ limit: 200 });
 */
export class Stitcher {
  readonly changes: CatalogChanges;
  readonly #db: Kysely<CatalogDatabase>;
  readonly #dialect: DatabaseDialect;
  readonly #logger: Logger;
  readonly #claimTimeoutMs: number;
  readonly #retryDelayMs: number;
  readonly #now: () => number;

  constructor(options: StitcherOptions) {
    this.#db = options.db;
    this.#dialect = options.dialect;
    this.#logger = options.logger;
    this.#claimTimeoutMs = options.claimTimeoutMs ?? 60_000;
    this.#retryDelayMs = options.retryDelayMs ?? 1_000;
    this.#now = options.now ?? Date.now;
    this.changes = options.changes ?? new CatalogChanges(options.logger);
  }

  /**
   * Queues refs for stitching, in the caller's transaction (a `MarkForStitch` for the
   * processing engine; bound, so it can be passed around as is).
   */
  readonly markForStitch = async (trx: Kysely<CatalogDatabase>, refs: Iterable<string>): Promise<void> => {
    await markRefsForStitch(trx, this.#dialect, refs, this.#now());
  };

  /** Claims up to `limit` due refs under a new ticket. */
  async claim(limit: number): Promise<StitchClaim> {
    const now = this.#now();
    const ticket = randomUUID();
    const refs = await claimDueRefs(this.#db, this.#dialect, {
      limit,
      ticket,
      now,
      claimUntil: now + this.#claimTimeoutMs,
    });
    return { ticket, refs };
  }

  /**
   * Claims up to `limit` due refs and stitches them; `claimed: 0` when nothing was due.
   * `keyValueIndexDeferred`: the search (key, value) index is dropped for a bulk load, so
   * search rows need not be sorted for it.
   */
  async stitchBatch(options: { limit: number; keyValueIndexDeferred?: boolean }): Promise<StitchBatchResult> {
    return this.stitchClaimed(await this.claim(options.limit), options);
  }

  /** Stitches refs claimed by {@link claim}; refs whose claim was lost meanwhile are left alone. */
  async stitchClaimed(
    claim: StitchClaim,
    options: { keyValueIndexDeferred?: boolean } = {},
  ): Promise<StitchBatchResult> {
    const { ticket, refs } = claim;
    const result: StitchBatchResult = {
      claimed: refs.length,
      created: 0,
      updated: 0,
      deleted: 0,
      unchanged: 0,
      skipped: 0,
      failed: 0,
      requeued: 0,
    };
    if (refs.length === 0) return result;
    try {
      const plan = await planStitch(refs, await loadStitchInputs(this.#db, this.#dialect, refs));
      const updatedIds = plan.writes.flatMap((w) => (w.change === 'updated' ? [w.finalId] : []));
      if (updatedIds.length > 0) {
        await diffWithPrevious(plan, await loadPreviousFinals(this.#db, this.#dialect, updatedIds));
      }
      for (const { ref, error } of plan.failed) {
        this.#logger.warn(
          `Could not stitch ${ref}: ${error.message}. It keeps its previous final form, if any, until its source is fixed.`,
        );
      }
      const { owned, written, generation } = await retryTransient(() =>
        this.#db.transaction().execute(async (trx) => {
          const owned = await lockOwnedRefs(trx, this.#dialect, refs, ticket);
          const written = await writeStitchPlan(trx, this.#dialect, plan, owned, this.#now(), options);
          await releaseFinishedRefs(trx, this.#dialect, [...owned], ticket);
          const changed = written.created.length + written.updated.length + written.deleted.length > 0;
          // Last, so its row lock is held only while committing.
          const generation = changed ? await bumpStoredGeneration(trx) : undefined;
          return { owned, written, generation };
        }),
      );
      const counted = (list: readonly string[]) => list.filter((ref) => owned.has(ref)).length;
      Object.assign(result, {
        created: written.created.length,
        updated: written.updated.length,
        deleted: written.deleted.length,
        unchanged: counted(plan.unchanged),
        skipped: counted(plan.skipped),
        failed: counted(plan.failed.map((f) => f.ref)),
        requeued: refs.length - owned.size,
      });
      this.changes.emit(
        [...new Set([...written.deleted, ...written.created, ...written.updated])],
        generation,
      );
      this.#logger.debug('Stitched a batch', { ...result });
      return result;
    } catch (error) {
      await retryClaims(this.#db, ticket, this.#now() + this.#retryDelayMs).catch(() => {});
      throw error;
    }
  }
}
