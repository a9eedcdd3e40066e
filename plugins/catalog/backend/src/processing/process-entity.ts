import { TimeSlice } from '@greenroom/backend-plugin-api';
import {
  type CatalogModel,
  type Entity,
  type LocationRef,
  parseLocationRef,
  type RelationTriple,
  stringifyEntityRef,
  stringifyLocationRef,
} from '@greenroom/catalog-model';
import { InputError, NotAllowedError } from '@greenroom/errors';
import { stableHash, textHash } from '../shared/stable-hash.js';
import type {
  CatalogProcessor,
  DeferredEntity,
  ProcessorCache,
  ProcessorContext,
} from './catalog-processor.js';
import type { LocationReading } from './location-reading.js';

export const ANNOTATION_LOCATION = 'backstage.io/managed-by-location';
export const ANNOTATION_ORIGIN_LOCATION = 'backstage.io/managed-by-origin-location';

/** A processing error as stored with the entity and shown in `status.items`. */
export interface SerializedError {
  name: string;
  message: string;
}

/**
 * A child entity in the form it is stored: serialised and hashed as soon as it is read,
 * so that a location of 100,000 entities holds compact strings, not object trees.
 */
export interface PreparedChild {
  ref: string;
  json: string;
  hash: string;
  /** Conflict key; `null` = nobody in particular. */
  locationKey: string | null;
}

/**
 * Serialises a child for storage; its conflict key defaults to its
 * `backstage.io/managed-by-location`. The hash is of the stored JSON itself: a child
 * is read from a file, whose key order only changes when someone edits it, and then an
 * extra write is all a reordering costs.
 *
 * @example
 * const child = prepareChild({ entity }); // { ref: 'component:default/billing', json, hash, locationKey }
 */
export function prepareChild(deferred: DeferredEntity): PreparedChild {
  const { entity } = deferred;
  const json = JSON.stringify(entity);
  return {
    ref: stringifyEntityRef(entity),
    json,
    hash: textHash(json),
    locationKey:
      deferred.locationKey === undefined
        ? (entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? null)
        : deferred.locationKey,
  };
}

/** Children produced by one source within an entity: a location target, or a processor. */
export interface EmittedChildren {
  via: string;
  entities: PreparedChild[];
  /**
   * Children of the previous run to keep although they were not emitted now: all of
   * them when the source was only partly read, or the refs of entities left out because
   * of a problem with them.
   */
  keep?: 'all' | readonly string[];
}

/** What processing one entity produced. */
export interface ProcessingResult {
  /** False when the entity itself is invalid; `processed` is then undefined. */
  ok: boolean;
  processed?: Entity;
  relations: RelationTriple[];
  /** Children of the sources that were read this time. */
  children: EmittedChildren[];
  /** Sources (location targets) that did not change: their children stay as they are. */
  unchangedVia: string[];
  refreshKeys: string[];
  errors: SerializedError[];
  /** The result depends on something outside the entity: process it again periodically. */
  externalState: boolean;
  /** Processors' caches and location fingerprints, for the next run. */
  cache: Record<string, unknown>;
}

/** Everything processing needs besides the entity. */
export interface ProcessingDependencies {
  model: CatalogModel;
  /** Sorted by priority. */
  processors: readonly CatalogProcessor[];
  locations: LocationReading;
  /** `catalog.rules`: may the origin location bring in this entity? */
  isAllowed(entity: Entity, originLocation: string): boolean;
}

/** Cache key of what processing remembers per location target. */
export const LOCATION_STATE = '$locations';

/** What is remembered of one location target between runs. */
interface LocationTargetState {
  fingerprint: string;
  refreshKeys: string[];
  /** Hash of the children it produced, so an unchanged target hashes the same without being read. */
  childrenHash: string;
}

/**
 * Processes one entity as Backstage's orchestrator does (reference §3.3): checks the
 * location annotations, runs pre-processors, normalises and validates against the
 * compiled model (the ref must not change), reads the targets of Location entities,
 * runs post-processors, and derives relations from the model. An error in the entity
 * makes the result not ok; an error in one child or target is recorded and the rest
 * continue. Location targets whose fingerprint did not change are not read again.
 *
 * @example
 * const result = await processEntity({ entity, entityRef, cache: {} }, deps);
 */
