import { InputError } from '@greenroom/errors';
import { z } from 'zod';
import { decodeBase64Json, encodeBase64Json } from './base64-json.js';
import { queryLimits } from './limits.js';
import { formatIssues } from './params.js';

/** The position an `after` cursor of `GET /entities` carries. */
export interface AfterCursor {
  limit?: number;
  offset?: number;
}

const afterCursorSchema = z.object({
  limit: z.number().int().min(1).max(queryLimits.maxLimit).optional(),
  offset: z.number().int().min(0).max(queryLimits.maxOffset).optional(),
});

/**
 * Encodes the `after` cursor that `GET /entities` puts in its
 * `link: <...&after=...>; rel="next"` header: base64 JSON `{ limit, offset }`.
 *
 * @example
 * encodeAfterCursor({ limit: 10, offset: 20 }); // 'eyJsaW1pdCI6MTAsIm9mZnNldCI6MjB9'
 */
export function encodeAfterCursor(cursor: { limit: number; offset: number }): string {
  return encodeBase64Json({ limit: cursor.limit, offset: cursor.offset });
}

/**
 * Decodes and validates an `after` cursor.
 *
 * @throws InputError `Malformed after cursor: ...`.
 * @example
 * decodeAfterCursor('eyJsaW1pdCI6MTAsIm9mZnNldCI6MjB9'); // { limit: 10, offset: 20 }
 */
export function decodeAfterCursor(after: string): AfterCursor {
  const result = afterCursorSchema.safeParse(decodeBase64Json(after, 'Malformed after cursor'));
  if (!result.success) throw new InputError(`Malformed after cursor: ${formatIssues(result.error)}`);
  return result.data;
}
