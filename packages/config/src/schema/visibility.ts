import { InputError } from '@greenroom/errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { isSchemaNode, resolveSchemaRef, type SchemaDefs } from './json-schema.js';
import { childSchemas, itemSchemas, matchSchemas } from './schema-match.js';

const VISIBILITIES = new Set(['frontend', 'backend', 'secret']);

/** The placeholder that replaces secret values in printed config. */
export const REDACTED = '<secret>';

/**
 * Throws an `InputError` when a schema marks a value both `frontend` and `secret`
 * (itself, through an ancestor, or through two sources), or uses an unknown visibility.
 * A visibility on an object or array applies to everything inside it.
 *
 * @example
 * checkVisibility(mergedSchema, defs, 'plugin catalog');
 */
export function checkVisibility(schema: unknown, defs: SchemaDefs, where: string): void {
  const visit = (node: unknown, inherited: ReadonlySet<string>, key: string, refs: ReadonlySet<string>) => {
    if (!isSchemaNode(node)) return;
    const marked = new Set(inherited);
    const sameValue: unknown[] = [node];
    for (let index = 0; index < sameValue.length; index++) {
      const member = sameValue[index];
      if (!isSchemaNode(member)) continue;
      if (member.visibility !== undefined) {
        if (typeof member.visibility !== 'string' || !VISIBILITIES.has(member.visibility)) {
          throw new InputError(
            `Config schema of ${where}: '${key || '<root>'}' has visibility ${JSON.stringify(member.visibility)}; use 'frontend', 'backend' or 'secret'`,
          );
        }
        marked.add(member.visibility);
      }
      if (Array.isArray(member.allOf)) sameValue.push(...member.allOf);
    }
    if (marked.has('frontend') && marked.has('secret')) {
      throw new InputError(
        `Config schema of ${where}: '${key || '<root>'}' is marked both 'frontend' and 'secret'; a secret must never reach the browser`,
      );
    }
    for (const member of sameValue) {
      if (!isSchemaNode(member)) continue;
      const child = (next: unknown, childKey: string) => visit(next, marked, childKey, refs);
      if (typeof member.$ref === 'string' && !refs.has(member.$ref)) {
        visit(resolveSchemaRef(member.$ref, defs), marked, key, new Set([...refs, member.$ref]));
      }
      for (const [name, value] of Object.entries(isSchemaNode(member.properties) ? member.properties : {})) {
        child(value, key ? `${key}.${name}` : name);
      }
      child(member.additionalProperties, key ? `${key}.*` : '*');
      child(member.items, `${key}[]`);
      for (const item of asArray(member.prefixItems)) child(item, `${key}[]`);
      for (const branch of [...asArray(member.anyOf), ...asArray(member.oneOf)]) child(branch, key);
    }
  };
  visit(schema, new Set(), '', new Set());
}

/** Returned by a `decide` callback of {@link mapByVisibility} to look inside an object or array. */
export const DESCEND = Symbol('descend');

/**
 * Walks config with its schema and rebuilds it. For each value `decide` gets the
 * visibilities that apply (marked on the value or an ancestor) and returns the value
 * to keep, `undefined` to drop it, or {@link DESCEND} to rebuild an object or array
 * from its mapped children (objects and arrays left empty that way are dropped).
 */
export function mapByVisibility(
  data: JsonObject,
  schema: unknown,
  defs: SchemaDefs,
  decide: (value: JsonValue, visibility: ReadonlySet<string>) => JsonValue | undefined | typeof DESCEND,
): JsonObject {
  const walk = (
    value: JsonValue,
    schemas: unknown[],
    inherited: ReadonlySet<string>,
  ): JsonValue | undefined => {
    const match = matchSchemas(schemas, value, defs);
    const visibility = new Set([...inherited, ...match.visibility]);
    const decision = decide(value, visibility);
    if (decision !== DESCEND) return decision;
    if (Array.isArray(value)) {
      const items = value
        .map((item, index) => walk(item, itemSchemas(match.nodes, index), visibility))
        .filter((item): item is JsonValue => item !== undefined);
      return items.length > 0 || value.length === 0 ? items : undefined;
    }
    if (!isJsonObject(value)) return value;
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      const mapped = walk(child, childSchemas(match.nodes, key), visibility);
      if (mapped !== undefined) out[key] = mapped;
    }
    return Object.keys(out).length > 0 || Object.keys(value).length === 0 ? out : undefined;
  };
  const root = walk(data, [schema], new Set());
  return isJsonObject(root) ? root : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
