import { type DatabaseDialect, postgresArray } from '@greenroom/backend-plugin-api';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { EntityFilter, FieldMatch } from '../query/entity-filter.js';
import type { ResolvedFullText } from '../query/full-text-filter.js';
import { likeContainsPattern, likePrefixPattern } from '../query/like-pattern.js';

/**
 * How a filter is evaluated against an entity id expression:
 *
 * - `probe`: one index seek per candidate row, `(select 1 from search … limit 1) is not
 *   null`. Neither engine can turn this into a join, so a page that walks an index in
 *   order and stops after `limit` matches stays exactly that (PostgreSQL otherwise
 *   often hashes the whole match set and sorts it, tens of ms at 100k entities).
 * - `set`: the match set as a whole, for counts, facets and small result sets. SQLite
 *   builds each `in (select …)` list once; PostgreSQL gets `exists (…)`, which its
 *   planner turns into (anti-)semi-joins using its statistics.
 */
export type FilterForm = 'probe' | 'set';

/** Above this many values SQLite gets one JSON array parameter instead of one variable per value. */
const SQLITE_MAX_INLINE_VALUES = 64;

/**
 * `column` equals one of `values`, with a bounded number of bind variables: one on
 * PostgreSQL (`= any($1::text[])`), at most 64 on SQLite (`in (select value from
 * json_each($1))` beyond that).
 *
 * @example
 * sqlValueIn('postgres', sql.ref('f.entity_ref'), refs); // f.entity_ref = any($1::text[])
 */
export function sqlValueIn(
  dialect: DatabaseDialect,
  column: RawBuilder<unknown>,
  values: readonly string[],
): RawBuilder<SqlBool> {
  return oneOf(dialect, column, values, 'text');
}

/**
 * {@link sqlValueIn} for integer final ids (`= any($1::integer[])` on PostgreSQL).
 *
 * @example
 * sqlIdIn('sqlite', sql.ref('f.id'), [3, 17, 42]); // f.id in (?, ?, ?)
 */
export function sqlIdIn(
  dialect: DatabaseDialect,
  column: RawBuilder<unknown>,
  ids: readonly number[],
): RawBuilder<SqlBool> {
  return oneOf(dialect, column, ids, 'integer');
}

function oneOf(
  dialect: DatabaseDialect,
  column: RawBuilder<unknown>,
  values: readonly (string | number)[],
  type: 'text' | 'integer',
): RawBuilder<SqlBool> {
  if (values.length === 0) return sql<SqlBool>`1 = 0`;
  if (values.length === 1) return sql<SqlBool>`${column} = ${values[0]}`;
  if (dialect === 'postgres')
    return sql<SqlBool>`${column} = any(${postgresArray(values)}::${sql.raw(type)}[])`;
  if (values.length <= SQLITE_MAX_INLINE_VALUES) return sql<SqlBool>`${column} in (${sql.join(values)})`;
  return sql<SqlBool>`${column} in (select value from json_each(${JSON.stringify(values)}))`;
}

/**
 * The smallest string greater than every string starting with `prefix` (in code point
 * order, which is SQLite's binary order), or undefined when there is none.
 */
