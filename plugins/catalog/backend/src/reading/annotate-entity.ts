import type { JsonPathSegment } from '@greenroom/catalog-model';
import type { ReadTarget } from './content-reader.js';
import { fileRef } from './location-source.js';

/** The location ref an entity was read from; always set by the catalog. */
export const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';
/** The location ref of the registration that led to the entity; always set by the catalog. */
export const MANAGED_BY_ORIGIN_LOCATION = 'backstage.io/managed-by-origin-location';
/** The folder of a URL-read entity file (`url:<folder>/`), unless the entity sets its own. */
export const SOURCE_LOCATION = 'backstage.io/source-location';

/**
 * Adds the location annotations to an entity read from a file, in place:
 * `managed-by-location` and `managed-by-origin-location` replace whatever the entity
 * says; for URL files, `source-location` is added under the entity's own value. View and
 * edit URLs need a code-host integration and are not set here. Returns a problem when
 * `metadata` or `metadata.annotations` is not a mapping.
 *
 * @example
 * annotateEntity(entity, { type: 'url', target: 'https://example.com/a/catalog-info.yaml' }, 'url:https://example.com/a/catalog-info.yaml');
 * // entity.metadata.annotations['backstage.io/source-location'] === 'url:https://example.com/a/'
 */
export function annotateEntity(
  entity: Record<string, unknown>,
  file: ReadTarget,
  originLocation: string,
): { path: JsonPathSegment[]; message: string } | undefined {
  const metadata = entity.metadata ?? {};
  if (!isMapping(metadata)) return { path: ['metadata'], message: '"metadata" must be a mapping' };
  const annotations = metadata.annotations ?? {};
  if (!isMapping(annotations)) {
    return { path: ['metadata', 'annotations'], message: '"metadata.annotations" must be a mapping' };
  }
  metadata.annotations = {
    ...(file.type === 'url' ? { [SOURCE_LOCATION]: `url:${new URL('./', file.target).href}` } : {}),
    ...annotations,
    [MANAGED_BY_LOCATION]: fileRef(file),
    [MANAGED_BY_ORIGIN_LOCATION]: originLocation,
  };
  entity.metadata = metadata;
  return undefined;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
