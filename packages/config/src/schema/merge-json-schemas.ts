import { acceptsAnything, isSchemaNode, type JsonSchema, sameSchema } from './json-schema.js';

const COMBINATORS = ['$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'if'];
const OBJECT_KEYWORDS = new Set(['properties', 'required', 'additionalProperties']);

/**
 * Merges two JSON Schemas for the same config value into one that demands both.
 * Plain object schemas are merged property by property, so editors can complete
 * the keys of every feature; where the two say different things about a value that
 * is not a plain object, both are kept under `allOf`.
 *
 * @example
 * mergeJsonSchemas(
 *   { type: 'object', properties: { backend: { type: 'object', properties: { baseUrl: { type: 'string' } } } } },
 *   { type: 'object', properties: { catalog: { type: 'object' } } },
 * ); // one object schema with both `backend` and `catalog`
 */
export function mergeJsonSchemas(a: unknown, b: unknown): unknown {
  if (sameSchema(a, b)) return a;
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (isSchemaNode(a) && Object.keys(a).length === 0) return b;
  if (isSchemaNode(b) && Object.keys(b).length === 0) return a;
  if (isPlainObjectSchema(a) && isPlainObjectSchema(b) && a.visibility === b.visibility) {
    return mergeObjectSchemas(a, b);
  }
  return { allOf: [...allOfMembers(a), ...allOfMembers(b)] };
}

function mergeObjectSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  const result: JsonSchema = {};
  // Annotations (description, default, title, …): the first source to set one wins.
  for (const [keyword, value] of [...Object.entries(b), ...Object.entries(a)]) {
    if (!OBJECT_KEYWORDS.has(keyword)) result[keyword] = value;
  }
  const aProps = (a.properties ?? {}) as JsonSchema;
  const bProps = (b.properties ?? {}) as JsonSchema;
  if (a.properties || b.properties) {
    const properties: JsonSchema = {};
    for (const key of new Set([...Object.keys(aProps), ...Object.keys(bProps)])) {
      // A key only one side declares must still satisfy the other side's rule for extra keys.
      const left = key in aProps ? aProps[key] : extraKeySchema(a);
      const right = key in bProps ? bProps[key] : extraKeySchema(b);
      properties[key] = mergeJsonSchemas(left, right);
    }
    result.properties = properties;
  }
  const required = [...new Set([...asStrings(a.required), ...asStrings(b.required)])];
  if (required.length > 0) result.required = required;
  const extra = mergeAdditional(a.additionalProperties, b.additionalProperties);
  if (extra !== undefined) result.additionalProperties = extra;
  return result;
}

function mergeAdditional(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a === false || b === false) return false;
  if (acceptsAnything(a)) return b;
  if (acceptsAnything(b)) return a;
  return mergeJsonSchemas(a, b);
}

function extraKeySchema(schema: JsonSchema): unknown {
  const extra = schema.additionalProperties;
  return extra === undefined || acceptsAnything(extra) ? undefined : extra;
}

function isPlainObjectSchema(schema: unknown): schema is JsonSchema {
  return (
    isSchemaNode(schema) && schema.type === 'object' && !COMBINATORS.some((keyword) => keyword in schema)
  );
}

function allOfMembers(schema: unknown): unknown[] {
  if (isSchemaNode(schema) && Array.isArray(schema.allOf) && Object.keys(schema).length === 1) {
    return schema.allOf;
  }
  return [schema];
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
