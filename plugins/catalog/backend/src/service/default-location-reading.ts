import type { UrlReaderService } from '@greenroom/backend-plugin-api';
import type { Entity, LocationRef } from '@greenroom/catalog-model';
import type { LocationReading, LocationTarget, LocationTargetRead } from '../processing/location-reading.js';
import { type ReadLocationLimitsInput, readLocation, resolveLocationTargets } from '../reading/index.js';

/**
 * The catalog's own way of reading Location targets: `url` through the URL reader (hosts
 * allowed by `backend.reading.allow`), `file` only inside the allowed directories.
 *
 * @example
 * const reading = createDefaultLocationReading({ urlReader, allowedFileDirectories: ['/srv/catalog'] });
 */
export function createDefaultLocationReading(options: {
  urlReader: UrlReaderService;
  allowedFileDirectories: readonly string[];
  limits?: ReadLocationLimitsInput;
}): LocationReading {
  return {
    resolveTargets(locationEntity: Entity, base: LocationRef): LocationTarget[] {
      return resolveLocationTargets(locationEntity, base).map((target) => ({
        type: target.type,
        target: target.target,
        presence: target.presence ?? 'required',
      }));
    },
    async read(target, readOptions): Promise<LocationTargetRead> {
      const result = await readLocation(
        { type: target.type as 'url' | 'file', target: target.target, presence: target.presence },
        {
          urlReader: options.urlReader,
          allowedFileDirectories: options.allowedFileDirectories,
          originLocation: readOptions.originLocation,
          previousFingerprint: readOptions.previousFingerprint,
          signal: readOptions.signal,
          limits: options.limits,
        },
      );
      const keptRefs = result.errors.flatMap((error) => (error.entityRef ? [error.entityRef] : []));
      return {
        entities: result.entities.map(({ entity }) => ({ entity })),
        errors: result.errors.map(({ target: file, message, line, column }) => ({
          target: file,
          message,
          ...(line !== undefined ? { line } : {}),
          ...(column !== undefined ? { column } : {}),
        })),
        unchanged: result.unchanged,
        fingerprint: result.fingerprint,
        refreshKeys: result.refreshKeys,
        incomplete: result.incomplete,
        ...(keptRefs.length > 0 ? { keptRefs } : {}),
      };
    },
  };
}