function prefixUpperBound(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

/** The conditions on `alias.value` for one field match (the key is matched separately). */
function valueMatch(dialect: DatabaseDialect, alias: string, match: FieldMatch): RawBuilder<SqlBool>[] {
  const value = sql.ref(`${alias}.value`);
  switch (match.op) {
    case 'exists':
      return [];
    case 'eq':
      return [sqlValueIn(dialect, value, match.values)];
    case 'hasPrefix': {
      if (match.value === '') return [sql<SqlBool>`${value} is not null`];
      const like = sql<SqlBool>`${value} like ${likePrefixPattern(match.value)} escape '\\'`;
      // PostgreSQL uses an index for LIKE prefixes by itself (C collation) or not at
      // all (other collations, where a range would be wrong); SQLite needs the range.
      const upper = dialect === 'sqlite' ? prefixUpperBound(match.value) : undefined;
      if (upper === undefined) return [like];
      return [sql<SqlBool>`${value} >= ${match.value}`, sql<SqlBool>`${value} < ${upper}`, like];
    }
  }
}

/** `final_id = <id> and key = … and <match>`, or the uncorrelated set when `id` is undefined. */
function searchRowConditions(
  alias: string,
  keyCondition: RawBuilder<SqlBool>,
  valueConditions: RawBuilder<SqlBool>[],
  id?: RawBuilder<unknown>,
): RawBuilder<SqlBool> {
  const parts = [
    ...(id ? [sql<SqlBool>`${sql.ref(`${alias}.final_id`)} = ${id}`] : []),
    keyCondition,
    ...valueConditions,
  ];
  return sql.join(parts, sql` and `) as RawBuilder<SqlBool>;
}

/** One condition "some search row of the entity `id` satisfies these", in the given form. */
function someSearchRow(
  dialect: DatabaseDialect,
  form: FilterForm,
  id: RawBuilder<unknown>,
  keyCondition: (alias: string) => RawBuilder<SqlBool>,
  valueConditions: (alias: string) => RawBuilder<SqlBool>[],
): RawBuilder<SqlBool> {
  if (form === 'probe') {
    const where = searchRowConditions('sp', keyCondition('sp'), valueConditions('sp'), id);
    return sql<SqlBool>`(select 1 from search sp where ${where} limit 1) is not null`;
  }
  if (dialect === 'postgres') {
    const where = searchRowConditions('ss', keyCondition('ss'), valueConditions('ss'), id);
    return sql<SqlBool>`exists (select 1 from search ss where ${where})`;
  }
  const where = searchRowConditions('ss', keyCondition('ss'), valueConditions('ss'));
  return sql<SqlBool>`${id} in (select ss.final_id from search ss where ${where})`;
}

/**
 * Compiles a filter to a condition on the final id expression `id` (`final_entities.id`
 * or `search.final_id`), per the
 * {@link EntityFilter} shape: a field is "some search row of the entity has this key
 * and a matching value", `all`/`any`/`not` are AND/OR/NOT.
 *
 * @example
 * const where = filterSql('sqlite', 'probe', sql.ref('f.id'), { key: 'kind', matches: { op: 'eq', values: ['api'] } });
 */
export function filterSql(
  dialect: DatabaseDialect,
  form: FilterForm,
  id: RawBuilder<unknown>,
  filter: EntityFilter,
): RawBuilder<SqlBool> {
  if ('key' in filter) {
    return someSearchRow(
      dialect,
      form,
      id,
      (alias) => sql<SqlBool>`${sql.ref(`${alias}.key`)} = ${filter.key}`,
      (alias) => valueMatch(dialect, alias, filter.matches),
    );
  }
  if ('not' in filter) return sql<SqlBool>`not (${filterSql(dialect, form, id, filter.not)})`;
  const children = 'all' in filter ? filter.all : filter.any;
  if (children.length === 0) return 'all' in filter ? sql<SqlBool>`1 = 1` : sql<SqlBool>`1 = 0`;
  const parts = children.map((child) => sql`(${filterSql(dialect, form, id, child)})`);
  return sql.join(parts, 'all' in filter ? sql` and ` : sql` or `) as RawBuilder<SqlBool>;
}

/**
 * The full-text condition: some non-null value of one of the keys contains the term
 * (`like '%term%'`, wildcards in the term escaped).
 *
 * @example
 * fullTextSql('postgres', 'probe', sql.ref('f.id'), { term: 'pay', keys: ['metadata.name'] });
 */
export function fullTextSql(
  dialect: DatabaseDialect,
  form: FilterForm,
  id: RawBuilder<unknown>,
  fullText: ResolvedFullText,
): RawBuilder<SqlBool> {
  const pattern = likeContainsPattern(fullText.term);
  return someSearchRow(
    dialect,
    form,
    id,
    (alias) => sqlValueIn(dialect, sql.ref(`${alias}.key`), fullText.keys),
    (alias) => [sql<SqlBool>`${sql.ref(`${alias}.value`)} like ${pattern} escape '\\'`],
  );
}

/**
 * "The entity has a non-null value for `key`" (by-query excludes entities lacking the
 * order field; GET /entities sorts them last).
 *
 * @example
 * hasValueSql('sqlite', 'probe', sql.ref('f.id'), 'metadata.title');
 */
export function hasValueSql(
  dialect: DatabaseDialect,
  form: FilterForm,
  id: RawBuilder<unknown>,
  key: string,
): RawBuilder<SqlBool> {
  return filterSql(dialect, form, id, { key, matches: { op: 'hasPrefix', value: '' } });
}
