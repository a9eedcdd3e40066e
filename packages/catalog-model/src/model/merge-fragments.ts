import { ConflictError, InputError } from '@greenroom/errors';
import type {
  CompiledKind,
  CompiledMetadataKey,
  CompiledModel,
  CompiledRelation,
  CompiledRelationField,
} from './compiled-model.js';
import { deepEqual } from './deep-equal.js';
import { checkFragmentShape } from './fragment-shape.js';
import type { MetadataKeyDeclaration, ModelFragment } from './model-fragment.js';
import { ANY_OBJECT_SCHEMA, toDualSchema } from './schema-input.js';

/**
 * Combines fragments into one model. The same kind+apiVersion, relation type, relation field,
 * annotation or label may be declared by several fragments only if the declarations agree
 * (descriptions aside: the first one is kept); otherwise a `ConflictError` names both
 * sources. A relation field must use a declared relation type on a declared kind.
 *
 * @example
 * const compiled = mergeFragments([builtinModelFragment, kubernetesFragment]);
 */
export function mergeFragments(fragments: readonly ModelFragment[]): CompiledModel {
  const model: CompiledModel = {
    kindVersions: new Map(),
    kinds: [],
    relationTypes: new Map(),
    relationPairs: [],
    relationFields: [],
    relationFieldsByKind: new Map(),
    annotations: new Map(),
    labels: new Map(),
  };
  const kindSpelling = new Map<string, CompiledKind>();
  const fieldDeclarations = new Map<string, CompiledRelationField>();
  for (const fragment of fragments) {
    checkFragmentShape(fragment);
    const { source } = fragment;
    for (const declaration of fragment.kinds ?? []) {
      const schema = declaration.spec
        ? toDualSchema(declaration.spec, `kind ${declaration.kind} declared by "${source}"`)
        : ANY_OBJECT_SCHEMA;
      addKind(
        model,
        kindSpelling,
        {
          kind: declaration.kind,
          apiVersions: [],
          description: declaration.description,
          source,
          specRequired: declaration.specRequired ?? true,
          spec: schema.zod,
          specJsonSchema: schema.json,
        },
        declaration.apiVersions,
      );
    }
    for (const relation of fragment.relations ?? []) {
      const forward = {
        type: relation.type,
        reverse: relation.reverse,
        description: relation.description,
        source,
      };
      const isNew = addRelationType(model, forward);
      addRelationType(model, {
        type: relation.reverse,
        reverse: relation.type,
        description: relation.reverseDescription,
        source,
      });
      if (isNew) model.relationPairs.push(forward);
    }
    for (const field of fragment.relationFields ?? []) {
      const compiled: CompiledRelationField = {
        kind: field.kind,
        path: field.path,
        segments: field.path.split('.'),
        relation: field.relation,
        reverse: '',
        defaultKind: field.defaultKind,
        defaultNamespace: field.defaultNamespace ?? 'inherit',
        targetKinds: field.targetKinds ? [...field.targetKinds] : undefined,
        description: field.description,
        source,
      };
      const key = `${field.kind}\u0000${field.path}`;
      const existing = fieldDeclarations.get(key);
      if (!existing) {
        fieldDeclarations.set(key, compiled);
        model.relationFields.push(compiled);
      } else if (!sameRelationField(existing, compiled)) {
        throw new ConflictError(
          `Relation field ${field.path} of kind ${field.kind} is declared differently by "${existing.source}" (${describeField(existing)}) and by "${source}" (${describeField(compiled)}); make the declarations agree or drop one`,
        );
      }
    }
    for (const annotation of fragment.annotations ?? [])
      addMetadataKey(model.annotations, 'Annotation', annotation, source);
    for (const label of fragment.labels ?? []) addMetadataKey(model.labels, 'Label', label, source);
  }
  for (const field of model.relationFields) {
    const relation = model.relationTypes.get(field.relation);
    if (!relation) {
      throw new InputError(
        `Relation field ${field.path} of kind ${field.kind} (declared by "${field.source}") uses relation type "${field.relation}", which no fragment declares; add it to relations as { type, reverse }`,
      );
    }
    if (!model.kindVersions.has(field.kind)) {
      throw new InputError(
        `Relation field ${field.path} (declared by "${field.source}") is for kind "${field.kind}", which no fragment declares; installed kinds: ${[...model.kindVersions.keys()].join(', ')}`,
      );
    }
    field.reverse = relation.reverse;
    const forKind = model.relationFieldsByKind.get(field.kind) ?? [];
    forKind.push(field);
    model.relationFieldsByKind.set(field.kind, forKind);
  }
  return model;
}

