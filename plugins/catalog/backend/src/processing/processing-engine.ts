import { hash } from 'node:crypto';
import { type DatabaseDialect, type Logger, TimeSlice } from '@greenroom/backend-plugin-api';
import type { Entity } from '@greenroom/catalog-model';
import type { Kysely, Transaction } from 'kysely';
import {
  forEachChunk,
  inChunks,
  inList,
  insertRows,
  SQLITE_MAX_VARIABLES,
  type TableRowsSpec,
  updateRows,
} from '../database/sql-helpers.js';
import { retryTransient } from '../database/sql-helpers-retry.js';
import type { CatalogDatabase } from '../database/tables.js';
import { type UnprocessedConflict, upsertUnprocessed } from '../database/upsert-unprocessed.js';
import { canonicalJson } from '../shared/stable-hash.js';
import {
  LOCATION_STATE,
  type PreparedChild,
  type ProcessingDependencies,
  type ProcessingResult,
  processEntity,
  type SerializedError,
} from './process-entity.js';

/** Adds refs to the stitch queue inside the caller's transaction. */
export type MarkForStitch = (trx: Transaction<CatalogDatabase>, refs: Iterable<string>) => Promise<void>;

/** Options of {@link ProcessingEngine}. */
export interface ProcessingEngineOptions {
  db: Kysely<CatalogDatabase>;
  dialect: DatabaseDialect;
  logger: Logger;
  deps: ProcessingDependencies;
  markForStitch: MarkForStitch;
  /** How often entities with external inputs are re-read; each run picks a time in [interval, 1.5 × interval]. */
  refreshIntervalMs: number;
  /** How long a claim lasts before another worker may take the row. */
  claimTimeoutMs?: number;
  now?: () => number;
}

interface ClaimedRow {
  entity_id: string;
  entity_ref: string;
  unprocessed: string;
  unprocessed_hash: string;
  result_hash: string | null;
  cache: string | null;
}

/** A claimed row with what processing made of it. */
interface ProcessedRow {
  row: ClaimedRow;
  result: ProcessingResult;
  /** `result.processed` as stored (`JSON.stringify`), or null when the result is not ok. */
  processedJson: string | null;
  hash: string;
}

/** Rows per multi-row statement: far below SQLite's and PostgreSQL's bind-variable limits. */
const CHUNK = 500;

/** What processing writes to `entities` and `relations`, for the batched helpers of sql-helpers.ts. */
const ENTITY_SCHEDULE: TableRowsSpec = {
  table: 'entities',
  columns: { entity_id: 'text', next_update_at: 'bigint', claimed_until: 'bigint', cache: 'text' },
};
const ENTITY_RESULT: TableRowsSpec = {
  table: 'entities',
  columns: { ...ENTITY_SCHEDULE.columns, result_hash: 'text', errors: 'text', updated_at: 'bigint' },
};
const ENTITY_PROCESSED: TableRowsSpec = {
  table: 'entities',
  columns: { ...ENTITY_RESULT.columns, processed: 'text' },
};
/** Every `relations` column. */
export const RELATIONS: TableRowsSpec = {
  table: 'relations',
  columns: { originating_entity_id: 'text', source_ref: 'text', type: 'text', target_ref: 'text' },
};
/** Every `edges` column but the generated id. */
export const EDGES: TableRowsSpec = {
  table: 'edges',
  columns: { source_key: 'text', source_entity_ref: 'text', via: 'text', target_entity_ref: 'text' },
};
const REFRESH_KEYS: TableRowsSpec = { table: 'refresh_keys', columns: { entity_id: 'text', key: 'text' } };

/**
 * Processes due entities in batches (decision 0002): claims rows whose
 * `next_update_at` has come, runs {@link processEntity} on each, and writes every
 * changed result of the batch in ONE transaction — the entity rows, the children it
 * emitted, the edges to them, the relation diff, refresh keys and the stitch-queue
 * entries — so a failed write leaves nothing half done. An unchanged result writes only
 * the next refresh time.
 *
 * @example
 * const engine = new ProcessingEngine({ db, dialect, logger, deps, markForStitch, refreshIntervalMs: 100_000 });
 * while ((await engine.processBatch({ limit: 200 })) > 0) {}
 */
export class ProcessingEngine {
  readonly #o: Required<Omit<ProcessingEngineOptions, 'now'>> & { now: () => number };

  constructor(options: ProcessingEngineOptions) {
    this.#o = { claimTimeoutMs: 60_000, now: Date.now, ...options };
  }

  /** Processes up to `limit` due entities; returns how many were claimed. */
  async processBatch(options: { limit: number; signal?: AbortSignal }): Promise<number> {
    // Entities a claim made due (a Location's children) fill the rest of the batch at once
    // instead of waiting for the loop's next poll: one poll interval per level of locations.
    let claimed = 0;
    while (claimed < options.limit) {
      const more = await this.#processClaim(options.limit - claimed, options.signal);
      if (more === 0) break;
      claimed += more;
    }
    return claimed;
  }

