import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { findPlaceholders, type JsonPathSegment, type PlaceholderSite } from '@greenroom/catalog-model';
import { parse as parseYaml } from 'yaml';

const MAX_PLACEHOLDER_BYTES = 5 * 1024 * 1024;

/** What {@link fillPlaceholders} did to one entity. */
export interface FilledPlaceholders {
  /** Placeholders that could not be filled: malformed, missing or unreadable files. */
  problems: { path: JsonPathSegment[]; message: string }[];
  /**
   * Where URL placeholders (not fetched) and the placeholders of `problems` sit: issues at or
   * below these paths are not reported.
   */
  unchecked: JsonPathSegment[][];
  /** The local files read, absolute and resolved: content, not entity files. */
  contentFiles: string[];
}

/**
 * Replaces the `$text`, `$json` and `$yaml` placeholders of an entity read from `file`
 * with the content of the local files they name, as the catalog does before validating,
 * so `definition: { $text: ./openapi.yaml }` validates as the string it becomes. URLs are
 * not fetched. Files are read only inside `cwd` or the entity file's directory, so that an
 * entity file cannot pull, say, `/proc/self/environ` into messages printed by CI.
 *
 * @example
 * const filled = await fillPlaceholders(entity, '/repo/catalog/apis.yaml', '/repo');
 * filled.contentFiles; // ['/repo/catalog/apis/orders-openapi.yaml']
 */
export async function fillPlaceholders(
  entity: Record<string, unknown>,
  file: string,
  cwd: string,
): Promise<FilledPlaceholders> {
  const { sites, problems } = findPlaceholders(entity);
  // The mapping holding a malformed placeholder is reported once, not again by validation.
  const unchecked = problems.map((problem) => problem.path.slice(0, -1));
  const filled: FilledPlaceholders = { problems, unchecked, contentFiles: [] };
  if (sites.length === 0) return filled;
  const allowed = await Promise.all([cwd, dirname(file)].map((dir) => realpath(dir).catch(() => dir)));
  for (const site of sites) {
    const reference = site.reference;
    const fail = (message: string) => {
      filled.problems.push({ path: site.path, message: `$${site.kind}: ${message}` });
      filled.unchecked.push(site.path);
    };
    if (typeof reference !== 'string' || reference.trim() === '') {
      fail('the value must be a path or an http(s) URL');
    } else if (/^https?:\/\//i.test(reference)) {
      filled.unchecked.push(site.path);
    } else if (/^[a-z][a-z0-9+.-]+:/i.test(reference)) {
      fail(`'${reference}' is neither a path nor an http(s) URL`);
    } else {
      const outcome = await readContent(site, resolve(dirname(file), reference), allowed);
      if ('error' in outcome) fail(`'${reference}' ${outcome.error}`);
      else {
        (site.parent as Record<string | number, unknown>)[site.key] = outcome.value;
        filled.contentFiles.push(outcome.file);
      }
    }
  }
  return filled;
}

async function readContent(
  site: PlaceholderSite,
  target: string,
  allowed: string[],
): Promise<{ value: unknown; file: string } | { error: string }> {
  let file: string;
  try {
    file = await realpath(target);
  } catch {
    return { error: `does not exist (${target})` };
  }
  if (!allowed.some((dir) => isInside(dir, file))) {
    return { error: `is outside the working directory and the entity file's directory, so it is not read` };
  }
  const stats = await stat(file);
  if (!stats.isFile()) return { error: `is not a file (${file})` };
  if (stats.size > MAX_PLACEHOLDER_BYTES) return { error: `is larger than ${MAX_PLACEHOLDER_BYTES} bytes` };
  const text = await readFile(file, 'utf8');
  try {
    if (site.kind === 'text') return { value: text, file };
    return { value: site.kind === 'json' ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 }), file };
  } catch (error) {
    return { error: `is not valid ${site.kind.toUpperCase()}: ${(error as Error).message}` };
  }
}

function isInside(dir: string, file: string): boolean {
  const path = relative(dir, file);
  return path !== '' && path.split(sep)[0] !== '..' && !isAbsolute(path);
}
