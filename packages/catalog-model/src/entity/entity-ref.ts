import { InputError } from '@greenroom/errors';
import { type CompoundEntityRef, DEFAULT_NAMESPACE, type Entity } from './entity.js';

/**
 * What to assume for the parts a ref leaves out. Without `defaultKind` a ref must name its
 * kind; without `defaultNamespace` the namespace is `default`.
 */
export interface EntityRefDefaults {
  defaultKind?: string;
  defaultNamespace?: string;
}

/**
 * Parses `[<kind>:][<namespace>/]<name>` (or takes a compound ref) into its three parts,
 * filling in the defaults. Case is kept; the first `:` ends the kind and the first `/`
 * ends the namespace, except that a `/` before the `:` makes the colon part of the name.
 * Throws an `InputError` that says what is missing.
 *
 * @example
 * parseEntityRef('team-a', { defaultKind: 'Group', defaultNamespace: 'payments' });
 * // { kind: 'Group', namespace: 'payments', name: 'team-a' }
 * parseEntityRef('component:checkout'); // { kind: 'component', namespace: 'default', name: 'checkout' }
 */
export function parseEntityRef(
  ref: string | { kind?: string; namespace?: string; name: string },
  defaults: EntityRefDefaults = {},
): CompoundEntityRef {
  if (typeof ref === 'string') return parseRefString(ref, defaults);
  if (typeof ref !== 'object' || ref === null) {
    throw new InputError(
      `An entity ref must be a string like "component:default/checkout" or an object with kind, namespace and name, not ${describe(ref)}`,
    );
  }
  const kind = ref.kind ?? defaults.defaultKind;
  const namespace = ref.namespace ?? defaults.defaultNamespace ?? DEFAULT_NAMESPACE;
  const shown = JSON.stringify(ref);
  if (typeof ref.name !== 'string' || ref.name === '') {
    throw new InputError(`Entity ref ${shown} has no name`);
  }
  if (typeof kind !== 'string' || kind === '') {
    throw new InputError(`Entity ref ${shown} has no kind and there is no default kind here; add a kind`);
  }
  if (typeof namespace !== 'string' || namespace === '') {
    throw new InputError(`Entity ref ${shown} has an empty namespace`);
  }
  return { kind, namespace, name: ref.name };
}

function parseRefString(ref: string, defaults: EntityRefDefaults): CompoundEntityRef {
  const parsed = tryParseEntityRef(ref, defaults.defaultKind, defaults.defaultNamespace ?? DEFAULT_NAMESPACE);
  if (typeof parsed === 'string') throw new InputError(parsed);
  return parsed;
}

/**
 * {@link parseEntityRef} for a string ref without throwing: the parsed ref, or the message
 * saying what is wrong. Used where many refs are parsed and failures become issues.
 *
 * @example
 * tryParseEntityRef('team-a', 'Group', 'default'); // { kind: 'Group', namespace: 'default', name: 'team-a' }
 * tryParseEntityRef('team-a', undefined, 'default'); // 'Entity ref "team-a" has no kind …'
 */
export function tryParseEntityRef(
  ref: string,
  defaultKind: string | undefined,
  defaultNamespace: string,
): CompoundEntityRef | string {
  const slash = ref.indexOf('/');
  let colon = ref.indexOf(':');
  if (slash !== -1 && slash < colon) colon = -1;
  const kind = colon === -1 ? undefined : ref.slice(0, colon);
  const namespace = slash === -1 ? undefined : ref.slice(colon + 1, slash);
  const name = ref.slice(Math.max(colon, slash) + 1);
  if (kind === '' || namespace === '' || name === '') {
    return `Entity ref "${ref}" is not of the form [<kind>:][<namespace>/]<name>; the kind, namespace and name must not be empty`;
  }
  const resolvedKind = kind ?? defaultKind;
  if (!resolvedKind) {
    return `Entity ref "${ref}" has no kind and there is no default kind here; write it as "<kind>:${ref}", e.g. "component:${ref}"`;
  }
  return { kind: resolvedKind, namespace: namespace ?? defaultNamespace, name };
}

/**
 * The canonical string form of a ref: `kind:namespace/name`, all lowercase. Accepts a
 * compound ref (namespace optional) or an entity.
 *
 * @example
 * stringifyEntityRef({ kind: 'Component', name: 'Checkout' }); // 'component:default/checkout'
 * stringifyEntityRef(entity); // 'group:payments/team-a'
 */
export function stringifyEntityRef(ref: Entity | { kind: string; namespace?: string; name: string }): string {
  let kind: string;
  let namespace: string | undefined;
  let name: string;
  if ('metadata' in ref) {
    kind = ref.kind;
    namespace = ref.metadata.namespace;
    name = ref.metadata.name;
  } else {
    kind = ref.kind;
    namespace = ref.namespace;
    name = ref.name;
  }
  return `${kind}:${namespace || DEFAULT_NAMESPACE}/${name}`.toLowerCase();
}

/**
 * The compound ref of an entity, with the namespace defaulted; case is kept.
 *
 * @example
 * getCompoundEntityRef(entity); // { kind: 'Component', namespace: 'default', name: 'checkout' }
 */
export function getCompoundEntityRef(entity: Entity): CompoundEntityRef {
  return {
    kind: entity.kind,
    namespace: entity.metadata.namespace || DEFAULT_NAMESPACE,
    name: entity.metadata.name,
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `"${value}"` : `a ${typeof value}`;
}
