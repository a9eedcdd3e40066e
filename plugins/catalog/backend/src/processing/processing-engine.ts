import type { DatabaseDialect, Logger } from '@greenroom/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@greenroom/catalog-model';
import type { Kysely, Transaction } from 'kysely';
import type { CatalogDatabase } from '../database/tables.js';
import { upsertUnprocessed } from '../database/upsert-unprocessed.js';
import { stableHash } from '../shared/stable-hash.js';
import {
  ANNOTATION_LOCATION,
  LOCATION_STATE,
  type ProcessingDependencies,
  type ProcessingResult,
  processEntity,
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
  result_hash: string | null;
  cache: string | null;
}

/** Rows per multi-row statement: far below SQLite's and PostgreSQL's bind-variable limits. */
const CHUNK = 500;

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
    const rows = await this.#claim(options.limit);
    if (rows.length === 0) return 0;
    const results: { row: ClaimedRow; result: ProcessingResult; hash: string }[] = [];
    for (const row of rows) {
      const result = await processEntity(
        {
          entity: JSON.parse(row.unprocessed) as Entity,
          entityRef: row.entity_ref,
          cache: row.cache ? (JSON.parse(row.cache) as Record<string, unknown>) : {},
          ...(options.signal ? { signal: options.signal } : {}),
        },
        this.#o.deps,
      );
      results.push({ row, result, hash: resultHash(result) });
    }
    await this.#o.db.transaction().execute((trx) => this.#write(trx, results));
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
      .returning(['entity_id', 'entity_ref', 'unprocessed', 'result_hash', 'cache'])
      .execute();
  }

  async #write(
    trx: Transaction<CatalogDatabase>,
    results: { row: ClaimedRow; result: ProcessingResult; hash: string }[],
  ): Promise<void> {
    const now = this.#o.now();
    const toStitch = new Set<string>();
    for (const { row, result, hash } of results) {
      const nextUpdateAt = result.externalState
        ? Math.round(now + this.#o.refreshIntervalMs * (1 + Math.random() / 2))
        : null;
      if (hash === row.result_hash) {
        await trx
          .updateTable('entities')
          .set({ next_update_at: nextUpdateAt, claimed_until: null, cache: JSON.stringify(result.cache) })
          .where('entity_id', '=', row.entity_id)
          .execute();
        continue;
      }
      await trx
        .updateTable('entities')
        .set({
          ...(result.ok ? { processed: JSON.stringify(result.processed) } : {}),
          result_hash: hash,
          errors: result.errors.length > 0 ? JSON.stringify(result.errors) : null,
          cache: JSON.stringify(result.cache),
          next_update_at: nextUpdateAt,
          claimed_until: null,
          updated_at: now,
        })
        .where('entity_id', '=', row.entity_id)
        .execute();
      toStitch.add(row.entity_ref);
      if (!result.ok) continue;
      for (const ref of await this.#replaceRelations(trx, row, result)) toStitch.add(ref);
      for (const ref of await this.#replaceChildren(trx, row, result, now)) toStitch.add(ref);
      await trx.deleteFrom('refresh_keys').where('entity_id', '=', row.entity_id).execute();
      if (result.refreshKeys.length > 0) {
        await trx
          .insertInto('refresh_keys')
          .values(result.refreshKeys.map((key) => ({ entity_id: row.entity_id, key })))
          .execute();
      }
    }
    await this.#o.markForStitch(trx, toStitch);
  }

  /** Replaces the relations this entity originates; returns the refs whose final form changes. */
  async #replaceRelations(trx: Transaction<CatalogDatabase>, row: ClaimedRow, result: ProcessingResult) {
    const key = (r: { source_ref: string; type: string; target_ref: string }) =>
      `${r.source_ref}\n${r.type}\n${r.target_ref}`;
    const before = await trx
      .selectFrom('relations')
      .select(['source_ref', 'type', 'target_ref'])
      .where('originating_entity_id', '=', row.entity_id)
      .execute();
    const after = new Map(
      result.relations.map((r) => {
        const rel = { source_ref: r.source, type: r.type, target_ref: r.target };
        return [key(rel), rel] as const;
      }),
    );
    const beforeKeys = new Set(before.map(key));
    const removed = before.filter((r) => !after.has(key(r)));
    const added = [...after.values()].filter((r) => !beforeKeys.has(key(r)));
    if (removed.length > 0) {
      await trx.deleteFrom('relations').where('originating_entity_id', '=', row.entity_id).execute();
      const kept = [...after.values()].filter((r) => beforeKeys.has(key(r)));
      await insertChunked(
        trx,
        'relations',
        kept.map((r) => ({ originating_entity_id: row.entity_id, ...r })),
      );
    }
    await insertChunked(
      trx,
      'relations',
      added.map((r) => ({ originating_entity_id: row.entity_id, ...r })),
    );
    return [...removed, ...added].map((r) => r.source_ref);
  }

  /**
   * Upserts the children of every source that was read, replaces the edges from
   * those sources, and keeps the edges of unchanged sources. A child whose ref
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
    for (const { via, entities } of result.children) {
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
      const children = new Map<
        string,
        { ref: string; json: string; hash: string; locationKey: string | null }
      >();
      for (const child of entities) {
        const ref = stringifyEntityRef(child.entity);
        if (ref === row.entity_ref) continue;
        const json = JSON.stringify(child.entity);
        const locationKey =
          child.locationKey === undefined
            ? (child.entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? null)
            : child.locationKey;
        children.set(ref, { ref, json, hash: stableHash(child.entity), locationKey });
      }
      await upsertUnprocessed(trx, [...children.values()], now);
      await insertChunked(
        trx,
        'edges',
        [...children.keys()].map((ref) => ({
          source_key: null,
          source_entity_ref: row.entity_ref,
          via,
          target_entity_ref: ref,
        })),
      );
      const now_ = new Set(children.keys());
      const before = new Set(previous.map((p) => p.target_entity_ref));
      for (const ref of before) if (!now_.has(ref)) affected.push(ref);
      for (const ref of now_) if (!before.has(ref)) affected.push(ref);
    }
    return affected;
  }
}

async function insertChunked<T extends keyof CatalogDatabase>(
  trx: Transaction<CatalogDatabase>,
  table: T,
  rows: Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as never)
      .execute();
  }
}

/**
 * The hash that decides whether a result must be written. Children of location targets
 * enter through their per-target hashes (kept in the cache), so an unchanged target that
 * was not read again hashes the same as when it was.
 */
function resultHash(result: ProcessingResult): string {
  return stableHash({
    ok: result.ok,
    processed: result.processed,
    relations: result.relations.map((r) => `${r.source}\n${r.type}\n${r.target}`).sort(),
    errors: result.errors,
    locations: result.cache[LOCATION_STATE] ?? null,
    emitted: result.children
      .filter((c) => c.via.startsWith('processor:'))
      .map((c) => ({
        via: c.via,
        entities: c.entities.map((e) => [stableHash(e.entity), e.locationKey ?? null]),
      })),
    refreshKeys: result.refreshKeys,
  });
}
