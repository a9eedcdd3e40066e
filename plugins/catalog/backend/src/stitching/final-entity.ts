import {
  type Entity,
  type EntityRelation,
  type EntityStatusItem,
  isJavascriptUrl,
} from '@greenroom/catalog-model';
import { stableHash } from '../shared/stable-hash.js';

/** Set to `"true"` on entities that no provider or parent entity references any more. */
export const ANNOTATION_ORPHAN = 'backstage.io/orphan';
/** Annotations holding links the UI renders; `javascript:` values are neutralised. */
export const LINK_ANNOTATIONS = Object.freeze(['backstage.io/view-url', 'backstage.io/edit-url']);
/** What a `javascript:` view or edit URL is replaced with (the value Backstage serves). */
export const REJECTED_URL = 'https://backstage.io/annotation-rejected-for-security-reasons';
/** The `status.items[].type` of processing errors. */
export const PROCESSING_STATUS_TYPE = 'backstage.io/catalog-processing';

/** A processing error as stored in `entities.errors`. */
export interface StoredProcessingError {
  name: string;
  message: string;
  code?: unknown;
}

/** What {@link buildFinalEntity} combines. */
export interface FinalEntityInput {
  /** `entities.entity_id`: becomes `metadata.uid`. */
  entityId: string;
  /** The last successfully processed form of the entity. */
  processed: Entity;
  /** Errors of the latest processing run (empty when it succeeded). */
  errors: readonly StoredProcessingError[];
  /** Every relation whose source is this entity, in any order, duplicates allowed. */
  relations: Iterable<EntityRelation>;
  /** True when no provider or parent entity references the entity any more. */
  isOrphan: boolean;
}

/** A stitched entity, the exact JSON stored in `final_entities.final`, and its hash. */
export interface FinalEntity {
  entity: Entity;
  json: string;
  /** Stable hash of the entity before a default etag is set: equal hashes mean equal finals. */
  hash: string;
}

/**
 * Builds the entity the API serves: `metadata.uid` set, `relations` de-duplicated and
 * sorted by type then target, processing errors as `status.items`, the orphan annotation
 * when nothing references the entity, `javascript:` view/edit URLs replaced, and
 * `metadata.etag` set to the hash when the source gave none. Pure; the input is not
 * modified.
 *
 * @example
 * const { json, hash } = buildFinalEntity({
 *   entityId: '0b5c…', processed, errors: [], isOrphan: false,
 *   relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
 * });
 */
export function buildFinalEntity(input: FinalEntityInput): FinalEntity {
  const { relations: _stale, status, ...rest } = input.processed;
  const metadata = { ...rest.metadata };
  const annotations = finalAnnotations(metadata.annotations, input.isOrphan);
  if (annotations) metadata.annotations = annotations;
  metadata.uid = input.entityId;

  const items = [...(status?.items ?? []), ...input.errors.map(toStatusItem)];
  const finalStatus = items.length > 0 ? { ...status, items } : status;
  const entity: Entity = {
    ...rest,
    metadata,
    relations: sortedRelations(input.relations),
    ...(finalStatus ? { status: finalStatus } : {}),
  };

  const hash = stableHash(entity);
  if (!metadata.etag) metadata.etag = hash;
  return { entity, json: JSON.stringify(entity), hash };
}

function finalAnnotations(
  annotations: Record<string, string> | undefined,
  isOrphan: boolean,
): Record<string, string> | undefined {
  const unsafe = LINK_ANNOTATIONS.filter((key) => {
    const value = annotations?.[key];
    return typeof value === 'string' && isJavascriptUrl(value);
  });
  if (!isOrphan && unsafe.length === 0) return annotations;
  const copy = { ...annotations };
  for (const key of unsafe) copy[key] = REJECTED_URL;
  if (isOrphan) copy[ANNOTATION_ORPHAN] = 'true';
  return copy;
}

function sortedRelations(relations: Iterable<EntityRelation>): EntityRelation[] {
  const unique = new Map<string, EntityRelation>();
  for (const { type, targetRef } of relations) {
    const key = `${type}\u0000${targetRef}`;
    if (!unique.has(key)) unique.set(key, { type, targetRef });
  }
  return [...unique.values()].sort((a, b) =>
    a.type !== b.type
      ? a.type < b.type
        ? -1
        : 1
      : a.targetRef < b.targetRef
        ? -1
        : a.targetRef > b.targetRef
          ? 1
          : 0,
  );
}

function toStatusItem(error: StoredProcessingError): EntityStatusItem {
  return {
    type: PROCESSING_STATUS_TYPE,
    level: 'error',
    message: `${error.name}: ${error.message}`,
    error: {
      name: error.name,
      message: error.message,
      ...(typeof error.code === 'string' ? { code: error.code } : {}),
    },
  };
}
