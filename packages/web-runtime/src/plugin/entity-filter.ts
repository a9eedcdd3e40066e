import type { Entity } from '@greenroom/catalog-model';

/**
 * Which entities an entity page tab or card applies to: kinds and `spec.type`s
 * (case-insensitive, any of), and/or a predicate. No filter means every entity.
 *
 * @example
 * const apisOnly: EntityFilter = { kind: 'API' };
 * const services: EntityFilter = { kind: 'Component', type: ['service', 'website'] };
 * const annotated: EntityFilter = { if: (e) => Boolean(e.metadata.annotations?.['example.com/dashboard']) };
 */
export interface EntityFilter {
  kind?: string | readonly string[];
  type?: string | readonly string[];
  if?: (entity: Entity) => boolean;
}

function lowerList(value: string | readonly string[]): string[] {
  return (typeof value === 'string' ? [value] : value).map((v) => v.toLocaleLowerCase('en-US'));
}

/**
 * Whether an entity passes an {@link EntityFilter}.
 *
 * @example
 * matchesEntityFilter(entity, { kind: 'API' });
 */
export function matchesEntityFilter(entity: Entity, filter: EntityFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.kind !== undefined && !lowerList(filter.kind).includes(entity.kind.toLocaleLowerCase('en-US'))) {
    return false;
  }
  if (filter.type !== undefined) {
    const type = entity.spec?.type;
    if (typeof type !== 'string' || !lowerList(filter.type).includes(type.toLocaleLowerCase('en-US')))
      return false;
  }
  return filter.if ? filter.if(entity) : true;
}