export async function processEntity(
  input: { entity: Entity; entityRef: string; cache: Record<string, unknown>; signal?: AbortSignal },
  deps: ProcessingDependencies,
): Promise<ProcessingResult> {
  const errors: SerializedError[] = [];
  const relations: RelationTriple[] = [];
  const refreshKeys = new Set<string>();
  const emitted = new Map<string, PreparedChild[]>();
  const kept = new Map<string, 'all' | readonly string[]>();
  const previousState = (input.cache[LOCATION_STATE] ?? {}) as Record<string, LocationTargetState>;
  const cache: Record<string, unknown> = {};
  let externalState = false;
  const fail = (): ProcessingResult => ({
    ok: false,
    relations: [],
    children: [],
    unchangedVia: [],
    refreshKeys: [],
    errors,
    externalState,
    cache: input.cache,
  });

  const annotations = input.entity.metadata?.annotations ?? {};
  let location: LocationRef;
  let originLocation: LocationRef;
  try {
    location = parseLocationRef(requireAnnotation(annotations, ANNOTATION_LOCATION));
    originLocation = parseLocationRef(requireAnnotation(annotations, ANNOTATION_ORIGIN_LOCATION));
  } catch (error) {
    errors.push(serializeError(error));
    return fail();
  }

  let entity = input.entity;
  for (const processor of deps.processors) {
    if (!processor.preProcessEntity) continue;
    externalState ||= processor.readsExternalState === true;
    try {
      entity = await processor.preProcessEntity(entity, contextFor(processor));
    } catch (error) {
      errors.push(serializeError(error, `Processor ${processor.name} failed`));
      return fail();
    }
  }

  entity = deps.model.normalizeEntity(entity);
  const issues = deps.model.validateEntity(entity);
  if (issues.length > 0) {
    for (const issue of issues) {
      const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      errors.push({ name: 'InputError', message: `${path}${issue.message}` });
    }
    return fail();
  }
  if (stringifyEntityRef(entity) !== input.entityRef) {
    errors.push({
      name: 'ConflictError',
      message: `Processing changed the entity ref from '${input.entityRef}' to '${stringifyEntityRef(entity)}'; processors must not rename entities`,
    });
    return fail();
  }

  const unchangedVia: string[] = [];
  if (entity.kind === 'Location') {
    externalState = true;
    const state: Record<string, LocationTargetState> = {};
    for (const target of deps.locations.resolveTargets(entity, location)) {
      const via = stringifyLocationRef({ type: target.type, target: target.target });
      try {
        const read = await deps.locations.read(target, {
          originLocation: stringifyLocationRef(originLocation),
          ...(previousState[via] ? { previousFingerprint: previousState[via].fingerprint } : {}),
          ...(input.signal ? { signal: input.signal } : {}),
        });
        // Reading's messages name the file (and line) themselves.
        for (const problem of read.errors) errors.push({ name: 'InputError', message: problem.message });
        const previous = previousState[via];
        if (read.unchanged && previous) {
          state[via] = previous;
          for (const key of previous.refreshKeys) refreshKeys.add(key);
          unchangedVia.push(via);
          continue;
        }
        for (const key of read.refreshKeys) refreshKeys.add(key);
        const children: PreparedChild[] = [];
        const slice = new TimeSlice();
        for (const { entity: child } of read.entities) {
          if (slice.due) await slice.yield();
          if (!deps.isAllowed(child, stringifyLocationRef(originLocation))) {
            errors.push(
              serializeError(
                new NotAllowedError(
                  `Entity '${stringifyEntityRef(child)}' of kind ${child.kind} from ${via} is not allowed by catalog.rules for ${stringifyLocationRef(originLocation)}; add the kind to catalog.rules or to the location's rules`,
                ),
              ),
            );
            continue;
          }
          try {
            children.push(prepareChild({ entity: child }));
          } catch (error) {
            errors.push(serializeError(error, `Entity in ${via}`));
          }
        }
        emitted.set(via, children);
        if (read.incomplete) kept.set(via, 'all');
        else if (read.keptRefs?.length) kept.set(via, read.keptRefs);
        state[via] = {
          // A partial read must be read again in full next time, whatever its files' fingerprints say.
          fingerprint: read.incomplete ? '' : read.fingerprint,
          refreshKeys: [...read.refreshKeys].sort(),
          childrenHash: stableHash(children.map((c) => [c.hash, c.locationKey])),
        };
      } catch (error) {
        errors.push(serializeError(error, `Could not read ${via}`));
        // Keep what this target produced before rather than dropping its entities on a read failure.
        const previous = previousState[via];
        if (previous) {
          state[via] = previous;
          for (const key of previous.refreshKeys) refreshKeys.add(key);
          unchangedVia.push(via);
        }
      }
    }
    cache[LOCATION_STATE] = state;
  }

  for (const processor of deps.processors) {
    if (!processor.postProcessEntity) continue;
    externalState ||= processor.readsExternalState === true;
    try {
      await processor.postProcessEntity(entity, contextFor(processor));
    } catch (error) {
      errors.push(serializeError(error, `Processor ${processor.name} failed`));
    }
  }

  relations.push(...deps.model.relationsOf(entity));
  return {
    ok: true,
    processed: entity,
    relations,
    children: [...emitted].map(([via, entities]) => {
      const keep = kept.get(via);
      return keep ? { via, entities, keep } : { via, entities };
    }),
    unchangedVia,
    refreshKeys: [...refreshKeys].sort(),
    errors,
    externalState,
    cache,
  };

  function contextFor(processor: CatalogProcessor): ProcessorContext {
    const via = `processor:${processor.name}`;
    const own = { ...((input.cache[processor.name] ?? {}) as Record<string, unknown>) };
    const processorCache: ProcessorCache = {
      get: <T>(key: string) => own[key] as T | undefined,
      set: (key, value) => {
        own[key] = value;
        cache[processor.name] = own;
      },
    };
    return {
      location,
      originLocation,
      cache: processorCache,
      emit: {
        entity: (child, options) => {
          const list = emitted.get(via) ?? [];
          list.push(
            prepareChild({
              entity: child,
              ...(options?.locationKey !== undefined ? { locationKey: options.locationKey } : {}),
            }),
          );
          emitted.set(via, list);
        },
        relation: (relation) => relations.push(relation),
        refreshKey: (key) => refreshKeys.add(key),
        error: (error) => errors.push(serializeError(error, `Processor ${processor.name}`)),
      },
    };
  }
}

function requireAnnotation(annotations: Record<string, string>, key: string): string {
  const value = annotations[key];
  if (!value) {
    throw new InputError(
      `The entity has no '${key}' annotation; entities must be emitted by a location or a provider that sets it`,
    );
  }
  return value;
}

/** Serialises an error for storage; `context` prefixes the message. */
export function serializeError(error: unknown, context?: string): SerializedError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return { name, message: context ? `${context}: ${message}` : message };
}
