import path from 'node:path';
import type { EntityProvider, EntityProviderConnection } from '../providers/entity-provider.js';
import { isGlobPattern } from '../reading/index.js';
import { locationEntityFor } from './location-entity.js';

/** A location from `catalog.locations`, its file target made absolute. */
export interface ConfigLocation {
  type: 'url' | 'file';
  target: string;
  presence?: 'required' | 'optional' | undefined;
}

/**
 * Resolves the file targets of `catalog.locations` against `baseDirectory`.
 *
 * @example
 * resolveConfigLocations([{ type: 'file', target: 'examples/catalog/all.yaml' }], '/srv/portal');
 * // [{ type: 'file', target: '/srv/portal/examples/catalog/all.yaml' }]
 */
export function resolveConfigLocations(
  locations: readonly ConfigLocation[],
  baseDirectory: string,
): ConfigLocation[] {
  return locations.map((location) =>
    location.type === 'file'
      ? { ...location, target: path.resolve(baseDirectory, location.target) }
      : location,
  );
}

/**
 * The directory a file location reads under: its folder, or for a glob the folder
 * before the first glob segment. The catalog allows file locations in config to read
 * there, as an operator who configured them trusts them.
 *
 * @example
 * fileLocationDirectory('/srv/catalog/**\/catalog-info.yaml'); // '/srv/catalog'
 */
export function fileLocationDirectory(target: string): string {
  if (!isGlobPattern(target)) return path.dirname(target);
  const segments = target.split(path.sep);
  const firstGlob = segments.findIndex((segment) => isGlobPattern(segment));
  return segments.slice(0, firstGlob).join(path.sep) || path.sep;
}

/**
 * The entity provider for `catalog.locations`: one Location entity per configured
 * location, replaced as a whole whenever the config is applied, so a location removed
 * from config goes with its entities.
 *
 * @example
 * const provider = new ConfigLocationsProvider(() => locations);
 * processing.addEntityProvider(provider);
 */
export class ConfigLocationsProvider implements EntityProvider {
  #connection: EntityProviderConnection | undefined;
  readonly #read: () => readonly ConfigLocation[];

  constructor(read: () => readonly ConfigLocation[]) {
    this.#read = read;
  }

  getProviderName(): string {
    return 'catalog-config-locations';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.apply();
  }

  /** Writes the configured locations again, e.g. after the config changed. */
  async apply(): Promise<void> {
    await this.#connection?.applyMutation({
      type: 'full',
      entities: this.#read().map((location) => ({ entity: locationEntityFor(location) })),
    });
  }
}
