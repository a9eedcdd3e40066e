import type { Entity } from '@greenroom/catalog-model';
import { useRouteRef } from '@greenroom/web-runtime';
import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { entityTitle, humanizeRef, parseRef } from './entity-ref.js';
import { entityRouteRef } from './routes.js';

/**
 * A link to an entity's page, by entity or by ref.
 *
 * @example
 * <EntityLink entityRef="group:default/team-a" defaultKind="group" />
 */
export function EntityLink(props: { entity?: Entity; entityRef?: string; defaultKind?: string }) {
  const entityPath = useRouteRef(entityRouteRef);
  const { entity } = props;
  const name = entity
    ? {
        kind: entity.kind.toLowerCase(),
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
      }
    : parseRef(props.entityRef ?? '', props.defaultKind);
  const label = entity ? entityTitle(entity) : humanizeRef(props.entityRef ?? '', props.defaultKind);
  if (!entityPath) return <>{label}</>;
  return (
    <Anchor component={Link} to={entityPath(name)}>
      {label}
    </Anchor>
  );
}
