import type { CompiledModel } from './compiled-model.js';
import type { JsonSchemaObject } from './model-fragment.js';

/**
 * A JSON description of a compiled model: every kind declaration with its apiVersions and spec
 * JSON Schema (draft-07), the relation pairs, the relation fields, and the well-known
 * annotations and labels, each with the source that declared it. Served at
 * `GET /api/catalog/model`.
 *
 * @example
 * const { kinds } = model.introspect();
 * kinds.find((kind) => kind.kind === 'Component')?.specSchema.required; // ['type', 'lifecycle', 'owner']
 */
export interface CatalogModelDescription {
  kinds: {
    kind: string;
    apiVersions: string[];
    description?: string;
    specRequired: boolean;
    specSchema: JsonSchemaObject;
    source: string;
  }[];
  relations: {
    type: string;
    reverse: string;
    description?: string;
    reverseDescription?: string;
    source: string;
  }[];
  relationFields: {
    kind: string;
    path: string;
    relation: string;
    reverse: string;
    defaultKind?: string;
    defaultNamespace: string;
    targetKinds?: string[];
    description?: string;
    source: string;
  }[];
  annotations: MetadataKeyDescription[];
  labels: MetadataKeyDescription[];
}

/** A well-known annotation or label in a {@link CatalogModelDescription}. */
export interface MetadataKeyDescription {
  key: string;
  description?: string;
  valueSchema?: JsonSchemaObject;
  source: string;
}

/**
 * Describes a compiled model as plain JSON; see `CatalogModel.introspect`. The result is a
 * fresh copy the caller may change.
 *
 * @example
 * JSON.stringify(introspectModel(compiled).kinds.map((kind) => kind.kind)); // '["Component","API",…]'
 */
export function introspectModel(model: CompiledModel): CatalogModelDescription {
  const description: CatalogModelDescription = {
    kinds: model.kinds.map((kind) => ({
      kind: kind.kind,
      apiVersions: [...kind.apiVersions],
      description: kind.description,
      specRequired: kind.specRequired,
      specSchema: kind.specJsonSchema,
      source: kind.source,
    })),
    relations: model.relationPairs.map((pair) => ({
      type: pair.type,
      reverse: pair.reverse,
      description: pair.description,
      reverseDescription:
        pair.reverse === pair.type ? undefined : model.relationTypes.get(pair.reverse)?.description,
      source: pair.source,
    })),
    relationFields: model.relationFields.map((field) => ({
      kind: field.kind,
      path: field.path,
      relation: field.relation,
      reverse: field.reverse,
      defaultKind: field.defaultKind,
      defaultNamespace: field.defaultNamespace,
      targetKinds: field.targetKinds,
      description: field.description,
      source: field.source,
    })),
    annotations: [...model.annotations.values()].map(describeKey),
    labels: [...model.labels.values()].map(describeKey),
  };
  // A JSON round trip drops undefined members and hands out a copy that shares nothing.
  return JSON.parse(JSON.stringify(description)) as CatalogModelDescription;
}

function describeKey(key: {
  key: string;
  description?: string;
  valueJsonSchema?: JsonSchemaObject;
  source: string;
}): MetadataKeyDescription {
  return { key: key.key, description: key.description, valueSchema: key.valueJsonSchema, source: key.source };
}
