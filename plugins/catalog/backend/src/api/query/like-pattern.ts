/** The escape character the LIKE patterns below use: compile them with `ESCAPE '\'`. */
export const LIKE_ESCAPE = '\\';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A SQL LIKE pattern matching values that start with `prefix` literally, for the
 * `hasPrefix` filter. Use with `ESCAPE '\'` on both SQLite and PostgreSQL.
 *
 * @example
 * likePrefixPattern('team_a'); // 'team\\_a%'
 */
export function likePrefixPattern(prefix: string): string {
  return `${escapeLike(prefix)}%`;
}

/**
 * A SQL LIKE pattern matching values that contain `term` literally, for the
 * full-text filter of `GET /entities/by-query`.
 *
 * @example
 * likeContainsPattern('50%'); // '%50\\%%'
 */
export function likeContainsPattern(term: string): string {
  return `%${escapeLike(term)}%`;
}
