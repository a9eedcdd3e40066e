import type { DatabaseDialect, Logger } from '@greenroom/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@greenroom/catalog-model';
import { InputError } from '@greenroom/errors';
import type { Kysely, Transaction } from 'kysely';
import type { CatalogDatabase } from '../database/tables.js';
import { type UnprocessedRow, upsertUnprocessed } from '../database/upsert-unprocessed.js';
import { ANNOTATION_LOCATION } from '../processing/process-entity.js';
import type { MarkForStitch } from '../processing/processing-engine.js';
import { stableHash } from '../shared/stable-hash.js';
import type { EntityProviderConnection, EntityProviderMutation, ProvidedEntity } from './entity-provider.js';
import { removeEntities } from './remove-entities.js';

const CHUNK = 500;

/**
 * The catalog's side of an entity provider: applies full and delta mutations to the
 * entities table in one transaction each. New or changed entities become due for
 * processing; unchanged ones are not touched; entities the provider no longer provides
 * are removed with their orphaned descendants; a ref already claimed by another source is
 * left to it (reference §3.7).
 *
 * @example
 * await new ProviderConnection({ db, dialect, providerName: 'hr-directory', markForStitch }).applyMutation({ type: 'full', entities });
 */
export class ProviderConnection implements EntityProviderConnection {
  readonly #db: Kysely<CatalogDatabase>;
  readonly #dialect: DatabaseDialect;
  readonly #name: string;
  readonly #markForStitch: MarkForStitch;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;

  constructor(options: {
    db: Kysely<CatalogDatabase>;
    dialect: DatabaseDialect;
    providerName: string;
    markForStitch: MarkForStitch;
    logger?: Logger;
    now?: () => number;
  }) {
    this.#logger = options.logger;
    this.#db = options.db;
    this.#dialect = options.dialect;
    this.#name = options.providerName;
    this.#markForStitch = options.markForStitch;
    this.#now = options.now ?? Date.now;
  }

  async applyMutation(mutation: EntityProviderMutation): Promise<void> {
    const provided = mutation.type === 'full' ? mutation.entities : mutation.added;
    const entries = provided.map((p, index) => this.#entry(p, index));
    await this.#db.transaction().execute(async (trx) => {
      const existing = new Set(
        (
          await trx
            .selectFrom('edges')
            .select('target_entity_ref')
            .where('source_key', '=', this.#name)
            .execute()
        ).map((e) => e.target_entity_ref),
      );
      let removedRefs: string[];
      if (mutation.type === 'full') {
        const kept = new Set(entries.map((e) => e.ref));
        removedRefs = [...existing].filter((ref) => !kept.has(ref));
      } else {
        removedRefs = mutation.removed.map((r) =>
          'entityRef' in r ? r.entityRef : stringifyEntityRef(r.entity),
        );
      }
      const conflicts = await upsertUnprocessed(trx, this.#dialect, entries, this.#now());
      for (const conflict of conflicts) {
        this.#logger?.warn(
          `Provider '${this.#name}' gave entity '${conflict.ref}' with key ${conflict.newKey}, but ${conflict.existingKey} provides it already; it stays with the first`,
        );
      }
      const refused = new Set(conflicts.map((c) => c.ref));
      const newEdges = entries.filter((e) => !existing.has(e.ref) && !refused.has(e.ref));
      for (let i = 0; i < newEdges.length; i += CHUNK) {
        await trx
          .insertInto('edges')
          .values(
            newEdges.slice(i, i + CHUNK).map((e) => ({
              source_key: this.#name,
              source_entity_ref: null,
              via: null,
              target_entity_ref: e.ref,
            })),
          )
          .execute();
      }
      const touched = new Set<string>(newEdges.map((e) => e.ref));
      if (removedRefs.length > 0) {
        for (let i = 0; i < removedRefs.length; i += CHUNK) {
          await trx
            .deleteFrom('edges')
            .where('source_key', '=', this.#name)
            .where('target_entity_ref', 'in', removedRefs.slice(i, i + CHUNK))
            .execute();
        }
        const orphaned = await this.#unreferenced(trx, removedRefs);
        for (const ref of await removeEntities(trx, orphaned)) touched.add(ref);
      }
      await this.#markForStitch(trx, touched);
    });
  }

  async refresh(options: { keys: string[] }): Promise<void> {
    const now = this.#now();
    for (let i = 0; i < options.keys.length; i += CHUNK) {
      const keys = options.keys.slice(i, i + CHUNK);
      await this.#db
        .updateTable('entities')
        .set({ next_update_at: now })
        .where('entity_id', 'in', (eb) =>
          eb.selectFrom('refresh_keys').select('entity_id').where('key', 'in', keys),
        )
        .execute();
    }
  }

  #entry(provided: ProvidedEntity, index: number): UnprocessedRow {
    const { entity } = provided;
    if (
      typeof entity !== 'object' ||
      entity === null ||
      typeof entity.apiVersion !== 'string' ||
      typeof entity.kind !== 'string' ||
      typeof entity.metadata?.name !== 'string'
    ) {
      throw new InputError(
        `Provider '${this.#name}' gave an invalid entity at position ${index}: apiVersion, kind and metadata.name must be strings`,
      );
    }
    const locationKey =
      provided.locationKey === undefined
        ? (entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? null)
        : provided.locationKey;
    return {
      ref: stringifyEntityRef(entity),
      json: JSON.stringify(entity),
      hash: stableHash(entity as Entity),
      locationKey,
    };
  }

  /** The refs among `refs` that no edge points at any more. */
  async #unreferenced(trx: Transaction<CatalogDatabase>, refs: string[]): Promise<string[]> {
    const referenced = new Set<string>();
    for (let i = 0; i < refs.length; i += CHUNK) {
      const rows = await trx
        .selectFrom('edges')
        .select('target_entity_ref')
        .distinct()
        .where('target_entity_ref', 'in', refs.slice(i, i + CHUNK))
        .execute();
      for (const row of rows) referenced.add(row.target_entity_ref);
    }
    return refs.filter((ref) => !referenced.has(ref));
  }
}
