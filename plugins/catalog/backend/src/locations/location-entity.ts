import { createHash } from 'node:crypto';
import type { Entity } from '@greenroom/catalog-model';
import { MANAGED_BY_LOCATION, MANAGED_BY_ORIGIN_LOCATION } from '../reading/index.js';

/** A location as the API shows it: `{ id, type, target, entityRef }`. */
export interface Location {
  id: string;
  type: string;
  target: string;
  /** The ref of the Location entity that represents it (`location:default/generated-<sha1>`). */
  entityRef: string;
}

/** The name of the Location entity generated for `type:target`: `generated-` and a SHA-1 of it. */
export function generatedLocationName(type: string, target: string): string {
  return `generated-${createHash('sha1').update(`${type}:${target}`).digest('hex')}`;
}

/**
 * The Location entity that stands for a registered or configured location: processing
 * reads its target and emits what it finds. `name` keeps the entity's ref when a
 * registered location changes its target.
 *
 * @example
 * locationEntityFor({ type: 'url', target: 'https://example.com/catalog-info.yaml' });
 * // { kind: 'Location', metadata: { name: 'generated-…', annotations: { 'backstage.io/managed-by-location': 'url:https://…' } }, spec: { type: 'url', target: 'https://…' } }
 */
export function locationEntityFor(
  location: { type: string; target: string; presence?: 'required' | 'optional' | undefined },
  options: { name?: string } = {},
): Entity {
  const ref = `${location.type}:${location.target}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: {
      name: options.name ?? generatedLocationName(location.type, location.target),
      namespace: 'default',
      annotations: { [MANAGED_BY_LOCATION]: ref, [MANAGED_BY_ORIGIN_LOCATION]: ref },
    },
    spec: {
      type: location.type,
      target: location.target,
      ...(location.presence ? { presence: location.presence } : {}),
    },
  };
}

/** The ref of a Location entity by its name. */
export function locationEntityRef(name: string): string {
  return `location:default/${name}`;
}
