import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@greenroom/errors';
import type { Kysely } from 'kysely';
import { encodeLocationCursor, type LocationsQuery, matchesLocation } from '../api/query/index.js';
import type { CatalogDatabase, LocationsTable } from '../database/tables.js';
import type { EntityProvider, EntityProviderConnection } from '../providers/entity-provider.js';
import {
  generatedLocationName,
  type Location,
  locationEntityFor,
  locationEntityRef,
} from './location-entity.js';

/** A location to register: `{ type, target }`, optionally `presence`. */
export interface LocationInput {
  type: string;
  target: string;
  presence?: 'required' | 'optional' | undefined;
}

type Row = Pick<LocationsTable, 'id' | 'type' | 'target' | 'location_entity_ref'>;

const toLocation = (row: Row): Location => ({
  id: row.id,
  type: row.type,
  target: row.target,
  entityRef: row.location_entity_ref,
});

const nameOf = (entityRef: string) => entityRef.slice(entityRef.indexOf('/') + 1);

/**
 * Locations registered through the API (`POST /locations`), kept in the `locations`
 * table, and the entity provider that turns each into a Location entity. Changing or
 * deleting a location changes or removes its entity — and with it, through pruning,
 * every entity read from it.
 *
 * @example
 * const store = new LocationStore(db);
 * processing.addEntityProvider(store);
 * const location = await store.createLocation({ type: 'url', target: 'https://example.com/catalog-info.yaml' });
 */
export class LocationStore implements EntityProvider {
  readonly #db: Kysely<CatalogDatabase>;
  #connection: EntityProviderConnection | undefined;

  constructor(db: Kysely<CatalogDatabase>) {
    this.#db = db;
  }

  getProviderName(): string {
    return 'catalog-registered-locations';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    const rows = await this.#db.selectFrom('locations').selectAll().execute();
    await connection.applyMutation({ type: 'full', entities: rows.map((row) => this.#provided(row)) });
  }

  async listLocations(): Promise<Location[]> {
    const rows = await this.#db.selectFrom('locations').selectAll().orderBy('id').execute();
    return rows.map(toLocation);
  }

  /** One page of `POST /locations/by-query`, ordered by id. */
  async queryLocations(query: LocationsQuery): Promise<{
    items: Location[];
    totalItems: number;
    pageInfo: { nextCursor?: string };
  }> {
    const all = (await this.listLocations()).filter((location) => matchesLocation(query.filter, location));
    const start = query.afterId === undefined ? 0 : all.findIndex((l) => l.id > query.afterId!);
    const from = start === -1 ? all.length : start;
    const items = all.slice(from, from + query.limit);
    const last = items.at(-1);
    const more = from + query.limit < all.length;
    return {
      items,
      totalItems: all.length,
      pageInfo:
        more && last
          ? {
              nextCursor: encodeLocationCursor({
                limit: query.limit,
                afterId: last.id,
                ...(query.filter ? { filter: query.filter } : {}),
              }),
            }
          : {},
    };
  }

  async getLocation(id: string): Promise<Location> {
    const row = await this.#db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError(`Found no location with ID ${id}`);
    return toLocation(row);
  }

  async findLocation(type: string, target: string): Promise<Location | undefined> {
    const row = await this.#db
      .selectFrom('locations')
      .selectAll()
      .where('type', '=', type)
      .where('target', '=', target)
      .executeTakeFirst();
    return row ? toLocation(row) : undefined;
  }

  /** Registers a location; `ConflictError` when `type:target` is already registered. */
  async createLocation(input: LocationInput): Promise<Location> {
    if (await this.findLocation(input.type, input.target)) {
      throw new ConflictError(`Location ${input.type}:${input.target} already exists`);
    }
    const row = {
      id: randomUUID(),
      type: input.type,
      target: input.target,
      location_entity_ref: locationEntityRef(generatedLocationName(input.type, input.target)),
      created_at: Date.now(),
    };
    try {
      await this.#db.insertInto('locations').values(row).execute();
    } catch (error) {
      // Two registrations of the same location raced; the unique constraint let one win.
      if (await this.findLocation(input.type, input.target)) {
        throw new ConflictError(`Location ${input.type}:${input.target} already exists`);
      }
      throw error;
    }
    try {
      await this.#connection?.applyMutation({
        type: 'delta',
        added: [this.#provided(row, input.presence)],
        removed: [],
      });
    } catch (error) {
      await this.#db.deleteFrom('locations').where('id', '=', row.id).execute();
      throw error;
    }
    return toLocation(row);
  }

  /** Changes a location's type and target; its Location entity keeps its ref. */
  async updateLocation(id: string, input: LocationInput): Promise<Location> {
    const existing = await this.getLocation(id);
    const other = await this.findLocation(input.type, input.target);
    if (other && other.id !== id) {
      throw new ConflictError(`Location ${input.type}:${input.target} already exists with ID ${other.id}`);
    }
    await this.#db
      .updateTable('locations')
      .set({ type: input.type, target: input.target })
      .where('id', '=', id)
      .execute();
    const row = { id, type: input.type, target: input.target, location_entity_ref: existing.entityRef };
    await this.#connection?.applyMutation({
      type: 'delta',
      added: [this.#provided(row, input.presence)],
      removed: [],
    });
    return toLocation(row);
  }

  /** Unregisters a location and removes its entity and everything read from it. */
  async deleteLocation(id: string): Promise<void> {
    const existing = await this.getLocation(id);
    await this.#db.deleteFrom('locations').where('id', '=', id).execute();
    await this.#connection?.applyMutation({
      type: 'delta',
      added: [],
      removed: [{ entityRef: existing.entityRef }],
    });
  }

  /**
   * The Location entity of a row. Its conflict key is the registration's id, not its
   * target, so that changing the target keeps the entity.
   */
  #provided(row: Row, presence?: 'required' | 'optional') {
    return {
      entity: locationEntityFor(
        { type: row.type, target: row.target, presence },
        { name: nameOf(row.location_entity_ref) },
      ),
      locationKey: `registered-location:${row.id}`,
    };
  }
}