  /** Claims up to `limit` due entities, processes them and writes the results in one transaction. */
  async #processClaim(limit: number, signal: AbortSignal | undefined): Promise<number> {
    const rows = await this.#claim(limit);
    if (rows.length === 0) return 0;
    const results: ProcessedRow[] = [];
    // Processors rarely wait on I/O, so a batch would otherwise run as one synchronous block.
    const slice = new TimeSlice();
    for (const row of rows) {
      if (slice.due) await slice.yield();
      const result = await processEntity(
        {
          entity: JSON.parse(row.unprocessed) as Entity,
          entityRef: row.entity_ref,
          cache: row.cache ? (JSON.parse(row.cache) as Record<string, unknown>) : {},
          ...(signal ? { signal } : {}),
        },
        this.#o.deps,
      );
      // Serialised once: stored as `processed` and hashed as it is.
      const processedJson = result.processed ? JSON.stringify(result.processed) : null;
      results.push({ row, result, processedJson, hash: resultHash(result, processedJson) });
    }
    try {
      await retryTransient(() => this.#o.db.transaction().execute((trx) => this.#write(trx, results)));
    } catch (error) {
      // Let the rows be claimed again soon rather than when the claim expires.
      await this.#o.db
        .updateTable('entities')
        .set({ claimed_until: null })
        .where(
          'entity_id',
          'in',
          rows.map((row) => row.entity_id),
        )
        .execute()
        .catch(() => {});
      throw error;
    }
    return rows.length;
  }

