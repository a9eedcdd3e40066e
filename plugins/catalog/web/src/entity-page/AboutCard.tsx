import type { Entity } from '@greenroom/catalog-model';
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { EntityLink } from '../EntityLink.js';

function Field(props: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed">
        {props.label}
      </Text>
      <div>{props.children ?? <Text c="dimmed">—</Text>}</div>
    </Stack>
  );
}

/**
 * The About card of the entity page: description, owner, system, type, lifecycle,
 * tags, links and where the entity is defined.
 *
 * @example
 * <AboutCard entity={entity} />
 */
export function AboutCard(props: { entity: Entity }) {
  const { entity } = props;
  const spec = entity.spec ?? {};
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const source = entity.metadata.annotations?.['backstage.io/source-location'];
  const location = entity.metadata.annotations?.['backstage.io/managed-by-location'];
  return (
    <Card withBorder component="section" aria-labelledby="about-title">
      <Title order={2} size="h4" id="about-title" mb="sm">
        About
      </Title>
      <Stack gap="md">
        <Text>{entity.metadata.description ?? 'No description.'}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Field label="Owner">
            {str(spec.owner) ? <EntityLink entityRef={str(spec.owner)} defaultKind="group" /> : null}
          </Field>
          <Field label="System">
            {str(spec.system) ? <EntityLink entityRef={str(spec.system)} defaultKind="system" /> : null}
          </Field>
          <Field label="Type">{str(spec.type)}</Field>
          <Field label="Lifecycle">{str(spec.lifecycle)}</Field>
          <Field label="Tags">
            {entity.metadata.tags?.length ? (
              <Group gap={4}>
                {entity.metadata.tags.map((tag) => (
                  <Badge key={tag} variant="light">
                    {tag}
                  </Badge>
                ))}
              </Group>
            ) : null}
          </Field>
          <Field label="Defined in">
            {location ? (
              <Text size="sm" style={{ wordBreak: 'break-all' }}>
                {location}
              </Text>
            ) : null}
          </Field>
        </SimpleGrid>
        {entity.metadata.links?.length || source ? (
          <Field label="Links">
            <Stack gap={2}>
              {source ? (
                <Anchor href={source.replace(/^url:/, '')} target="_blank" rel="noreferrer">
                  View source
                </Anchor>
              ) : null}
              {(entity.metadata.links ?? []).map((link) => (
                <Anchor key={link.url} href={link.url} target="_blank" rel="noreferrer">
                  {link.title ?? link.url}
                </Anchor>
              ))}
            </Stack>
          </Field>
        ) : null}
      </Stack>
    </Card>
  );
}
