import { InputError } from '@greenroom/errors';
import { z } from 'zod';
import { queryLimits } from './limits.js';

/**
 * A sort directive over one search key (lowercased, e.g. `metadata.name`).
 *
 * Semantics the storage must keep (Backstage compatibility):
 * - `GET /entities` honours every directive in order; entities lacking a field
 *   sort after those that have it; ties and the default order are by entity uid.
 * - `/entities/by-query` honours only the first; entities lacking that field are
 *   excluded from the results and from `totalItems`; the tie-breaker is the uid.
 */
export interface EntityOrder {
  field: string;
  order: 'asc' | 'desc';
}

/**
 * Checks a dotted field path (sort field, projected field) and returns it trimmed:
 * 1–1024 characters, no brackets, no empty segments.
 *
 * @throws InputError naming `what` and the path.
 * @example
 * checkFieldPath('metadata.annotations.backstage.io/techdocs-ref', 'fields');
 */
export function checkFieldPath(path: string, what: string): string {
  const trimmed = path.trim();
  let problem: string | undefined;
  if (!trimmed) problem = 'it is empty';
  else if (trimmed.length > queryLimits.maxPathLength)
    problem = `it is longer than ${queryLimits.maxPathLength}`;
  else if (/[[\]]/.test(trimmed)) problem = 'array index syntax ([...]) is not supported';
  else if (trimmed.split('.').some((segment) => segment === '')) problem = 'it has an empty segment';
  if (problem) {
    throw new InputError(
      `Invalid ${what} '${path}': ${problem}; use a dotted path such as metadata.name or spec.type`,
    );
  }
  return trimmed;
}

function directive(field: string, order: string | undefined, what: string, raw: string): EntityOrder {
  const direction = (order ?? 'asc').trim().toLowerCase();
  if (direction !== 'asc' && direction !== 'desc') {
    throw new InputError(`Invalid ${what} '${raw}': the order must be asc or desc`);
  }
  return { field: checkFieldPath(field, what).toLowerCase(), order: direction };
}

function checkCount(count: number, what: string): void {
  if (count > queryLimits.maxOrderFields) {
    throw new InputError(
      `Too many ${what} values: ${count}, at most ${queryLimits.maxOrderFields} are allowed`,
    );
  }
}

/**
 * Parses `GET /entities` `order` parameters, each `asc:<field>` or `desc:<field>`.
 *
 * @example
 * parseOrderParams(['asc:metadata.name', 'desc:kind']);
 */
export function parseOrderParams(values: readonly string[]): EntityOrder[] {
  checkCount(values.length, 'order');
  return values.map((value) => {
    const colon = value.indexOf(':');
    if (colon === -1) throw new InputError(`Invalid order '${value}': expected asc:<field> or desc:<field>`);
    return directive(value.slice(colon + 1), value.slice(0, colon), 'order', value);
  });
}

/**
 * Parses `GET /entities/by-query` `orderField` parameters, each `<field>,asc|desc`
 * (the order defaults to asc). All are validated; by-query honours the first.
 *
 * @example
 * parseOrderFieldParams(['metadata.name,desc']); // [{ field: 'metadata.name', order: 'desc' }]
 */
export function parseOrderFieldParams(values: readonly string[]): EntityOrder[] {
  checkCount(values.length, 'orderField');
  return values.map((value) => {
    const comma = value.indexOf(',');
    return comma === -1
      ? directive(value, undefined, 'orderField', value)
      : directive(value.slice(0, comma), value.slice(comma + 1), 'orderField', value);
  });
}

/** Wire schema of `orderBy` in `POST /entities/by-query` bodies. */
export const orderBySchema = z
  .array(z.object({ field: z.string(), order: z.enum(['asc', 'desc']).optional() }))
  .max(queryLimits.maxOrderFields);

/**
 * Normalises validated `orderBy` entries: checked, lowercased paths; asc by default.
 *
 * @example
 * parseOrderBy([{ field: 'metadata.name', order: 'asc' }]);
 */
export function parseOrderBy(entries: z.infer<typeof orderBySchema>): EntityOrder[] {
  return entries.map((e) => directive(e.field, e.order, 'orderBy field', e.field));
}
