import type { ConfigIssue } from '../issue.js';
import { isJsonObject } from '../json.js';
import { type ConfigPathSegment, configKey, type LocateConfigKey } from '../location.js';
import { acceptsAnything, isSchemaNode, type SchemaDefs } from './json-schema.js';
import { childSchemas, itemSchemas, matchSchemas } from './schema-match.js';

/**
 * Finds keys in `data` that no schema declares, walking it against the merged JSON
 * Schema. Below a value whose schema accepts anything (a record, `z.any()`,
 * `z.looseObject`) every key is allowed.
 *
 * @example
 * findUnknownKeys({ backend: { baseURL: 'x' } }, mergedSchema, defs);
 * // [{ key: 'backend.baseURL', message: "Unknown key: no schema declares it (did you mean 'baseUrl'?)" }]
 */
export function findUnknownKeys(
  data: unknown,
  schema: unknown,
  defs: SchemaDefs,
  locate?: LocateConfigKey,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const walk = (value: unknown, schemas: unknown[], path: ConfigPathSegment[]) => {
    const { nodes } = matchSchemas(schemas, value, defs);
    if (nodes.length === 0 || nodes.some(acceptsAnything)) return;
    if (isJsonObject(value)) {
      if (!nodes.some((node) => node.type === 'object')) return; // a type error, reported by validation
      for (const [key, child] of Object.entries(value)) {
        const children = childSchemas(nodes, key);
        if (children.length > 0) {
          walk(child, children, [...path, key]);
          continue;
        }
        const full = configKey([...path, key]);
        const location = locate?.(full);
        const hint = closest(
          key,
          nodes.flatMap((node) => Object.keys(isSchemaNode(node.properties) ? node.properties : {})),
        );
        issues.push({
          key: full,
          message: `Unknown key: no plugin, module or the core declares it${hint ? ` (did you mean '${hint}'?)` : ''}`,
          ...(location ? { location } : {}),
        });
      }
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        const items = itemSchemas(nodes, index);
        if (items.length > 0) walk(item, items, [...path, index]);
      }
    }
  };
  walk(data, [schema], []);
  return issues;
}

/** The declared key nearest to a misspelt one, if it is close enough to be a likely typo. */
function closest(key: string, candidates: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of new Set(candidates)) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance <= Math.max(1, Math.floor(name.length / 4)) && (!best || distance < best.distance)) {
      best = { name, distance };
    }
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
