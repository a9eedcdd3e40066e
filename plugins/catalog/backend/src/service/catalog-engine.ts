import type { DatabaseDialect, Logger } from '@greenroom/backend-plugin-api';
import { NotFoundError } from '@greenroom/errors';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../database/tables.js';
import type { ProcessingDependencies } from '../processing/process-entity.js';
import { ProcessingEngine } from '../processing/processing-engine.js';
import { clearOrphanCandidates, deleteOrphans } from '../providers/delete-orphans.js';
import type { EntityProvider, EntityProviderConnection } from '../providers/entity-provider.js';
import { ProviderConnection } from '../providers/provider-connection.js';
import { removeEntities } from '../providers/remove-entities.js';
import { BatchLoop } from '../shared/batch-loop.js';
import { CatalogChanges, StoredGeneration } from '../stitching/index.js';
import { SearchIndexDeferral, type SearchIndexDeferralOptions } from '../stitching/search-index-deferral.js';
import { Stitcher } from '../stitching/stitcher.js';

/** Options of {@link CatalogEngine}. */
export interface CatalogEngineOptions {
  db: Kysely<CatalogDatabase>;
  dialect: DatabaseDialect;
  logger: Logger;
  deps: ProcessingDependencies;
  /** How often entities with external inputs are read again. */
  refreshIntervalMs: number;
  /** How often the queues are polled when idle (default 1 s). */
  pollIntervalMs?: number;
  /** When a bulk load defers the search index (tests lower the threshold). */
  searchIndexDeferral?: Pick<SearchIndexDeferralOptions, 'minBacklog' | 'checkIntervalMs'>;
}

/** How long stitching may wait for a processing backlog to drain. */
const MAX_STITCH_HOLD_MS = 3_000;

/** How deep `refreshEntity` walks up to the entity's locations. */
const MAX_ANCESTRY_DEPTH = 32;

/**
 * The catalog's moving parts in one place (decision 0002): entity providers write
 * unprocessed entities, a processing loop turns them into processed ones with their
 * relations and children, a stitch loop builds the final entities the API serves.
 * Each loop wakes the next when it did something, and polls when idle.
 *
 * @example
 * const engine = new CatalogEngine({ db, dialect, logger, deps, refreshIntervalMs: 100_000 });
 * await engine.connectProvider(new ConfigLocationsProvider(() => locations));
 * engine.start();
 */
export class CatalogEngine {
  readonly changes: CatalogChanges;
  /** Brings {@link changes} up to other instances' stitches before a cached read. */
  readonly storedGeneration: StoredGeneration;
  readonly stitcher: Stitcher;
  readonly #db: Kysely<CatalogDatabase>;
  readonly #dialect: DatabaseDialect;
  readonly #logger: Logger;
  readonly #processing: ProcessingEngine;
  readonly #processLoop: BatchLoop;
  readonly #stitchLoop: BatchLoop;
  readonly #searchIndex: SearchIndexDeferral;
  /** The last processing batch was full, or another is in flight: more is queued. */
  #processingBusy = false;
  #processingInFlight = 0;
  #lastStitchAt = 0;
  /** The first orphan cleanup of this engine checks every entity; later ones only candidates. */
  #orphansScanned = false;

