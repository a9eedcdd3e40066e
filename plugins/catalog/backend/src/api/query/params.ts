import { InputError } from '@greenroom/errors';
import { z } from 'zod';

/**
 * A repeatable query parameter: Fastify gives a string for one occurrence and an
 * array for several (`filter=a&filter=b`).
 */
export const repeatableParam = z.union([z.string(), z.array(z.string())], {
  error: 'expected a string, or the parameter repeated',
});

/** A query parameter that must appear at most once (a number when a route schema coerced it). */
export const singleParam = z.union([z.string(), z.number()], {
  error: (issue) =>
    Array.isArray(issue.input) ? 'given more than once; give it once' : 'expected a single value',
});

/**
 * Renders zod issues as one line: `limit: expected ...; orderBy.0.order: ...`.
 *
 * @example
 * throw new InputError(`Invalid body: ${formatIssues(result.error)}`);
 */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * Validates a request part with a zod schema, or throws an {@link InputError}
 * naming `what` (e.g. `query parameters of GET /entities`).
 *
 * @example
 * const query = parseWith(getEntitiesQuerySchema, request.query, 'query parameters of GET /entities');
 */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new InputError(`Invalid ${what}: ${formatIssues(result.error)}`);
  return result.data;
}

/** The values of a repeatable parameter as a list (empty when absent). */
export function paramList(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/**
 * Parses an integer query parameter within bounds; `undefined` when absent.
 *
 * @example
 * parseIntegerParam('limit', '20', { min: 1, max: 10_000 }); // 20
 */
export function parseIntegerParam(
  name: string,
  value: string | number | undefined,
  bounds: { min: number; max: number },
): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const parsed = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < bounds.min || parsed > bounds.max) {
    throw new InputError(
      `Invalid ${name} '${String(value)}': expected an integer from ${bounds.min} to ${bounds.max}`,
    );
  }
  return parsed;
}
