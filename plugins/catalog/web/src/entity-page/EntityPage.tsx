import type { Entity } from '@greenroom/catalog-model';
import { identityApiRef, useApi, useApp, useRouteRef } from '@greenroom/web-runtime';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Grid,
  Group,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { Suspense } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { entityTitle, stringifyRef } from '../entity-ref.js';
import { catalogIndexRouteRef } from '../routes.js';
import { useStarredEntities } from '../starred-entities.js';
import { AboutCard } from './AboutCard.js';
import { RelationsCard } from './RelationsCard.js';
import { relationTargets, useEntity } from './use-entity.js';

/** Processing errors, shown only to the entity's owners (who can fix them). */
function ProcessingErrors(props: { entity: Entity }) {
  const identityApi = useApi(identityApiRef);
  const ownership = identityApi.getSession()?.response.backstageIdentity.identity.ownershipEntityRefs ?? [];
  const owners = relationTargets(props.entity, ['ownedBy']);
  const errors = (props.entity.status?.items ?? []).filter((item) => item.level === 'error');
  if (errors.length === 0 || !owners.some((owner) => ownership.includes(owner))) return null;
  return (
    <Alert color="red" title="This entity has processing errors">
      <Stack gap={4}>
        {errors.map((item) => (
          <Text key={`${item.type}:${item.message}`} size="sm">
            {item.error?.message ?? item.message}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

/**
 * An entity's page: header, an overview with the About and Relations cards and the
 * cards plugins contribute, and a tab per applicable entity tab extension.
 *
 * @example
 * <Route path="/catalog/:namespace/:kind/:name/*" element={<EntityPage />} />
 */
export default function EntityPage() {
  const params = useParams();
  const navigate = useNavigate();
  const app = useApp();
  const catalogPath = useRouteRef(catalogIndexRouteRef);
  const { starred, toggleStar } = useStarredEntities();
  const name = {
    kind: (params.kind ?? '').toLowerCase(),
    namespace: (params.namespace ?? 'default').toLowerCase(),
    name: (params.name ?? '').toLowerCase(),
  };
  const query = useEntity(name);
  const base = `/catalog/${encodeURIComponent(name.namespace)}/${encodeURIComponent(name.kind)}/${encodeURIComponent(name.name)}`;

  if (query.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Loading entity">
        <Skeleton height={36} width="40%" />
        <Skeleton height={200} />
      </Stack>
    );
  }
  if (query.error) {
    return (
      <Alert color="red" title="Could not load the entity">
        {(query.error as Error).message}
      </Alert>
    );
  }
  const entity = query.data;
  if (!entity) {
    return (
      <Stack>
        <Title order={1}>Entity not found</Title>
        <Text>
          There is no {name.kind} named {name.namespace}/{name.name} in the catalog.
        </Text>
        {catalogPath ? (
          <Anchor component={Link} to={catalogPath()}>
            Back to the catalog
          </Anchor>
        ) : null}
      </Stack>
    );
  }

  const ref = stringifyRef(entity);
  const isStarred = starred.includes(ref);
  const tabs = app.entityTabsFor(entity);
  const cards = app.entityCardsFor(entity);
  const active = (params['*'] ?? '').split('/')[0] || 'overview';
  const activeTab = tabs.find((tab) => tab.path === active);
  const type = typeof entity.spec?.type === 'string' ? entity.spec.type : undefined;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="start">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={1}>{entityTitle(entity)}</Title>
            <ActionIcon
              variant="subtle"
              size="lg"
              aria-pressed={isStarred}
              aria-label={isStarred ? 'Unstar this entity' : 'Star this entity'}
              onClick={() => toggleStar(ref)}
            >
              {isStarred ? '★' : '☆'}
            </ActionIcon>
          </Group>
          <Group gap="xs">
            <Badge variant="outline">{entity.kind}</Badge>
            {type ? <Badge variant="light">{type}</Badge> : null}
            <Text size="sm" c="dimmed">
              {ref}
            </Text>
          </Group>
        </Stack>
      </Group>
      <ProcessingErrors entity={entity} />
      <Tabs
        value={active}
        onChange={(value) => navigate(value === 'overview' ? base : `${base}/${value}`)}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.path} value={tab.path}>
              {tab.title}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <Grid>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Stack>
                <AboutCard entity={entity} />
                {cards
                  .filter((card) => card.area !== 'side')
                  .map((card) => (
                    <card.component key={card.id} entity={entity} />
                  ))}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Stack>
                <RelationsCard entity={entity} />
                {cards
                  .filter((card) => card.area === 'side')
                  .map((card) => (
                    <card.component key={card.id} entity={entity} />
                  ))}
              </Stack>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        {activeTab ? (
          <Tabs.Panel value={activeTab.path} pt="md">
            <Suspense fallback={<Skeleton height={240} />}>
              <activeTab.component entity={entity} />
            </Suspense>
          </Tabs.Panel>
        ) : null}
        {active !== 'overview' && !activeTab ? (
          <Alert mt="md" title="No such tab">
            This entity has no tab '{active}'.
          </Alert>
        ) : null}
      </Tabs>
    </Stack>
  );
}
