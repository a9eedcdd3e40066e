import type { JsonPathSegment } from '../validation/issue.js';

/** The placeholder kinds: `$text` (raw text), `$json` and `$yaml` (parsed). */
export type PlaceholderKind = 'text' | 'json' | 'yaml';

const KINDS: ReadonlySet<string> = new Set(['text', 'json', 'yaml']);

/** A `{ $text | $json | $yaml: reference }` object found in an entity, and where it sits. */
export interface PlaceholderSite {
  kind: PlaceholderKind;
  reference: unknown;
  /** Where the placeholder object is in the entity. */
  path: JsonPathSegment[];
  /** The object or list holding the placeholder, and its key there, for replacing it. */
  parent: Record<string, unknown> | unknown[];
  key: string | number;
}

/** A malformed placeholder: where and what. */
export interface PlaceholderProblem {
  path: JsonPathSegment[];
  message: string;
}

/**
 * Finds the placeholders of an entity: mappings whose only key is `$text`, `$json` or
 * `$yaml`. A mapping with a `$`-key beside other keys is a problem; a lone `$`-key of
 * another name is left alone, as Backstage does. Shared by the catalog's location reading
 * and `greenroom catalog validate`, so both see the same placeholders.
 *
 * @example
 * findPlaceholders({ spec: { definition: { $text: './openapi.yaml' } } }).sites[0].path; // ['spec', 'definition']
 */
export function findPlaceholders(entity: Record<string, unknown>): {
  sites: PlaceholderSite[];
  problems: PlaceholderProblem[];
} {
  const sites: PlaceholderSite[] = [];
  const problems: PlaceholderProblem[] = [];
  // One path array, pushed and popped, copied only for a find: most entities have none.
  const path: JsonPathSegment[] = [];
  const visit = (value: unknown, parent?: PlaceholderSite['parent'], key?: string | number) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        visit(value[index], value, index);
        path.pop();
      }
      return;
    }
    const object = value as Record<string, unknown>;
    let dollarKey: string | undefined;
    let keyCount = 0;
    for (const name in object) {
      keyCount++;
      if (dollarKey === undefined && name.startsWith('$')) dollarKey = name;
    }
    if (dollarKey === undefined) {
      for (const name in object) {
        path.push(name);
        visit(object[name], object, name);
        path.pop();
      }
    } else if (keyCount > 1) {
      problems.push({
        path: [...path, dollarKey],
        message: `'${dollarKey}' must be the only key of its mapping; write a placeholder as e.g. 'definition: { $text: ./openapi.yaml }'`,
      });
    } else if (KINDS.has(dollarKey.slice(1)) && parent !== undefined && key !== undefined) {
      const kind = dollarKey.slice(1) as PlaceholderKind;
      sites.push({ kind, reference: object[dollarKey], path: [...path], parent, key });
    }
  };
  visit(entity);
  return { sites, problems };
}