  async #claim(limit: number): Promise<ClaimedRow[]> {
    const now = this.#o.now();
    const due = this.#o.db
      .selectFrom('entities')
      .select('entity_id')
      .where('next_update_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('next_update_at')
      .limit(limit);
    const claimable = this.#o.dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
    return this.#o.db
      .updateTable('entities')
      .set({ claimed_until: now + this.#o.claimTimeoutMs })
      .where('entity_id', 'in', claimable)
      .returning(['entity_id', 'entity_ref', 'unprocessed', 'unprocessed_hash', 'result_hash', 'cache'])
      .execute();
  }

  async #write(trx: Transaction<CatalogDatabase>, results: ProcessedRow[]): Promise<void> {
    const { dialect } = this.#o;
    const now = this.#o.now();
    const toStitch = new Set<string>();
    const byRef = [...results].sort((a, b) => (a.row.entity_ref < b.row.entity_ref ? -1 : 1));
    const nextUpdateAt = (result: ProcessingResult) =>
      result.externalState ? Math.round(now + this.#o.refreshIntervalMs * (1 + Math.random() / 2)) : null;

    const unchanged = byRef.filter(({ row, hash }) => hash === row.result_hash);
    await updateRows(
      trx,
      dialect,
      ENTITY_SCHEDULE,
      'entity_id',
      unchanged.map(({ row, result }) => ({
        entity_id: row.entity_id,
        next_update_at: nextUpdateAt(result),
        claimed_until: null,
        cache: JSON.stringify(result.cache),
      })),
    );

    const changed = byRef.filter(({ row, hash }) => hash !== row.result_hash);
    const ok = changed.filter(({ result }) => result.ok);
    for (const ref of await this.#replaceRelations(trx, ok)) toStitch.add(ref);
    const withEdges = new Set(
      (
        await inChunks(
          dialect,
          ok.map(({ row }) => row.entity_ref),
          (refs) =>
            trx
              .selectFrom('edges')
              .select('source_entity_ref')
              .distinct()
              .where(inList(dialect, 'source_entity_ref', refs))
              .execute(),
        )
      ).map((edge) => edge.source_entity_ref),
    );
    const errorsById = new Map<string, SerializedError[]>();
    for (const { row, result } of ok) {
      if (result.children.length === 0 && result.unchangedVia.length === 0 && !withEdges.has(row.entity_ref))
        continue;
      const children = await this.#replaceChildren(trx, row, result, now);
      for (const ref of children.affected) toStitch.add(ref);
      errorsById.set(
        row.entity_id,
        children.conflicts.map((conflict) => ({
          name: 'ConflictError',
          message: `Entity '${conflict.ref}' from ${conflict.newKey} is already provided by ${conflict.existingKey}; it stays with the first. Remove one of the two, or rename it`,
        })),
      );
    }

    const failed = changed.filter(({ result }) => !result.ok);
    const entityRow = ({ row, result, hash }: (typeof changed)[number]) => {
      const errors = [...result.errors, ...(errorsById.get(row.entity_id) ?? [])];
      return {
        entity_id: row.entity_id,
        result_hash: hash,
        errors: errors.length > 0 ? JSON.stringify(errors) : null,
        cache: JSON.stringify(result.cache),
        next_update_at: nextUpdateAt(result),
        claimed_until: null,
        updated_at: now,
      };
    };
    await updateRows(trx, dialect, ENTITY_RESULT, 'entity_id', failed.map(entityRow));
    await updateRows(
      trx,
      dialect,
      ENTITY_PROCESSED,
      'entity_id',
      ok.map((item) => ({ ...entityRow(item), processed: item.processedJson })),
    );
    for (const { row } of changed) toStitch.add(row.entity_ref);

    const okIds = ok.map(({ row }) => row.entity_id);
    await forEachChunk(dialect, okIds, (ids) =>
      trx
        .deleteFrom('refresh_keys')
        .where(inList(dialect, 'entity_id', ids))
        .execute(),
    );
    await insertRows(
      trx,
      dialect,
      REFRESH_KEYS,
      ok.flatMap(({ row, result }) => result.refreshKeys.map((key) => ({ entity_id: row.entity_id, key }))),
    );
    await this.#rescheduleChangedInputs(
      trx,
      byRef.map(({ row }) => row),
      now,
    );
    await this.#o.markForStitch(trx, toStitch);
  }

  /**
   * An entity whose input changed while it was processed (a parent in this batch, or a
   * provider on another instance, wrote a new version) must be processed again: what
   * was just written came from the old input.
   */
  async #rescheduleChangedInputs(
    trx: Transaction<CatalogDatabase>,
    rows: readonly ClaimedRow[],
    now: number,
  ) {
    const { dialect } = this.#o;
    const claimed = new Map(rows.map((row) => [row.entity_id, row.unprocessed_hash]));
    const current = await inChunks(dialect, [...claimed.keys()], (ids) =>
      trx
        .selectFrom('entities')
        .select(['entity_id', 'unprocessed_hash'])
        .where(inList(dialect, 'entity_id', ids))
        .execute(),
    );
    const changed = current
      .filter((row) => row.unprocessed_hash !== claimed.get(row.entity_id))
      .map((row) => row.entity_id);
    await forEachChunk(dialect, changed, (ids) =>
      trx
        .updateTable('entities')
        .set({ next_update_at: now })
        .where(inList(dialect, 'entity_id', ids))
        .execute(),
    );
  }

  /**
   * Replaces the relations the entities originate, for the whole batch at once; returns
   * the refs whose final form changes (the sources of relations added or removed).
   */
  async #replaceRelations(
    trx: Transaction<CatalogDatabase>,
    items: readonly { row: ClaimedRow; result: ProcessingResult }[],
  ): Promise<string[]> {
    const { dialect } = this.#o;
    const key = (r: { source_ref: string; type: string; target_ref: string }) =>
      `${r.source_ref}\n${r.type}\n${r.target_ref}`;
    const before = new Map<string, { source_ref: string; type: string; target_ref: string }[]>();
    const stored = await inChunks(
      dialect,
      items.map(({ row }) => row.entity_id),
      (ids) =>
        trx
          .selectFrom('relations')
          .select(['originating_entity_id', 'source_ref', 'type', 'target_ref'])
          .where(inList(dialect, 'originating_entity_id', ids))
          .execute(),
    );
    for (const relation of stored) {
      const list = before.get(relation.originating_entity_id) ?? [];
      list.push(relation);
      before.set(relation.originating_entity_id, list);
    }
    const affected: string[] = [];
    const rewrite: string[] = [];
    const inserts: Record<string, string>[] = [];
    for (const { row, result } of items) {
      const after = new Map(
        result.relations.map((r) => {
          const rel = { source_ref: r.source, type: r.type, target_ref: r.target };
          return [key(rel), rel] as const;
        }),
      );
      const previous = before.get(row.entity_id) ?? [];
      const beforeKeys = new Set(previous.map(key));
      const removed = previous.filter((r) => !after.has(key(r)));
      const added = [...after.values()].filter((r) => !beforeKeys.has(key(r)));
      for (const r of [...removed, ...added]) affected.push(r.source_ref);
      if (removed.length > 0) {
        // Simpler than deleting single rows: drop the entity's relations and write the ones it has now.
        rewrite.push(row.entity_id);
        for (const r of after.values()) inserts.push({ originating_entity_id: row.entity_id, ...r });
      } else {
        for (const r of added) inserts.push({ originating_entity_id: row.entity_id, ...r });
      }
    }
    await forEachChunk(dialect, rewrite, (ids) =>
      trx
        .deleteFrom('relations')
        .where(inList(dialect, 'originating_entity_id', ids))
        .execute(),
    );
    await insertRows(trx, dialect, RELATIONS, inserts);
    return affected;
  }

