import { type DatabaseDialect, LookupBatcher } from '@greenroom/backend-plugin-api';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../database/tables.js';
import type { CatalogChanges } from '../../stitching/catalog-changes.js';
import type { EntitiesRequest } from '../query/entities-request.js';
import type { EntityFacetsRequest } from '../query/entity-facets-request.js';
import type { EntityFilter } from '../query/entity-filter.js';
import type { EntitiesQuery } from '../query/query-entities-request.js';
import { type EntityAncestry, findAncestry } from './ancestry.js';
import { findEntitiesByRefs, findEntityByUid } from './entity-lookup.js';
import { type EntityFacets, entityFacets } from './facets.js';
import { listEntitiesPage, streamEntities } from './list-entities.js';
import { type QueryEntitiesResult, queryEntities } from './query-entities.js';
import { ReadPlanner } from './read-planner.js';

/** Options of {@link CatalogReader}. */
export interface CatalogReaderOptions {
  db: Kysely<CatalogDatabase>;
  dialect: DatabaseDialect;
  /** The catalog's changes; cached counts, facets and match lists last while its generation holds. */
  changes: CatalogChanges;
  /**
   * Awaited before a read that may be served from the caches, to bring `changes` up to
   * other instances' writes (`StoredGeneration.fresh` in stored-generation.ts). Without
   * it the caches see this process's writes only, and `cacheMaxAgeMs` bounds the rest.
   */
  fresh?: () => Promise<void>;
  /** Longest a cached count, facet list or match list is served (default 60 s). */
  cacheMaxAgeMs?: number;
  /** Most cached reads kept (default 500). */
  cacheMaxEntries?: number;
  /**
   * Largest by-query match set (e.g. of a full-text filter) cached as a sorted list of
   * uids, from which pages are then read by uid (default 4096; 0 = never).
   */
  matchListCap?: number;
}

/**
 * What every read method accepts. `restriction` is a permission filter: ANDed with
 * the caller's filter on every call, never written into cursors, and part of every
 * cache key.
 */
export interface ReadOptions {
  restriction?: EntityFilter;
}

/**
 * The SQL behind the catalog REST API's reads, over `final_entities` and the flattened
 * `search` table. Entities come back as their stored JSON text, never parsed.
 *
 * Counts (`totalItems`) and facets are cached in-process, keyed by the normalised read
 * including the restriction, and served only while `changes.generation` is unchanged
 * AND for at most `cacheMaxAgeMs` (60 s). The generation moves with this process's
 * stitch writes at once and, through `fresh`, with every other instance's within a
 * second (the generation stored in the database; see stored-generation.ts), so an
 * unchanged catalog keeps its cached reads and a changed one drops them. The same holds
 * for the sorted uid lists of small by-query match sets (full-text searches above all):
 * their entities' JSON is always read fresh and rechecked against the filter and
 * restriction. Entity JSON itself is never cached.
 *
 * @example
 * const reader = new CatalogReader({ db, dialect: database.dialect, changes: stitcher.changes });
 * const json = await reader.getByRef('component:default/billing');
 * const page = await reader.queryEntities(parseQueryEntitiesGetRequest(request.query), { restriction });
 */
export class CatalogReader {
  readonly #db: Kysely<CatalogDatabase>;
  readonly #dialect: DatabaseDialect;
  readonly #planner: ReadPlanner;
  readonly #fresh: () => Promise<void>;
  readonly #byRef: LookupBatcher<string, string | null>;
  // Per restriction object: a caller's restriction is one object while its read decision
  // is cached (CatalogAccess), so that caller's concurrent lookups share a statement too.
  readonly #byRefRestricted = new WeakMap<EntityFilter, LookupBatcher<string, string | null>>();

  constructor(options: CatalogReaderOptions) {
    this.#db = options.db;
    this.#dialect = options.dialect;
    this.#fresh = options.fresh ?? (() => Promise.resolve());
    this.#planner = new ReadPlanner(this.#db, this.#dialect, {
      generation: () => options.changes.generation,
      ...(options.cacheMaxAgeMs === undefined ? {} : { maxAgeMs: options.cacheMaxAgeMs }),
      ...(options.cacheMaxEntries === undefined ? {} : { maxEntries: options.cacheMaxEntries }),
      ...(options.matchListCap === undefined ? {} : { matchListCap: options.matchListCap }),
    });
    this.#byRef = this.#refBatcher(undefined);
  }

  /**
   * The entity with this lowercase canonical ref, as stored JSON. Lookups made in the
   * same turn of the event loop under the same restriction (or none) share one statement
   * (`LookupBatcher`): concurrent by-name reads cost the database one query.
   */
  async getByRef(ref: string, options: ReadOptions = {}): Promise<string | undefined> {
    const { restriction } = options;
    const batcher = restriction ? this.#restrictedRefBatcher(restriction) : this.#byRef;
    return (await batcher.load(ref)) ?? undefined;
  }

  #restrictedRefBatcher(restriction: EntityFilter): LookupBatcher<string, string | null> {
    let batcher = this.#byRefRestricted.get(restriction);
    if (!batcher) {
      batcher = this.#refBatcher(restriction);
      this.#byRefRestricted.set(restriction, batcher);
    }
    return batcher;
  }

  #refBatcher(restriction: EntityFilter | undefined): LookupBatcher<string, string | null> {
    return new LookupBatcher({
      lookup: (refs) => findEntitiesByRefs(this.#db, this.#dialect, refs, undefined, restriction),
    });
  }

  /** The entity with this uid, as stored JSON. */
  getByUid(uid: string, options: ReadOptions = {}): Promise<string | undefined> {
    return findEntityByUid(this.#db, this.#dialect, uid, options.restriction);
  }

  /** One item per ref, in order: the entity, or null when missing or filtered out (≤ 1000 refs). */
  getByRefs(
    refs: string[],
    options: ReadOptions & { filter?: EntityFilter } = {},
  ): Promise<(string | null)[]> {
    return findEntitiesByRefs(this.#db, this.#dialect, refs, options.filter, options.restriction);
  }

  /** GET /entities without paging: every match in order, in chunks of at most 1000. */
  async *streamEntities(request: EntitiesRequest, options: ReadOptions = {}): AsyncGenerator<string[]> {
    await this.#fresh();
    yield* streamEntities(this.#db, this.#dialect, this.#planner, request, options.restriction);
  }

  /** GET /entities with offset/limit. */
  async listEntitiesPage(
    request: EntitiesRequest,
    options: ReadOptions = {},
  ): Promise<{ items: string[]; hasMore: boolean }> {
    await this.#fresh();
    return listEntitiesPage(this.#db, this.#dialect, this.#planner, request, options.restriction);
  }

  /** GET and POST /entities/by-query. */
  async queryEntities(query: EntitiesQuery, options: ReadOptions = {}): Promise<QueryEntitiesResult> {
    await this.#fresh();
    return queryEntities(this.#db, this.#dialect, this.#planner, query, options.restriction);
  }

  /** GET and POST /entity-facets. */
  async facets(request: EntityFacetsRequest, options: ReadOptions = {}): Promise<EntityFacets> {
    await this.#fresh();
    return entityFacets(this.#db, this.#dialect, this.#planner, request, options.restriction);
  }

  /** GET /entities/by-name/…/ancestry; undefined when the entity is missing or not visible. */
  ancestry(ref: string, options: ReadOptions = {}): Promise<EntityAncestry | undefined> {
    return findAncestry(this.#db, this.#dialect, ref, options.restriction);
  }
}
