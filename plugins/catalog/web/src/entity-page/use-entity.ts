import type { Entity } from '@greenroom/catalog-model';
import { useApi } from '@greenroom/web-runtime';
import { useQuery } from '@tanstack/react-query';
import { catalogApiRef } from '../api/catalog-api.js';
import type { EntityName } from '../entity-ref.js';

/**
 * Loads one entity by name (undefined data when it does not exist).
 *
 * @example
 * const { data: entity, isPending } = useEntity({ kind: 'component', namespace: 'default', name: 'checkout' });
 */
export function useEntity(name: EntityName) {
  const catalogApi = useApi(catalogApiRef);
  return useQuery({
    queryKey: ['catalog', 'entity', name.kind, name.namespace, name.name],
    queryFn: async () => (await catalogApi.getEntityByName(name)) ?? null,
  });
}

/**
 * The targets of an entity's relations of the given types.
 *
 * @example
 * relationTargets(entity, ['dependsOn']); // ['resource:default/checkout-db']
 */
export function relationTargets(entity: Entity, types: readonly string[]): string[] {
  return [...new Set((entity.relations ?? []).filter((r) => types.includes(r.type)).map((r) => r.targetRef))];
}