  /**
   * Upserts the children of every source that was read, replaces the edges from
   * those sources, keeps the edges of unchanged sources and drops those of sources that
   * are gone. A child whose ref
   * another location already claimed is not taken over (reference §3.7). Returns the
   * refs whose orphan state may have changed.
   */
  async #replaceChildren(
    trx: Transaction<CatalogDatabase>,
    row: ClaimedRow,
    result: ProcessingResult,
    now: number,
  ) {
    const affected: string[] = [];
    const conflicts: UnprocessedConflict[] = [];
    for (const { via, entities, keep } of result.children) {
      const previous = await trx
        .selectFrom('edges')
        .select('target_entity_ref')
        .where('source_entity_ref', '=', row.entity_ref)
        .where('via', '=', via)
        .execute();
      await trx
        .deleteFrom('edges')
        .where('source_entity_ref', '=', row.entity_ref)
        .where('via', '=', via)
        .execute();
      const children = new Map<string, PreparedChild>();
      for (const child of entities) {
        if (child.ref !== row.entity_ref) children.set(child.ref, child);
      }
      const refused = await upsertUnprocessed(trx, this.#o.dialect, [...children.values()], now);
      conflicts.push(...refused);
      const edgeTargets = new Set(children.keys());
      for (const conflict of refused) edgeTargets.delete(conflict.ref);
      if (keep) {
        const keepRefs = keep === 'all' ? undefined : new Set(keep);
        for (const { target_entity_ref: ref } of previous) {
          if (!keepRefs || keepRefs.has(ref)) edgeTargets.add(ref);
        }
      }
      await insertRows(
        trx,
        this.#o.dialect,
        EDGES,
        [...edgeTargets].map((ref) => ({
          source_key: null,
          source_entity_ref: row.entity_ref,
          via,
          target_entity_ref: ref,
        })),
      );
      const before = new Set(previous.map((p) => p.target_entity_ref));
      for (const ref of before) if (!edgeTargets.has(ref)) affected.push(ref);
      for (const ref of edgeTargets) if (!before.has(ref)) affected.push(ref);
    }
    // Sources that are gone (a target dropped from a Location, a processor that emits
    // nothing now) lose their edges, so their children become orphans.
    const current = new Set([...result.children.map((c) => c.via), ...result.unchangedVia]);
    const stale = await this.#edgesNotVia(trx, row.entity_ref, current);
    const staleEdges = stale.filter((edge) => edge.via === null || !current.has(edge.via));
    for (let i = 0; i < staleEdges.length; i += CHUNK) {
      const chunk = staleEdges.slice(i, i + CHUNK);
      await trx
        .deleteFrom('edges')
        .where(
          'id',
          'in',
          chunk.map((edge) => edge.id),
        )
        .execute();
      for (const edge of chunk) affected.push(edge.target_entity_ref);
    }
    return { affected, conflicts };
  }

  /**
   * The edges from `sourceRef` whose `via` is not one of `vias`. The database leaves out
   * the current ones — a Location's 100,000 edges are not read to find the few stale
   * ones — unless the list would pass SQLite's variable limit; callers filter anyway.
   */
  #edgesNotVia(trx: Transaction<CatalogDatabase>, sourceRef: string, vias: ReadonlySet<string>) {
    const { dialect } = this.#o;
    const query = trx
      .selectFrom('edges')
      .select(['id', 'target_entity_ref', 'via'])
      .where('source_entity_ref', '=', sourceRef);
    if (dialect !== 'postgres' && vias.size >= SQLITE_MAX_VARIABLES) return query.execute();
    return query
      .where((eb) => eb.or([eb('via', 'is', null), eb.not(inList(dialect, 'via', [...vias]))]))
      .execute();
  }
}

/**
 * The hash that decides whether a result must be written. Children of location targets
 * enter through their per-target hashes (kept in the cache), so an unchanged target that
 * was not read again hashes the same as when it was. The processed entity enters as the
 * JSON text that is stored, serialised once instead of also walked in sorted-key order:
 * its key order follows the stored unprocessed JSON, which is only rewritten when the
 * entity's content changes, and a key-order change alone would cost one needless write,
 * never a missed one.
 */
function resultHash(result: ProcessingResult, processedJson: string | null): string {
  const rest = canonicalJson({
    ok: result.ok,
    relations: result.relations.map((r) => `${r.source}\n${r.type}\n${r.target}`).sort(),
    errors: result.errors,
    locations: result.cache[LOCATION_STATE] ?? null,
    emitted: result.children
      .filter((c) => c.via.startsWith('processor:'))
      .map((c) => ({
        via: c.via,
        entities: c.entities.map((e) => [e.hash, e.locationKey]),
      })),
    refreshKeys: result.refreshKeys,
  });
  return hash('sha1', `${processedJson ?? 'null'}\n${rest}`, 'hex');
}
