import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import type { EntityRelation } from '@greenroom/catalog-model';
import type { Kysely } from 'kysely';
import { inChunks, inList } from '../database/sql-helpers.js';
import type { CatalogDatabase } from '../database/tables.js';
import { type SearchRow, searchRowFromStored } from '../search/index.js';

/** What processing stored for one entity. */
export interface StoredEntityRow {
  entity_id: string;
  entity_ref: string;
  processed: string | null;
  errors: string | null;
  location_key: string | null;
}

/** The identity and hash of a stored final entity. */
export interface FinalHead {
  id: number;
  entity_id: string;
  entity_ref: string;
  hash: string;
}

/** Everything a batch of refs is stitched from, loaded with one query per table. */
export interface StitchInputs {
  entities: Map<string, StoredEntityRow>;
  /** Relations by source ref, as narrow `(type, targetRef)` rows. */
  relations: Map<string, EntityRelation[]>;
  /** Refs that some provider or parent entity points at (the others are orphans). */
  referenced: Set<string>;
  previous: Map<string, FinalHead>;
}

/**
 * Loads, for a batch of refs at once, the entity rows, the relations whose source they
 * are, which of them have an incoming edge, and their current final entities' hashes.
 * Relation rows are never joined with entity bodies, so a group with thousands of members
 * costs a few hundred KB.
 *
 * @example
 * const inputs = await loadStitchInputs(db, dialect, ['group:default/team-a']);
 */
export async function loadStitchInputs(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  refs: readonly string[],
): Promise<StitchInputs> {
  const [entityRows, relationRows, edgeRows, finalRows] = await Promise.all([
    inChunks(dialect, refs, (chunk) =>
      db
        .selectFrom('entities')
        .select(['entity_id', 'entity_ref', 'processed', 'errors', 'location_key'])
        .where(inList(dialect, 'entity_ref', chunk))
        .execute(),
    ),
    inChunks(dialect, refs, (chunk) =>
      db
        .selectFrom('relations')
        .select(['source_ref', 'type', 'target_ref'])
        .where(inList(dialect, 'source_ref', chunk))
        .execute(),
    ),
    inChunks(dialect, refs, (chunk) =>
      db
        .selectFrom('edges')
        .select('target_entity_ref')
        .distinct()
        .where(inList(dialect, 'target_entity_ref', chunk))
        .execute(),
    ),
    inChunks(dialect, refs, (chunk) =>
      db
        .selectFrom('final_entities')
        .select(['id', 'entity_id', 'entity_ref', 'hash'])
        .where(inList(dialect, 'entity_ref', chunk))
        .execute(),
    ),
  ]);
  const relations = new Map<string, EntityRelation[]>();
  for (const row of relationRows) {
    const list = relations.get(row.source_ref);
    const relation = { type: row.type, targetRef: row.target_ref };
    if (list) list.push(relation);
    else relations.set(row.source_ref, [relation]);
  }
  return {
    entities: new Map(entityRows.map((row) => [row.entity_ref, row])),
    relations,
    referenced: new Set(edgeRows.map((row) => row.target_entity_ref)),
    previous: new Map(finalRows.map((row) => [row.entity_ref, row])),
  };
}

/** The stored form of entities about to be updated, by final id: their final JSON and search rows. */
export interface PreviousFinals {
  finals: Map<number, string>;
  searchRows: Map<number, SearchRow[]>;
}

/**
 * Loads the final JSON and the search rows of the finals `finalIds`, for history
 * patches and search-row diffs of the entities a batch changes.
 *
 * @example
 * const { finals, searchRows } = await loadPreviousFinals(db, dialect, changedFinalIds);
 */
export async function loadPreviousFinals(
  db: Kysely<CatalogDatabase>,
  dialect: DatabaseDialect,
  finalIds: readonly number[],
): Promise<PreviousFinals> {
  const [finalRows, searchRows] = await Promise.all([
    inChunks(dialect, finalIds, (chunk) =>
      db
        .selectFrom('final_entities')
        .select(['id', 'final'])
        .where(inList(dialect, 'id', chunk, 'integer'))
        .execute(),
    ),
    inChunks(dialect, finalIds, (chunk) =>
      db
        .selectFrom('search')
        .select(['final_id', 'key', 'value', 'original_value'])
        .where(inList(dialect, 'final_id', chunk, 'integer'))
        .execute(),
    ),
  ]);
  const rowsById = new Map<number, SearchRow[]>();
  for (const row of searchRows) {
    const rows = rowsById.get(row.final_id);
    const searchRow = searchRowFromStored(row);
    if (rows) rows.push(searchRow);
    else rowsById.set(row.final_id, [searchRow]);
  }
  return { finals: new Map(finalRows.map((row) => [row.id, row.final])), searchRows: rowsById };
}
