import type { z } from 'zod';
import { checkFragmentShape } from './fragment-shape.js';

/**
 * A JSON Schema object (draft-07 or 2020-12), e.g. a spec schema read from a YAML file.
 *
 * @example
 * const spec: JsonSchemaObject = { type: 'object', required: ['owner'], properties: { owner: { type: 'string' } } };
 */
export type JsonSchemaObject = { [keyword: string]: unknown };

/**
 * A schema given either as zod or as JSON Schema.
 *
 * @example
 * const fromCode: SchemaInput = z.object({ owner: z.string() });
 * const fromYaml: SchemaInput = { type: 'object', properties: { owner: { type: 'string' } } };
 */
export type SchemaInput = z.ZodType | JsonSchemaObject;

/**
 * One kind at one or more apiVersions. A new apiVersion of an existing kind is another
 * declaration with the same kind, its own apiVersions and its own spec schema.
 *
 * @example
 * const kind: KindDeclaration = { kind: 'Environment', apiVersions: ['acme.com/v1'], spec: z.object({ region: z.string() }) };
 */
export interface KindDeclaration {
  kind: string;
  apiVersions: readonly string[];
  description?: string;
  /** The schema of `spec`; keys it does not name are allowed unless it says otherwise. Omit to accept any object. */
  spec?: SchemaInput;
  /** Whether an entity of this kind must have a `spec`. Defaults to true, as for every built-in kind. */
  specRequired?: boolean;
}

/**
 * A relation type together with its reverse: one declaration makes both types known.
 * A relation may be its own reverse.
 *
 * @example
 * const relation: RelationDeclaration = { type: 'deployedTo', reverse: 'hosts', description: 'Where a component runs' };
 */
export interface RelationDeclaration {
  type: string;
  reverse: string;
  description?: string;
  reverseDescription?: string;
}

/**
 * A spec field holding an entity ref (or a list of them) that implies a relation: the
 * entity gets `relation` to each target and each target gets the reverse to the entity.
 *
 * @example
 * const field: RelationFieldDeclaration = {
 *   kind: 'Component', path: 'spec.owner', relation: 'ownedBy', defaultKind: 'Group', targetKinds: ['Group', 'User'],
 * };
 */
export interface RelationFieldDeclaration {
  kind: string;
  /** Dotted path from the entity root, e.g. `spec.owner`. */
  path: string;
  /** A declared relation type, forward or reverse. */
  relation: string;
  /** The kind of refs that name none; without it a ref in this field must name its kind. */
  defaultKind?: string;
  /** The namespace of refs that name none: `'inherit'` (the default) for the entity's own, or a namespace. */
  defaultNamespace?: string;
  /** The kinds a target is expected to have; informational (forms, docs), not enforced, as in Backstage. */
  targetKinds?: readonly string[];
  description?: string;
}

/**
 * A well-known annotation or label key, optionally with a schema its value must satisfy.
 *
 * @example
 * const annotation: MetadataKeyDeclaration = { key: 'acme.com/pager', description: 'Pager rotation id', value: z.string().regex(/^P[A-Z0-9]+$/) };
 */
export interface MetadataKeyDeclaration {
  key: string;
  description?: string;
  value?: SchemaInput;
}

/**
 * A piece of the entity model, declared by one source (the built-in model, a plugin, a
 * YAML file). Fragments are combined by `compileModel`.
 *
 * @example
 * const fragment: ModelFragment = { source: 'plugin:pager', annotations: [{ key: 'acme.com/pager', description: 'Rotation id' }] };
 */
export interface ModelFragment {
  /** Who declares it, shown in errors and introspection, e.g. `greenroom:builtin` or `plugin:kubernetes`. */
  source: string;
  kinds?: readonly KindDeclaration[];
  relations?: readonly RelationDeclaration[];
  relationFields?: readonly RelationFieldDeclaration[];
  annotations?: readonly MetadataKeyDeclaration[];
  labels?: readonly MetadataKeyDeclaration[];
}

/**
 * Declares a model fragment. Checks its shape (valid kind names, apiVersions, relation types,
 * annotation keys, …) and throws an `InputError` naming the source and the bad entry;
 * returns the fragment frozen.
 *
 * @example
 * export const environmentFragment = defineModelFragment({
 *   source: 'plugin:environments',
 *   kinds: [{ kind: 'Environment', apiVersions: ['acme.com/v1'], spec: z.object({ owner: z.string() }) }],
 *   relationFields: [{ kind: 'Environment', path: 'spec.owner', relation: 'ownedBy', defaultKind: 'Group' }],
 * });
 */
export function defineModelFragment(fragment: ModelFragment): ModelFragment {
  checkFragmentShape(fragment);
  return Object.freeze({ ...fragment });
}
