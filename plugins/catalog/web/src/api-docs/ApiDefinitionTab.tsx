import type { Entity } from '@greenroom/catalog-model';
import { Alert, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { parse } from 'yaml';
import { type DefinitionLanguage, HighlightedCode } from './HighlightedCode.js';
import { OpenApiView } from './OpenApiView.js';

const LANGUAGES: Record<string, DefinitionLanguage> = {
  openapi: 'yaml',
  asyncapi: 'yaml',
  graphql: 'graphql',
  grpc: 'proto',
};

function parseDefinition(definition: string): unknown {
  try {
    return parse(definition, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

/**
 * The API tab of an API entity: OpenAPI as interactive docs (or raw), AsyncAPI,
 * GraphQL and gRPC definitions highlighted. Loaded lazily.
 *
 * @example
 * const ApiDefinitionTab = lazy(() => import('./api-docs/ApiDefinitionTab.js'));
 */
export default function ApiDefinitionTab(props: { entity: Entity }) {
  const type = String(props.entity.spec?.type ?? '').toLowerCase();
  const definition = props.entity.spec?.definition;
  const [view, setView] = useState<'docs' | 'raw'>('docs');
  if (typeof definition !== 'string' || definition.trim() === '') {
    return <Alert>This API has no definition.</Alert>;
  }
  const language = LANGUAGES[type] ?? (definition.trimStart().startsWith('{') ? 'json' : 'yaml');
  if (type === 'openapi') {
    const document = parseDefinition(definition);
    return (
      <Stack>
        <SegmentedControl
          aria-label="Definition view"
          value={view}
          onChange={(v) => setView(v as 'docs' | 'raw')}
          data={[
            { value: 'docs', label: 'Documentation' },
            { value: 'raw', label: 'Definition' },
          ]}
          w={280}
        />
        {view === 'docs' && document ? (
          <OpenApiView document={document} />
        ) : (
          <HighlightedCode code={definition} language={language} />
        )}
      </Stack>
    );
  }
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {type || 'Unknown'} definition
      </Text>
      <HighlightedCode code={definition} language={language} />
    </Stack>
  );
}
