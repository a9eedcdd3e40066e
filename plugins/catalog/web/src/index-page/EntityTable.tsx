import type { Entity } from '@greenroom/catalog-model';
import {
  ActionIcon,
  Badge,
  Group,
  Skeleton,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { EntityLink } from '../EntityLink.js';
import { humanizeRef, stringifyRef } from '../entity-ref.js';

/** A column the catalog table can show. */
export interface EntityColumn {
  id: string;
  title: string;
  /** The field to sort by, when sortable. */
  sortField?: string;
  render(entity: Entity): ReactNode;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Every column of the catalog table, in display order. */
export const ENTITY_COLUMNS: EntityColumn[] = [
  { id: 'name', title: 'Name', sortField: 'metadata.name', render: (e) => <EntityLink entity={e} /> },
  {
    id: 'system',
    title: 'System',
    sortField: 'spec.system',
    render: (e) =>
      text(e.spec?.system) ? <EntityLink entityRef={text(e.spec?.system)} defaultKind="system" /> : null,
  },
  {
    id: 'owner',
    title: 'Owner',
    sortField: 'spec.owner',
    render: (e) =>
      text(e.spec?.owner) ? <EntityLink entityRef={text(e.spec?.owner)} defaultKind="group" /> : null,
  },
  { id: 'type', title: 'Type', sortField: 'spec.type', render: (e) => text(e.spec?.type) },
  {
    id: 'lifecycle',
    title: 'Lifecycle',
    sortField: 'spec.lifecycle',
    render: (e) => text(e.spec?.lifecycle),
  },
  {
    id: 'namespace',
    title: 'Namespace',
    sortField: 'metadata.namespace',
    render: (e) => e.metadata.namespace ?? 'default',
  },
  {
    id: 'description',
    title: 'Description',
    render: (e) => (
      <Text size="sm" lineClamp={2}>
        {e.metadata.description}
      </Text>
    ),
  },
  {
    id: 'tags',
    title: 'Tags',
    render: (e) => (
      <Group gap={4}>
        {(e.metadata.tags ?? []).map((tag) => (
          <Badge key={tag} variant="light" size="sm">
            {tag}
          </Badge>
        ))}
      </Group>
    ),
  },
];

const SKELETON_ROWS = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];

/** The fields the table needs from the catalog (a projection keeps pages small). */
export const TABLE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'metadata.tags',
  'spec.type',
  'spec.lifecycle',
  'spec.owner',
  'spec.system',
];

/**
 * The catalog index table: chosen columns, sortable headers, a star per row, and
 * skeleton rows while loading.
 *
 * @example
 * <EntityTable entities={page.items} columns={['name', 'owner']} sort={sort} onSort={setSort} />
 */
export function EntityTable(props: {
  entities: Entity[] | undefined;
  columns: string[];
  sort: { field: string; order: 'asc' | 'desc' };
  onSort(sort: { field: string; order: 'asc' | 'desc' }): void;
  starred: string[];
  onToggleStar(ref: string): void;
}) {
  const columns = ENTITY_COLUMNS.filter((c) => props.columns.includes(c.id));
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped highlightOnHover aria-label="Entities" aria-busy={props.entities === undefined}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <VisuallyHidden>Starred</VisuallyHidden>
            </Table.Th>
            {columns.map((column) => {
              const sorted = column.sortField === props.sort.field;
              return (
                <Table.Th
                  key={column.id}
                  aria-sort={sorted ? (props.sort.order === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {column.sortField ? (
                    <UnstyledButton
                      fw={600}
                      fz="sm"
                      onClick={() =>
                        props.onSort({
                          field: column.sortField!,
                          order: sorted && props.sort.order === 'asc' ? 'desc' : 'asc',
                        })
                      }
                    >
                      {column.title} {sorted ? (props.sort.order === 'asc' ? '▲' : '▼') : ''}
                    </UnstyledButton>
                  ) : (
                    column.title
                  )}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.entities === undefined
            ? SKELETON_ROWS.map((id) => (
                <Table.Tr key={id}>
                  <Table.Td colSpan={columns.length + 1}>
                    <Skeleton height={18} />
                  </Table.Td>
                </Table.Tr>
              ))
            : props.entities.map((entity) => {
                const ref = stringifyRef(entity);
                const isStarred = props.starred.includes(ref);
                return (
                  <Table.Tr key={ref}>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        aria-pressed={isStarred}
                        aria-label={`${isStarred ? 'Unstar' : 'Star'} ${humanizeRef(ref)}`}
                        onClick={() => props.onToggleStar(ref)}
                      >
                        {isStarred ? '★' : '☆'}
                      </ActionIcon>
                    </Table.Td>
                    {columns.map((column) => (
                      <Table.Td key={column.id}>{column.render(entity)}</Table.Td>
                    ))}
                  </Table.Tr>
                );
              })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
