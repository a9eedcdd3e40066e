import type { Entity } from '@greenroom/catalog-model';

/** An entity handed to the catalog by a provider, with the key that may claim its ref. */
export interface ProvidedEntity {
  entity: Entity;
  /** Conflict key (reference §3.7); defaults to the entity's `backstage.io/managed-by-location`. */
  locationKey?: string | null;
}

/**
 * A change to a provider's entities. `full` replaces everything the provider provides
 * (entities it no longer lists are removed); `delta` adds or updates some and removes
 * others.
 */
export type EntityProviderMutation =
  | { type: 'full'; entities: ProvidedEntity[] }
  | {
      type: 'delta';
      added: ProvidedEntity[];
      removed: (ProvidedEntity | { entityRef: string; locationKey?: string })[];
    };

/** What a provider uses to talk to the catalog once connected. */
export interface EntityProviderConnection {
  applyMutation(mutation: EntityProviderMutation): Promise<void>;
  /** Processes again, soon, every entity whose refresh keys include one of `keys` (e.g. a changed file's URL). */
  refresh(options: { keys: string[] }): Promise<void>;
}

/**
 * A source of entities outside the catalog's own locations: an org directory, a code
 * host, an HTTP hook. Register one through the catalog's providers extension point.
 *
 * @example
 * const provider: EntityProvider = {
 *   getProviderName: () => 'hr-directory',
 *   async connect(connection) {
 *     await scheduler.scheduleTask({ id: 'hr-directory', frequency: { hours: 1 }, timeout: { minutes: 5 },
 *       fn: async () => connection.applyMutation({ type: 'full', entities: await readDirectory() }) });
 *   },
 * };
 */
export interface EntityProvider {
  getProviderName(): string;
  connect(connection: EntityProviderConnection): Promise<void>;
}
