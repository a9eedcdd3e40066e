import type { Entity } from '@greenroom/catalog-model';
import { useApi } from '@greenroom/web-runtime';
import { Alert, Code, Skeleton, Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catalogApiRef } from '../api/catalog-api.js';
import { parseRef, stringifyRef } from '../entity-ref.js';

/**
 * The entity's change history: when it was created, updated or deleted, from which
 * source, and which paths changed.
 *
 * @example
 * <HistoryTab entity={entity} />
 */
export function HistoryTab(props: { entity: Entity }) {
  const catalogApi = useApi(catalogApiRef);
  const name = parseRef(stringifyRef(props.entity));
  const history = useQuery({
    queryKey: ['catalog', 'history', stringifyRef(props.entity)],
    queryFn: () => catalogApi.getEntityHistory(name),
  });
  if (history.error) return <Alert color="red">{(history.error as Error).message}</Alert>;
  if (!history.data) return <Skeleton height={120} />;
  if (history.data.items.length === 0) return <Alert>No recorded changes yet.</Alert>;
  return (
    <Table striped aria-label="History">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Change</Table.Th>
          <Table.Th>Source</Table.Th>
          <Table.Th>Changed paths</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {history.data.items.map((item) => (
          <Table.Tr key={item.id}>
            <Table.Td>
              <time dateTime={item.at}>{new Date(item.at).toLocaleString()}</time>
            </Table.Td>
            <Table.Td>{item.change}</Table.Td>
            <Table.Td>{item.source ?? '—'}</Table.Td>
            <Table.Td>
              {(item.diff ?? []).slice(0, 20).map((d) => (
                <Code key={`${d.op}${d.path}`} mr={4}>
                  {d.op} {d.path}
                </Code>
              ))}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
