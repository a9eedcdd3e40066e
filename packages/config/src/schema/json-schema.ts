import { isDeepStrictEqual } from 'node:util';

/** A JSON Schema node as produced by `z.toJSONSchema` (draft-07), or a boolean schema. */
export type JsonSchema = { [keyword: string]: unknown };

/** The visibility a value can be marked with through `.meta({ visibility })`. */
export type ConfigVisibility = 'frontend' | 'backend' | 'secret';

const STRUCTURAL = [
  'type',
  'properties',
  'patternProperties',
  'additionalProperties',
  'items',
  'prefixItems',
  'enum',
  'const',
  'not',
  '$ref',
  'allOf',
  'anyOf',
  'oneOf',
];

/** Whether a value is a JSON Schema object node (not a boolean schema). */
export function isSchemaNode(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a schema accepts any value: `true`, `{}`, or only annotations like `description`. */
export function acceptsAnything(schema: unknown): boolean {
  if (schema === true) return true;
  return isSchemaNode(schema) && !STRUCTURAL.some((keyword) => keyword in schema);
}

/** Whether two schemas are structurally identical. */
export function sameSchema(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

/** The `definitions` of a merged schema, to resolve `#/definitions/<name>` references. */
export type SchemaDefs = Record<string, JsonSchema>;

/** Resolves a local `#/definitions/<name>` reference; anything else resolves to nothing. */
export function resolveSchemaRef(ref: string, defs: SchemaDefs): JsonSchema | undefined {
  const prefix = '#/definitions/';
  return ref.startsWith(prefix) ? defs[decodeURIComponent(ref.slice(prefix.length))] : undefined;
}
