import { searchLimits } from '../../search/search-rows.js';

/**
 * Every size bound of the catalog query API in one place. Requests beyond a bound
 * are rejected with a 400 that names the bound, never truncated silently.
 *
 * Why these numbers:
 * - `maxLimit` 10,000: the internal page size Backstage uses when streaming all of
 *   `GET /entities`; larger pages belong to the cursor (or `after`) instead.
 * - `defaultQueryLimit` 200: what Backstage's by-query endpoint uses when `limit` is
 *   omitted (its spec text still says 20, the code says 200).
 * - `maxEntityRefs` 1,000: `@backstage/catalog-client` splits `getEntitiesByRefs`
 *   into chunks of at most 1,000 refs (and 90 KiB), so a real client never sends more.
 * - `maxFilterDepth` 20 and `maxFilterNodes` 1,000: generous for hand-written and
 *   permission-generated filters, small enough that one request cannot build a
 *   pathological SQL statement or overflow the stack.
 * - `maxSearchKeyLength` / `maxSearchValueLength` 200: the flattening rules of the
 *   `search` table (keys longer are dropped, values longer are stored as null).
 *
 * @example
 * if (refs.length > queryLimits.maxEntityRefs) throw new InputError('...');
 */
export const queryLimits = Object.freeze({
  /** Page size of `GET /entities/by-query` when `limit` is omitted. */
  defaultQueryLimit: 200,
  /** Largest `limit` on the entity endpoints. */
  maxLimit: 10_000,
  /** Largest `offset` (deeper pages should use the cursor). */
  maxOffset: 1_000_000,
  /** Page size of `POST /locations/by-query` when `limit` is omitted. */
  defaultLocationsLimit: 1_000,
  /** Refs in one `POST /entities/by-refs` body. */
  maxEntityRefs: 1_000,
  /** Characters in one entity ref, field path, facet or order field. */
  maxPathLength: 1_024,
  /** Entries in `fields`, after splitting on commas. */
  maxFields: 100,
  /** Facets in one facets request. */
  maxFacets: 50,
  /** `order` / `orderField` / `orderBy` entries (only the first is honoured by by-query). */
  maxOrderFields: 10,
  /** Characters in a full-text term. */
  maxFullTextTermLength: 1_000,
  /** Entries in `fullTextFilterFields`. */
  maxFullTextFields: 50,
  /** Nesting of `all`/`any`/`not` in one filter. */
  maxFilterDepth: 20,
  /** Nodes in one filter, counting each matched value as a node. */
  maxFilterNodes: 1_000,
  /** Characters in an encoded cursor. */
  maxCursorLength: 256 * 1024,
  /** Keys longer than this are not indexed in the `search` table. */
  maxSearchKeyLength: searchLimits.maxKeyLength,
  /** Values longer than this are stored as null in the `search` table. */
  maxSearchValueLength: searchLimits.maxValueLength,
});
