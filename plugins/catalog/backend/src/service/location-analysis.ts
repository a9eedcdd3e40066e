import { type Entity, stringifyEntityRef } from '@greenroom/catalog-model';
import { InputError } from '@greenroom/errors';
import { locationEntityFor } from '../locations/location-entity.js';
import type { LocationReading } from '../processing/location-reading.js';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type ProcessingDependencies,
  processEntity,
  type SerializedError,
} from '../processing/process-entity.js';

/** At most this many entities come out of one dry run. */
const MAX_DRY_RUN_ENTITIES = 10_000;

/** What a dry run of `POST /locations?dryRun=true` found. */
export interface DryRunResult {
  entities: Entity[];
}

/**
 * Processes without storing anything: the dry run of location registration,
 * `POST /validate-entity`, and `POST /analyze-location`.
 *
 * @example
 * const analysis = new LocationAnalysis(deps);
 * const { entities } = await analysis.dryRun({ type: 'url', target: 'https://example.com/catalog-info.yaml' });
 */
export class LocationAnalysis {
  readonly #deps: ProcessingDependencies;

  constructor(deps: ProcessingDependencies) {
    this.#deps = deps;
  }

  /**
   * Processes a location the way registering it would, following Location entities,
   * and returns every entity it yields (the generated Location first). Fails with an
   * `InputError` when an entity is invalid, when a target cannot be read, or when two
   * entities share a ref.
   */
  async dryRun(location: { type: string; target: string }): Promise<DryRunResult> {
    const root = locationEntityFor(location);
    const entities: Entity[] = [];
    const seen = new Set<string>();
    const queue: Entity[] = [root];
    while (queue.length > 0) {
      const entity = queue.shift()!;
      const ref = stringifyEntityRef(entity);
      if (seen.has(ref)) throw new InputError(`Duplicate nested entity: ${ref}`);
      seen.add(ref);
      const result = await processEntity({ entity, entityRef: ref, cache: {} }, this.#deps);
      if (result.errors.length > 0 || !result.ok || !result.processed) {
        throw new InputError(`Processing ${ref} failed: ${result.errors.map((e) => e.message).join('; ')}`);
      }
      entities.push(result.processed);
      for (const { entities: children } of result.children) {
        queue.push(...children.map((c) => JSON.parse(c.json) as Entity));
      }
      if (entities.length + queue.length > MAX_DRY_RUN_ENTITIES) {
        throw new InputError(
          `The location yields more than ${MAX_DRY_RUN_ENTITIES} entities; register it without a dry run`,
        );
      }
    }
    return { entities };
  }

  /**
   * Validates an entity as if read from `location` (`url:…`): annotations set, full
   * processing without reading any Location targets. Returns the problems, none if valid.
   */
  async validateEntity(entity: Entity, location: string): Promise<SerializedError[]> {
    if (!location.startsWith('url:')) {
      throw new InputError(`Invalid location '${location}': validate-entity takes a 'url:…' location`);
    }
    let ref: string;
    try {
      ref = stringifyEntityRef(entity);
    } catch (error) {
      return [{ name: 'InputError', message: (error as Error).message }];
    }
    const annotated: Entity = {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          [ANNOTATION_LOCATION]: location,
          [ANNOTATION_ORIGIN_LOCATION]: location,
        },
      },
    };
    const noReading: LocationReading = {
      resolveTargets: () => [],
      read: () => Promise.reject(new Error('not reading')),
    };
    const result = await processEntity(
      { entity: annotated, entityRef: ref.toLowerCase(), cache: {} },
      { ...this.#deps, locations: noReading },
    );
    return result.errors;
  }

  /**
   * What registering a repository or file would give (`POST /analyze-location`): the
   * entities already in its catalog file, or a suggested Component when there is none.
   */
  async analyze(
    location: { type: string; target: string },
    options: { catalogFilename?: string; isRegistered(type: string, target: string): Promise<boolean> },
  ): Promise<{
    existingEntityFiles: {
      entity: Entity;
      isRegistered: boolean;
      location: { type: string; target: string };
    }[];
    generateEntities: { entity: Partial<Entity>; fields: unknown[] }[];
  }> {
    if (location.type !== 'url') {
      throw new InputError(
        `Cannot analyze a '${location.type}' location; only 'url' locations can be analyzed`,
      );
    }
    const isFile = /\.ya?ml$/i.test(new URL(location.target).pathname);
    const fileUrl = isFile
      ? location.target
      : new URL(
          options.catalogFilename ?? 'catalog-info.yaml',
          location.target.endsWith('/') ? location.target : `${location.target}/`,
        ).href;
    const target = {
      type: 'url',
      target: fileUrl,
      presence: isFile ? ('required' as const) : ('optional' as const),
    };
    const read = await this.#deps.locations.read(target, { originLocation: `url:${fileUrl}` });
    if (read.errors.length > 0) {
      throw new InputError(`Could not analyze ${fileUrl}: ${read.errors.map((e) => e.message).join('; ')}`);
    }
    if (read.entities.length > 0) {
      const isRegistered = await options.isRegistered('url', fileUrl);
      return {
        existingEntityFiles: read.entities.map(({ entity }) => ({
          entity,
          isRegistered,
          location: { type: 'url', target: fileUrl },
        })),
        generateEntities: [],
      };
    }
    const name = new URL(location.target).pathname.split('/').filter(Boolean).at(-1) ?? 'component';
    return {
      existingEntityFiles: [],
      generateEntities: [
        {
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name },
            spec: { type: 'service', lifecycle: 'production' },
          },
          fields: [
            {
              field: 'metadata.name',
              state: 'analysisSuggestedValue',
              value: name,
              description: 'The name of the component, from the repository name',
            },
            {
              field: 'spec.owner',
              state: 'needsUserInput',
              value: null,
              description: 'The group that owns the component',
            },
          ],
        },
      ],
    };
  }
}
