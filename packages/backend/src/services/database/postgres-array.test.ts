import { postgresArray } from '@greenroom/backend-plugin-api';
import { TestDatabases } from '@greenroom/test-utils';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';

const databases = TestDatabases.create({ ids: ['POSTGRES'] });

const awkward = [
  '',
  'plain',
  'with "quotes" inside',
  'back\\slash and \\" both',
  'NULL',
  'null',
  '{braces},and,commas',
  '  spaces around  ',
  'ünïcödé ✓ and an emoji 😀',
  JSON.stringify({ metadata: { name: 'a', description: 'says "hi"\n\ttwice \\o/' } }),
];
const withControlCharacters = ['new\nline', 'tab\there', 'bell \u0007', 'nul-free \u001f end'];

describe.each(databases.eachSupportedId())('postgresArray on %s', (databaseId) => {
  let db: Kysely<any>;
  beforeAll(async () => {
    db = await databases.init(databaseId);
  });

  /** What PostgreSQL reads from the literal, and what it reads from node-postgres's own conversion. */
  async function readBack(
    values: (string | number | null | undefined)[],
    type: 'text' | 'integer' | 'bigint',
  ) {
    const cast = sql.raw(`${type}[]`);
    const { rows } = await sql<{ ours: unknown[]; theirs: unknown[] }>`select
      ${postgresArray(values)}::${cast} as ours, ${values}::${cast} as theirs`.execute(db);
    return rows[0]!;
  }

  it('reads back every text value as node-postgres would send it, nulls included', async () => {
    const values = [...awkward, null, undefined, 'last'];
    // Nothing here needs quoting one by one: one JSON.stringify writes the literal.
    expect(postgresArray(['a', 'b"c', null])).toBe('{"a","b\\"c",null}');
    const { ours, theirs } = await readBack(values, 'text');
    expect(ours).toEqual([...awkward, null, null, 'last']);
    expect(ours).toEqual(theirs);
  });

  it('quotes each value itself when one has control characters, which JSON would escape differently', async () => {
    const values = [...withControlCharacters, ...awkward, null];
    expect(postgresArray(['a\nb', null])).toBe('{"a\nb",NULL}');
    const { ours, theirs } = await readBack(values, 'text');
    expect(ours).toEqual([...withControlCharacters, ...awkward, null]);
    expect(ours).toEqual(theirs);
  });

  it('turns a lone surrogate into U+FFFD as node-postgres does, keeping the rest', async () => {
    const { ours, theirs } = await readBack(['lone \ud800 high', 'pair 😀', 'x"y'], 'text');
    expect(ours).toEqual(['lone \ufffd high', 'pair 😀', 'x"y']);
    expect(ours).toEqual(theirs);
  });

  it('writes integers and bigints, and an empty array', async () => {
    const ints = await readBack([0, -2, 2_147_483_647, null], 'integer');
    expect(ints.ours).toEqual([0, -2, 2_147_483_647, null]);
    const big = await readBack([Date.now(), 9_007_199_254_740_991], 'bigint');
    expect(big.ours).toEqual(big.theirs);
    expect((await readBack([], 'text')).ours).toEqual([]);
  });

  it('carries a batch of thousands of entity documents unchanged', async () => {
    const documents = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ kind: 'Component', metadata: { name: `c-${i}`, title: `"Component" \\ ${i}` } }),
    );
    const { rows } = await sql<{ n: number; same: boolean }>`select count(*)::int as n,
      bool_and(d.doc = (${JSON.stringify(documents)}::jsonb ->> (d.i - 1)::int)) as same
      from unnest(${postgresArray(documents)}::text[]) with ordinality as d(doc, i)`.execute(db);
    expect(rows[0]).toEqual({ n: 3000, same: true });
  });
});
