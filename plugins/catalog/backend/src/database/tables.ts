import type { ColumnType, Generated } from 'kysely';

/** Epoch milliseconds. PostgreSQL returns `bigint` columns as strings. */
type Millis = ColumnType<number | string, number, number>;
type NullableMillis = ColumnType<number | string | null, number | null, number | null>;

/** A location registered through the API (`POST /locations`). */
export interface LocationsTable {
  id: string;
  type: string;
  target: string;
  /** The ref of the Location entity that represents it, kept when the location is updated. */
  location_entity_ref: string;
  created_at: Millis;
}

/**
 * One row per known entity, as emitted by a provider or a parent entity: what
 * processing reads (`unprocessed`) and writes (`processed`, `errors`, `result_hash`).
 * `entity_id` becomes `metadata.uid`.
 */
export interface EntitiesTable {
  entity_id: string;
  entity_ref: string;
  /** Opaque conflict key of the source that claimed the ref first (usually `type:target`). */
  location_key: string | null;
  unprocessed: string;
  unprocessed_hash: string;
  processed: string | null;
  result_hash: string | null;
  /** JSON array of serialised processing errors; null when processing succeeded. */
  errors: string | null;
  /** JSON object: processors' cache between runs. */
  cache: string | null;
  /** When processing is due; null = only when the input changes (no external inputs). */
  next_update_at: NullableMillis;
  /** A worker's claim on the row; expired claims may be taken by another worker. */
  claimed_until: NullableMillis;
  updated_at: Millis;
}

/** Parent → child: a provider (`source_key`) or an entity (`source_entity_ref`) emitted `target_entity_ref`. */
export interface EdgesTable {
  id: Generated<number>;
  source_key: string | null;
  source_entity_ref: string | null;
  /** What produced the child: a location target read by the parent, or `processor:<name>`. */
  via: string | null;
  target_entity_ref: string;
}

/** The target of a deleted edge (written by a trigger on `edges`): the orphan cleanup checks it. */
export interface OrphanCandidatesTable {
  id: Generated<number>;
  entity_ref: string;
}

/** A relation emitted while processing `originating_entity_id`, in one direction. */
export interface RelationsTable {
  originating_entity_id: string;
  source_ref: string;
  type: string;
  target_ref: string;
}

/** The stitched entity, served as stored. */
export interface FinalEntitiesTable {
  /** Grows with each new final; what `search` rows point at, and the scans' tie-breaker. */
  id: Generated<number>;
  /** The entity's uid (`metadata.uid`). */
  entity_id: string;
  entity_ref: string;
  final: string;
  hash: string;
  updated_at: Millis;
}

/** The flattened key/value view of a final entity that filters, sorting and facets use. */
export interface SearchTable {
  /** `final_entities.id` of the entity. */
  final_id: number;
  key: string;
  /** Lowercased; null when longer than 200 characters (or null in the entity). */
  value: string | null;
  /** The value as written, only when it differs from `value` (read `coalesce(original_value, value)`). */
  original_value: string | null;
}

/** Entities waiting to be (re)stitched. */
export interface StitchQueueTable {
  entity_ref: string;
  next_stitch_at: Millis;
  ticket: string | null;
}

/** Keys a provider's `refresh({ keys })` matches, e.g. the URLs an entity was read from. */
export interface RefreshKeysTable {
  entity_id: string;
  key: string;
}

/** Every change of an entity's final form. */
export interface EntityHistoryTable {
  id: Generated<number>;
  entity_ref: string;
  entity_id: string;
  at: Millis;
  change: 'created' | 'updated' | 'deleted';
  /** The location key or provider that caused the change, when known. */
  source: string | null;
  /** JSON Patch (RFC 6902) from the previous final form; null for created and deleted. */
  diff: string | null;
}

/** Small facts about the catalog itself, e.g. the processing version. */
export interface CatalogMetaTable {
  key: string;
  value: string;
}

/** The catalog's database, for `database.getClient<CatalogDatabase>()`. */
export interface CatalogDatabase {
  locations: LocationsTable;
  entities: EntitiesTable;
  edges: EdgesTable;
  orphan_candidates: OrphanCandidatesTable;
  relations: RelationsTable;
  final_entities: FinalEntitiesTable;
  search: SearchTable;
  stitch_queue: StitchQueueTable;
  refresh_keys: RefreshKeysTable;
  entity_history: EntityHistoryTable;
  catalog_meta: CatalogMetaTable;
}
