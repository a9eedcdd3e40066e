import type { Entity } from '@greenroom/catalog-model';

/** The parts of an entity ref, lower-cased as the catalog compares them. */
export interface EntityName {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Parses `kind:namespace/name` (namespace defaults to `default`; `defaultKind` fills
 * a missing kind, as in `spec.owner: team-a`).
 *
 * @example
 * parseRef('Component:checkout'); // { kind: 'component', namespace: 'default', name: 'checkout' }
 */
export function parseRef(ref: string, defaultKind = 'component'): EntityName {
  const colon = ref.indexOf(':');
  const kind = colon > 0 ? ref.slice(0, colon) : defaultKind;
  const rest = colon > 0 ? ref.slice(colon + 1) : ref;
  const slash = rest.indexOf('/');
  const namespace = slash > 0 ? rest.slice(0, slash) : 'default';
  const name = slash > 0 ? rest.slice(slash + 1) : rest;
  return { kind: kind.toLowerCase(), namespace: namespace.toLowerCase(), name: name.toLowerCase() };
}

/**
 * The canonical ref of an entity or entity name: `component:default/checkout`.
 *
 * @example
 * stringifyRef(entity); // 'api:default/checkout-api'
 */
export function stringifyRef(entity: Entity | EntityName): string {
  if ('metadata' in entity) {
    const ns = entity.metadata.namespace ?? 'default';
    return `${entity.kind}:${ns}/${entity.metadata.name}`.toLowerCase();
  }
  return `${entity.kind}:${entity.namespace}/${entity.name}`.toLowerCase();
}

/**
 * A short label for a ref: the name, prefixed by kind and namespace only when needed.
 *
 * @example
 * humanizeRef('group:default/team-a', 'group'); // 'team-a'
 */
export function humanizeRef(ref: string, defaultKind?: string): string {
  const { kind, namespace, name } = parseRef(ref, defaultKind);
  const showKind = defaultKind === undefined || kind !== defaultKind.toLowerCase();
  return `${showKind ? `${kind}:` : ''}${namespace === 'default' ? '' : `${namespace}/`}${name}`;
}

/**
 * The title to show for an entity.
 *
 * @example
 * entityTitle(entity); // 'Checkout service'
 */
export function entityTitle(entity: Entity): string {
  return entity.metadata.title ?? entity.metadata.name;
}
