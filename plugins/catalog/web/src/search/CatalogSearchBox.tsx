import { useApi, useRouteRef } from '@greenroom/web-runtime';
import { Autocomplete } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { catalogApiRef } from '../api/catalog-api.js';
import { parseRef, stringifyRef } from '../entity-ref.js';
import { entityRouteRef } from '../routes.js';

/**
 * The global search box: finds entities by name as you type and opens the chosen one.
 *
 * @example
 * <CatalogSearchBox />
 */
export function CatalogSearchBox() {
  const catalogApi = useApi(catalogApiRef);
  const entityPath = useRouteRef(entityRouteRef);
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [term] = useDebouncedValue(value.trim(), 200);
  const results = useQuery({
    queryKey: ['catalog', 'search', term],
    queryFn: () =>
      catalogApi.queryEntities({
        fullTextFilterTerm: term,
        fullTextFilterFields: ['metadata.name', 'metadata.title'],
        orderField: { field: 'metadata.name', order: 'asc' },
        limit: 10,
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
      }),
    enabled: term.length >= 2,
    staleTime: 10_000,
  });
  const options = (results.data?.items ?? []).map((entity) => ({
    value: stringifyRef(entity),
    label: `${entity.metadata.title ?? entity.metadata.name} (${entity.kind})`,
  }));
  return (
    <Autocomplete
      aria-label="Search the catalog"
      placeholder="Search entities…"
      value={value}
      onChange={setValue}
      data={term.length >= 2 ? options : []}
      filter={({ options: all }) => all}
      onOptionSubmit={(ref) => {
        setValue('');
        if (entityPath) navigate(entityPath(parseRef(ref)));
      }}
      w={{ base: 160, sm: 280 }}
    />
  );
}
