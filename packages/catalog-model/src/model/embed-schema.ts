import type { JsonSchemaObject } from './model-fragment.js';

/**
 * Prepares a schema for use inside a larger one: its own `definitions`/`$defs` move to the
 * shared `definitions` under `<prefix>.<name>`, and local `$ref`s (including `#`, the schema
 * itself) are rewritten to match. Returns the rewritten schema; `definitions` is filled in.
 *
 * @example
 * const definitions = {};
 * const spec = embedSchema(kind.specJsonSchema, 'Component', definitions);
 */
export function embedSchema(
  schema: JsonSchemaObject,
  prefix: string,
  definitions: Record<string, JsonSchemaObject>,
): JsonSchemaObject {
  const safePrefix = prefix.replace(/[^A-Za-z0-9_.-]/g, '_');
  const {
    definitions: ownDefinitions,
    $defs,
    ...root
  } = schema as {
    definitions?: Record<string, JsonSchemaObject>;
    $defs?: Record<string, JsonSchemaObject>;
  } & JsonSchemaObject;
  let refersToRoot = false;
  const rename = (ref: string): string => {
    if (ref === '#') {
      refersToRoot = true;
      return `#/definitions/${safePrefix}`;
    }
    for (const base of ['#/definitions/', '#/$defs/']) {
      if (ref.startsWith(base)) return `#/definitions/${safePrefix}.${ref.slice(base.length)}`;
    }
    return ref;
  };
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    const out: JsonSchemaObject = {};
    for (const [key, child] of Object.entries(value)) {
      out[key] = key === '$ref' && typeof child === 'string' ? rename(child) : rewrite(child);
    }
    return out;
  };
  for (const [name, definition] of Object.entries({ ...ownDefinitions, ...$defs })) {
    definitions[`${safePrefix}.${name}`] = rewrite(definition) as JsonSchemaObject;
  }
  const rewritten = rewrite(root) as JsonSchemaObject;
  if (refersToRoot) definitions[safePrefix] = rewritten;
  return rewritten;
}