  constructor(options: CatalogEngineOptions) {
    const { db, dialect, logger } = options;
    const pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.#db = db;
    this.#dialect = dialect;
    this.#logger = logger;
    this.changes = new CatalogChanges(logger);
    this.storedGeneration = new StoredGeneration({ db, changes: this.changes, logger });
    this.stitcher = new Stitcher({ db, dialect, logger, changes: this.changes });
    this.#processing = new ProcessingEngine({
      db,
      dialect,
      logger,
      deps: options.deps,
      markForStitch: this.stitcher.markForStitch,
      refreshIntervalMs: options.refreshIntervalMs,
    });
    this.#searchIndex = new SearchIndexDeferral({ db, dialect, logger, ...options.searchIndexDeferral });
    this.#stitchLoop = new BatchLoop({
      name: 'Stitching',
      runBatch: async (limit) => {
        // While processing has a backlog, most stitches would be redone as soon as the next
        // batch adds relations; wait (up to MAX_STITCH_HOLD_MS) so each entity is stitched once.
        const now = Date.now();
        if (this.#processingBusy && now - this.#lastStitchAt < MAX_STITCH_HOLD_MS) return 0;
        this.#lastStitchAt = now;
        await this.#searchIndex.beforeBatch();
        const { claimed } = await this.stitcher.stitchBatch({
          limit,
          keyValueIndexDeferred: this.#searchIndex.deferred,
        });
        if (claimed < limit && !this.#processingBusy) await this.#searchIndex.whenDrained();
        return claimed;
      },
      logger,
      batchSize: 2_000,
      pollIntervalMs,
      concurrency: dialect === 'postgres' ? 2 : 1,
    });
    this.#processLoop = new BatchLoop({
      name: 'Processing',
      runBatch: async (limit) => {
        this.#processingInFlight++;
        const claimed = await this.#processing.processBatch({ limit }).finally(() => {
          this.#processingInFlight--;
        });
        const wasBusy = this.#processingBusy;
        // With two workers, the other one's batch still counts as a backlog.
        this.#processingBusy = claimed === limit || this.#processingInFlight > 0;
        // Also when the backlog has just drained: stitching was holding back for it.
        if (claimed > 0 || wasBusy) this.#stitchLoop.wake();
        return claimed;
      },
      logger,
      batchSize: 1_000,
      pollIntervalMs,
      concurrency: dialect === 'postgres' ? 2 : 1,
    });
  }

  /** Starts processing and stitching in the background. */
  start(): void {
    this.#processLoop.start();
    this.#stitchLoop.start();
  }

  /** Stops both loops after their batches in flight. */
  async stop(): Promise<void> {
    await Promise.all([this.#processLoop.stop(), this.#stitchLoop.stop()]);
  }

  /** Gives a provider its connection; its mutations wake processing. */
  async connectProvider(provider: EntityProvider): Promise<void> {
    const inner = new ProviderConnection({
      db: this.#db,
      dialect: this.#dialect,
      providerName: provider.getProviderName(),
      markForStitch: this.stitcher.markForStitch,
      logger: this.#logger,
    });
    const connection: EntityProviderConnection = {
      applyMutation: async (mutation) => {
        await inner.applyMutation(mutation);
        this.#processLoop.wake();
        this.#stitchLoop.wake();
      },
      refresh: async (options) => {
        await inner.refresh(options);
        this.#processLoop.wake();
      },
    };
    await provider.connect(connection);
  }

  /**
   * Makes an entity and the locations it was read from due for processing now
   * (`POST /refresh`). Throws `NotFoundError` for an unknown ref.
   */
  async refreshEntity(entityRef: string): Promise<void> {
    const known = await this.#db
      .selectFrom('entities')
      .select('entity_ref')
      .where('entity_ref', '=', entityRef)
      .executeTakeFirst();
    if (!known) throw new NotFoundError(`No entity with ref '${entityRef}' is known to the catalog`);
    const due = new Set([entityRef]);
    let level = [entityRef];
    for (let depth = 0; depth < MAX_ANCESTRY_DEPTH && level.length > 0; depth++) {
      const parents = await this.#db
        .selectFrom('edges')
        .select('source_entity_ref')
        .distinct()
        .where('target_entity_ref', 'in', level)
        .where('source_entity_ref', 'is not', null)
        .execute();
      level = parents.map((p) => p.source_entity_ref!).filter((ref) => !due.has(ref));
      for (const ref of level) due.add(ref);
    }
    // Force a full re-read: a location whose files did not change still re-emits.
    await this.#db
      .updateTable('entities')
      .set({ next_update_at: Date.now(), result_hash: null })
      .where('entity_ref', 'in', [...due])
      .execute();
    this.#processLoop.wake();
  }

  /**
   * Deletes an entity by uid (`DELETE /entities/by-uid/:uid`), with the children only it
   * emitted. Its parents are processed again, so an entity still in its source comes back.
   */
  async deleteEntityByUid(uid: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('entities')
        .select('entity_ref')
        .where('entity_id', '=', uid)
        .executeTakeFirst();
      if (!row) return;
      const parents = await trx
        .selectFrom('edges')
        .select('source_entity_ref')
        .where('target_entity_ref', '=', row.entity_ref)
        .where('source_entity_ref', 'is not', null)
        .execute();
      await trx.deleteFrom('edges').where('target_entity_ref', '=', row.entity_ref).execute();
      const touched = await removeEntities(trx, [row.entity_ref]);
      const parentRefs = parents.map((p) => p.source_entity_ref!);
      if (parentRefs.length > 0) {
        await trx
          .updateTable('entities')
          .set({ next_update_at: Date.now(), result_hash: 'child-was-deleted', cache: null })
          .where('entity_ref', 'in', parentRefs)
          .execute();
      }
      await this.stitcher.markForStitch(trx, touched);
    });
    this.#processLoop.wake();
    this.#stitchLoop.wake();
  }

  /**
   * Deletes orphans (when `catalog.orphanStrategy` is `delete`); returns how many went.
   * The first call checks every entity, later calls only the targets of edges deleted
   * since (see {@link deleteOrphans}).
   */
  async deleteOrphans(): Promise<number> {
    const scope = this.#orphansScanned ? 'candidates' : 'full';
    const deleted = await deleteOrphans(this.#db, this.#dialect, this.stitcher.markForStitch, { scope });
    this.#orphansScanned = true;
    if (deleted > 0) {
      this.#logger.info(`Deleted ${deleted} orphaned entities`);
      this.#stitchLoop.wake();
    }
    return deleted;
  }

  /**
   * Forgets the orphan candidates (when `catalog.orphanStrategy` is `keep`, nothing
   * consumes them). Orphans stay; a later `delete` strategy finds them by its full pass.
   */
  async clearOrphanCandidates(): Promise<void> {
    await clearOrphanCandidates(this.#db);
  }
}