function addKind(
  model: CompiledModel,
  kindSpelling: Map<string, CompiledKind>,
  compiled: CompiledKind,
  apiVersions: readonly string[],
): void {
  const lower = compiled.kind.toLowerCase();
  const spelled = kindSpelling.get(lower);
  if (spelled && spelled.kind !== compiled.kind) {
    throw new ConflictError(
      `Kind "${compiled.kind}" declared by "${compiled.source}" differs only in case from kind "${spelled.kind}" declared by "${spelled.source}"; entity refs ignore case, so spell the kind the same way`,
    );
  }
  kindSpelling.set(lower, spelled ?? compiled);
  const versions = model.kindVersions.get(compiled.kind) ?? new Map<string, CompiledKind>();
  model.kindVersions.set(compiled.kind, versions);
  for (const apiVersion of apiVersions) {
    const existing = versions.get(apiVersion);
    if (existing === compiled) continue;
    if (existing) {
      if (sameKind(existing, compiled)) continue;
      throw new ConflictError(
        `Kind ${compiled.kind} with apiVersion ${apiVersion} is declared differently by "${existing.source}" and by "${compiled.source}"; a fragment may add a new apiVersion of a kind but not redefine one`,
      );
    }
    versions.set(apiVersion, compiled);
    compiled.apiVersions.push(apiVersion);
  }
  if (compiled.apiVersions.length > 0) model.kinds.push(compiled);
}

function sameKind(a: CompiledKind, b: CompiledKind): boolean {
  return (
    a.specRequired === b.specRequired && (a.spec === b.spec || deepEqual(a.specJsonSchema, b.specJsonSchema))
  );
}

/** Registers one direction of a relation; returns whether it was new. */
function addRelationType(model: CompiledModel, relation: CompiledRelation): boolean {
  const existing = model.relationTypes.get(relation.type);
  if (!existing) {
    model.relationTypes.set(relation.type, relation);
    return true;
  }
  if (existing.reverse !== relation.reverse) {
    throw new ConflictError(
      `Relation type "${relation.type}" is declared with reverse "${existing.reverse}" by "${existing.source}" and with reverse "${relation.reverse}" by "${relation.source}"; a relation has one reverse`,
    );
  }
  return false;
}

function sameRelationField(a: CompiledRelationField, b: CompiledRelationField): boolean {
  return (
    a.relation === b.relation &&
    a.defaultKind === b.defaultKind &&
    a.defaultNamespace === b.defaultNamespace &&
    deepEqual(
      a.targetKinds ? [...a.targetKinds].sort() : null,
      b.targetKinds ? [...b.targetKinds].sort() : null,
    )
  );
}

function describeField(field: CompiledRelationField): string {
  const parts = [field.relation];
  parts.push(field.defaultKind ? `default kind ${field.defaultKind}` : 'no default kind');
  if (field.defaultNamespace !== 'inherit') parts.push(`default namespace ${field.defaultNamespace}`);
  if (field.targetKinds) parts.push(`targets ${field.targetKinds.join('/')}`);
  return parts.join(', ');
}

function addMetadataKey(
  map: Map<string, CompiledMetadataKey>,
  what: 'Annotation' | 'Label',
  declaration: MetadataKeyDeclaration,
  source: string,
): void {
  const schema = declaration.value
    ? toDualSchema(declaration.value, `${what.toLowerCase()} ${declaration.key} declared by "${source}"`)
    : undefined;
  const existing = map.get(declaration.key);
  if (!existing) {
    map.set(declaration.key, {
      key: declaration.key,
      description: declaration.description,
      source,
      value: schema?.zod,
      valueJsonSchema: schema?.json,
    });
    return;
  }
  if (!deepEqual(existing.valueJsonSchema ?? null, schema?.json ?? null)) {
    throw new ConflictError(
      `${what} ${declaration.key} is declared with different value schemas by "${existing.source}" and by "${source}"; make them agree or drop one`,
    );
  }
}
