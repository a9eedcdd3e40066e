import { identityApiRef, useApi, useRouteRef } from '@greenroom/web-runtime';
import {
  Alert,
  Button,
  Grid,
  Group,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { catalogApiRef } from '../api/catalog-api.js';
import { createComponentRouteRef } from '../routes.js';
import { useStarredEntities } from '../starred-entities.js';
import { buildEntityFilter, FACET_FIELDS, type FacetParam, readIndexState } from './catalog-filters.js';
import { ENTITY_COLUMNS, EntityTable, TABLE_FIELDS } from './EntityTable.js';

const FACET_LABELS: Record<FacetParam, string> = {
  type: 'Type',
  owner: 'Owner',
  lifecycle: 'Lifecycle',
  tag: 'Tags',
  namespace: 'Namespace',
};
const DEFAULT_COLUMNS = ['name', 'system', 'owner', 'type', 'lifecycle', 'description', 'tags'];
const COLUMNS_KEY = 'greenroom.catalog.columns';

/**
 * The catalog index: entities of one kind, filtered, searched, sorted and paged by
 * the catalog backend (cursor paging keeps it fast at 100k entities). Filters live in
 * the URL, so a filtered view can be shared.
 *
 * @example
 * <Route path="/catalog" element={<CatalogIndexPage />} />
 */
export default function CatalogIndexPage() {
  const catalogApi = useApi(catalogApiRef);
  const identityApi = useApi(identityApiRef);
  const createPath = useRouteRef(createComponentRouteRef);
  const [params, setParams] = useSearchParams();
  const state = readIndexState(params);
  const { starred, toggleStar } = useStarredEntities();
  const ownershipRefs =
    identityApi.getSession()?.response.backstageIdentity.identity.ownershipEntityRefs ?? [];
  const [text, setText] = useState(state.text);
  const [debouncedText] = useDebouncedValue(text, 250);
  const [cursor, setCursor] = useState<string | undefined>();
  const [columns, setColumns] = useState<string[]>(() => {
    try {
      const saved: unknown = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null');
      return Array.isArray(saved) && saved.every((c) => typeof c === 'string') ? saved : DEFAULT_COLUMNS;
    } catch {
      return DEFAULT_COLUMNS;
    }
  });

  const update = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    change(next);
    setCursor(undefined);
    setParams(next, { replace: true });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs only when the debounced text changes
  useEffect(() => {
    if (debouncedText === state.text) return;
    update((next) => (debouncedText ? next.set('q', debouncedText) : next.delete('q')));
  }, [debouncedText]);

  const user = { ownershipRefs, starred };
  const filter = buildEntityFilter(state, user);
  const filterKey = JSON.stringify(filter);
  const entities = useQuery({
    queryKey: ['catalog', 'entities', filterKey, state.text, state.sort, state.pageSize, cursor],
    queryFn: () =>
      catalogApi.queryEntities(
        cursor
          ? { cursor, limit: state.pageSize, fields: TABLE_FIELDS }
          : {
              filter,
              fullTextFilterTerm: state.text || undefined,
              orderField: state.sort,
              limit: state.pageSize,
              fields: TABLE_FIELDS,
            },
      ),
    placeholderData: keepPreviousData,
  });
  const kinds = useQuery({
    queryKey: ['catalog', 'facets', 'kind'],
    queryFn: () => catalogApi.getFacets(['kind']),
    staleTime: 60_000,
  });
  const facetFilter = useMemo(() => ({ kind: [state.kind] }), [state.kind]);
  const facets = useQuery({
    queryKey: ['catalog', 'facets', state.kind],
    queryFn: () => catalogApi.getFacets(Object.values(FACET_FIELDS), facetFilter),
    staleTime: 30_000,
  });

  const kindOptions = (kinds.data?.kind ?? [{ value: state.kind, count: 0 }]).map((f) => ({
    value: f.value.toLowerCase(),
    label: `${f.value} (${f.count})`,
  }));
  const page = entities.data;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>Catalog</Title>
        {createPath ? (
          <Button component={Link} to={createPath()}>
            Create
          </Button>
        ) : null}
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Stack gap="sm" component="section" aria-label="Filters">
            <Select
              label="Kind"
              data={
                kindOptions.some((o) => o.value === state.kind)
                  ? kindOptions
                  : [...kindOptions, { value: state.kind, label: state.kind }]
              }
              value={state.kind}
              allowDeselect={false}
              onChange={(value) =>
                update((next) => {
                  next.set('kind', value ?? 'component');
                  for (const key of Object.keys(FACET_FIELDS)) next.delete(key);
                })
              }
            />
            <SegmentedControl
              fullWidth
              size="xs"
              aria-label="Show"
              value={state.scope}
              onChange={(value) =>
                update((next) => (value === 'all' ? next.delete('scope') : next.set('scope', value)))
              }
              data={[
                { value: 'all', label: 'All' },
                { value: 'owned', label: 'Owned by me' },
                { value: 'starred', label: 'Starred' },
              ]}
            />
            {(Object.keys(FACET_FIELDS) as FacetParam[]).map((param) => {
              const counts = facets.data?.[FACET_FIELDS[param]] ?? [];
              const data = counts.map((f) => ({ value: f.value, label: `${f.value} (${f.count})` }));
              for (const value of state.facets[param]) {
                if (!data.some((d) => d.value === value)) data.push({ value, label: value });
              }
              return (
                <MultiSelect
                  key={param}
                  label={FACET_LABELS[param]}
                  placeholder={data.length === 0 ? 'None' : 'Any'}
                  data={data}
                  value={state.facets[param]}
                  searchable
                  clearable
                  onChange={(values) =>
                    update((next) => {
                      next.delete(param);
                      for (const value of values) next.append(param, value);
                    })
                  }
                />
              );
            })}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack gap="sm">
            <Group align="end" wrap="wrap">
              <TextInput
                label="Filter"
                placeholder="Name, title or description"
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
                style={{ flex: 1, minWidth: 200 }}
              />
              <MultiSelect
                label="Columns"
                data={ENTITY_COLUMNS.map((c) => ({ value: c.id, label: c.title }))}
                value={columns}
                onChange={(value) => {
                  const chosen = value.length > 0 ? value : ['name'];
                  setColumns(chosen);
                  localStorage.setItem(COLUMNS_KEY, JSON.stringify(chosen));
                }}
                maw={360}
              />
            </Group>
            {entities.error ? (
              <Alert color="red" title="Could not load entities">
                {(entities.error as Error).message}
              </Alert>
            ) : null}
            <Text size="sm" c="dimmed" aria-live="polite">
              {page ? `${page.totalItems} ${page.totalItems === 1 ? 'entity' : 'entities'}` : 'Loading…'}
            </Text>
            {page && page.items.length === 0 ? (
              <Alert title="No entities match">
                Nothing of kind {state.kind} matches these filters. Clear some filters or register a
                component.
              </Alert>
            ) : (
              <EntityTable
                entities={page?.items}
                columns={columns}
                sort={state.sort}
                onSort={(sort) => update((next) => next.set('sort', `${sort.field},${sort.order}`))}
                starred={starred}
                onToggleStar={toggleStar}
              />
            )}
            <Group justify="space-between">
              <Select
                aria-label="Rows per page"
                data={['20', '50', '100']}
                value={String(state.pageSize)}
                onChange={(value) => update((next) => next.set('size', value ?? '20'))}
                w={100}
                allowDeselect={false}
              />
              <Group gap="xs">
                <Button
                  variant="default"
                  disabled={!page?.pageInfo.prevCursor}
                  onClick={() => setCursor(page?.pageInfo.prevCursor)}
                >
                  Previous
                </Button>
                <Button
                  variant="default"
                  disabled={!page?.pageInfo.nextCursor}
                  onClick={() => setCursor(page?.pageInfo.nextCursor)}
                >
                  Next
                </Button>
              </Group>
            </Group>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
