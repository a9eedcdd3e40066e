import { CORE_SCHEMA, loadAll } from 'js-yaml';

/**
 * Anchors (`&a`), aliases (`*a`), tags (`!x`) and merge keys (`<<`): anything the fast
 * parser would treat differently, or could not bound, sends the file to the full one.
 */
const NEEDS_FULL_PARSER = /(?:^|[\s[{,:-])(?:[&*!][^\s,\]}]|<<\s*:)/m;

/**
 * Parses plain entity files about ten times faster than the full parser (`yaml`), which
 * reports positions and enforces alias limits: `js-yaml` with the YAML 1.2 core schema,
 * which reads plain catalog files to the same values. Returns `undefined` — use the full
 * parser — for a file with anchors, aliases, tags or merge keys, a syntax error, a document
 * that is not a mapping (or empty), or nesting deeper than `maxDepth`: every file with a
 * problem to report goes through the full parser, so messages and positions are the same.
 * See docs/decisions/0004-fast-yaml-path.md.
 *
 * @example
 * const documents = parseYamlFast(text, { maxDepth: 64, maxDocuments: 1000 }) ?? fullParse(text);
 */
export function parseYamlFast(
  text: string,
  limits: { maxDepth: number; maxDocuments: number },
): Record<string, unknown>[] | undefined {
  if (NEEDS_FULL_PARSER.test(text)) return undefined;
  let documents: unknown[];
  try {
    documents = loadAll(text, undefined, { schema: CORE_SCHEMA, json: false });
  } catch {
    return undefined;
  }
  if (documents.length > limits.maxDocuments) return undefined;
  for (const document of documents) {
    if (document === null || typeof document !== 'object' || Array.isArray(document)) return undefined;
    if (differsOrTooDeep(document, limits.maxDepth)) return undefined;
  }
  return documents as Record<string, unknown>[];
}

/**
 * Nesting deeper than `maxDepth`, or a key `null`: the fast parser turns a null key (`~:`)
 * into `'null'` where the full parser gives `''`, so such files take the full parser.
 */
function differsOrTooDeep(value: unknown, maxDepth: number, depth = 1): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth > maxDepth) return true;
  if (Array.isArray(value)) return value.some((child) => differsOrTooDeep(child, maxDepth, depth + 1));
  for (const key of Object.keys(value)) {
    if (key === 'null') return true;
    if (differsOrTooDeep((value as Record<string, unknown>)[key], maxDepth, depth + 1)) return true;
  }
  return false;
}
