import {
  Accordion,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { listOperations, type OpenApiOperation, serverUrl } from './openapi-operations.js';

// Dark enough for white text at WCAG AA contrast (at least 5:1).
const METHOD_COLORS: Record<string, string> = {
  get: '#1864ab',
  post: '#1e6b33',
  put: '#a63c06',
  patch: '#7a5c00',
  delete: '#c92a2a',
};

function TryIt(props: { operation: OpenApiOperation; baseUrl: string }) {
  const { operation } = props;
  const [values, setValues] = useState<Record<string, string>>({});
  const [body, setBody] = useState('');
  const [result, setResult] = useState<{ status: number; text: string } | { error: string } | undefined>();
  const send = async () => {
    let path = operation.path;
    const query = new URLSearchParams();
    const headers = new Headers();
    for (const p of operation.parameters) {
      const value = values[`${p.in}:${p.name}`];
      if (!value) continue;
      if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(value));
      else if (p.in === 'query') query.append(p.name, value);
      else if (p.in === 'header') headers.set(p.name, value);
    }
    if (body) headers.set('content-type', 'application/json');
    try {
      const url = `${props.baseUrl.replace(/\/+$/, '')}${path}${query.size ? `?${query}` : ''}`;
      // Requests go straight to the API's server from the browser (CORS applies); no portal token is sent.
      const response = await fetch(url, {
        method: operation.method.toUpperCase(),
        headers,
        ...(body ? { body } : {}),
        credentials: 'omit',
      });
      setResult({ status: response.status, text: (await response.text()).slice(0, 20_000) });
    } catch (error) {
      setResult({ error: (error as Error).message });
    }
  };
  return (
    <Stack gap="xs">
      {operation.parameters.map((p) => (
        <TextInput
          key={`${p.in}:${p.name}`}
          label={`${p.name} (${p.in})`}
          description={p.description}
          withAsterisk={p.required}
          value={values[`${p.in}:${p.name}`] ?? ''}
          onChange={(e) => setValues({ ...values, [`${p.in}:${p.name}`]: e.currentTarget.value })}
        />
      ))}
      {operation.hasRequestBody ? (
        <Textarea
          label="Request body (JSON)"
          autosize
          minRows={3}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
      ) : null}
      <Group>
        <Button size="xs" onClick={send}>
          Send request
        </Button>
      </Group>
      {result ? (
        'error' in result ? (
          <Alert color="red">The request failed: {result.error}</Alert>
        ) : (
          <Stack gap={4}>
            <Text size="sm">Status {result.status}</Text>
            <Code block>{result.text}</Code>
          </Stack>
        )
      ) : null}
    </Stack>
  );
}

/**
 * An interactive OpenAPI document: operations grouped by tag, their parameters and
 * responses, and a form to send a request to the API's server. Works offline.
 *
 * @example
 * <OpenApiView document={yaml.parse(entity.spec.definition)} />
 */
export function OpenApiView(props: { document: unknown }) {
  const operations = listOperations(props.document);
  const info = (props.document as { info?: { title?: string; version?: string; description?: string } }).info;
  const [baseUrl, setBaseUrl] = useState(serverUrl(props.document) ?? '');
  if (operations.length === 0) return <Alert>This OpenAPI document has no operations.</Alert>;
  const byTag = new Map<string, OpenApiOperation[]>();
  for (const op of operations) {
    const tag = op.tags[0] ?? 'default';
    byTag.set(tag, [...(byTag.get(tag) ?? []), op]);
  }
  return (
    <Stack>
      {info?.title ? (
        <Group gap="xs">
          <Title order={2} size="h3">
            {info.title}
          </Title>
          {info.version ? <Badge variant="outline">{info.version}</Badge> : null}
        </Group>
      ) : null}
      {info?.description ? <Text>{info.description}</Text> : null}
      <TextInput
        label="Server"
        value={baseUrl}
        onChange={(e) => setBaseUrl(e.currentTarget.value)}
        maw={480}
      />
      {[...byTag].map(([tag, ops]) => (
        <Stack key={tag} gap="xs">
          <Title order={3} size="h4">
            {tag}
          </Title>
          <Accordion variant="separated" multiple>
            {ops.map((op) => (
              // The value becomes element ids: keep it to characters ids allow.
              <Accordion.Item
                key={`${op.method} ${op.path}`}
                value={`${op.method}-${op.path}`.replace(/[^\w-]/g, '_')}
              >
                <Accordion.Control>
                  <Group gap="sm" wrap="nowrap">
                    <Badge color={METHOD_COLORS[op.method] ?? 'dark'} w={70}>
                      {op.method}
                    </Badge>
                    <Code>{op.path}</Code>
                    <Text size="sm" truncate="end">
                      {op.summary}
                    </Text>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack gap="sm">
                    {op.description ? <Text size="sm">{op.description}</Text> : null}
                    {op.responses.length > 0 ? (
                      <Table aria-label={`Responses of ${op.method.toUpperCase()} ${op.path}`}>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>Status</Table.Th>
                            <Table.Th>Description</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {op.responses.map((r) => (
                            <Table.Tr key={r.status}>
                              <Table.Td>{r.status}</Table.Td>
                              <Table.Td>{r.description}</Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    ) : null}
                    <TryIt operation={op} baseUrl={baseUrl} />
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        </Stack>
      ))}
    </Stack>
  );
}
