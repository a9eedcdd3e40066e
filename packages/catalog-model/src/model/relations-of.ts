import { DEFAULT_NAMESPACE, type Entity } from '../entity/entity.js';
import { tryParseEntityRef } from '../entity/entity-ref.js';
import type { CompiledModel } from './compiled-model.js';

/**
 * One relation implied by an entity, as stored by the catalog: canonical lowercase refs of
 * both ends and the relation type, read `source --type--> target`.
 *
 * @example
 * const triple: RelationTriple = { source: 'component:default/checkout', type: 'ownedBy', target: 'group:default/payments' };
 */
export interface RelationTriple {
  source: string;
  type: string;
  target: string;
}

/**
 * Every relation an entity's relation fields imply, both directions; see
 * `CatalogModel.relationsOf`.
 *
 * @example
 * relationsOfEntity(compiled, entity);
 */
export function relationsOfEntity(model: CompiledModel, entity: Entity): RelationTriple[] {
  const fields = model.relationFieldsByKind.get(entity.kind);
  if (!fields || typeof entity.metadata?.name !== 'string') return [];
  const ownNamespace = entity.metadata.namespace || DEFAULT_NAMESPACE;
  const self = `${entity.kind}:${ownNamespace}/${entity.metadata.name}`.toLowerCase();
  const triples: RelationTriple[] = [];
  const seen = new Set<string>();
  const emit = (
    ref: unknown,
    type: string,
    reverse: string,
    defaultKind: string | undefined,
    namespace: string,
  ) => {
    if (typeof ref !== 'string') return;
    const parsed = tryParseEntityRef(ref, defaultKind, namespace);
    if (typeof parsed === 'string') return;
    const target = `${parsed.kind}:${parsed.namespace}/${parsed.name}`.toLowerCase();
    const forwardKey = `${type} ${target}`;
    if (!seen.has(forwardKey)) {
      seen.add(forwardKey);
      triples.push({ source: self, type, target });
    }
    const reverseKey = `${target} ${reverse}`;
    if (!seen.has(reverseKey)) {
      seen.add(reverseKey);
      triples.push({ source: target, type: reverse, target: self });
    }
  };
  for (const field of fields) {
    let value: unknown = entity;
    for (const segment of field.segments) {
      value =
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
    }
    if (value === undefined || value === null) continue;
    const namespace = field.defaultNamespace === 'inherit' ? ownNamespace : field.defaultNamespace;
    if (Array.isArray(value)) {
      for (const item of value) emit(item, field.relation, field.reverse, field.defaultKind, namespace);
    } else {
      emit(value, field.relation, field.reverse, field.defaultKind, namespace);
    }
  }
  return triples;
}
