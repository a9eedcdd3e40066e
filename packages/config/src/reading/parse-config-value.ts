import type { z } from 'zod';
import type { ConfigIssue } from '../issue.js';
import { jsonTypeName } from '../json.js';
import { type ConfigPathSegment, configKey, type LocateConfigKey } from '../location.js';

type ZodIssue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** The outcome of {@link parseConfigValue}. */
export type ParsedConfigValue<T> = { success: true; data: T } | { success: false; issues: ConfigIssue[] };

/**
 * Parses a config value with a zod schema. Strings are accepted where the schema
 * wants a number or boolean if they spell one (`"7007"`, `"true"`), because
 * `${VAR}` substitution always yields strings. Failures become {@link ConfigIssue}s
 * with full keys (under `prefix`) and, through `locate`, the file and line.
 *
 * @example
 * const result = parseConfigValue(z.object({ port: z.number() }), { port: '7007' }, { prefix: 'backend.listen' });
 * // { success: true, data: { port: 7007 } }
 */
export function parseConfigValue<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: { prefix?: string; locate?: LocateConfigKey; source?: string } = {},
): ParsedConfigValue<z.output<S>> {
  let current = value;
  for (let round = 0; ; round++) {
    const result = schema.safeParse(current);
    if (result.success) return { success: true, data: result.data };
    const fixes = round < 8 ? coercions(result.error.issues, [], current) : [];
    if (fixes.length === 0) {
      return { success: false, issues: describe(result.error.issues, [], current, options) };
    }
    current = structuredClone(current);
    for (const fix of fixes) current = setAt(current, fix.path, fix.value);
  }
}

function coercions(issues: readonly ZodIssue[], prefix: Path, root: unknown) {
  const fixes: { path: Path; value: unknown }[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      for (const branch of issue.errors) fixes.push(...coercions(branch, path, root));
    } else if (issue.code === 'invalid_type') {
      const actual = getAt(root, path);
      if (typeof actual !== 'string' || actual.trim() === '') continue;
      if ((issue.expected === 'number' || issue.expected === 'int') && Number.isFinite(Number(actual))) {
        fixes.push({ path, value: Number(actual) });
      } else if (issue.expected === 'boolean' && /^(true|false)$/i.test(actual)) {
        fixes.push({ path, value: actual.toLowerCase() === 'true' });
      }
    }
  }
  return fixes;
}

function describe(
  issues: readonly ZodIssue[],
  prefix: Path,
  root: unknown,
  options: { prefix?: string; locate?: LocateConfigKey; source?: string },
): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = [...prefix, ...issue.path];
    const actual = getAt(root, path);
    let message = issue.message;
    // zod's own messages start with 'Invalid input'; a schema author's message is kept as written.
    const isDefaultMessage = message.startsWith('Invalid input');
    if (issue.code === 'invalid_type' && isDefaultMessage) {
      message =
        actual === undefined
          ? `Missing required value, expected ${issue.expected}`
          : `Expected ${issue.expected}, received ${jsonTypeName(actual)}`;
    } else if (issue.code === 'invalid_union' && isDefaultMessage) {
      // Prefer the one alternative whose shape matched, e.g. the object form of `listen`.
      const matching = issue.errors.filter((branch) => branch.every((inner) => inner.path.length > 0));
      if (matching.length === 1) return describe(matching[0]!, path, root, options);
      const expected = issue.errors.flatMap((branch) =>
        branch.flatMap((inner) =>
          inner.path.length === 0 && inner.code === 'invalid_type' ? [inner.expected] : [],
        ),
      );
      if (expected.length > 0) {
        message = `Expected ${[...new Set(expected)].join(' or ')}, received ${jsonTypeName(actual)}`;
      }
    }
    const segments = path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
    return [
      {
        key: configKey(segments, options.prefix),
        message,
        ...(options.source ? { source: options.source } : {}),
        ...locationOf(segments, actual === undefined, options),
      },
    ];
  });
}

function locationOf(
  segments: ConfigPathSegment[],
  missing: boolean,
  options: { prefix?: string; locate?: LocateConfigKey },
) {
  if (!options.locate) return {};
  // A missing key is best pointed at by the nearest object that is there.
  for (let length = segments.length; length >= (missing ? 0 : segments.length); length--) {
    const key = configKey(segments.slice(0, length), options.prefix);
    const location = key === '' ? undefined : options.locate(key);
    if (location) return { location };
  }
  return {};
}

function getAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1));
  if (parent !== null && typeof parent === 'object') {
    (parent as Record<PropertyKey, unknown>)[path[path.length - 1]!] = value;
  }
  return root;
}
