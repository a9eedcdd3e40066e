import type { Entity, LocationRef } from '@greenroom/catalog-model';

/** A location target to read: a file, a URL, or a glob of either. */
export interface LocationTarget {
  type: string;
  target: string;
  presence: 'required' | 'optional';
}

/** What reading one target gave. */
export interface LocationTargetRead {
  entities: { entity: Entity }[];
  errors: { target: string; message: string; line?: number; column?: number }[];
  /** Nothing changed since `previousFingerprint`: no entities were read. */
  unchanged: boolean;
  fingerprint: string;
  refreshKeys: string[];
  /**
   * Some files could not be read: `entities` is not the whole target, so entities it
   * produced before and are missing now are kept rather than removed.
   */
  incomplete?: boolean;
  /** Refs of entities left out because of a problem with them: their previous versions stay. */
  keptRefs?: string[];
}

/**
 * How processing reads the targets of `kind: Location` entities. The default is
 * `src/reading/` (URL reader and allowed file directories); tests may use their own.
 */
export interface LocationReading {
  /** The targets of a Location entity, relative ones resolved against the file it came from. */
  resolveTargets(locationEntity: Entity, base: LocationRef): LocationTarget[];
  read(
    location: LocationTarget,
    options: { originLocation: string; previousFingerprint?: string; signal?: AbortSignal },
  ): Promise<LocationTargetRead>;
}
