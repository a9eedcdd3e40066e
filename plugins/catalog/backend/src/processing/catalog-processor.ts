import type { Entity, LocationRef, RelationTriple } from '@greenroom/catalog-model';

/** An entity emitted while processing another, with the conflict key of its source. */
export interface DeferredEntity {
  entity: Entity;
  /** Who may claim the ref; `undefined` means the emitting location's ref, `null` means nobody in particular. */
  locationKey?: string | null;
}

/** What a processor may emit besides changing the entity. */
export interface ProcessingEmitter {
  entity(entity: Entity, options?: { locationKey?: string | null }): void;
  relation(relation: RelationTriple): void;
  refreshKey(key: string): void;
  error(error: Error): void;
}

/** A processor's own JSON state, kept between runs of the same entity. */
export interface ProcessorCache {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

/** What a processor sees while one entity is processed. */
export interface ProcessorContext {
  /** Where the entity was read from (`backstage.io/managed-by-location`). */
  location: LocationRef;
  /** The registration that led to it (`backstage.io/managed-by-origin-location`). */
  originLocation: LocationRef;
  emit: ProcessingEmitter;
  cache: ProcessorCache;
}

/**
 * Extends processing, like Backstage's processors: `preProcessEntity` may change the
 * entity before it is validated, `postProcessEntity` may emit relations, entities and
 * refresh keys after. Processors run in `priority` order (lower first, default 20).
 * A processor whose output depends on something outside the entity (a remote API, a
 * file) sets `readsExternalState`, so entities it touches are re-processed periodically;
 * others are re-processed only when their input changes.
 *
 * @example
 * const tierProcessor: CatalogProcessor = {
 *   name: 'tier-label',
 *   preProcessEntity: (entity) => ({ ...entity, metadata: { ...entity.metadata, labels: { ...entity.metadata.labels, tier: '1' } } }),
 * };
 */
export interface CatalogProcessor {
  readonly name: string;
  readonly priority?: number;
  readonly readsExternalState?: boolean;
  preProcessEntity?(entity: Entity, context: ProcessorContext): Entity | Promise<Entity>;
  postProcessEntity?(entity: Entity, context: ProcessorContext): void | Promise<void>;
}
