import { FIELD_PATTERNS } from '../validation/field-rules.js';
import type { CompiledMetadataKey, CompiledModel } from './compiled-model.js';
import { embedSchema } from './embed-schema.js';
import type { JsonSchemaObject } from './model-fragment.js';

/**
 * One JSON Schema (draft-07) for the documents of catalog-info.yaml files under this model:
 * the envelope, metadata with its patterns and the well-known annotation and label keys, and
 * per kind+apiVersion an `if`/`then` that applies that kind's spec schema, so an editor
 * completes and checks spec fields for every installed kind, plugins' kinds included.
 *
 * @example
 * writeFileSync('catalog-info.schema.json', JSON.stringify(entityJsonSchema(compiled), null, 2));
 */
export function entityJsonSchema(model: CompiledModel): JsonSchemaObject {
  const definitions: Record<string, JsonSchemaObject> = {};
  const apiVersions = new Set<string>();
  const conditions: JsonSchemaObject[] = [];
  const usedPrefixes = new Set<string>();
  for (const kind of model.kinds) {
    for (const apiVersion of kind.apiVersions) apiVersions.add(apiVersion);
    let prefix = `${kind.kind}@${kind.apiVersions[0]}`;
    while (usedPrefixes.has(prefix)) prefix += '_';
    usedPrefixes.add(prefix);
    const spec = embedSchema(kind.specJsonSchema, prefix, definitions);
    const description = kind.description ? { description: kind.description } : {};
    conditions.push({
      if: {
        properties: {
          kind: { const: kind.kind },
          apiVersion:
            kind.apiVersions.length === 1 ? { const: kind.apiVersions[0] } : { enum: kind.apiVersions },
        },
        required: ['kind', 'apiVersion'],
      },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable
      then: {
        ...(kind.specRequired ? { required: ['spec'] } : {}),
        properties: { spec: { ...description, ...spec } },
      },
    });
  }
  definitions.metadata = metadataSchema(model, definitions);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Catalog entity',
    description:
      'One entity of a catalog-info.yaml file; a file may hold several, separated by "---". Entity refs are written [<kind>:][<namespace>/]<name>.',
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata'],
    additionalProperties: false,
    properties: {
      apiVersion: {
        type: 'string',
        description: "The version of the kind's schema.",
        enum: [...apiVersions],
      },
      kind: { type: 'string', description: 'The kind of entity.', enum: [...model.kindVersions.keys()] },
      metadata: { $ref: '#/definitions/metadata' },
      spec: { type: 'object', description: 'The kind-specific part of the entity.' },
    },
    allOf: conditions,
    definitions,
  };
}

function metadataSchema(
  model: CompiledModel,
  definitions: Record<string, JsonSchemaObject>,
): JsonSchemaObject {
  const nonEmpty = { type: 'string', minLength: 1 };
  return {
    type: 'object',
    description: 'Identity and descriptive data of the entity. Other keys are allowed.',
    required: ['name'],
    properties: {
      name: {
        type: 'string',
        description: 'Unique within the kind and namespace: 1–63 letters, digits, "-", "_" and ".".',
        minLength: 1,
        maxLength: 63,
        pattern: FIELD_PATTERNS.entityName,
      },
      namespace: {
        type: 'string',
        description: 'Lowercase letters, digits and "-"; "default" when left out.',
        default: 'default',
        minLength: 1,
        maxLength: 63,
        pattern: FIELD_PATTERNS.namespace,
      },
      title: { ...nonEmpty, description: 'A display name.' },
      description: {
        type: 'string',
        description: 'A short description, shown in lists and on the entity page.',
      },
      labels: keyMapSchema(model.labels, 'labels', definitions, {
        type: 'string',
        maxLength: 63,
        pattern: FIELD_PATTERNS.labelValue,
      }),
      annotations: keyMapSchema(model.annotations, 'annotations', definitions, { type: 'string' }),
      tags: {
        type: 'array',
        description: 'Lowercase tags: letters, digits, ":", "+", "#", runs joined by "-".',
        items: { type: 'string', minLength: 1, maxLength: 63, pattern: FIELD_PATTERNS.tag },
      },
      links: {
        type: 'array',
        description: 'External links shown on the entity page.',
        items: {
          type: 'object',
          required: ['url'],
          properties: {
            url: { ...nonEmpty, format: 'uri', description: 'An absolute URL.' },
            title: { ...nonEmpty, description: 'The link text.' },
            icon: { ...nonEmpty, description: 'The name of an icon.' },
            type: { ...nonEmpty, description: 'A type to group links by, e.g. "dashboard".' },
          },
        },
      },
      uid: { ...nonEmpty, description: 'Set by the catalog; do not write it.' },
      etag: { ...nonEmpty, description: 'Set by the catalog; do not write it.' },
    },
  };
}

function keyMapSchema(
  keys: Map<string, CompiledMetadataKey>,
  what: 'labels' | 'annotations',
  definitions: Record<string, JsonSchemaObject>,
  valueSchema: JsonSchemaObject,
): JsonSchemaObject {
  const properties: Record<string, JsonSchemaObject> = {};
  for (const key of keys.values()) {
    const value = key.valueJsonSchema
      ? embedSchema(key.valueJsonSchema, `${what}:${key.key}`, definitions)
      : {};
    properties[key.key] = {
      ...valueSchema,
      ...(key.description ? { description: key.description } : {}),
      ...value,
    };
  }
  return {
    type: 'object',
    description:
      what === 'labels'
        ? 'Short identifying key-value pairs used for selection; keys are "[<prefix>/]<name>".'
        : 'Non-identifying key-value data read by tools and plugins; keys are "[<prefix>/]<name>".',
    propertyNames: { pattern: FIELD_PATTERNS.metadataKey },
    properties,
    additionalProperties: valueSchema,
  };
}
