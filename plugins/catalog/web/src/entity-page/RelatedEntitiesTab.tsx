import type { Entity } from '@greenroom/catalog-model';
import { useApi } from '@greenroom/web-runtime';
import { Alert, Skeleton, Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catalogApiRef } from '../api/catalog-api.js';
import { EntityLink } from '../EntityLink.js';
import { stringifyRef } from '../entity-ref.js';
import { relationTargets } from './use-entity.js';

/**
 * A table of the entities an entity relates to through some relation types
 * (dependencies, dependents, children).
 *
 * @example
 * <RelatedEntitiesTab entity={entity} relationTypes={['dependsOn']} emptyText="No dependencies." />
 */
export function RelatedEntitiesTab(props: {
  entity: Entity;
  relationTypes: readonly string[];
  emptyText: string;
}) {
  const catalogApi = useApi(catalogApiRef);
  const refs = relationTargets(props.entity, props.relationTypes);
  const related = useQuery({
    queryKey: ['catalog', 'by-refs', refs],
    queryFn: () =>
      catalogApi.getEntitiesByRefs(refs, [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'metadata.description',
        'spec.type',
        'spec.owner',
      ]),
    enabled: refs.length > 0,
  });
  if (refs.length === 0) return <Alert>{props.emptyText}</Alert>;
  if (related.error) return <Alert color="red">{(related.error as Error).message}</Alert>;
  if (!related.data) return <Skeleton height={120} />;
  return (
    <Table striped aria-label="Related entities">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Kind</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Owner</Table.Th>
          <Table.Th>Description</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {related.data.map((entity, index) =>
          entity ? (
            <Table.Tr key={stringifyRef(entity)}>
              <Table.Td>
                <EntityLink entity={entity} />
              </Table.Td>
              <Table.Td>{entity.kind}</Table.Td>
              <Table.Td>{String(entity.spec?.type ?? '')}</Table.Td>
              <Table.Td>
                {typeof entity.spec?.owner === 'string' ? (
                  <EntityLink entityRef={entity.spec.owner} defaultKind="group" />
                ) : null}
              </Table.Td>
              <Table.Td>{entity.metadata.description}</Table.Td>
            </Table.Tr>
          ) : (
            <Table.Tr key={refs[index]}>
              <Table.Td colSpan={5}>{refs[index]} (not in the catalog)</Table.Td>
            </Table.Tr>
          ),
        )}
      </Table.Tbody>
    </Table>
  );
}
