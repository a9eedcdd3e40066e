import type { Entity } from '@greenroom/catalog-model';
import { Card, List, Stack, Text, Title } from '@mantine/core';
import { EntityLink } from '../EntityLink.js';

/**
 * Every relation of the entity, grouped by type.
 *
 * @example
 * <RelationsCard entity={entity} />
 */
export function RelationsCard(props: { entity: Entity }) {
  const byType = new Map<string, string[]>();
  for (const relation of props.entity.relations ?? []) {
    byType.set(relation.type, [...(byType.get(relation.type) ?? []), relation.targetRef]);
  }
  return (
    <Card withBorder component="section" aria-labelledby="relations-title">
      <Title order={2} size="h4" id="relations-title" mb="sm">
        Relations
      </Title>
      {byType.size === 0 ? (
        <Text c="dimmed">This entity has no relations.</Text>
      ) : (
        <Stack gap="sm">
          {[...byType].map(([type, refs]) => (
            <div key={type}>
              <Text size="sm" fw={700}>
                {type}
              </Text>
              <List size="sm">
                {refs.map((ref) => (
                  <List.Item key={ref}>
                    <EntityLink entityRef={ref} />
                  </List.Item>
                ))}
              </List>
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}
